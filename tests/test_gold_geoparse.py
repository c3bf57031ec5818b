"""Our own French and English gold passages (tests/gold/geoparse_{fr,en}.jsonl) are consistent with themselves and
with the gazetteer: offsets, ids, kinds, countries.  These check the annotation file, not the geoparser."""

from __future__ import annotations

import csv
import json

import pytest

from geo.evaluate.gold import DEFAULT_GEOPARSE_GOLD, GOLD_CORPORA, load_geoparse_gold
from geo.resources import GAZETTEER_DIR

LANGS = {"French gold": "fr", "English gold": "en"}


def records(label: str) -> list[dict]:
    text = DEFAULT_GEOPARSE_GOLD[label].read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def table(name: str) -> dict[str, dict[str, str]]:
    with (GAZETTEER_DIR / name).open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("label", GOLD_CORPORA)
def test_passages_are_well_formed(label: str) -> None:
    entries, organisations = table("entries.csv"), table("organisations.csv")
    passages = records(label)
    assert len({p["id"] for p in passages}) == len(passages) >= 36
    for passage in passages:
        assert passage["lang"] == LANGS[label] and passage["id"].startswith(LANGS[label] + "-")
        text, previous_end = passage["text"], 0
        for mention in passage["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["surface"], (passage["id"], mention)
            assert mention["start"] >= previous_end, (passage["id"], mention)  # sorted, no overlaps
            previous_end = mention["end"]
            kind, entry = mention["kind"], mention["entry"]
            if kind == "place":
                assert entry is None or entry in entries, (passage["id"], mention)
                assert mention["countries"] == ([entries[entry]["iso3"]] if entry and entries[entry]["iso3"] else [])
            elif kind == "demonym":
                assert entry == "ne:" + mention["countries"][0] and len(mention["countries"]) == 1
            else:
                assert kind == "organisation" and entry is None
                org = mention["organisation"]
                if org is not None:  # linked to the countries the project links it to
                    assert mention["countries"] == sorted(c for c in organisations[org]["members"].split(";") if c)
        for negative in passage.get("not_places", []):
            assert text[negative["start"]:negative["end"]] == negative["surface"] and negative["reason"]


@pytest.mark.parametrize("label", GOLD_CORPORA)
def test_loader_gives_places_their_entry_coordinates(label: str) -> None:
    docs = load_geoparse_gold(DEFAULT_GEOPARSE_GOLD[label], label)
    places = [g for d in docs for g in d.toponyms if g.type == "place"]
    assert sum(g.has_coordinates for g in places) == sum(g.gazetteer_id is not None for g in places)
    assert any(g.gazetteer_id is None for g in places), "unresolvable localities are part of the gold"
    assert sum(len(d.toponyms) for d in docs) >= 330
