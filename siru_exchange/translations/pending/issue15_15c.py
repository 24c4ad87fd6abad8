"""Swedish for issue 15, part c: the audit log, privacy (page, download, deletion) and the purge."""
SV = {
    # the admin's audit log
    'Audit log': 'Granskningslogg',
    'What brokers, admins and the command line have done: introductions, notes, passed-on requests, accounts and roles, data downloads, deletions, purges and backups. Rows are only ever added; none can be changed.':
        'Vad matchmakare, administratörer och kommandoraden har gjort: kontaktförmedlingar, anteckningar, vidarebefordrade förfrågningar, konton och roller, nedladdade uppgifter, borttagningar, gallringar och säkerhetskopior. Rader läggs bara till; ingen kan ändras.',
    'Filter the audit log': 'Filtrera granskningsloggen',
    'Show everything': 'Visa allt',
    ('%(num)d row', '%(num)d rows'): ('%(num)d rad', '%(num)d rader'),
    'Who': 'Vem',
    'Action': 'Händelse',
    'From': 'Från',
    'To': 'Till',
    'When': 'När',
    'Record': 'Post',
    'Details': 'Detaljer',
    'Anyone': 'Alla',
    'Command line and scheduled jobs': 'Kommandoraden och schemalagda jobb',
    'Command line': 'Kommandoraden',
    'Every action': 'Alla händelser',
    'Deleted account (%(n)d)': 'Borttaget konto (%(n)d)',
    'No rows match these filters.': 'Inga rader matchar filtren.',
    'Introduction made': 'Kontaktförmedling gjord',
    'Request passed on': 'Förfrågan vidarebefordrad',
    'Broker note written': 'Matchmakaranteckning skriven',
    'Account created': 'Konto skapat',
    'Role changed': 'Roll ändrad',
    'Personal data downloaded': 'Personuppgifter nedladdade',
    'Account deleted': 'Konto borttaget',
    'Organisation removed': 'Organisation borttagen',
    'Retention purge': 'Gallring',
    'Backup made': 'Säkerhetskopia gjord',
    'Backup restored': 'Säkerhetskopia återställd',
    # introductions after an organisation left
    'left SIRU Exchange; the introduction has ended': 'lämnade SIRU Exchange; kontaktförmedlingen är avslutad',
    'Deleted organisation': 'Borttagen organisation',
    'Deleted account': 'Borttaget konto',
    'This message was removed when its organisation left SIRU Exchange.':
        'Meddelandet togs bort när dess organisation lämnade SIRU Exchange.',
    # your data and deleting the account
    'Privacy': 'Integritet',
    'Your data: download it, or delete your account': 'Dina uppgifter: ladda ned dem eller ta bort ditt konto',
    'Your data': 'Dina uppgifter',
    'Everything SIRU Exchange keeps about you and your organisation, and how to leave.':
        'Allt SIRU Exchange sparar om dig och din organisation, och hur du lämnar tjänsten.',
    'What we keep, why, and for how long': 'Vad vi sparar, varför och hur länge',
    'Download': 'Ladda ned',
    'One JSON file with your account, your organisation and its members, its listings, its side of each suggestion, the introductions it is part of with their messages, and your notifications. Anonymous organisations stay anonymous in it.':
        'En JSON-fil med ditt konto, din organisation och dess medlemmar, dess annonser, dess sida av varje förslag, de kontaktförmedlingar den är med i med deras meddelanden, och dina aviseringar. Anonyma organisationer förblir anonyma i den.',
    'Download my data': 'Ladda ned mina uppgifter',
    'You are the last member of your organisation: deleting your account removes the organisation too.':
        'Du är sista medlem i din organisation: tar du bort ditt konto tas organisationen också bort.',
    'Delete my account…': 'Ta bort mitt konto …',
    'Delete your account': 'Ta bort ditt konto',
    'Your name and email address are deleted, and you are logged out. This cannot be undone.':
        'Ditt namn och din e-postadress tas bort och du loggas ut. Det går inte att ångra.',
    'You are the last member of %(name)s.': 'Du är sista medlem i %(name)s.',
    'Its listings will close, its open introductions will end, the text of its messages will be removed, and its name, number and contact details will be erased.':
        'Dess annonser stängs, dess pågående kontaktförmedlingar avslutas, texten i dess meddelanden tas bort, och dess namn, nummer och kontaktuppgifter raderas.',
    'Download your data first, if you want to keep it': 'Ladda ned dina uppgifter först, om du vill spara dem',
    'Delete my account for good': 'Ta bort mitt konto för gott',
    'Your password': 'Ditt lösenord',
    'To confirm that it is you.': 'För att bekräfta att det är du.',
    'The form has expired. Please try again.': 'Formuläret har gått ut. Försök igen.',
    'Your account and your organisation are deleted. Thank you for using SIRU Exchange.':
        'Ditt konto och din organisation är borttagna. Tack för att du använde SIRU Exchange.',
    'Your account is deleted. Thank you for using SIRU Exchange.':
        'Ditt konto är borttaget. Tack för att du använde SIRU Exchange.',
    'The password is not right. Nothing was deleted.': 'Lösenordet stämmer inte. Inget togs bort.',
    # the privacy page
    'Privacy: what we keep, why, and for how long': 'Integritet: vad vi sparar, varför och hur länge',
    'SIRU Exchange is run by Coompanion Jönköpings län, which is responsible for the personal data kept here. We keep only what the service needs, show it only to those who need it, and delete it when it is no longer needed.':
        'SIRU Exchange drivs av Coompanion Jönköpings län, som är personuppgiftsansvarig för uppgifterna här. Vi sparar bara det tjänsten behöver, visar det bara för dem som behöver det, och tar bort det när det inte längre behövs.',
    'What we keep and why': 'Vad vi sparar och varför',
    'Your account': 'Ditt konto',
    'Your name, email address, language and role, when you registered and when you last logged in. Your password is kept only as an argon2 hash, never as typed. Why: so that you can log in and we can tell you about introductions.':
        'Ditt namn, din e-postadress, ditt språk och din roll, när du registrerade dig och när du senast loggade in. Ditt lösenord sparas bara som en argon2-hash, aldrig som du skrev det. Varför: så att du kan logga in och vi kan berätta om kontaktförmedlingar.',
    'Your organisation': 'Din organisation',
    'Its name, organisation number, municipality, sector, size and description, and a contact person with email and phone. Why: so that others can find you and brokers can introduce you. Other organisations see the contact details only if you choose to show them, or once everyone has accepted an introduction.':
        'Dess namn, organisationsnummer, kommun, bransch, storlek och beskrivning, och en kontaktperson med e-post och telefon. Varför: så att andra kan hitta er och matchmakare kan förmedla kontakter. Andra organisationer ser kontaktuppgifterna bara om ni väljer att visa dem, eller när alla har accepterat en kontaktförmedling.',
    'Listings and suggestions': 'Annonser och förslag',
    'Your offers and needs, the suggestions the matching makes for them, and whether you found a suggestion interesting or not relevant. Why: to find partners for you and to make the suggestions better.':
        'Era erbjudanden och behov, förslagen som matchningen gör för dem, och om ni tyckte att ett förslag var intressant eller inte relevant. Varför: för att hitta partner åt er och göra förslagen bättre.',
    'Introductions and messages': 'Kontaktförmedlingar och meddelanden',
    'Who was introduced to whom, each answer, each step, and the messages between the organisations. Only the organisations in an introduction read its messages; a broker reads them only when every organisation allows it.':
        'Vem som förmedlades till vem, varje svar, varje steg, och meddelandena mellan organisationerna. Bara organisationerna i en kontaktförmedling läser dess meddelanden; en matchmakare läser dem bara när alla organisationer tillåter det.',
    'What we told you in the site and by email, and what you chose to be told.':
        'Vad vi har meddelat dig på webbplatsen och via e-post, och vad du har valt att få veta.',
    'Broker notes': 'Matchmakarens anteckningar',
    'Short private notes the brokers write about an introduction, to follow it up. Organisations do not see them.':
        'Korta privata anteckningar som matchmakarna skriver om en kontaktförmedling för att följa upp den. Organisationerna ser dem inte.',
    'The audit log': 'Granskningsloggen',
    'Who did what and when: introductions made, notes written, requests passed on, accounts and roles, data downloads, deletions and backups. It records that something happened, not the text of notes or messages. Why: so that the agency can account for how brokers and admins use their access.':
        'Vem som gjorde vad och när: kontaktförmedlingar, skrivna anteckningar, vidarebefordrade förfrågningar, konton och roller, nedladdade uppgifter, borttagningar och säkerhetskopior. Den visar att något hände, inte texten i anteckningar eller meddelanden. Varför: så att byrån kan redovisa hur matchmakare och administratörer använder sin behörighet.',
    'Cookies': 'Kakor',
    'One cookie keeps you logged in and remembers your language; a second one only if you tick “Remember me”. No tracking, no advertising, and nothing is loaded from other sites.':
        'En kaka håller dig inloggad och kommer ihåg ditt språk; en andra bara om du kryssar i ”Kom ihåg mig”. Ingen spårning, ingen reklam, och inget hämtas från andra webbplatser.',
    'How long': 'Hur länge',
    ('Accounts: until you delete yours, or when it has not been used for %(num)d year.', 'Accounts: until you delete yours, or when it has not been used for %(num)d years.'):
        ('Konton: tills du tar bort ditt, eller när det inte har använts på %(num)d år.', 'Konton: tills du tar bort ditt, eller när det inte har använts på %(num)d år.'),
    ('Accounts whose email address was never confirmed: %(num)d day.', 'Accounts whose email address was never confirmed: %(num)d days.'):
        ('Konton vars e-postadress aldrig bekräftades: %(num)d dag.', 'Konton vars e-postadress aldrig bekräftades: %(num)d dagar.'),
    ('Closed listings: %(num)d month after they were closed (longer only while an introduction about them is still open).', 'Closed listings: %(num)d months after they were closed (longer only while an introduction about them is still open).'):
        ('Stängda annonser: %(num)d månad efter att de stängdes (längre bara medan en kontaktförmedling om dem pågår).', 'Stängda annonser: %(num)d månader efter att de stängdes (längre bara medan en kontaktförmedling om dem pågår).'),
    ('The audit log: %(num)d year.', 'The audit log: %(num)d years.'):
        ('Granskningsloggen: %(num)d år.', 'Granskningsloggen: %(num)d år.'),
    ('Backups of the whole database: %(num)d day.', 'Backups of the whole database: %(num)d days.'):
        ('Säkerhetskopior av hela databasen: %(num)d dag.', 'Säkerhetskopior av hela databasen: %(num)d dagar.'),
    'These deletions run automatically every night.': 'Gallringen sker automatiskt varje natt.',
    'When you leave': 'När du lämnar',
    'When you delete your account, your name and email address are deleted. Your messages stay in the other organisations’ threads, shown with your organisation’s name but without yours.':
        'När du tar bort ditt konto raderas ditt namn och din e-postadress. Dina meddelanden finns kvar i de andra organisationernas trådar, med din organisations namn men utan ditt.',
    'When the last member of an organisation deletes their account, the organisation is removed: its name, number, contact details and description are erased, its listings are closed, its open introductions end, and the text of its messages is removed. The other organisations still see that a message was there and when, from a “deleted organisation”. Only its municipality, sector and size remain, used only in counts.':
        'När den sista medlemmen i en organisation tar bort sitt konto tas organisationen bort: dess namn, nummer, kontaktuppgifter och beskrivning raderas, dess annonser stängs, dess pågående kontaktförmedlingar avslutas och texten i dess meddelanden tas bort. De andra organisationerna ser fortfarande att ett meddelande fanns och när, från en ”borttagen organisation”. Bara kommun, bransch och storlek finns kvar, och används bara i sammanräkningar.',
    'Your rights': 'Dina rättigheter',
    'Download all data about you and your organisation': 'Ladda ned alla uppgifter om dig och din organisation',
    'Download all data about you and your organisation (log in first).':
        'Ladda ned alla uppgifter om dig och din organisation (logga in först).',
    'Delete your account (log in first).': 'Ta bort ditt konto (logga in först).',
    'Correct your details on your profile and on your organisation’s page.':
        'Rätta dina uppgifter på din profil och på din organisations sida.',
    'Ask us what we keep about you, or complain to the Swedish Authority for Privacy Protection (IMY).':
        'Fråga oss vad vi sparar om dig, eller klaga hos Integritetsskyddsmyndigheten (IMY).',
    # the audit log's records and details
    'Account': 'Konto',
    'Backup file': 'Säkerhetskopia',
    'Suggestion': 'Förslag',
    'Circular chain': 'Kretslopp',
    'Note': 'Anteckning',
    'Characters': 'Tecken',
    'Role': 'Roll',
    'Database': 'Databas',
    'Bytes': 'Byte',
    'Reason': 'Orsak',
    'Listings closed': 'Stängda annonser',
    'Introductions ended': 'Avslutade kontaktförmedlingar',
    'Inactive accounts': 'Inaktiva konton',
    'Unconfirmed accounts': 'Obekräftade konton',
    'Organisations removed': 'Borttagna organisationer',
    'Old closed listings deleted': 'Gamla stängda annonser borttagna',
    'Old audit rows deleted': 'Gamla rader i granskningsloggen borttagna',
    'yes': 'ja',
    'no': 'nej',
}
