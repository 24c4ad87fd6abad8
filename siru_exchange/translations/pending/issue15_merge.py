"""Swedish for texts added when the issue 15 branches were merged (tools/update_catalogues.sh)."""
SV = {
    'Colleague invited': 'Kollega inbjuden',
    'Organisation approved': 'Organisation godkänd',
    'Organisation refused': 'Organisation avslagen',
    'Claim granted': 'Anspråk beviljat',
    'Claim refused': 'Anspråk avslaget',
}
