"""The Swedish catalogue is complete: every message of the current code has a Swedish translation that is
neither empty nor fuzzy. A plain test, no browser: `make translations` (or tools/update_catalogues.sh)
followed by translating the new entries makes it pass."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SV_PO = ROOT / "siru_exchange/translations/sv/LC_MESSAGES/messages.po"


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(s and s.strip() for s in strings)


def test_every_swedish_entry_is_translated_and_not_fuzzy():
    with SV_PO.open("rb") as fh:
        catalogue = read_po(fh, locale="sv")
    untranslated = [m.id for m in catalogue if m.id and not _translated(m)]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated, f"no Swedish for: {untranslated}"
    assert not fuzzy, f"fuzzy (check and clear the flag): {fuzzy}"


def test_every_message_in_the_code_is_in_the_swedish_catalogue(tmp_path):
    """Extract a fresh .pot from the current code into a temporary file and compare."""
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
         "--ignore-dirs=.venv .venv-eval node_modules tests", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as fh:
        extracted = read_po(fh)
    with SV_PO.open("rb") as fh:
        catalogue = read_po(fh, locale="sv")
    missing = [m.id for m in extracted
               if m.id and (m.id not in catalogue or not _translated(catalogue[m.id]))]
    assert not missing, (
        "not in the Swedish catalogue; run tools/update_catalogues.sh with a dict of their Swedish under "
        f"siru_exchange/translations/pending/: {missing}"
    )
