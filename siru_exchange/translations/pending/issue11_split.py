"""Swedish for issue 11 (split): the notifications for a request passed on and a realised exchange
confirmed by one party."""
SV = {
    "A broker passed your request on to the organisation behind the anonymous listing (introduction %(n)d). You will be told when it answers.":
        "En matchmakare har vidarebefordrat er förfrågan till organisationen bakom den anonyma annonsen (kontaktförmedling %(n)d). Ni får veta när den svarar.",
    "An organisation confirmed that the exchange of introduction %(n)d has taken place. It is marked as realised once every organisation has confirmed.":
        "En organisation har bekräftat att utbytet i kontaktförmedling %(n)d har ägt rum. Det markeras som genomfört när alla organisationer har bekräftat.",
}
