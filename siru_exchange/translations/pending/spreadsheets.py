"""Swedish for services/spreadsheets.py (merged by tools/update_catalogues.sh)."""
SV = {
    'Use a .csv or an .xlsx file.': 'Använd en .csv- eller .xlsx-fil.',
    'The file is empty.': 'Filen är tom.',
    'The file is not UTF-8 text. Save it as “CSV UTF-8” or as .xlsx.': 'Filen är inte UTF-8-text. Spara den som ”CSV UTF-8” eller som .xlsx.',
    'The file cannot be read as an Excel workbook (.xlsx).': 'Filen kan inte läsas som en Excel-arbetsbok (.xlsx).',
    'The file has too many rows.': 'Filen har för många rader.',
}
