"""Fill the Swedish catalogue from a dict of translations (a helper for translators).

Usage: python tools/fill_catalogue.py TRANSLATIONS.py
TRANSLATIONS.py defines SV = {msgid: msgstr, (singular, plural): (sv_singular, sv_plural)}. Entries
already translated in the catalogue are kept unless the dict has them too; fuzzy flags are cleared
for the entries it fills.
"""
import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "siru_exchange/translations/sv/LC_MESSAGES/messages.po"


def main(path: str) -> None:
    sv = runpy.run_path(path).get("SV", {}) if path != "/dev/null" else {}
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="sv")
    for message in catalog:
        if not message.id:
            continue
        if message.id in sv:
            message.string = sv[message.id]
            message.flags.discard("fuzzy")
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=110)
    missing = [
        m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    print(f"{len(missing)} untranslated")
    for m in missing:
        print("  ", repr(m))


if __name__ == "__main__":
    main(sys.argv[1])
