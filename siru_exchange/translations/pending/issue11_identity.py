"""Swedish for issue 11, helper identity (visitor contact hint on a listing page)."""
_HINT = ('To get in touch about this listing, <a href="%(login)s">log in</a> '
         'or <a href="%(register)s">register your organisation</a>.')
SV = {
    _HINT: ('För att komma i kontakt om den här annonsen, <a href="%(login)s">logga in</a> '
            'eller <a href="%(register)s">registrera din organisation</a>.'),
}
