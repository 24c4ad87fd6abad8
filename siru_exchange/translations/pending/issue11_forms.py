"""Swedish for issue 11, the forms' points (merged by tools/update_catalogues.sh)."""
SV = {
    'That is not a phone number. Write it with the area code, like 036-12 34 56 or +46 36 12 34 56.':
        'Det är inget telefonnummer. Skriv det med riktnummer, som 036-12 34 56 eller +46 36 12 34 56.',
    'A price goes with the terms “Fixed price”: choose those terms, or leave the price empty.':
        'Ett pris hör till villkoret ”Fast pris”: välj det villkoret, eller lämna priset tomt.',
    'This form was already sent, so the listing is published once. Here it is.':
        'Formuläret var redan skickat, så annonsen publiceras bara en gång. Här är den.',
}
