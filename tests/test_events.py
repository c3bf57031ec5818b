"""Unit tests of the event coder's parts (geo/events) and of `python -m geo events`: real components, no mocks."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.events.actors import find_actors, resolve_ids
from geo.events.coder import CoderOptions, code_article
from geo.events.dates import event_date
from geo.events.fatalities import count_fatalities
from geo.events.lexicon import EVENTS_DIR, actor_names, cues, triggers
from geo.events.merge import merge_events
from geo.events.modality import modality
from geo.events.places import choose
from geo.events.table import COLUMNS, events_table
from geo.text.readers import article_from_text

PUBLISHED = date(2024, 6, 12)  # a Wednesday


def coded(text: str, published: date | None = PUBLISHED, **options: object):
    article = article_from_text(text, title="t", date=published)
    return code_article(article, options=CoderOptions(**options))


@pytest.mark.parametrize("name", ["triggers.csv", "modality.csv", "actors.csv"])
def test_every_data_row_carries_a_source(name: str) -> None:
    with (EVENTS_DIR / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row.get("source", "").strip() for row in rows), name
    assert all(None not in row for row in rows), f"{name}: a row has more cells than the header (quote it)"
    assert (EVENTS_DIR / "SOURCES.md").read_text(encoding="utf-8").count("ACLED Codebook")


def test_the_lexicons_load() -> None:
    assert len(triggers()) > 80 and len(cues()) > 20 and len(actor_names()) > 300
    assert {t.type for t in triggers()} == {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                             "Protests", "Riots", "Strategic developments"}


@pytest.mark.parametrize("text, expected", [
    ("Gunmen attacked the village on Saturday, officials said.", "2024-06-08"),
    ("Des hommes armés ont attaqué le village samedi.", "2024-06-08"),
    ("Des hommes armés ont attaqué le village dans la nuit de samedi à dimanche.", "2024-06-08"),
    ("Soldiers were ambushed yesterday.", "2024-06-11"),
    ("L'attaque a eu lieu le 16 septembre.", "2023-09-16"),
    ("Fighting went on last week.", None),
    ("Des combats ont eu lieu la semaine dernière.", None),
    ("Militants attacked the town, the army said on Monday.", None),  # the statement's date, not the event's
    ("Militants attacked the town.", None),  # never the publication date for want of one
])
def test_dates_are_relative_to_publication(text: str, expected: str | None) -> None:
    assert event_date(text, PUBLISHED).iso == expected


@pytest.mark.parametrize("text, count", [
    ("Gunmen killed at least twenty-three villagers.", 23),
    ("L'attaque a fait une dizaine de morts.", 10),
    ("Une cinquantaine de personnes ont été tuées, dont 12 enfants.", 50),
    ("Des dizaines de morts ont été signalés.", None),
    ("The blast wounded four soldiers.", None),
    ("The attack caused no casualties.", 0),
])
def test_fatalities_keep_their_wording(text: str, count: int | None) -> None:
    found = count_fatalities(text)
    assert found.count == count
    if count:
        assert found.text and found.text in text


@pytest.mark.parametrize("text", [
    "The army denied that soldiers killed civilians in Djibo.",
    "JNIM threatened to attack Boni if the army stayed.",
    "Le JNIM menace d'attaquer Boni.",
    "Troops could withdraw from Gao next month.",
    "L'armée a démenti toute attaque contre des civils à Djibo.",
    "The protest planned for Saturday in Niamey was banned.",
    "No attack was reported in Ménaka on Sunday.",
])
def test_hard_negatives_are_not_events(text: str) -> None:
    assert coded(text) == []


def test_a_cue_reaches_only_what_follows_it() -> None:
    assert modality("Soldiers killed civilians, the army said.", 9, 15).factor == 1.0
    assert modality("They denied that soldiers killed civilians.", 27, 33).factor == 0.0


def test_types_follow_who_was_hit() -> None:
    [battle] = coded("Jihadists attacked a military camp in Boni on Sunday.")
    [massacre] = coded("Jihadists attacked villagers in Solhan on Sunday.")
    assert (battle.type, battle.subtype) == ("Battles", "Armed clash")
    assert (massacre.type, massacre.subtype) == ("Violence against civilians", "Attack")


def test_two_acts_are_two_events() -> None:
    events = coded("Militants killed four villagers and abducted the imam near Tin-Akoff on Sunday.")
    assert [e.subtype for e in events] == ["Attack", "Abduction/forced disappearance"]
    assert events[0].fatalities == 4 and events[1].fatalities is None


@pytest.mark.parametrize("sentence, named, expected", [
    ("Gunmen from Mali attacked Inates on Tuesday.", [("Mali", "country"), ("Inates", "village")], 1),
    ("Une mine a explosé à Boni, à 30 km de Hombori.", [("Boni", "town"), ("Hombori", "town")], 0),
    ("A mine exploded 30 km from Hombori near Boni.", [("Hombori", "town"), ("Boni", "town")], 1),
    ("Un car reliant Gao à Ansongo a sauté sur une mine près de Kobé.",
     [("Gao", "city"), ("Ansongo", "town"), ("Kobé", "village")], 2),
    ("Clashes in Inates, in Niger's Tillabéri region.", [("Inates", "village"), ("Niger", "country"),
                                                        ("Tillabéri", "region")], 0),
])
def test_place_choice_rules(sentence: str, named: list[tuple[str, str]], expected: int) -> None:
    assert choose(sentence, named)[0] == expected


def test_the_place_is_the_geoparsers_mention_never_the_dateline() -> None:
    [event] = coded("NIAMEY (AFP) - Jihadists attacked the army post in Ayorou on Friday.")
    assert event.place is not None and event.place.surface == "Ayorou" and event.place.lat is not None
    assert event.date == "2024-06-07"


def test_actors_in_english_and_french_and_generic_wording() -> None:
    assert [hit.id for hit in find_actors("Les FAMa et Wagner ont repoussé le GSIM.")] == ["MLI-FORCES", "WAGNER",
                                                                                       "JNIM"]
    assert resolve_ids(find_actors("L'armée a riposté."), "BFA") == ("BFA-FORCES",)
    [event] = coded("The army repelled an Islamic State attack on its position in Tillia on Wednesday.")
    assert {"NER-FORCES", "IS-SAHEL"} <= set(event.actors)


def test_the_same_event_in_two_articles_is_merged_with_both_sources() -> None:
    one = code_article(article_from_text("Gunmen killed 12 villagers in Solhan on Saturday.", "a", PUBLISHED))
    two = code_article(article_from_text("Armed men killed twelve civilians in Solhan on Saturday.", "b",
                                         date(2024, 6, 11)))
    other = code_article(article_from_text("Gunmen killed 3 villagers in Solhan on 1 May.", "c", PUBLISHED))
    merged = merge_events(one + two + other)
    assert len(merged) == 2
    assert set(merged[0].sources) == {one[0].article, two[0].article}


def test_the_table_has_the_integration_columns() -> None:
    table = events_table([article_from_text("Gunmen killed 12 villagers in Solhan on Saturday.", "t", PUBLISHED)])
    assert list(table.columns) == [*COLUMNS, "geometry"] and len(table) == 1
    assert table.crs.to_epsg() == 4326 and not table.geometry.iloc[0].is_empty


def _jsonl(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_cli_jsonl_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _jsonl(tmp_path, [{"id": "a1", "date": "2024-06-12",
                              "text": "Gunmen killed 12 villagers in Solhan on Saturday."}])
    assert main(["events", "--input-jsonl", str(path)]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for key in ("article", "start", "end", "sentence", "type", "subtype", "places", "actors", "date",
                "fatalities", "confidence", "sources"):
        assert key in record
    assert record["date"] == "2024-06-08" and record["places"][0]["name"] == "Solhan"


def test_cli_csv_is_formula_safe(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [{"id": "=cmd", "text": "=Gunmen killed 12 villagers in Solhan on Saturday."}])
    out = tmp_path / "events.csv"
    assert main(["events", "--input-jsonl", str(path), "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["article"] == "'=cmd" and rows[0]["sentence"].startswith("'=")


def test_cli_geojson(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _jsonl(tmp_path, [{"id": "a", "text": "Jihadists attacked a military camp in Boni."}])
    assert main(["events", "--input-jsonl", str(path), "--format", "geojson"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["features"][0]["properties"]["type"] == "Battles"


@pytest.mark.parametrize("args", [["events"], ["events", "--input-jsonl", "/no/such/file.jsonl"],
                                  ["events", "/no/such/folder"]])
def test_cli_bad_input_exits_2_with_a_message(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err


def test_cli_bad_jsonl_lines_are_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('not json\n{"id": 3}\n', encoding="utf-8")
    assert main(["events", "--input-jsonl", str(path)]) == 2
    assert "skipped" in capsys.readouterr().err


def test_the_bundled_articles_have_events() -> None:
    from geo.resources import DATA_DIR
    from geo.text.readers import load_corpus

    articles, _ = load_corpus([DATA_DIR / "articles"])
    table = events_table(articles)
    assert len(table) >= 5 and table["type"].isin(["Strategic developments"]).any()
