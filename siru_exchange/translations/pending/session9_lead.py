"""Swedish for the texts the lead of session 9 added."""
SV = {
    "Administration": "Administration",
    "more than %(num)s": "fler än %(num)s",
    "Filter by state": "Filtrera efter läge",
    "Counted %(when)s; counted again every %(n)d minutes.": "Räknat %(when)s; räknas om var %(n)d:e minut.",
    "Counted %(when)s.": "Räknat %(when)s.",
    "The %(num)d that have waited longest are shown; the others come up as these are decided.":
        "De %(num)d som har väntat längst visas; de andra kommer fram när dessa har avgjorts.",
    "See all %(n)s with the status “%(status)s”": "Visa alla %(n)s med status ”%(status)s”",
    "The oldest %(num)d requests are shown; the others come up as these are passed on.":
        "De %(num)d äldsta förfrågningarna visas; de andra kommer fram när dessa har skickats vidare.",
}
