"""Swedish for the remaining gaps of issue 11: the region of an anonymous listing, the API's
Idempotency-Key (merged by tools/update_catalogues.sh)."""
SV = {
    'Jönköping county': 'Jönköpings län',
    'Use 1 to 60 visible ASCII characters, such as a UUID.': 'Använd 1 till 60 synliga ASCII-tecken, till exempel ett UUID.',
    'Circular': 'Cirkulärt',
    'Social': 'Socialt',
    'Circular: materials, energy, equipment … Social: competence, staff time, work training …':
        'Cirkulärt: material, energi, utrustning … Socialt: kompetens, personaltid, arbetsträning …',
    'The page may have moved or be closed to your account, or the address is mistyped.':
        'Sidan kan ha flyttats eller vara stängd för ditt konto, eller så är adressen felskriven.',
}
