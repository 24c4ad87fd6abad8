"""Swedish for the brokers' spreadsheets (issue 14: exports and the listing import)."""
SV = {
    'Every status': 'Alla lägen',
    'Spreadsheet (.csv or .xlsx)': 'Kalkylblad (.csv eller .xlsx)',
    'At most 1,000 listings and 1 MB. Nothing is saved before you confirm.':
        'Högst 1 000 annonser och 1 MB. Inget sparas innan du bekräftar.',
    'Made by a broker': 'Gjord av en matchmakare',
    'Choose a file to upload.': 'Välj en fil att ladda upp.',
    'Listings imported and matched: %(n)d. Rows not imported: %(skipped)d.':
        'Annonser importerade och matchade: %(n)d. Rader som inte importerades: %(skipped)d.',
    'Listings exported': 'Annonser exporterade',
    'Introductions exported': 'Kontaktförmedlingar exporterade',
    'Exchanges exported': 'Utbyten exporterade',
    'Listings imported': 'Annonser importerade',
    'Listing import': 'Import av annonser',
    'Format': 'Format',
    'Rows': 'Rader',
    'Rows skipped': 'Rader som hoppades över',
    'Rows with problems': 'Rader med fel',
    'File (fingerprint)': 'Fil (fingeravtryck)',
    'Listing id': 'Annons-id',
    'Created': 'Skapad',
    'Anonymous': 'Anonym',
    'From (organisation)': 'Från (organisation)',
    'To (organisation)': 'Till (organisation)',
    'Started': 'Började',
    'Ended': 'Slutade',
    'No': 'Nej',
    'Choose listings, introductions or exchanges.': 'Välj annonser, kontaktförmedlingar eller utbyten.',
    'Choose CSV or Excel (.xlsx).': 'Välj CSV eller Excel (.xlsx).',
    'The columns “%(a)s” and “%(b)s” say the same thing; keep one of them.':
        'Kolumnerna ”%(a)s” och ”%(b)s” betyder samma sak; behåll en av dem.',
    'No organisation has this organisation number.': 'Ingen organisation har det här organisationsnumret.',
    'Several organisations have this name; give the organisation number.':
        'Flera organisationer har det här namnet; ange organisationsnumret.',
    'No organisation has this name or number. Give the exact name or the organisation number of a '
    'registered organisation.':
        'Ingen organisation har det här namnet eller numret. Ange det exakta namnet eller '
        'organisationsnumret för en registrerad organisation.',
    "Give the organisation's name or organisation number.": 'Ange organisationens namn eller organisationsnummer.',
    '“%(v)s” is not one of: %(words)s.': '”%(v)s” är inte något av: %(words)s.',
    'Write the date as YYYY-MM-DD, like 2027-03-31.': 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-31.',
    'The file is larger than %(n)d kB. Split it into smaller files.':
        'Filen är större än %(n)d kB. Dela upp den i mindre filer.',
    'The file has more than %(n)d listings. Split it into smaller files.':
        'Filen har fler än %(n)d annonser. Dela upp den i mindre filer.',
    'The file has a header row but no listings.': 'Filen har en rubrikrad men inga annonser.',
    'This preview is older than %(n)d hours. Upload the file again.':
        'Förhandsgranskningen är äldre än %(n)d timmar. Ladda upp filen igen.',
    'This file is imported already.': 'Den här filen är redan importerad.',
    'Some rows have problems. Fix the file and upload it again, or choose to import only the valid rows.':
        'Några rader har fel. Rätta filen och ladda upp den igen, eller välj att bara importera de '
        'giltiga raderna.',
    'There is nothing to import from this file.': 'Det finns inget att importera från den här filen.',
    'Some of these listings were imported by someone else a moment ago. Look at the preview again.':
        'Några av de här annonserna importerades av någon annan nyss. Titta på förhandsgranskningen igen.',
    'The file cannot be read as CSV. Save it again as “CSV UTF-8” or as .xlsx.':
        'Filen kan inte läsas som CSV. Spara den igen som ”CSV UTF-8” eller som .xlsx.',
    'Spreadsheets': 'Kalkylblad',
    'Spreadsheets: export, and import listings': 'Kalkylblad: exportera, och importera annonser',
    'Import listings': 'Importera annonser',
    'Upload the spreadsheet from a workshop: one listing per row, for organisations already registered. '
    'Next you see each row checked, with its problems by row and column; nothing is saved until you '
    'confirm.':
        'Ladda upp kalkylbladet från en workshop: en annons per rad, för organisationer som redan är '
        'registrerade. Sedan ser du varje rad kontrollerad, med felen per rad och kolumn; inget sparas '
        'förrän du bekräftar.',
    'Upload and check': 'Ladda upp och kontrollera',
    'The columns': 'Kolumnerna',
    'The first row names the columns, in Swedish or in English. Values may be in either language too '
    '(“erbjudande” or “offer”). Only organisation, kind and title are required; columns not listed here '
    'are ignored.':
        'Första raden namnger kolumnerna, på svenska eller engelska. Värdena får också vara på vilket '
        'som av språken (”erbjudande” eller ”offer”). Bara organisation, typ och titel krävs; kolumner som '
        'inte finns här hoppas över.',
    'Template with Swedish columns (CSV)': 'Mall med svenska kolumner (CSV)',
    'Template with English columns (CSV)': 'Mall med engelska kolumner (CSV)',
    'Column in Swedish': 'Kolumn på svenska',
    'Column in English': 'Kolumn på engelska',
    'What to write': 'Vad du skriver',
    'The organisation number (556677-8899) or the exact registered name.':
        'Organisationsnumret (556677-8899) eller det exakta registrerade namnet.',
    'offer or need (erbjudande or behov).': 'erbjudande eller behov (offer eller need).',
    'A few words, as on the listing form.': 'Några ord, som i annonsformuläret.',
    'Optional text.': 'Valfri text.',
    'Optional: a resource class by its name; left empty, it is read from the text.':
        'Valfritt: ett resursslag med sitt namn; lämnas det tomt läses det ut ur texten.',
    'Optional number, with a unit.': 'Valfritt tal, med en enhet.',
    'kg, tonnes, m³, litres, kWh, MWh, pieces, pallets, m², hours, days, people or trips.':
        'kg, ton, m³, liter, kWh, MWh, st, pallar, m², timmar, dagar, personer eller resor.',
    'once, weekly, monthly, yearly or continuous (empty: once).':
        'en gång, varje vecka, varje månad, varje år eller löpande (tomt: en gång).',
    'free, negotiable or fixed price (empty: negotiable, or fixed price when a price is given).':
        'gratis, förhandlingsbart eller fast pris (tomt: förhandlingsbart, eller fast pris när ett pris '
        'anges).',
    'Kronor, only with a fixed price.': 'Kronor, bara med fast pris.',
    'public, members or anonymous (empty: public).': 'offentlig, medlemmar eller anonym (tomt: offentlig).',
    'A date, like 2027-03-31.': 'Ett datum, till exempel 2027-03-31.',
    'required': 'krävs',
    'Check the import': 'Kontrollera importen',
    'File: %(name)s': 'Fil: %(name)s',
    ('This file was imported on %(date)s: %(num)d listing was created.',
     'This file was imported on %(date)s: %(num)d listings were created.'):
        ('Filen importerades %(date)s: %(num)d annons skapades.',
         'Filen importerades %(date)s: %(num)d annonser skapades.'),
    'Import another file': 'Importera en fil till',
    ('%(num)d row will be imported', '%(num)d rows will be imported'):
        ('%(num)d rad kommer att importeras', '%(num)d rader kommer att importeras'),
    ('%(num)d row has problems', '%(num)d rows have problems'):
        ('%(num)d rad har fel', '%(num)d rader har fel'),
    ('%(num)d row was imported before and is skipped', '%(num)d rows were imported before and are skipped'):
        ('%(num)d rad är redan importerad och hoppas över', '%(num)d rader är redan importerade och hoppas över'),
    ('%(num)d row repeats an earlier row and is skipped', '%(num)d rows repeat an earlier row and are skipped'):
        ('%(num)d rad upprepar en tidigare rad och hoppas över',
         '%(num)d rader upprepar en tidigare rad och hoppas över'),
    'These columns are not used: %(cols)s.': 'De här kolumnerna används inte: %(cols)s.',
    'Problems': 'Fel',
    'Rows are numbered as in your spreadsheet program; the header is row 1.':
        'Raderna är numrerade som i ditt kalkylprogram; rubrikraden är rad 1.',
    'Row': 'Rad',
    'Column': 'Kolumn',
    'Value': 'Värde',
    'Problem': 'Fel',
    'Listings to be created': 'Annonser som skapas',
    'No row of this file would create a new listing.': 'Ingen rad i filen skulle skapa en ny annons.',
    'Skipped rows': 'Rader som hoppas över',
    'Row %(n)d: imported before (%(title)s).': 'Rad %(n)d: redan importerad (%(title)s).',
    'Row %(n)d: the same listing as row %(m)d.': 'Rad %(n)d: samma annons som rad %(m)d.',
    'Import': 'Importera',
    'All the listings above are created in one go, and matched at once.':
        'Alla annonser ovan skapas på en gång och matchas direkt.',
    ('Import %(num)d listing', 'Import %(num)d listings'):
        ('Importera %(num)d annons', 'Importera %(num)d annonser'),
    'Rows with problems are not imported. Either fix them in the file and upload it again, or import only '
    'the valid rows now (you can import the others later: rows already imported are skipped).':
        'Rader med fel importeras inte. Rätta dem i filen och ladda upp den igen, eller importera bara de '
        'giltiga raderna nu (de andra kan du importera senare: rader som redan är importerade hoppas över).',
    'Upload a corrected file': 'Ladda upp en rättad fil',
    ('Import only the %(num)d valid row', 'Import only the %(num)d valid rows'):
        ('Importera bara den %(num)d giltiga raden', 'Importera bara de %(num)d giltiga raderna'),
    'Download as Excel (.xlsx)': 'Ladda ner som Excel (.xlsx)',
    'Download as CSV': 'Ladda ner som CSV',
    'Download what you work with as a spreadsheet, or add listings for organisations from a workshop’s '
    'spreadsheet. Every download is recorded in the audit log.':
        'Ladda ner det du arbetar med som kalkylblad, eller lägg in annonser för organisationer från en '
        'workshops kalkylblad. Varje nedladdning skrivs i granskningsloggen.',
    'Add the offers and needs collected at a workshop for the organisations that took part. You see every '
    'row checked before anything is saved.':
        'Lägg in erbjudanden och behov som samlades in på en workshop för de organisationer som deltog. Du '
        'ser varje rad kontrollerad innan något sparas.',
}
