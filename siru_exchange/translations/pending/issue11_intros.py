"""Swedish for issue 11 (intros): confirming a realised exchange by every party."""
SV = {
    "Only the organisations in this introduction can confirm that the exchange is realised.":
        "Bara organisationerna i den här kontaktförmedlingen kan bekräfta att utbytet är genomfört.",
    "Your organisation has already confirmed; the others are asked to confirm too.":
        "Er organisation har redan bekräftat; de andra ombeds bekräfta också.",
    "Confirmed as realised by:": "Bekräftat som genomfört av:",
    "nobody yet": "ingen ännu",
    "We confirm that the exchange has taken place. It is marked as realised once every organisation has confirmed.":
        "Vi bekräftar att utbytet har ägt rum. Det markeras som genomfört när alla organisationer har bekräftat.",
    "Confirm as realised": "Bekräfta som genomfört",
    "Tick the box to confirm that the exchange has taken place; nothing was changed.":
        "Kryssa i rutan för att bekräfta att utbytet har ägt rum; inget ändrades.",
    "Your confirmation is saved. The other organisations are asked to confirm too.":
        "Er bekräftelse är sparad. De andra organisationerna ombeds bekräfta också.",
    "proposed that the exchange is realised": "föreslog att utbytet är genomfört",
    "confirmed that the exchange is realised": "bekräftade att utbytet är genomfört",
}
