"""Swedish for issue 11's hostile-input messages (merged by tools/update_catalogues.sh)."""
SV = {
    'The request body is not JSON this site can read.': 'Innehållet är inte JSON som webbplatsen kan läsa.',
    'Text may not contain a NUL character (\\u0000).': 'Text får inte innehålla ett NUL-tecken (\\u0000).',
    'Text may not contain a lone surrogate (like \\ud800).':
        'Text får inte innehålla ett ensamt surrogattecken (som \\ud800).',
    'The request body is not UTF-8 text.': 'Innehållet är inte UTF-8-text.',
    'JSON may nest at most %(n)d levels deep.': 'JSON får vara nästlat högst %(n)d nivåer djupt.',
}
