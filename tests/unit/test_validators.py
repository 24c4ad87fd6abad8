"""Swedish organisation numbers: format and Luhn check digit."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from siru_exchange.validators import clean_text, luhn_valid, normalise_org_number
from tests.factories import valid_org_number


@pytest.mark.parametrize("raw, expected", [
    ("556036-0793", "556036-0793"),      # a real registered company number
    ("5560360793", "556036-0793"),
    ("16556036-0793", "556036-0793"),
    (" 556036-0793 ", "556036-0793"),
    ("802002-4280", "802002-4280"),      # an economic association
])
def test_accepts_valid_numbers_in_every_written_form(raw, expected):
    assert normalise_org_number(raw) == expected


@pytest.mark.parametrize("raw", [
    "556036-0794",      # wrong check digit
    "556036-079",       # too short
    "55603607930",      # too long
    "abcdef-ghij",
    "",
    "556036+0793",
])
def test_rejects_wrong_checksum_and_malformed_numbers(raw):
    assert normalise_org_number(raw) is None


def test_luhn():
    assert luhn_valid("5560360793")
    assert not luhn_valid("5560360792")


def test_factory_numbers_are_valid():
    for seed in range(1, 200):
        assert normalise_org_number(valid_org_number(seed)) is not None


@pytest.mark.parametrize("raw", ["036-12 34 56", "070-123 45 67", "+46 70 123 45 67", "08-123 456 78",
                                 "0381-140 22", "+44 20 7946 0958"])
def test_accepts_real_phone_numbers_as_typed(raw):
    from siru_exchange.validators import normalise_phone

    assert normalise_phone(f" {raw} ") == raw


@pytest.mark.parametrize("raw", ["abc", "12", "070123456789012", "036-ab cd ef", "+46"])
def test_rejects_what_is_not_a_phone_number(raw):
    from siru_exchange.validators import normalise_phone

    assert normalise_phone(raw) is None


# -- clean_text: the one normaliser of names, titles and running text ----------------------------------

def test_clean_text_removes_direction_controls_and_invisible_characters():
    assert clean_text("  Pallar\u202egpj.exe\u200b  AB\n\tx ") == "Pallargpj.exe AB x"
    assert clean_text("\u2066Eksjö\u2069 Såg\ufeff\u00ad AB\x07") == "Eksjö Såg AB"
    assert clean_text("e\u0301") == "\u00e9"  # NFC: one way to store "é"
    assert clean_text(None) == "" and clean_text("\u200b\u202e") == ""


def test_clean_text_keeps_lines_tabs_and_joiners_in_running_text():
    assert clean_text("Rad 1\r\nRad\u202e 2\u2028Rad 3\tslut", multiline=True) == "Rad 1\nRad 2\nRad 3\tslut"
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert clean_text(f"Vi {family}", multiline=True) == f"Vi {family}"
    assert clean_text("می\u200cخواهم", multiline=True) == "می\u200cخواهم"  # Persian needs its ZWNJ


@given(st.text(), st.booleans())
def test_clean_text_leaves_no_control_or_format_character_and_is_idempotent(text, multiline):
    import unicodedata

    cleaned = clean_text(text, multiline)
    allowed = {"\n", "\t", "\u200c", "\u200d"} if multiline else set()
    assert all(ch in allowed or unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in cleaned)
    assert clean_text(cleaned, multiline) == cleaned
    assert cleaned == cleaned.strip()
