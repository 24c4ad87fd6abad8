"""Swedish for introductions, messages, the broker pages and notifications (issue 4).

Merged into the catalogue with tools/fill_catalogue.py. Glossary: introduction = kontaktförmedling,
consent = samtycke, broker = matchmakare, suggestion = förslag, chain = kretslopp, listing = annons.
"""
SV = {
    # header
    "Introductions": "Kontaktförmedlingar",
    "Broker queue": "Matchmakarens kö",
    "Notifications": "Aviseringar",
    ("Notifications, %(num)d unread", "Notifications, %(num)d unread"): (
        "Aviseringar, %(num)d oläst", "Aviseringar, %(num)d olästa"),
    # services: refusals and validation
    "Keep the note under %(max)d characters (now %(n)d).": "Håll anteckningen under %(max)d tecken (nu %(n)d).",
    "This is your own organisation's listing.": "Det här är din egen organisations annons.",
    "Only members of an organisation can ask for an introduction.":
        "Bara medlemmar i en organisation kan be om kontakt.",
    "This listing is not open for introductions now.": "Den här annonsen är inte öppen för kontaktförmedling just nu.",
    "Your organisation has already asked for an introduction about this listing.":
        "Din organisation har redan bett om kontakt om den här annonsen.",
    "These organisations have already been introduced for this suggestion.":
        "De här organisationerna har redan fått en kontaktförmedling för det här förslaget.",
    "One of the listings is no longer active, so they cannot be introduced.":
        "En av annonserna är inte längre aktiv, så organisationerna kan inte förmedlas.",
    "The organisations of this chain have already been introduced.":
        "Organisationerna i det här kretsloppet har redan fått en kontaktförmedling.",
    "A chain needs at least two organisations.": "Ett kretslopp behöver minst två organisationer.",
    "This request has already been passed on or closed; nothing was changed.":
        "Förfrågan är redan vidarebefordrad eller avslutad; inget ändrades.",
    "Only the organisations in this introduction can accept or decline it.":
        "Bara organisationerna i den här kontaktförmedlingen kan tacka ja eller nej.",
    "A broker has not passed this request on yet.": "En matchmakare har inte vidarebefordrat förfrågan än.",
    "Your organisation has already answered this introduction; nothing was changed.":
        "Din organisation har redan svarat på kontaktförmedlingen; inget ändrades.",
    "This introduction is no longer waiting for answers; nothing was changed.":
        "Kontaktförmedlingen väntar inte längre på svar; inget ändrades.",
    "Only the organisations in this introduction or a broker can change its status.":
        "Bara organisationerna i kontaktförmedlingen eller en matchmakare kan ändra dess status.",
    "That step is not possible now; nothing was changed.": "Det steget går inte att ta nu; inget ändrades.",
    "Only the organisations in this introduction can choose this.":
        "Bara organisationerna i kontaktförmedlingen kan välja detta.",
    "Write the note first.": "Skriv anteckningen först.",
    "Only the organisations in this introduction can write here.":
        "Bara organisationerna i kontaktförmedlingen kan skriva här.",
    "Messages can be written once everyone has accepted, and not after a decline. Your text was not sent.":
        "Meddelanden kan skrivas när alla har tackat ja, och inte efter ett nej. Din text skickades inte.",
    "Write a message first.": "Skriv ett meddelande först.",
    "Keep the message under %(max)d characters (now %(n)d).": "Håll meddelandet under %(max)d tecken (nu %(n)d).",
    "The form has expired. Your text is kept; send it again.":
        "Formuläret har gått ut. Din text finns kvar; skicka den igen.",
    # notification kinds and email subjects
    "New introductions": "Nya kontaktförmedlingar",
    "Answers and progress": "Svar och framsteg",
    "New messages": "Nya meddelanden",
    "Weekly digest of new strong suggestions": "Veckosammanfattning av nya starka förslag",
    "A new introduction on SIRU Exchange": "En ny kontaktförmedling på SIRU Exchange",
    "News about your introduction on SIRU Exchange": "Nytt om din kontaktförmedling på SIRU Exchange",
    "A new message on SIRU Exchange": "Ett nytt meddelande på SIRU Exchange",
    "New suggestions for you on SIRU Exchange": "Nya förslag till dig på SIRU Exchange",
    # notification texts
    "A broker has introduced your organisation to others (introduction %(n)d). Please answer.":
        "En matchmakare har förmedlat kontakt mellan din organisation och andra (kontaktförmedling %(n)d). Svara gärna.",
    "An organisation asks to be put in touch with you (introduction %(n)d). Please answer.":
        "En organisation vill komma i kontakt med er (kontaktförmedling %(n)d). Svara gärna.",
    "A broker passes on a request to be put in touch with you (introduction %(n)d). Please answer.":
        "En matchmakare vidarebefordrar en förfrågan om kontakt med er (kontaktförmedling %(n)d). Svara gärna.",
    "A member asks for an introduction to an anonymous listing (introduction %(n)d).":
        "En medlem ber om kontakt med en anonym annons (kontaktförmedling %(n)d).",
    "An organisation accepted introduction %(n)d.": "En organisation tackade ja till kontaktförmedling %(n)d.",
    "Everyone accepted introduction %(n)d. You can now see the contact details and write to each other.":
        "Alla tackade ja till kontaktförmedling %(n)d. Nu ser ni kontaktuppgifterna och kan skriva till varandra.",
    "Introduction %(n)d was declined.": "Kontaktförmedling %(n)d fick ett nej.",
    "Introduction %(n)d is now in dialogue.": "Kontaktförmedling %(n)d är nu i dialog.",
    "Introduction %(n)d is marked as agreed.": "Kontaktförmedling %(n)d är markerad som överenskommen.",
    "Introduction %(n)d is marked as realised. Well done!": "Kontaktförmedling %(n)d är markerad som genomförd. Bra jobbat!",
    "A new message in introduction %(n)d.": "Ett nytt meddelande i kontaktförmedling %(n)d.",
    "News about introduction %(n)d.": "Nytt om kontaktförmedling %(n)d.",
    # emails
    "Hello %(name)s,": "Hej %(name)s!",
    "See it here:": "Se den här:",
    "See them all:": "Se alla:",
    "You get this email because of your notification settings. Change them here:":
        "Du får det här mejlet på grund av dina aviseringsinställningar. Ändra dem här:",
    "New strong suggestions in the region that nobody has been introduced for yet:":
        "Nya starka förslag i regionen som ingen har fått kontaktförmedling för än:",
    "New strong suggestions for your organisation’s listings:": "Nya starka förslag för din organisations annonser:",
    # broker pages
    "Circular (materials, energy, equipment …)": "Cirkulärt (material, energi, utrustning …)",
    "Social (competence, staff time, work training …)": "Socialt (kompetens, personaltid, arbetsträning …)",
    "Kind of collaboration": "Typ av samarbete",
    "Circular and social": "Cirkulärt och socialt",
    "A short note to the organisations": "En kort hälsning till organisationerna",
    "Why you think they should talk. Every organisation sees it.":
        "Varför du tycker att de borde prata. Alla organisationerna ser den.",
    "Private note": "Privat anteckning",
    "Only brokers see these notes.": "Bara matchmakare ser de här anteckningarna.",
    "Introduce organisations": "Förmedla kontakt mellan organisationer",
    "A circular chain of %(n)d organisations": "Ett kretslopp med %(n)d organisationer",
    "Each organisation is asked to accept or decline. Names behind anonymous listings and contact details are shown only when every organisation has accepted.":
        "Varje organisation får tacka ja eller nej. Namn bakom anonyma annonser och kontaktuppgifter visas först när alla organisationer har tackat ja.",
    "Introduce": "Förmedla kontakt",
    "The strongest suggestions in the region that nobody has been introduced for yet, and members’ requests on anonymous listings.":
        "De starkaste förslagen i regionen som ingen har fått kontaktförmedling för än, och medlemmars förfrågningar om anonyma annonser.",
    "See every introduction by status": "Se alla kontaktförmedlingar efter status",
    "Requests waiting for a broker": "Förfrågningar som väntar på en matchmakare",
    "Introduction": "Kontaktförmedling",
    "Asked by": "Frågad av",
    "About": "Om",
    "Asked": "Frågade",
    "Introduction %(n)d": "Kontaktförmedling %(n)d",
    "Pass the request on": "Vidarebefordra förfrågan",
    "No requests are waiting.": "Inga förfrågningar väntar.",
    "Strongest suggestions without an introduction": "Starkaste förslagen utan kontaktförmedling",
    "Filter the queue": "Filtrera kön",
    "Score": "Poäng",
    "anonymous": "anonym",
    "No suggestions match these filters.": "Inga förslag matchar de här filtren.",
    "Circular chains": "Kretslopp",
    "Introduce the chain": "Förmedla kontakt i kretsloppet",
    "The organisations are introduced. Each is asked to accept or decline.":
        "Kontakten är förmedlad. Varje organisation får tacka ja eller nej.",
    "The request is passed on. The organisation behind the listing is asked to accept or decline.":
        "Förfrågan är vidarebefordrad. Organisationen bakom annonsen får tacka ja eller nej.",
    "Your note is saved. Only brokers see it.": "Din anteckning är sparad. Bara matchmakare ser den.",
    "%(org)s asks to be put in touch about the anonymous listing": "%(org)s vill komma i kontakt om den anonyma annonsen",
    "The organisation behind the listing is asked to accept or decline. The requester learns who it is only when both have accepted.":
        "Organisationen bakom annonsen får tacka ja eller nej. Den som frågar får veta vem det är först när båda har tackat ja.",
    # listing page and request form
    "Interested?": "Intresserad?",
    "Your organisation has asked for an introduction about this listing.":
        "Din organisation har bett om kontakt om den här annonsen.",
    "See the introduction": "Se kontaktförmedlingen",
    "A broker passes your request on. You learn who is behind the listing once both sides have accepted.":
        "En matchmakare vidarebefordrar din förfrågan. Du får veta vem som står bakom annonsen när båda sidor har tackat ja.",
    "Ask to be put in touch. The organisation is asked to accept or decline, and contact details are shown once both sides have accepted.":
        "Be om kontakt. Organisationen får tacka ja eller nej, och kontaktuppgifterna visas när båda sidor har tackat ja.",
    "Request introduction": "Be om kontakt",
    "A short note (optional)": "En kort hälsning (frivilligt)",
    "Say what you are looking for, so the other side can answer.":
        "Berätta vad ni söker, så att den andra sidan kan svara.",
    "Your message": "Ditt meddelande",
    "About the listing": "Om annonsen",
    "Send request": "Skicka förfrågan",
    # pipeline
    "Every introduction in the region, by status.": "Alla kontaktförmedlingar i regionen, efter status.",
    "Your organisation’s introductions, by status.": "Din organisations kontaktförmedlingar, efter status.",
    "Filter introductions": "Filtrera kontaktförmedlingar",
    "With": "Med",
    "Waiting for a broker": "Väntar på en matchmakare",
    "A circular chain": "Ett kretslopp",
    "No introductions here yet.": "Inga kontaktförmedlingar här än.",
    "See your suggestions": "Se era förslag",
    # statuses, consents, events
    "Proposed": "Föreslagen",
    "Accepted": "Accepterad",
    "In dialogue": "I dialog",
    "Agreed": "Överenskommen",
    "Realised": "Genomförd",
    "Declined": "Avböjd",
    "Waiting for an answer": "Väntar på svar",
    "asked for an introduction": "bad om kontakt",
    "introduced the organisations": "förmedlade kontakt mellan organisationerna",
    "passed the request on": "vidarebefordrade förfrågan",
    "accepted": "tackade ja",
    "declined": "tackade nej",
    "started the dialogue": "inledde dialogen",
    "marked it as agreed": "markerade den som överenskommen",
    "marked it as realised": "markerade den som genomförd",
    "let the broker follow the messages": "lät matchmakaren följa meddelandena",
    "stopped the broker from following the messages": "slutade låta matchmakaren följa meddelandena",
    "Mark as in dialogue": "Markera som i dialog",
    "Mark as agreed": "Markera som överenskommen",
    "Mark as realised": "Markera som genomförd",
    # flashes
    "Someone else changed this introduction a moment ago. Check it and try again; nothing was changed.":
        "Någon annan ändrade kontaktförmedlingen nyss. Kontrollera den och försök igen; inget ändrades.",
    "Introductions belong to organisations; your account has none.":
        "Kontaktförmedlingar hör till organisationer; ditt konto har ingen.",
    "Your request is sent to a broker, who contacts the organisation behind the listing. You will see who it is once both sides have accepted.":
        "Din förfrågan har skickats till en matchmakare, som kontaktar organisationen bakom annonsen. Du får se vem det är när båda sidor har tackat ja.",
    "Your request is sent. The organisation is asked to accept or decline.":
        "Din förfrågan är skickad. Organisationen får tacka ja eller nej.",
    "Everyone has accepted. The contact details are shown below, and you can write to each other.":
        "Alla har tackat ja. Kontaktuppgifterna visas nedan, och ni kan skriva till varandra.",
    "You accepted. The other side is asked too; you will be told when everyone has answered.":
        "Du tackade ja. Den andra sidan tillfrågas också; du får besked när alla har svarat.",
    "You declined the introduction. The other side is told, without any reason.":
        "Du tackade nej till kontaktförmedlingen. Den andra sidan får veta det, utan någon motivering.",
    "The introduction is now: %(status)s.": "Kontaktförmedlingen är nu: %(status)s.",
    "Your message is sent.": "Ditt meddelande är skickat.",
    "The broker may follow your messages once every organisation allows it.":
        "Matchmakaren får följa era meddelanden när alla organisationer tillåter det.",
    "The broker can no longer follow your messages.": "Matchmakaren kan inte längre följa era meddelanden.",
    # introduction page
    "Introduced by a broker": "Förmedlad av en matchmakare",
    "Asked for by a member": "Efterfrågad av en medlem",
    "Organisations": "Organisationer",
    "Organisation": "Organisation",
    "Listing": "Annons",
    "Consent": "Samtycke",
    "Contact": "Kontakt",
    "you": "ni",
    "Shown when everyone has accepted.": "Visas när alla har tackat ja.",
    "Accept introduction": "Tacka ja till kontakt",
    "Decline": "Tacka nej",
    "Stop the broker following our messages": "Sluta låta matchmakaren följa våra meddelanden",
    "Let the broker follow our messages": "Låt matchmakaren följa våra meddelanden",
    "History": "Historik",
    "A broker": "En matchmakare",
    "Messages": "Meddelanden",
    "The messages are private to the organisations. A broker can follow them only when every organisation allows it.":
        "Meddelandena är privata för organisationerna. En matchmakare kan följa dem bara när alla organisationer tillåter det.",
    "No messages yet.": "Inga meddelanden än.",
    "Send message": "Skicka meddelande",
    "You can write to each other once everyone has accepted.": "Ni kan skriva till varandra när alla har tackat ja.",
    "Your text was not sent. Copy it if you want to keep it.":
        "Din text skickades inte. Kopiera den om du vill behålla den.",
    "Broker notes": "Matchmakarens anteckningar",
    "Save note": "Spara anteckning",
    # notifications pages
    "In the site": "På webbplatsen",
    "By email": "Via e-post",
    "Mark all as read": "Markera alla som lästa",
    "Choose what you are told, and how": "Välj vad du får veta, och hur",
    "Open": "Öppna",
    "Mark as read": "Markera som läst",
    "No notifications yet.": "Inga aviseringar än.",
    "Notification settings": "Aviseringsinställningar",
    "Choose what you are told about, in the site and by email.": "Välj vad du vill få veta, på webbplatsen och via e-post.",
    "All notifications are marked as read.": "Alla aviseringar är markerade som lästa.",
    "Your notification settings are saved.": "Dina aviseringsinställningar är sparade.",
}
