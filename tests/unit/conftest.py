"""Fixtures shared by the matching engine's unit tests."""
import pytest

from siru_exchange.matching import Engine, load_municipalities, load_taxonomy


@pytest.fixture(scope="module")
def tax():
    """The shipped taxonomy with its uses (one per test module: a test may extend its own)."""
    return load_taxonomy()


@pytest.fixture(scope="module")
def engine(tax):
    """An empty engine over the shipped taxonomy and the county's municipalities."""
    return Engine(tax, municipalities=load_municipalities())
