"""Swedish for naming an organisation by typing it on the broker's outside deal (merged by
tools/update_catalogues.sh)."""
SV = {
    "Type the name or the organisation number (like 556677-8899) and choose from the suggestions.":
        "Skriv namnet eller organisationsnumret (som 556677-8899) och välj bland förslagen.",
    "Supplier": "Leverantör",
    "Receiver": "Mottagare",
    "%(party)s: %(n)d organisations are called “%(typed)s”. Choose one from the list, or type its "
    "organisation number.":
        "%(party)s: %(n)d organisationer heter ”%(typed)s”. Välj en i listan, eller skriv dess "
        "organisationsnummer.",
    ("%(party)s: no organisation is called exactly “%(typed)s”; %(num)d has it in its name. Choose it "
     "from the list.",
     "%(party)s: no organisation is called exactly “%(typed)s”; %(num)d have it in their name. Choose one "
     "from the list."): (
        "%(party)s: ingen organisation heter exakt ”%(typed)s”; %(num)d har det i namnet. Välj den i listan.",
        "%(party)s: ingen organisation heter exakt ”%(typed)s”; %(num)d har det i namnet. Välj en i listan."),
    "%(party)s: no organisation is called “%(typed)s” or has that organisation number. Type its name or "
    "its organisation number, like 556677-8899.":
        "%(party)s: ingen organisation heter ”%(typed)s” eller har det organisationsnumret. Skriv namnet "
        "eller organisationsnumret, som 556677-8899.",
}
