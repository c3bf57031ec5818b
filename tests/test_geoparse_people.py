"""The person-name rule (geo.geoparse.people.person_name): a gazetteer name inside a person's name is not a place.

Boni is a town in Mali (and a village in Burkina Faso) and the name of Benin's former president Thomas Boni Yayi.
Our own sentences, English and French; none comes from a benchmark.
"""

from __future__ import annotations

import pytest

from geo.geoparse import rules
from geo.geoparse.parser import parse


def places(text: str) -> list[str]:
    return [m.surface for m in parse(text) if m.kind == "place"]


PERSONS = [
    # a given name right before the candidate
    "The former Beninese president Thomas Boni Yayi called for talks with Niamey.",
    "Thomas Boni Yayi called for talks with Niamey.",
    "L'ancien président béninois Thomas Boni Yayi a appelé au dialogue avec Niamey.",
    # a title right before it, in lower case ("président") or capitalised
    "Le président Boni Yayi a reçu la délégation à Niamey.",
    "Former President Boni Yayi received the delegation in Niamey.",
    "Le capitaine Boni commande le détachement de Niamey.",  # a French title (cues.PERSON_TITLES)
    # a title and one more name word ("Yayi Boni", the other order the press writes)
    "L'ancien président Yayi Boni a reçu la délégation à Niamey.",
    "The former president Yayi Boni received the delegation in Niamey.",
    # a given name that opens the sentence: no ordinary opener, never written in lower case here
    "Yayi Boni a reçu la délégation à Niamey.",
    "Yayi Boni received the delegation in Niamey.",
]


@pytest.mark.parametrize("text", PERSONS)
def test_boni_inside_a_persons_name_is_not_a_place(text: str) -> None:
    assert places(text) == ["Niamey"]


@pytest.mark.parametrize("text", [
    "Après l'attaque de Boni, les habitants ont fui vers Douentza.",
    "Soldiers were killed near Boni, in central Mali, on Sunday.",
    "Le convoi a quitté Boni pour Hombori.",
    # the sentence's first word is an ordinary opener, or the text writes it in lower case elsewhere
    "Near Boni, soldiers were killed on Sunday, in central Mali.",
    "Dans Boni, les habitants ont fui vers Douentza.",
    "Convoys Boni-Hombori were suspended in central Mali, and the convoys of the army now need escorts.",
])
def test_boni_the_town_is_a_place(text: str) -> None:
    mentions = [m for m in parse(text) if m.surface == "Boni"]
    assert len(mentions) == 1 and mentions[0].kind == "place" and mentions[0].entry is not None
    assert mentions[0].entry.iso3 == "MLI"


def test_the_person_does_not_hide_the_town_in_the_same_article() -> None:
    """The rule reads one occurrence: one sense per article must not override place evidence."""
    text = "Thomas Boni Yayi condemned the attack near Boni, in central Mali."
    assert [(m.surface, m.start) for m in parse(text) if m.kind == "place"] == [("Boni", 43), ("Mali", 60)]


def test_the_reason_names_the_person() -> None:
    from geo.geoparse.context import LowercaseIndex, Site
    from geo.geoparse.parser import default_geoparser
    from geo.text.spans import Sentences, match_view

    text = "Le président Boni Yayi a reçu la délégation."
    geoparser = default_geoparser()
    view, sentences = match_view(text), Sentences.split(text)
    candidate = next(c for c in geoparser.recogniser.candidates(text, view) if c.key == "boni")
    site = Site(candidate, geoparser.gazetteer.lookup_ids(candidate.info.place_ids), text, view, sentences,
                LowercaseIndex(text, view), set())
    assert rules.place_score(site) == rules.REJECTED
    assert candidate.vetoed_by == "person-name"
    assert candidate.reasons == ["in the person's name 'Boni Yayi' (after the title 'président')"]


@pytest.mark.parametrize("text", [
    "Moussa Mara, a former prime minister, was arrested in Bamako.",  # Mara: a region of Tanzania
    "Ils ont parlé de l'assassinat d'Amadou Kaya à Dori.",  # Kaya: a city of Burkina Faso
])
def test_other_given_names_make_a_person(text: str) -> None:
    assert places(text) in (["Bamako"], ["Dori"])


def test_title_case_headlines_and_sentence_ends_are_not_names() -> None:
    assert "Boni" in places("Mali's President Visits Boni After Attack")
    assert "Boni" in places("He met the president. Boni was attacked later.")


@pytest.mark.parametrize("text", [
    "Thomas Boni Yayi called for talks with Niamey.",
    "Le président Boni Yayi a reçu la délégation à Niamey.",
    "L'ancien président Yayi Boni a reçu la délégation à Niamey.",
], ids=["given-name", "title", "title+name"])
def test_switching_the_rule_off_brings_boni_back(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Turns red if another rule, not this one, decides these sentences (then the rule would be untested)."""
    monkeypatch.setattr(rules, "RULES", tuple(rule for rule in rules.RULES if rule.name != "person-name"))
    assert "Boni" in places(text)


def test_emptying_the_given_names_brings_boni_back(monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.geoparse import cues

    text = "On Monday Thomas Boni Yayi called for talks with Niamey."  # "Thomas" inside the sentence
    assert "Boni" not in places(text)
    monkeypatch.setattr(cues, "GIVEN_NAMES", frozenset())
    assert "Boni" in places(text)


def test_emptying_the_sentence_openers_loses_boni_after_near(monkeypatch: pytest.MonkeyPatch) -> None:
    """cues.SENTENCE_OPENERS: a first word such as "Near" or "Dans" is not a given name."""
    from geo.geoparse import cues

    text = "Dans Boni, les habitants ont fui vers Douentza."
    assert "Boni" in places(text)
    monkeypatch.setattr(cues, "SENTENCE_OPENERS", frozenset())
    assert "Boni" not in places(text)


def test_titles_outside_names_leave_adjectives_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """cues.TITLES_OUTSIDE_NAMES: "major" in lower case is an adjective here, not an army rank."""
    from geo.geoparse import cues

    text = "Traders crowded a major Boni market on Sunday."
    assert "Boni" in places(text)
    monkeypatch.setattr(cues, "TITLES_OUTSIDE_NAMES", frozenset())
    assert "Boni" not in places(text)


@pytest.mark.parametrize("text, kaya_is_a_place", [
    ("Kaya said he would return to his farm once the rains came.", False),  # the speaker
    ("Aminata Kaya a déclaré que la route était fermée, puis Kaya est partie.", False),
    ("Officials in Kaya said the road to Dori was closed.", True),  # where someone spoke
    ("Le préfet de Kaya a déclaré que la route était fermée.", True),
    ("The convoy reached Kaya, said the governor.", True),  # the verb opens another clause
])
def test_a_verb_of_saying_right_after_a_name_makes_it_a_speaker(text: str, kaya_is_a_place: bool) -> None:
    """people._speaks: "Kaya said" is a person (and so is every Kaya of the text), "in Kaya said" a place."""
    assert ("Kaya" in places(text)) is kaya_is_a_place
