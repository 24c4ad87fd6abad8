"""Swedish for naming an organisation by typing it on the broker's outside deal (merged by
tools/update_catalogues.sh)."""
SV = {
    "Type the name or the organisation number (like 556677-8899) and choose from the suggestions.":
        "Skriv namnet eller organisationsnumret (som 556677-8899) och välj bland förslagen.",
    "Supplier: %(n)d organisations are called “%(typed)s”. Choose one from the list, or type its "
    "organisation number.":
        "Leverantör: %(n)d organisationer heter ”%(typed)s”. Välj en i listan, eller skriv dess "
        "organisationsnummer.",
    "Receiver: %(n)d organisations are called “%(typed)s”. Choose one from the list, or type its "
    "organisation number.":
        "Mottagare: %(n)d organisationer heter ”%(typed)s”. Välj en i listan, eller skriv dess "
        "organisationsnummer.",
    ("Supplier: no organisation is called exactly “%(typed)s”; %(num)d has it in its name. Choose it "
     "from the list.",
     "Supplier: no organisation is called exactly “%(typed)s”; %(num)d have it in their name. Choose one "
     "from the list."): (
        "Leverantör: ingen organisation heter exakt ”%(typed)s”; %(num)d har det i namnet. Välj den i listan.",
        "Leverantör: ingen organisation heter exakt ”%(typed)s”; %(num)d har det i namnet. Välj en i listan."),
    ("Receiver: no organisation is called exactly “%(typed)s”; %(num)d has it in its name. Choose it "
     "from the list.",
     "Receiver: no organisation is called exactly “%(typed)s”; %(num)d have it in their name. Choose one "
     "from the list."): (
        "Mottagare: ingen organisation heter exakt ”%(typed)s”; %(num)d har det i namnet. Välj den i listan.",
        "Mottagare: ingen organisation heter exakt ”%(typed)s”; %(num)d har det i namnet. Välj en i listan."),
    "Supplier: no organisation is called “%(typed)s” or has that organisation number. Type its name or "
    "its organisation number, like 556677-8899.":
        "Leverantör: ingen organisation heter ”%(typed)s” eller har det organisationsnumret. Skriv namnet "
        "eller organisationsnumret, som 556677-8899.",
    "Receiver: no organisation is called “%(typed)s” or has that organisation number. Type its name or "
    "its organisation number, like 556677-8899.":
        "Mottagare: ingen organisation heter ”%(typed)s” eller har det organisationsnumret. Skriv namnet "
        "eller organisationsnumret, som 556677-8899.",
}
