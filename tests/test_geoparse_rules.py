"""One decisive sentence per recognition rule of the geoparser (our own text, not benchmark text).

Each rule, switched off (its word list emptied), changes the answer to its sentence: the test names the rule,
so a red test says which rule broke.  The benchmark floors (tests/test_quality_gate.py) guard the rules whose
effect shows at corpus scale; these guard the ones that decide single, common cases.
"""

from __future__ import annotations

import pytest

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
