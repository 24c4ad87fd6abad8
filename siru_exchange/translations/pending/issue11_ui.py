"""Swedish for issue 11's page fixes: the menu button, counted units and counters, the decimal hint."""
SV = {
    'Menu': 'Meny',
    'Enter the quantity as a number, like %(example)s.': 'Ange mängden som ett tal, t.ex. %(example)s.',
    ('piece', 'pieces'): ('st', 'st'),
    ('pallet', 'pallets'): ('pall', 'pallar'),
    ('hour', 'hours'): ('timme', 'timmar'),
    ('day', 'days'): ('dag', 'dagar'),
    ('person', 'people'): ('person', 'personer'),
    ('trip', 'trips'): ('tur', 'turer'),
    ('tonne', 'tonnes'): ('ton', 'ton'),
    ('litre', 'litres'): ('liter', 'liter'),
    ('organisation', 'organisations'): ('organisation', 'organisationer'),
    ('offer', 'offers'): ('erbjudande', 'erbjudanden'),
    ('need', 'needs'): ('behov', 'behov'),
    ('municipality', 'municipalities'): ('kommun', 'kommuner'),
}
