"""Names built on a place (geo.geoparse.compounds): streets named after a place, compass-qualified areas and US
states in AP abbreviations after a town.  Our own sentences, none from a benchmark; each rule switched off
turns its test red."""

from __future__ import annotations

import pytest

from geo.geoparse import compounds
from geo.geoparse.gazetteer import default_gazetteer
from geo.geoparse.parser import parse


def spans(text: str) -> dict[str, object]:
    return {m.surface: m for m in parse(text) if m.kind == "place"}


def admin1(mention: object) -> str:
    return default_gazetteer().get(mention.entry.entry_id).admin1  # type: ignore[attr-defined]


def test_a_town_followed_by_an_ap_state_is_the_states_namesake() -> None:
    found = spans("The convoy reached Columbus, Ga., before the storm, then went on to Seattle, Wash. by train.")
    assert admin1(found["Columbus"]) == "GA"  # not the larger Columbus, Ohio
    assert found["Ga."].entry.entry_id == "adm1:USA-georgia"  # type: ignore[attr-defined]
    assert found["Wash."].entry.entry_id == "adm1:USA-washington"  # type: ignore[attr-defined]
    assert admin1(found["Seattle"]) == "WA"


def test_an_abbreviation_alone_is_no_state() -> None:
    """Only after "Town, ": "Ill." after a comma and a town; "Mass." or "Ind." elsewhere are ordinary words."""
    assert "Mass." not in spans("Mass. was said at noon in Timbuktu.")
    assert "Ill." not in spans("He fell Ill. in Gao.")


def test_a_street_named_after_a_place_is_one_unresolved_name() -> None:
    found = spans("Police closed Malta Road and the Avenue du Mali after the march in Dakar.")
    for name, after in (("Malta Road", "Malta"), ("Avenue du Mali", "Mali")):
        mention = found[name]
        assert mention.entry is None and mention.candidates[0].name == after  # type: ignore[attr-defined]
        assert "named after" in mention.reasons[-1]  # type: ignore[attr-defined]
    assert found["Dakar"].entry is not None  # type: ignore[attr-defined]


def test_a_capitalised_compass_word_mid_sentence_is_part_of_the_areas_name() -> None:
    found = spans("Aid flights from Northern Europe landed in Niamey, while West Wales sent doctors.")
    assert found["Northern Europe"].entry.name == "Europe"  # type: ignore[attr-defined]
    assert "West Wales" in found
    opening = spans("Northern Mali was quiet on Sunday.")  # a sentence's first word: its capital proves nothing
    assert "Mali" in opening and "Northern Mali" not in opening


@pytest.mark.parametrize(("rule", "text", "expected"), [
    ("state_abbreviation", "The convoy reached Columbus, Ga., before the storm.", "Ga."),
    ("street", "Police closed Malta Road after the march.", "Malta Road"),
    ("compass", "Aid flights from Northern Europe landed in Niamey.", "Northern Europe"),
])
def test_switching_a_rule_off_loses_its_name(monkeypatch: pytest.MonkeyPatch, rule: str, text: str,
                                             expected: str) -> None:
    assert expected in spans(text)
    monkeypatch.setattr(compounds, "ENABLED", compounds.ENABLED - {rule})
    assert expected not in spans(text)
