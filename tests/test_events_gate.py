"""The event coder's quality gate: the real geoparser and coder on tests/gold/events.jsonl, against the floors in
tests/gold/events_floors.json, and proof that the rules that matter are what holds the scores up: each one,
switched off through CoderOptions, drops its metric."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from geo.evaluate.events import EventScores, evaluate_events, keyword_baseline, load_events_gold, rules_coder, select
from geo.events.coder import CoderOptions
from geo.geoparse.parser import parse
from tests.conftest import REPO_ROOT

FLOORS = json.loads((REPO_ROOT / "tests" / "gold" / "events_floors.json").read_text(encoding="utf-8"))
SETS = {"dev": ("dev", None), "test": ("test", None), "test English": ("test", "en"), "test French": ("test", "fr")}


@lru_cache(maxsize=None)
def scores(name: str, options: CoderOptions = CoderOptions()) -> EventScores:
    half, lang = SETS[name]
    return evaluate_events(select(load_events_gold(), half, lang), parse, rules_coder(options))


@pytest.mark.parametrize("name", list(FLOORS["floors"]))
def test_scores_stay_above_their_floors(name: str) -> None:
    summary = scores(name).summary()
    for metric, floor in FLOORS["floors"][name].items():
        value = summary[metric]
        assert value is not None and value >= floor - FLOORS["tolerance"], f"{name} {metric}: {value} < {floor}"


def test_the_halves_are_fixed_and_about_even() -> None:
    passages = load_events_gold()
    dev = select(passages, "dev")
    assert 0.4 < len(dev) / len(passages) < 0.6
    assert len(passages) == 273 and len({p.id for p in passages}) == 273


def test_rules_beat_the_keyword_baseline() -> None:
    dev = select(load_events_gold(), "dev")
    baseline = evaluate_events(dev, parse, keyword_baseline)
    rules = scores("dev")
    assert rules.detection.f1 > baseline.detection.f1 + 0.03
    assert rules.macro_f1 > baseline.macro_f1 + 0.1
    assert rules.place_choice.value > baseline.place_choice.value + 0.1


def test_french_is_within_five_points_of_english() -> None:
    english, french = scores("test English"), scores("test French")
    assert abs(english.detection.f1 - french.detection.f1) <= 0.05
    assert abs(english.macro_f1 - french.macro_f1) <= 0.05


def test_switching_off_negation_and_modality_lets_hard_negatives_through() -> None:
    on, off = scores("dev"), scores("dev", CoderOptions(modality=False))
    assert off.detection.precision < on.detection.precision - 0.1


def test_switching_off_the_place_rule_drops_place_choice() -> None:
    on, off = scores("dev"), scores("dev", CoderOptions(place_rule=False))
    assert off.place_choice.value < on.place_choice.value - 0.1


def test_switching_off_the_type_rules_drops_macro_f1() -> None:
    on, off = scores("dev"), scores("dev", CoderOptions(type_rules=False))
    assert off.macro_f1 < on.macro_f1 - 0.05


def test_switching_off_second_events_drops_recall() -> None:
    on, off = scores("dev"), scores("dev", CoderOptions(second_events=False))
    assert off.detection.recall < on.detection.recall - 0.03
