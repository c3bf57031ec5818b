"""The hand-made gold annotation of the seed articles (tests/gold/seeds.json) is itself consistent.

These tests check the annotation file, not the geoparser: offsets still match the seed texts (whose SHA-256 is
recorded), mentions do not overlap, every place is resolvable (coordinates in range, ISO3, a gazetteer entry that
exists and agrees) and every organisation id exists. The seed texts live outside the repository
(/work/shared/seeds); without them the text-dependent tests are skipped.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from geo.geodesy import distance_km
from geo.geoparse.gazetteer import Gazetteer, default_gazetteer
from geo.resources import GAZETTEER_DIR

GOLD_PATH = Path(__file__).resolve().parent / "gold" / "seeds.json"
SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

KINDS = {"place", "demonym", "organisation"}
PLACE_FEATURES = {"country", "capital", "city", "town", "village", "region", "river", "lake", "area", "continent",
                  "base", "airport", "landmark"}
# Multi-country features: the gazetteer gives them no ISO3, so neither does the annotation.
NO_ISO3_FEATURES = {"area", "continent"}
MENTION_FIELDS = {"start", "end", "surface", "kind", "iso3", "feature", "lat", "lon", "gazetteer_id",
                  "organisation", "note"}
NOT_PLACE_FIELDS = {"start", "end", "surface", "reason"}
TOLERANCE_KM = 161.0

GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
ARTICLES = GOLD["articles"]
ARTICLE_IDS = [a["file"] for a in ARTICLES]


def seed_path(article: dict) -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not available: {SEEDS_DIR} is absent (they are not part of the repository)")
    path = SEEDS_DIR / article["file"]
    if not path.is_file():
        pytest.skip(f"seed article {path} is absent")
    return path


def seed_text(article: dict) -> str:
    return seed_path(article).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def organisation_ids() -> set[str]:
    with (GAZETTEER_DIR / "organisations.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"] for row in csv.DictReader(handle)}


# --- structure (no seed texts needed) ---------------------------------------------------------------------------

def test_five_articles_with_distinct_files() -> None:
    assert len(ARTICLES) == 5
    assert len(set(ARTICLE_IDS)) == 5
    assert GOLD["description"] and GOLD["annotator_notes"]


@pytest.mark.parametrize("article", ARTICLES, ids=ARTICLE_IDS)
def test_record_fields_and_order(article: dict) -> None:
    assert len(article["sha256"]) == 64 and int(article["sha256"], 16) >= 0
    assert article["mentions"], "every seed article mentions places"
    for mention in article["mentions"]:
        assert set(mention) == MENTION_FIELDS, mention
        assert isinstance(mention["start"], int) and isinstance(mention["end"], int)
        assert 0 <= mention["start"] < mention["end"]
        assert mention["end"] - mention["start"] == len(mention["surface"])
    for negative in article["not_places"]:
        assert set(negative) == NOT_PLACE_FIELDS, negative
        assert 0 <= negative["start"] < negative["end"]
        assert negative["end"] - negative["start"] == len(negative["surface"])
        assert negative["reason"].strip()
    starts = [m["start"] for m in article["mentions"]]
    assert starts == sorted(starts), "mentions must be sorted by start"
    starts = [n["start"] for n in article["not_places"]]
    assert starts == sorted(starts), "not_places must be sorted by start"


@pytest.mark.parametrize("article", ARTICLES, ids=ARTICLE_IDS)
def test_no_overlaps(article: dict) -> None:
    for spans in (article["mentions"], article["not_places"]):
        for before, after in zip(spans, spans[1:]):
            assert before["end"] <= after["start"], (before, after)
    # A not_place may sit inside an organisation mention ("Sahel" in "Alliance of Sahel States"), never on a place
    # or a demonym.
    for negative in article["not_places"]:
        for mention in article["mentions"]:
            overlaps = negative["start"] < mention["end"] and mention["start"] < negative["end"]
            if overlaps:
                assert mention["kind"] == "organisation", (negative, mention)
                assert mention["start"] <= negative["start"] and negative["end"] <= mention["end"]


@pytest.mark.parametrize("article", ARTICLES, ids=ARTICLE_IDS)
def test_kinds_and_resolutions(article: dict, gaz: Gazetteer, organisation_ids: set[str]) -> None:
    for m in article["mentions"]:
        assert m["kind"] in KINDS, m
        if m["kind"] == "place":
            assert m["feature"] in PLACE_FEATURES, m
            assert isinstance(m["lat"], (int, float)) and -90 <= m["lat"] <= 90, m
            assert isinstance(m["lon"], (int, float)) and -180 <= m["lon"] <= 180, m
            if m["feature"] in NO_ISO3_FEATURES:
                assert m["iso3"] is None or len(m["iso3"]) == 3, m
            else:
                assert isinstance(m["iso3"], str) and len(m["iso3"]) == 3 and m["iso3"].isupper(), m
            assert m["organisation"] is None, m
            if m["gazetteer_id"] is None:
                assert m["note"], f"a place without gazetteer entry needs a note: {m}"
        elif m["kind"] == "demonym":
            assert isinstance(m["iso3"], str) and len(m["iso3"]) == 3 and m["iso3"].isupper(), m
            assert m["organisation"] is None and m["lat"] is None and m["lon"] is None, m
        else:
            assert m["organisation"] in organisation_ids, m
            assert gaz.organisation(m["organisation"]) is not None, m
            assert gaz.organisation(m["organisation"]).id == m["organisation"], m
            assert m["iso3"] is None and m["gazetteer_id"] is None and m["lat"] is None and m["lon"] is None, m


AREAL_FEATURES = {"country", "continent", "area", "sea"}


@pytest.mark.parametrize("article", ARTICLES, ids=ARTICLE_IDS)
def test_gazetteer_ids_exist_and_agree(article: dict, gaz: Gazetteer) -> None:
    for m in article["mentions"]:
        if m["gazetteer_id"] is None:
            continue
        assert m["gazetteer_id"] in gaz, f"unknown gazetteer id: {m}"
        entry = gaz.get(m["gazetteer_id"])
        assert (entry.iso3 or None) == m["iso3"], (m, entry)
        if m["kind"] == "place":
            assert entry.feature == m["feature"], (m, entry)
            if entry.feature not in AREAL_FEATURES:  # a country's or a continent's "point" is a convention
                assert distance_km(m["lat"], m["lon"], entry.lat, entry.lon) <= TOLERANCE_KM, (m, entry)
        else:
            assert entry.feature == "country", (m, entry)


# --- against the seed texts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("article", ARTICLES, ids=ARTICLE_IDS)
def test_seed_file_unchanged(article: dict) -> None:
    digest = hashlib.sha256(seed_path(article).read_bytes()).hexdigest()
    assert digest == article["sha256"], f"{article['file']} changed since it was annotated: offsets may be stale"


@pytest.mark.parametrize("article", ARTICLES, ids=ARTICLE_IDS)
def test_offsets_match_surfaces(article: dict) -> None:
    text = seed_text(article)
    for span in article["mentions"] + article["not_places"]:
        assert span["end"] <= len(text), span
        assert text[span["start"]:span["end"]] == span["surface"], span


@pytest.mark.parametrize("article", ARTICLES, ids=ARTICLE_IDS)
def test_gold_does_not_store_article_text(article: dict) -> None:
    """Only short surfaces may be copied: no 60-character stretch of an article appears in the gold file."""
    text = seed_text(article)
    gold = GOLD_PATH.read_text(encoding="utf-8")
    window = 60
    for start in range(0, max(1, len(text) - window), 10):
        piece = text[start:start + window]
        assert piece not in gold, f"article text copied into the gold file: {piece!r}"
