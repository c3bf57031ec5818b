"""Unit tests of the event coder's parts (geo/events) and of `python -m geo events`: real components, no mocks."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
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
    "France announced the withdrawal of its troops from Mali on Thursday.",
    "Le président a annoncé le retrait des troupes françaises du Niger.",
    "French troops are due to complete their withdrawal from Niger by December.",
    "Les troupes françaises doivent achever leur retrait du Niger en décembre.",
    "French troops are to complete their withdrawal from Niger by December.",
    "Les troupes devront achever leur retrait en décembre.",
    "Since January, jihadists have killed more than 300 civilians in the region.",
    "Depuis janvier, les jihadistes ont tué plus de 300 civils dans la région.",
    "So far this year, jihadists have killed 300 civilians in the region.",
    "Ces derniers mois, les jihadistes ont tué plus de 300 civils dans la région.",
    "Jihadist violence has killed thousands of people across the Sahel.",
    "Les violences jihadistes ont fait des milliers de morts au Sahel.",
    "The convoy was not attacked, officials said.",
    "Il n'y a pas eu d'attaque à Djibo lundi.",
    "A court in Bamako sentenced two jihadists on Monday for the attack on the Radisson hotel.",
    "Le procès des auteurs de l'attaque du Radisson s'est ouvert lundi à Bamako.",
    "The 2015 attack on the Radisson hotel is still remembered in Bamako.",
    "Jihadists attacked a military post in Djibo on Monday, according to unconfirmed rumours.",
    "Des jihadistes auraient attaqué un poste militaire à Djibo lundi, selon des rumeurs.",
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


# -- general rules and lexicon entries (each test fails when its rule or words are switched off) ------------------

@pytest.mark.parametrize("text, expected", [
    ("Gunmen targeted a military post in Djibo on Monday.", ("Battles", "Armed clash")),
    ("Des hommes armés ont pris pour cible un poste de gendarmerie à Djibo lundi.", ("Battles", "Armed clash")),
    ("Une fusillade a éclaté lundi à Djibo entre des soldats et des hommes armés.", ("Battles", "Armed clash")),
    ("Soldiers and gunmen traded fire near Djibo on Monday.", ("Battles", "Armed clash")),
    ("L'armée a repris mardi le contrôle de Kidal.", ("Battles", "Government regains territory")),
    ("They killed twenty insurgents near Djibo on Monday.", ("Battles", "Armed clash")),
    ("Ils ont tué vingt terroristes près de Djibo lundi.", ("Battles", "Armed clash")),
    ("Gunmen hacked three farmers to death near Djibo on Monday.", ("Violence against civilians", "Attack")),
    ("Two girls were snatched from their school near Djibo on Monday.",
     ("Violence against civilians", "Abduction/forced disappearance")),
    ("Gunmen attacked a gold mine near Djibo on Monday.", ("Violence against civilians", "Attack")),
    ("Des hommes armés ont attaqué lundi une mine d'or près de Djibo.", ("Violence against civilians", "Attack")),
    ("Une bombe a explosé lundi au marché de Gao.", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("Des bombardements ont visé lundi des positions jihadistes près de Gao.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("Des centaines de femmes ont marché samedi à Kaya pour réclamer la libération de leurs maris.",
     ("Protests", "Peaceful protest")),
    ("Des partisans de la junte se sont rassemblés dimanche devant l'ambassade de France à Niamey.",
     ("Protests", "Peaceful protest")),
    ("Hundreds of supporters gathered in Niamey on Sunday to denounce the sanctions.", ("Protests", "Peaceful protest")),
    ("A defence agreement was signed in Niamey on Monday.", ("Strategic developments", "Agreement")),
    ("Un accord de défense a été signé lundi à Niamey.", ("Strategic developments", "Agreement")),
    ("Les ministres ont procédé mardi à Bamako à la signature d'un protocole d'accord.",
     ("Strategic developments", "Agreement")),
    ("The government and the rebels agreed to a ceasefire in Kidal on Sunday.", ("Strategic developments", "Agreement")),
    ("Le gouvernement et les rebelles se sont accordés samedi sur un cessez-le-feu à Kidal.",
     ("Strategic developments", "Agreement")),
    ("The last German soldiers left Gao on Friday.", ("Strategic developments", "Change to group/activity")),
    ("The arrival of Russian instructors in Bamako was confirmed on Friday.",
     ("Strategic developments", "Change to group/activity")),
    ("Les militaires ont évacué le camp de Ber lundi.", ("Strategic developments", "Change to group/activity")),
    ("Armed men stole hundreds of cattle near Tillabéri on Monday.",
     ("Strategic developments", "Looting/property destruction")),
    ("Des hommes armés ont enlevé des centaines de têtes de bétail près de Tillabéri lundi.",
     ("Strategic developments", "Looting/property destruction")),
    ("Le JNIM a libéré samedi deux otages italiens près de Kidal.", ("Strategic developments", "Other")),
    ("JNIM secured the release of two hostages near Kidal on Saturday.", ("Strategic developments", "Other")),
    ("Gunmen killed five villagers in Djibo on 3 March.", ("Violence against civilians", "Attack")),  # no march
    ("The army released a statement on Monday saying soldiers had killed 20 militants near Djibo.",
     ("Battles", "Armed clash")),  # a statement released is no hostage released
])
def test_general_wording_decides_the_type(text: str, expected: tuple[str, str]) -> None:
    events = coded(text)
    assert events and (events[0].type, events[0].subtype) == expected, [(e.type, e.subtype) for e in events]


def test_an_english_mine_is_struck_or_run_over() -> None:
    article = replace(article_from_text("A truck ran over a mine near Djibo on Monday.", title="t", date=PUBLISHED),
                      language="en")  # English only: the French "mine" is not looked for
    assert [e.subtype for e in code_article(article)] == ["Remote explosive/landmine/IED"]


def test_modality_cues_that_must_not_cancel() -> None:
    [reported] = coded("Jihadists reportedly attacked a military post in Djibo on Monday.")
    assert 0.3 <= reported.confidence < 0.7  # lowered, like "allegedly" and "aurait", not cancelled
    assert len(coded("In late May, gunmen killed 20 villagers in Djibo.")) == 1  # the month, not the modal
    assert len(coded("It was not clear who attacked the camp in Djibo on Monday.")) == 1
    # "hours after": one episode, both acts coded; "the following day" dates, it is no background
    assert len(coded("Tuareg rebels took over the UN camp in Kidal hours after the last peacekeepers pulled out "
                     "on Tuesday.")) == 2
    sequence = coded("Police arrested two activists in Bamako on Sunday; the following day hundreds of people "
                     "marched in the capital.")
    assert [e.subtype for e in sequence] == ["Arrests", "Peaceful protest"]
    [party] = coded("Des centaines de personnes ont fêté mardi à Bamako le départ du président.")
    assert party.type == "Protests"  # the departure celebrated is the topic, not an event
    [crowd] = coded("Crowds celebrated in Niamey on Saturday the departure of the last French troops.")
    assert crowd.type == "Protests"
    assert len(coded("Les rebelles ont pris possession du camp de Kidal quelques heures après le départ des Casques "
                     "bleus mardi.")) == 2


def test_actor_roles() -> None:
    [attack] = coded("Gunmen killed five villagers near Djibo on Monday, police said.")
    assert "POLICE" not in attack.actors  # the source of the report is no side
    [rally] = coded("Thousands of people rallied in Bamako on Friday to support the junta.")
    assert rally.actors == ("PROTESTERS",)
    [dispersed] = coded("Police fired tear gas to disperse residents protesting in Kaya on Monday.")
    assert dispersed.actors == ("PROTESTERS", "POLICE")
    [looting] = coded("Des hommes armés ont emporté des centaines de têtes de bétail à Tin-Akoff mardi.")
    assert looting.actors == ("UNKNOWN-ARMED", "CIVILIANS")
    [mob] = coded("A crowd beat a suspected thief to death in Bobo-Dioulasso on Sunday.")
    assert mob.actors == ("PROTESTERS", "CIVILIANS") and mob.fatalities == 1


@pytest.mark.parametrize("text, expected", [
    ("Daech et Al-Qaïda", ["IS-SAHEL", "JNIM"]),
    ("des bandits armés et des HANI", ["UNKNOWN-ARMED", "UNKNOWN-ARMED"]),
    ("les éléments du BIR et la Garde nationale du Niger", ["BFA-FORCES", "NER-FORCES"]),
    ("MNLA fighters and foreign military personnel", ["CSP-FLA", "WAGNER"]),
    ("des orpailleurs et des élèves", ["CIVILIANS", "CIVILIANS"]),
])
def test_more_actor_names(text: str, expected: list[str]) -> None:
    assert [hit.id for hit in find_actors(text)] == expected


@pytest.mark.parametrize("text, count", [
    ("Militants executed twelve villagers.", 12),
    ("Twelve villagers were massacred.", 12),
    ("Deux soldats ont perdu la vie.", 2),
    ("Two suspected thieves were lynched in Gao.", 2),
    ("Un voleur présumé a été lynché à mort.", 1),
    ("A crowd beat a suspected motorbike thief to death.", 1),
])
def test_more_ways_of_stating_deaths(text: str, count: int) -> None:
    assert count_fatalities(text).count == count


def test_a_vessel_named_after_a_town_is_no_place() -> None:
    sentence = "Une attaque contre le bateau Tombouctou sur le fleuve Niger, près de Gourma-Rharous, a fait 49 morts."
    assert choose(sentence, [("Tombouctou", "town"), ("Gourma-Rharous", "town")]) == (1, "most-specific")


# -- speed without a changed result: the gates and indexes hide no match -------------------------------------------

TRAPS = ["ſoldiers attacked İnates on Monday, killing 12 villagers.", "Des hommes armés ont attaqué Dırkou le 12 mars.",
         "A12 mars, 3 killed; ٣ soldats tués le ٣ mars.", "attacked.attacked,attack-ed killedkilled killed"]


def _texts() -> list[str]:
    from geo.evaluate.events import load_events_gold

    return [passage.text for passage in load_events_gold()[::3]] + TRAPS


def test_the_prefilter_finds_every_match_a_full_scan_finds() -> None:
    from geo.events.coder import sentence_spans
    from geo.events.lexicon import actor_index, cue_index, trigger_index
    from geo.events.prefilter import ArticleWords, SentenceWords, matches_at

    lexicons = [(trigger_index(), [t.pattern for t in triggers()]), (cue_index(), [c.pattern for c in cues()]),
                (actor_index(), [a.pattern for a in actor_names()])]
    for text in _texts():
        article = ArticleWords(text, (trigger_index(),))
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            view = article.sentence(start, end)
            if article.quiet(start, end):
                assert not any(t.pattern.search(sentence) for t in triggers()), sentence
            for words in (view, SentenceWords(sentence)):
                for index, patterns in lexicons:
                    live, spots = words.scan(index)
                    for number, pattern in enumerate(patterns):
                        if not words.trusted and "ſ" in sentence:
                            continue  # the index reads words lowercased, as it always did ("ſ" is no "s" there)
                        found = matches_at(pattern, sentence, None if spots is None else spots.get(number))
                        expected = [m.span() for m in pattern.finditer(sentence)]
                        assert ([m.span() for m in found] if number in live else []) == expected, pattern.pattern


def test_gated_patterns_and_dates_agree_with_plain_regexes() -> None:
    from geo.events import classify, dates, fatalities, places

    gated = [classify._ARMED_TARGET, classify._CIVILIAN_TARGET, classify._PASSIVE_BEFORE, dates._STATEMENT_BEFORE,
             fatalities._SUBSET_BEFORE, places._ROUTE_START, places._BETWEEN_BEFORE,
             *(pattern for _, pattern in places._SET_ASIDE_GATED)]
    for text in _texts():
        for window in (text, text[:25], text[-40:], text[-12:]):
            for pattern in gated:
                assert bool(pattern.search(window)) == bool(pattern.pattern.search(window)), pattern.pattern.pattern
            for pattern, gate in (*fatalities._PATTERNS, (fatalities._ZERO, fatalities._ZERO_GATE)):
                assert gate.may_match(window) or not pattern.search(window)
        expected = [m.span() for m in dates._EXPRESSIONS.finditer(text)]
        assert [m.span() for _, m in dates._expressions(text)] == expected
