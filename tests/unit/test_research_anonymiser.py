"""The research anonymiser, pure: k-anonymity over municipality x sector x size x year, what it says it
did, the breakdowns' buckets and cells, and the free-text scrubber."""
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from siru_exchange.research import K, Scrubber, anonymise, band, breakdown
from siru_exchange.research.anonymise import generalise, nace_division, nace_section

MUNICIPALITIES = ["0604", "0617", "0680", "0682", "other"]
SECTORS = ["01.13 Odling av grönsaker", "16.10 Sågning", "16.23 Snickerier", "25.62 Metallbearbetning",
           "43.22 Vvs-arbeten", "47.79 Begagnat", "", "Tillverkning"]
SIZES = ["micro", "small", "medium", "large"]


def row(entity, municipality="0680", sector="16.10 Sågning", size="small", year=2026, **extra):
    return {"entity": entity, "municipality": municipality, "sector": sector, "size": size, "year": year,
            **extra}


rows_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from(MUNICIPALITIES), st.sampled_from(SECTORS),
              st.sampled_from(SIZES), st.sampled_from([2026, 2027])),
    max_size=80,
).map(lambda items: list({(e, y): row(e, m, s, z, y) for e, m, s, z, y in items}.values()))


def groups(released):
    out = defaultdict(list)
    for r in released:
        out[(r["municipality"], r["sector"], r["size"], r["year"])].append(r)
    return out


def test_nace_division_and_section():
    assert nace_division("16.10 Sågning och hyvling av trä") == "16"
    assert nace_section("16") == "C"
    assert nace_section("01") == "A" and nace_section("43") == "F" and nace_section("47") == "G"
    assert nace_division("Tillverkning") == "unknown" and nace_division("") == "unknown"
    assert nace_division("04.00 no such division") == "unknown"


def test_a_group_of_three_is_released_as_given_and_a_lone_answer_is_merged():
    rows = [row(1), row(2), row(3), row(4, sector="25.62 Metall"), row(5, sector="23.19 Glas"),
            row(6, sector="10.51 Mejeri")]
    release = anonymise(rows)
    assert release.suppressed == 0
    exact = [r for r in release.rows if r["step"] == "exact"]
    assert len(exact) == 3 and {r["sector"] for r in exact} == {"16"}
    merged = [r for r in release.rows if r["step"] != "exact"]
    assert {r["sector"] for r in merged} == {"C"}  # three divisions of manufacturing, one section
    assert release.released_at == {"exact": 3, "sector_section": 3}
    assert all("entity" not in r for r in release.rows)


def test_what_stays_below_k_is_suppressed_and_counted():
    rows = [row(1), row(2), row(3), row(4, year=2027), row(5, year=2027)]
    release = anonymise(rows)
    assert release.suppressed == 2
    assert len(release.rows) == 3 and {r["year"] for r in release.rows} == {2026}
    assert release.summary()["suppressed"] == 2


def test_groups_are_counted_by_organisation_not_by_row():
    # The same organisation twice in a group is one organisation.
    rows = [row(1), row(1), row(2)]
    assert anonymise(rows).rows == []


@given(rows_strategy, st.sampled_from([3, 4, 5]))
def test_every_released_group_has_at_least_k_organisations(rows, k):
    entity_of = {}
    tagged = []
    for i, r in enumerate(rows):
        entity_of[i] = r["entity"]
        tagged.append({**r, "tag": i})
    release = anonymise(tagged, k=k)
    assert len(release.rows) + release.suppressed == len(rows)
    assert sum(release.released_at.values()) == len(release.rows)
    for members in groups(release.rows).values():
        assert len({entity_of[r["tag"]] for r in members}) >= k
    # every released row is a generalisation of its own input row
    for r in release.rows:
        original = tagged[r["tag"]]
        assert any(generalise(original, step) == (r["municipality"], r["sector"], r["size"], r["year"])
                   for step in range(7))


@given(rows_strategy, st.sampled_from(["municipality", "sector", "size", "year"]))
def test_no_breakdown_bucket_or_cell_describes_fewer_than_k(rows, by):
    release = anonymise([{**r, "flag": r["entity"] % 3 == 0} for r in rows])
    table = breakdown(release.rows, by, ["flag"], lambda r, item: r[item])
    for bucket in table:
        assert bucket["answers"] >= K
        n = bucket["cells"]["flag"]
        assert n is None or n == 0 or n >= K


def test_a_cell_of_one_or_two_is_hidden():
    release = anonymise([row(i, flag=i < 2) for i in range(5)])
    [bucket] = breakdown(release.rows, "municipality", ["flag"], lambda r, item: r[item])
    assert bucket["answers"] == 5 and bucket["cells"]["flag"] is None


def test_bands():
    assert [band(n) for n in (0, 1, 2, 3, 5, 6, 40)] == ["0", "1-2", "1-2", "3-5", "3-5", "6+", "6+"]


def test_k_below_two_is_refused():
    with pytest.raises(ValueError):
        anonymise([], k=1)


# -- the scrubber ------------------------------------------------------------------------------------

SCRUB = Scrubber(names=["Ekbergs Snickeri AB", "Anna Karlsson", "Per Lind", "Kontakt Person"],
                 places=["Huskvarna", "Bankeryd", "Jönköping"], keep=["Jönköping", "Aneby"])


@pytest.mark.parametrize("text, gone", [
    ("Vi köper av Ekbergs Snickeri AB.", "Ekbergs"),
    ("vi köper av ekbergs snickeri.", "ekbergs"),
    ("Prata med Anna Karlsson om saken", "Karlsson"),
    ("Anna vet mer", "Anna"),
    ("Ring 070-123 45 67", "123"),
    ("Ring +46 36 12 34 56", "46 36"),
    ("Skriv till anna.k@foretag.se", "@"),
    ("Org.nr 556677-8899", "556677"),
    ("Vi sitter på Storgatan 12", "Storgatan"),
    ("Lokalen ligger i Huskvarna", "Huskvarna"),
    ("Se www.ekbergs.se", "www"),
])
def test_scrubber_removes(text, gone):
    assert gone.lower() not in SCRUB.scrub(text).lower()


def test_scrubber_keeps_municipalities_and_ordinary_words():
    text = "Vi i Jönköping och Aneby delar lokaler och energi med andra företag."
    assert SCRUB.scrub(text) == text


_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ", min_size=3,
                max_size=10)


@given(st.lists(st.tuples(_name, _name), min_size=1, max_size=5), st.lists(st.sampled_from(
    ["vi", "samarbetar", "med", "och", "i", "år", "köper", "av", ",", "."]), max_size=8))
def test_no_name_given_survives_in_any_text(people, filler):
    names = [f"{a.capitalize()} {b.capitalize()}" for a, b in people]
    scrubber = Scrubber(names=names)
    text = " ".join(filler[: len(filler) // 2] + [n for n in names] + [n.upper() for n in names]
                    + filler[len(filler) // 2:])
    out = scrubber.scrub(text).casefold()
    for name in names:
        assert name.casefold() not in out


def test_an_export_workbook_has_its_sheets_and_neutralised_cells():
    import io

    from openpyxl import load_workbook

    from siru_exchange.services import spreadsheets

    data = spreadsheets.write_xlsx_sheets([("answers", ["respondent", "text"], [["R-1", "=HYPERLINK(1)"]]),
                                           ("about", ["key", "value"], [["k", 3]])])
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["answers", "about"]
    assert list(book["answers"].iter_rows(values_only=True))[1] == ("R-1", "'=HYPERLINK(1)")
    assert list(book["about"].iter_rows(values_only=True))[1] == ("k", 3)
