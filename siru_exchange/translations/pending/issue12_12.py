"""Swedish for issue 12's engine core: match strength (merged by tools/update_catalogues.sh)."""
SV = {
    'Strong': 'Stark',
    'Good': 'God',
    'Possible': 'Möjlig',
    '%(band)s · %(pct)s %%': '%(band)s · %(pct)s %%',
    'How likely a broker would call this pair worth an introduction':
        'Hur troligt det är att en matchmakare tycker att paret är värt en kontaktförmedling',
}
