"""Swedish for how suggestions turned out (issue 12, helper 12learn): the broker's outcomes page."""
SV = {
    'How suggestions turned out': 'Hur förslagen föll ut',
    'not measured': 'inte mätt',
    'For each need, its stored suggestions best first, held against what people did with them: "interested", "not relevant", requests, accepted or declined introductions and realised exchanges. A pair counts once, by its strongest signal.':
        'För varje behov dess sparade förslag, bästa först, jämförda med vad användarna gjorde med dem: ”intresserad”, ”inte relevant”, förfrågningar, accepterade eller avböjda kontaktförmedlingar och genomförda utbyten. Ett par räknas en gång, efter sin starkaste signal.',
    'By resource group of the need': 'Efter behovets resursgrupp',
    'Suggestions with an outcome': 'Förslag med utfall',
    'First suggestion good': 'Första förslaget bra',
    'Top 5 good': 'Topp 5 bra',
    'Realised exchanges': 'Genomförda utbyten',
    'First suggestion good: of the needs whose first suggestion has an outcome, the share where it was a good one. Top 5 good: the same over the first five suggestions. Realised exchanges: the share of those suggestions that became realised exchanges.':
        'Första förslaget bra: av behoven vars första förslag har ett utfall, andelen där det var ett bra förslag. Topp 5 bra: detsamma för de fem första förslagen. Genomförda utbyten: andelen av de förslagen som blev genomförda utbyten.',
    'No outcomes yet: nobody has reacted to a suggestion or asked for an introduction.':
        'Inga utfall ännu: ingen har reagerat på ett förslag eller bett om en kontaktförmedling.',
}
