"""Swedish for matching out of the web request (issue 16: job queue, workers, the broker's matching page)."""
SV = {
    "Suggestions are being computed.": "Förslagen räknas fram.",
    "This page updates when they are there.": "Sidan uppdateras när de är klara.",
    "Reload": "Ladda om",
    "The suggestions could not be computed. The matchmakers see the error and run the computation again.":
        "Förslagen kunde inte räknas fram. Matchmakarna ser felet och kör beräkningen igen.",
    "Matching": "Matchning",
    "Matching: full recompute and failed jobs": "Matchning: fullständig omräkning och misslyckade jobb",
    "Suggestions are computed by background workers: saving a listing puts its recompute on the job queue.":
        "Förslagen räknas fram av bakgrundsprocesser: när en annons sparas läggs omräkningen i jobbkön.",
    "Suggestions are computed when a listing is saved, in the web process: no job queue is configured.":
        "Förslagen räknas fram när en annons sparas, i webbprocessen: ingen jobbkö är inställd.",
    "Full recompute": "Fullständig omräkning",
    "Every listing is scored again against the region and the circular chains are found again.":
        "Varje annons matchas på nytt mot hela regionen och kretsloppen söks fram på nytt.",
    "The work is split into parts (by resource group) that any number of workers take.":
        "Arbetet delas upp i delar (efter resursgrupp) som hur många bakgrundsprocesser som helst kan ta.",
    "Started": "Startad",
    "Parts done": "Klara delar",
    "Preparing: the parts are being named.": "Förbereds: delarna bestäms.",
    "%(done)d of %(total)d": "%(done)d av %(total)d",
    "Finished": "Klar",
    "%(suggestions)d suggestions and %(chains)d circular chains.":
        "%(suggestions)d förslag och %(chains)d kretslopp.",
    "Parts of this recompute failed; the rest waits for them. Try the failed jobs again below.":
        "Delar av omräkningen misslyckades; resten väntar på dem. Kör de misslyckade jobben igen nedan.",
    "The recompute is running. This page updates when it is done.":
        "Omräkningen pågår. Sidan uppdateras när den är klar.",
    "Recompute all suggestions": "Räkna om alla förslag",
    "Failed jobs": "Misslyckade jobb",
    "These jobs failed after being tried again. Nothing they would have stored is stored; put them back on the queue once the cause is fixed.":
        "De här jobben misslyckades även när de kördes igen. Inget av det de skulle ha sparat är sparat; lägg tillbaka dem i kön när orsaken är åtgärdad.",
    "Try the failed jobs again": "Kör de misslyckade jobben igen",
    "No job has failed.": "Inget jobb har misslyckats.",
    "A full recompute is still running; its progress is below.":
        "En fullständig omräkning pågår fortfarande; hur långt den har kommit syns nedan.",
    "The full recompute is on the queue; the workers take its parts.":
        "Den fullständiga omräkningen ligger i kön; bakgrundsprocesserna tar dess delar.",
    "Recomputed: %(suggestions)d suggestions and %(chains)d circular chains.":
        "Omräknat: %(suggestions)d förslag och %(chains)d kretslopp.",
    ("%(num)d failed job is back on the queue.", "%(num)d failed jobs are back on the queue."):
        ("%(num)d misslyckat jobb ligger i kön igen.", "%(num)d misslyckade jobb ligger i kön igen."),
    "Suggestions recomputed": "Förslagen omräknade",
    "Full recompute started": "Fullständig omräkning startad",
    "Failed matching jobs retried": "Misslyckade matchningsjobb körda igen",
}
