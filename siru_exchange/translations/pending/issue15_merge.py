"""Swedish for texts added when the issue 15 branches were merged (tools/update_catalogues.sh)."""
SV = {
    'Colleague invited': 'Kollega inbjuden',
}
