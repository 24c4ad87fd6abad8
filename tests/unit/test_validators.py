"""Swedish organisation numbers: format and Luhn check digit."""
import pytest

from siru_exchange.validators import luhn_valid, normalise_org_number
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
