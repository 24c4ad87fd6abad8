"""Swedish for the texts the lead of session 9 added."""
SV = {
    "Administration": "Administration",
}
