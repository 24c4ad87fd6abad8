"""`flask match-file`: a broker's workshop spreadsheet in, one JSON object out; a bad row exits 2."""
import json

import pytest

CSV = (
    "id,kind,organisation,title,description,class,municipality,lat,lon,quantity,unit,frequency\n"
    "o1,offer,Eksjö Såg,Kutterspån,Torrt kutterspån från hyvleriet,,0686,,,2,m3,weekly\n"
    "o2,offer,Gnosjö Gjuteri,Överskottsvärme,Spillvärme från ugnarna,surplus_heat,Gnosjö,,,,,continuous\n"
    "n1,need,Tranås Växthus,Fuel for our boiler,"
    "We need something to burn in the greenhouse boiler,,0687,,,3,m3,weekly\n"
    "n2,need,Gnosjö Fisk,Värme till fiskodlingen,"
    "Vi behöver värma vattnet i bassängerna,,0617,57.36,13.74,,,continuous\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_gives_pairs_assignment_and_cycles(runner, tmp_path):
    result = runner.invoke(args=["match-file", write(tmp_path, "workshop.csv", CSV), "--top", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"pairs", "assignment", "cycles"}
    pairs = {(p["offer"], p["need"]) for p in report["pairs"]}
    assert ("o1", "n1") in pairs                      # kutterspån found by "fuel for our boiler"
    assert ("o2", "n2") in pairs
    assert len(pairs) == len(report["pairs"])         # no duplicates
    scores = [p["score"] for p in report["pairs"]]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 and p["reasons"] for s, p in zip(scores, report["pairs"], strict=True))
    offers = [a["offer"] for a in report["assignment"]]
    assert len(offers) == len(set(offers))            # one-to-one
    assert {"offer": "o1", "need": "n1"} in report["assignment"]


def test_json_input_is_read_the_same_way(runner, tmp_path):
    rows = [
        {"id": 1, "kind": "offer", "organisation": "A", "title": "Sawdust, dry",
         "description": "weekly sawdust"},
        {"id": 2, "kind": "need", "organisation": "B", "title": "Bränsle till pannan"},
    ]
    result = runner.invoke(args=["match-file", write(tmp_path, "w.json", json.dumps(rows))])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["pairs"][0]["offer"] == 1


@pytest.mark.parametrize("bad, row, field", [
    ("o3,gift,X,Title,,,,,,,,", 3, "kind"),
    ("o3,offer,X,,,,,,,,,", 3, "title"),
    ("o3,offer,X,Title,,unobtainium,,,,,,", 3, "class"),
    ("o3,offer,X,Title,,,Narnia,,,,,", 3, "municipality"),
    ("o3,offer,X,Title,,,,,,-5,kg,", 3, "quantity"),
    ("o3,offer,X,Title,,,,95,14,,,", 3, "lat"),
    ("o1,offer,X,Title,,,,,,,,", 3, "id"),
    ("o3,offer,X,Title,,,,,,,,sometimes", 3, "frequency"),
])
def test_a_bad_row_exits_2_naming_row_and_field_and_prints_no_result(runner, tmp_path, bad, row, field):
    lines = CSV.strip().splitlines()
    text = "\n".join(lines[:3] + [bad] + lines[3:]) + "\n"
    result = runner.invoke(args=["match-file", write(tmp_path, "bad.csv", text)])
    assert result.exit_code == 2
    assert f"rad {row}" in result.output and f"fält ”{field}”" in result.output
    assert "pairs" not in result.output


def test_missing_required_column_and_wrong_file_type(runner, tmp_path):
    result = runner.invoke(args=["match-file", write(tmp_path, "x.csv", "id,kind,title\n1,offer,A\n")])
    assert result.exit_code == 2 and "organisation" in result.output
    result = runner.invoke(args=["match-file", write(tmp_path, "x.xlsx", "binary")])
    assert result.exit_code == 2
    result = runner.invoke(args=["match-file", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2
    result = runner.invoke(args=["match-file", write(tmp_path, "x.json", "{not json")])
    assert result.exit_code == 2 and "JSON" in result.output


def test_messages_in_english_when_the_shell_is_english(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SIRU_LANG", "en")
    result = runner.invoke(args=["match-file", write(tmp_path, "bad.csv", CSV + "o9,gift,X,T,,,,,,,,\n")])
    assert result.exit_code == 2
    assert "row 5" in result.output and "field “kind”" in result.output
