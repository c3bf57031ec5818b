"""Candidate rules: is this gazetteer match a place mention?  (Recognition, not resolution.)

Each rule is a small named object: a test that reads the candidate's `Site` and returns the reason it applies
(or None), and the score change it makes.  A veto ends the scoring: the candidate is not a place.  The score
starts at the best prior of the candidate's entries (geo.geoparse.weights) and must reach ACCEPT_SCORE.

>>> [rule.name for rule in RULES][:3]
['longer-place-name', 'never-a-place', 'person-elsewhere']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from geo.geoparse import cues, people
from geo.geoparse.compounds import street_head_after, street_head_before
from geo.geoparse.context import Site, is_capitalised_word_at, words_after

POPULATED_FEATURES = frozenset({"city", "town", "village", "commune"})
VETO = float("-inf")  # the change of a rule that says "not a place"
REJECTED = -1.0  # the score of a vetoed candidate
# The change of the street rule: the place is accepted as it is (no veto or name rule after it applies),
# geo.geoparse.compounds then makes the street's whole name the mention.
ACCEPT_AS_IS = float("inf")


@dataclass(frozen=True)
class Rule:
    """A named test on a candidate's site: its reason when it applies, else None."""

    name: str
    change: float  # added to the score when the rule applies; VETO rejects the candidate
    test: Callable[[Site], str | None]


def _longer_place_name(site: Site) -> str | None:
    # "Orange County", "Washington Square": the longer name is the mention (reported unresolved).
    if (not site.major and site.next_is_capitalised and site.after1 in cues.FEATURE_NAME_HEADS
            and site.gap_after[:1] == " "):
        return f"start of a longer place name (… {site.after1})"
    return None


def _never_a_place(site: Site) -> str | None:
    if site.key not in cues.NEVER_PLACES or site.entries[0].feature in ("country", "continent"):
        return None
    # ... unless a region cue names it: "la région de l'Est", "the Nord region" (Burkina Faso's regions)
    region_cue = site.after1 in cues.REGION_CUES or site.generic in cues.REGION_CUES
    if (region_cue and any(entry.feature == "region" for entry in site.entries)
            and site.text[site.candidate.start:site.candidate.start + 1].isupper()):
        return None
    return "never a place on its own"


def _person_elsewhere(site: Site) -> str | None:
    # One sense per article for small places: "Gary Allen ... Allen said" (see geo.geoparse.people).
    if site.key in site.person_keys and not site.major:
        return "used as a person's name elsewhere in this text"
    return None


def _street_name(site: Site) -> str | None:
    """"Malta Road", "Stade de France": the place a street is named after (not a person's first name)."""
    after = street_head_after(site.text, site.candidate.end)
    if after is not None:
        return f"names a street ('… {after}')"
    before = street_head_before(site.text, site.candidate.start)
    return f"names a street ('{before} …')" if before is not None else None


def _organisation_head(site: Site) -> str | None:
    # "Anadolu Agency", "Bamako Agreement"
    if site.next_is_capitalised and (site.after1 in cues.ORGANISATION_HEADS
                                     or words_after(site.view, site.candidate.end, 2) in cues.ORGANISATION_HEADS):
        return f"inside an organisation's name (… {site.after1})"
    return None


def _organisation_opener(site: Site) -> str | None:
    # "University of Ghana", "Bank of Ghana"
    if site.prev_is_capitalised and (site.before1 in cues.ORGANISATION_OPENERS
                                     or site.before2 in cues.ORGANISATION_OPENERS):
        return f"inside an organisation's name ({site.before2} …)"
    return None


def _person_title(site: Site) -> str | None:
    if site.before1 in cues.PERSON_TITLES and site.prev_is_capitalised:  # "General Kaya"
        return f"a person's name (after '{site.before1}')"
    return None


