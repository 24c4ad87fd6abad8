"""Swedish for issue 11, helper "engine": the class the engine reads from a listing's text."""
SV = {
    'We read this as': 'Vi tolkar detta som',
    'change': 'ändra',
}
