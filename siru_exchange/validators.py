"""Pure validators (Swedish identifiers, phone numbers), shared by forms, the API, imports and the CLI."""
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import phonenumbers

_ORG_NUMBER = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")
_LETTER = re.compile(r"[^\W\d_]")


def luhn_valid(digits: str) -> bool:
    """True when the string of digits passes the Luhn (mod 10) check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normalise_org_number(value: str) -> str | None:
    """Return the organisation number as NNNNNN-NNNN, or None when it is malformed or fails its checksum.

    Accepts "5566778899", "556677-8899" and the 12-digit form with the "16" prefix. Sole traders use a
    personal identity number as organisation number, so the third digit is not restricted.
    """
    if value is None:
        return None
    match = _ORG_NUMBER.match(value.strip().replace(" ", ""))
    if not match:
        return None
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        return None
    return f"{match.group(1)}-{match.group(2)}"


def normalise_phone(value: str | None, region: str = "SE") -> str | None:
    """Return the phone number as typed (trimmed) when it is a real number, else None.

    "036-12 34 56", "070-123 45 67" and "+44 20 7946 0958" pass; "abc" and "12" do not. Numbers
    without a country code are read as Swedish. The check is Google's libphonenumber (phonenumberslite).
    """
    text = (value or "").strip()
    if not text or _LETTER.search(text):  # libphonenumber reads letters as keypad digits ("abc" -> 222)
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return text if phonenumbers.is_valid_number(number) else None


# A plain number in ASCII digits: "12", "12,5", "-0.25", "1.5e3". Python's Decimal also reads Arabic-
# Indic or full-width digits ("1e٩٩٩", "１e５") and exponents of any size ("1e999999999", which
# overflows when quantised): neither is something a person types for a quantity or a price.
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d{1,3})?", re.ASCII)
MAX_DECIMAL_TEXT = 40


def parse_decimal(value) -> Decimal | None:
    """The number in `value` (text, int, float or Decimal) as a finite Decimal, or None when it is not one.

    Decimal comma or point; an exponent of at most three digits; ASCII digits only; no NaN or infinity.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        value = format(value, "f") if value.is_finite() and abs(value.adjusted()) < 1000 else ""
    elif isinstance(value, float):
        value = repr(value)
    text = str(value).strip()
    if len(text) > MAX_DECIMAL_TEXT or not _DECIMAL.fullmatch(text):
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# Every control (Cc) and format character (Cf) goes: among them the direction controls (embeddings,
# overrides and isolates U+202A-202E, U+2066-2069, the marks U+200E, U+200F, U+061C), with which a title
# ("Pallar\u202egpj.exe") shows other text than is stored, and the zero-width spaces, the BOM and soft
# hyphens, with which two names that look the same differ. Running text keeps its line breaks and tabs,
# and the zero-width (non-)joiners that Persian, Indic scripts and emoji sequences need.
_WHITESPACE_CONTROLS = frozenset("\n\t")
_JOINERS = frozenset("\u200c\u200d")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")


def _kept(ch: str, multiline: bool) -> bool:
    if ch in _WHITESPACE_CONTROLS or (multiline and ch in _JOINERS):
        return True
    return unicodedata.category(ch) not in ("Cc", "Cf", "Cs")  # Cs: a lone surrogate is no character


def clean_text(value, multiline: bool = False) -> str:
    """Text as the site stores it: NFC, trimmed, without invisible or direction-changing characters.

    Names and titles (`multiline=False`): controls and format characters removed, any run of whitespace
    (line breaks too) one space. Running text (`multiline=True`, descriptions and messages): the same,
    but line breaks (normalised to "\\n"), tabs and the zero-width joiners stay. The one normaliser of
    the forms, the JSON API, the workshop files and the CLI (through the services and
    `services.listing_files`).
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", str(value)))
    text = "".join(ch for ch in text if _kept(ch, multiline))
    if not multiline:
        text = " ".join(text.split())
    return text.strip()
