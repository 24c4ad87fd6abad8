SV = {
    "a listing of an anonymous organisation": "en annons från en anonym organisation",
    "Show the contact details on our public profile": "Visa kontaktuppgifterna på vår offentliga profil",
    "Otherwise other organisations get them only through an introduction that everyone has accepted.":
        "Annars får andra organisationer dem bara genom en kontaktförmedling som alla har godkänt.",
    "This organisation shares its contact details through introductions: ask to be put in touch about one of "
    "its listings.":
        "Organisationen delar sina kontaktuppgifter genom kontaktförmedling: be om kontakt om någon av dess annonser.",
    "Want to get in touch about this listing?": "Vill du komma i kontakt om den här annonsen?",
    "Log in, or register your organisation, to ask to be put in touch. Contact details are shared only when "
    "everyone has accepted.":
        "Logga in, eller registrera din organisation, för att be om kontakt. Kontaktuppgifter delas först när "
        "alla har godkänt.",
}
