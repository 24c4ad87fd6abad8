"""Pure validators (Swedish identifiers, phone numbers), shared by forms, the API, imports and the CLI."""
import re
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
