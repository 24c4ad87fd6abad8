"""Swedish for abuse limits, request size and session timeouts (issue 15, part b)."""
SV = {
    'Too many attempts': 'För många försök',
    'To protect the accounts and listings on this site, it takes a limited number of tries in a while. Please wait %(wait)s and try again.': 'För att skydda kontona och annonserna här tar webbplatsen emot ett begränsat antal försök under en viss tid. Vänta %(wait)s och försök igen.',
    'Too many attempts. Please wait %(wait)s and try again.': 'För många försök. Vänta %(wait)s och försök igen.',
    'Too much at once': 'För mycket på en gång',
    'What you sent is larger than this site takes in one go (at most %(size)s). Shorten the text and send it again.': 'Det du skickade är större än vad webbplatsen tar emot på en gång (högst %(size)s). Korta texten och skicka igen.',
    '%(n)s MB': '%(n)s MB',
    'The request is larger than %(size)s.': 'Förfrågan är större än %(size)s.',
    'You were logged out after a while without activity. Please log in again.': 'Du loggades ut efter en stund utan aktivitet. Logga in igen.',
}
