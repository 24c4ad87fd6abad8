"""Swedish for the texts the lead of session 11 added."""
SV = {
    ('%(num)s listing found', '%(num)s listings found'): ('%(num)s annons hittades', '%(num)s annonser hittades'),
}