def _first_of_two_names(site: Site) -> str | None:
    # "Sam Gallagher", "Victoria Rowell", "Paul Astbury": a small place's name followed by a capitalised word that
    # is no gazetteer name, no cue and no acronym starts a longer name (a person's, mostly), not a place.
    if site.major or not site.next_is_capitalised or site.next_is_candidate or site.gap_after[:1] != " ":
        return None
    after1 = site.after1
    if (after1 in cues.FEATURE_NAME_HEADS or after1 in cues.REGION_CUES or after1 in cues.POPULATED_PLACE_CUES
            or after1 in cues.RIVER_CUES or after1 in cues.ORGANISATION_HEADS):
        return None
    if after1 in cues.NEVER_PLACES or site.entries[0].feature not in POPULATED_FEATURES:
        return None  # "Ohio Gov.", "Texas Senator" name the region
    following = site.text[site.next_start:site.next_start + len(after1)]
    if following.isupper() or not following.isalpha():
        return None
    if is_capitalised_word_at(site.text, site.next_start + len(after1) + 1):
        return None  # three capitalised words or more: an institution's name ("Huntsville Fire Chief")
    return f"first word of the longer name '{site.text[site.candidate.start:site.candidate.end]} {following}'"


def _common_word_at_sentence_start(site: Site) -> str | None:
    # "Florence said ...": capitalisation says nothing at the start of a sentence.
    if site.at_sentence_start and site.key in cues.COMMON_WORD_PLACES and not site.major:
        return "common word at the start of a sentence"
    return None


def _also_lower_case(site: Site) -> str | None:
    if site.key in site.lowercase_words and not site.major:  # "reading" ... "Reading"
        return "also written in lower case in this text"
    return None


def _inside_capitalised_name(site: Site) -> str | None:
    if (site.next_is_capitalised or site.prev_is_capitalised) and not site.major:
        return "part of a longer capitalised name"
    return None


def _after_locative(site: Site) -> str | None:
    if site.before1 in cues.LOCATIVE_PREPOSITIONS or site.before2 in cues.LOCATIVE_PREPOSITIONS:  # "to Eden"
        return f"after '{site.before2}'"
    return None


def _before_feature_cue(site: Site) -> str | None:
    after1 = site.after1  # "Mopti region", "Niger river", "Kidal town"
    if after1 in cues.REGION_CUES or after1 in cues.POPULATED_PLACE_CUES or after1 in cues.RIVER_CUES:
        return f"before '{after1}'"
    return None


def _before_comma_and_name(site: Site) -> str | None:
    # "Téra, Niger": a place followed by its country or region.
    end = site.candidate.end
    if site.text[end:end + 2] == ", " and is_capitalised_word_at(site.text, end + 2):
        return f"before ', {site.after1}'"
    return None


# In order: the vetoes first (the first that applies decides), then the score changes.
RULES: tuple[Rule, ...] = (
    Rule("longer-place-name", VETO, _longer_place_name),
    Rule("never-a-place", VETO, _never_a_place),
    Rule("person-elsewhere", VETO, _person_elsewhere),
    Rule("street-name", ACCEPT_AS_IS, _street_name),
    Rule("organisation-head", VETO, _organisation_head),
    Rule("organisation-opener", VETO, _organisation_opener),
    Rule("person-title", VETO, _person_title),
    Rule("person-name", VETO, people.person_name),
    Rule("first-of-two-names", VETO, _first_of_two_names),
    Rule("common-word-at-sentence-start", -0.5, _common_word_at_sentence_start),
    Rule("also-lower-case", -0.3, _also_lower_case),
    Rule("inside-capitalised-name", -0.25, _inside_capitalised_name),
    Rule("after-locative", +0.15, _after_locative),
    Rule("before-feature-cue", +0.15, _before_feature_cue),
    Rule("before-comma-and-name", +0.05, _before_comma_and_name),
)
LONGER_PLACE_NAME = RULES[0].name


def place_score(site: Site) -> float:
    """How sure we are that the site's candidate is a place mention; its reasons are appended to the candidate."""
    candidate = site.candidate
    score = site.best_prior
    for rule in RULES:
        reason = rule.test(site)
        if reason is None:
            continue
        candidate.reasons.append(reason)
        if rule.change == ACCEPT_AS_IS:
            return score
        if rule.change == VETO:
            candidate.vetoed_by = rule.name
            return REJECTED
        score += rule.change
    return score
