"""Swedish for issue 16's pages that do not count every row (helper 16q)."""
SV = {
    'More than %(num)s listings found': 'Fler än %(num)s annonser hittades',
    'Page %(n)d': 'Sida %(n)d',
}
