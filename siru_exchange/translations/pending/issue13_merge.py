"""Swedish for texts added when the issue 13 branches were merged (tools/update_catalogues.sh)."""
SV = {
    'Amount': 'Mängd',
}
