"""Swedish for the JSON API's messages (merged by tools/update_catalogues.sh)."""
SV = {
    'Must be a whole number.': 'Måste vara ett heltal.',
    'Must be between %(low)d and %(high)d.': 'Måste vara mellan %(low)d och %(high)d.',
    'Must be “offer” or “need”.': 'Måste vara ”offer” eller ”need”.',
    'Use a date like 2026-12-31.': 'Ange ett datum som 2026-12-31.',
    'Send a JSON object.': 'Skicka ett JSON-objekt.',
}
