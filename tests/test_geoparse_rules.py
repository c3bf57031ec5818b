"""One decisive sentence per recognition rule of the geoparser (our own text, not benchmark text).

Each rule, switched off (its word list emptied), changes the answer to its sentence: the test names the rule,
so a red test says which rule broke.  The benchmark floors (tests/test_quality_gate.py) guard the rules whose
effect shows at corpus scale; these guard the ones that decide single, common cases.
"""

from __future__ import annotations

import pytest

from geo.geoparse import rules
from geo.geoparse.parser import parse


def places(text: str) -> list[tuple[str, int]]:
    return [(m.surface, m.start) for m in parse(text) if m.kind == "place" and m.resolved]


@pytest.mark.parametrize(("rule", "text", "expected"), [
    # COMMON_WORD_PLACES: a place name that is also a common word or first name, opening a sentence.
    ("COMMON_WORD_PLACES", "Florence said the convoy had left before dawn.", []),
    ("COMMON_WORD_PLACES", "Bar owners in Niamey closed early.", [("Niamey", 14)]),
    # LOCATIVE_PREPOSITIONS: "to Eden" reads as a place even where the same word opening a sentence does not.
    ("LOCATIVE_PREPOSITIONS", "Eden is quiet; they fled to Eden.", [("Eden", 28)]),
    # ORGANISATION_HEADS: a place name inside the name of an agreement or body.
    ("ORGANISATION_HEADS", "The Bamako Agreement was signed in 2015.", []),
    # PERSON_TITLES and PERSON_ROLES: a title or a role before a name makes it a person.
    ("PERSON_TITLES", "General Kaya said the army would hold.", []),
    ("PERSON_TITLES", "Gen. Dori arrived in Niamey.", [("Niamey", 21)]),
    ("PERSON_ROLES", "The analyst Timbuktu Jones said nothing.", []),
    # SPEECH_VERBS: a verb of saying, then a first and a last name.
    ("SPEECH_VERBS", "\"We left,\" told Gao Diallo.", []),
])
def test_each_rule_decides_its_sentence(rule: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert places(text) == expected, rule


# --- French rules (issue 11, section 4): one sentence each, our own text ------------------------------------

def all_places(text: str, parser=parse) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Every place mention, resolved or not (a name the gazetteer lacks must still be listed)."""
    return [(m.surface, m.start) for m in parser(text) if m.kind == "place"]


def organisations(text: str, parser=parse) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.surface for m in parser(text) if m.kind == "organisation"]


# Names that no gazetteer lists (made up for these tests): they can only be found by a French cue.
FRENCH_RULES = [
    # LEADING_FEATURE_GENERICS: the lower-case French generic is a cue, not part of the river's name.
    ("LEADING_FEATURE_GENERICS", all_places, "Des pirogues descendent le fleuve Niger de nuit.", [("Niger", 34)]),
    # FRENCH_PLACE_INTRODUCERS: "à" before a capitalised word the gazetteer lacks: listed, unresolved.
    ("FRENCH_PLACE_INTRODUCERS", all_places, "Douze civils ont été tués dimanche à Sindoubaré, selon un élu.",
     [("Sindoubaré", 37)]),
    # FRENCH_PLACE_COORDINATORS: "X et Y" where X is a place: Y continues the list.
    ("FRENCH_PLACE_COORDINATORS", all_places, "Les convois passent par Bourzanga et Kourmakoye, escortés.",
     [("Bourzanga", 24), ("Kourmakoye", 37)]),
    # WORD_ACRONYMS: "D'UN" in a headline is the French word, not the United Nations.
    ("WORD_ACRONYMS", organisations, "LA MORT D'UN CHEF À GAO", []),
    # LOCATIVE_PREPOSITIONS: a three-letter name in capitals counts after a preposition ("DE GAO").
    ("LOCATIVE_PREPOSITIONS", all_places, "LE CONVOI DE GAO ATTAQUÉ", [("GAO", 13)]),
    # REGION_CUES: a region cue lets a never-place word be the region it names ("la région de l'Est").
    ("REGION_CUES", all_places, "Le gouverneur de la région de l'Est est arrivé.", [("Est", 32)]),
]


@pytest.mark.parametrize(("rule", "view", "text", "expected"), FRENCH_RULES, ids=[r[0] for r in FRENCH_RULES])
def test_each_french_rule_decides_its_sentence(rule, view, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert view(text) == expected, rule


@pytest.mark.parametrize(("rule", "view", "text", "expected"), FRENCH_RULES, ids=[r[0] for r in FRENCH_RULES])
def test_emptying_each_french_rule_changes_its_sentence(rule, view, text, expected,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.geoparse import cues
    from geo.geoparse.gazetteer import default_gazetteer
    from geo.geoparse.parser import Geoparser

    monkeypatch.setattr(cues, rule, frozenset())
    switched_off = Geoparser(default_gazetteer())  # a fresh one: some lists are compiled into automata
    assert view(text, switched_off.parse) != expected, f"{rule} emptied, yet the sentence is unchanged"


def test_french_introducers_leave_persons_acronyms_and_english_articles_alone() -> None:
    assert all_places("Il a rendu hommage à Salif Kourmakoye.") == []  # two capitalised words: a person
    assert all_places("Selon une source citée par l'AFP et à l'ONU.") == []
    assert all_places("She lived in a Kourmakoye house.") == []  # English "a" is no "à"


def test_a_settlement_cue_rules_out_a_river_of_that_name() -> None:
    from geo.geoparse.parser import parse

    village = [m for m in parse("Des hommes armés ont attaqué le village de Bani, près de Dori.") if m.surface == "Bani"]
    river = [m for m in parse("Le fleuve Bani a débordé à Mopti.") if m.surface == "Bani"]
    assert village[0].entry is None or village[0].entry.feature not in ("river", "lake", "sea")
    assert river[0].entry is not None and river[0].entry.feature == "river"


@pytest.mark.parametrize("text, surface, is_place", [
    ("The gift came from Sidney Johnson, a neighbour.", "Sidney", False),  # a given name and a surname
    ("The delegation arrives in Lagos April 4 for the forum.", "Lagos", True),  # a month is no surname
    ("Gunmen attacked Kaya Friday night.", "Kaya", True),
    ("Flights resumed at Niamey Diori Hamani on Monday.", "Niamey", True),  # a capital is spared
])
def test_first_of_two_names(text: str, surface: str, is_place: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """rules._first_of_two_names: a small place's name followed by one unknown capitalised word is the first
    word of a longer name; switched off, "Sidney" comes back as a place."""
    assert (surface in [m.surface for m in parse(text) if m.kind == "place"]) is is_place
    if not is_place:
        monkeypatch.setattr(rules, "RULES", tuple(r for r in rules.RULES if r.name != "first-of-two-names"))
        assert surface in [m.surface for m in parse(text) if m.kind == "place"]
