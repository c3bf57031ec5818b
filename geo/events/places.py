"""Where an event happened: one of the geoparser's place mentions of the sentence, chosen by named rules.

A sentence often names several places; only one is where the act occurred (EVENTS_GOLD.md, "Place"):
- origin ("from Y", "venus de Y", "based in Y"), destination ("to Y", "vers Y") and reference points
  ("30 km from Y", "à 30 km de Y", "near the border with Y") are set aside while another place remains;
- of the rest, the most specific wins (a village or town before a region, a region before a country),
  then the first named: "in Inates, in western Niger's Tillabéri region" -> Inates;
- "between X and Y" locates nothing precisely: no place when only such mentions remain;
- a vessel's name ("le bateau Tombouctou") is set aside like an origin, and taken last.
With `rules=False` the first place of the sentence is taken (the keyword baseline; the gate test's switch).

>>> choose("Gunmen attacked Tin-Hama from their base in Ménaka.", [("Tin-Hama", "village"), ("Ménaka", "region")])
(0, 'most-specific')
>>> choose("Une mine a explosé à Boni, à 30 km de Hombori.", [("Boni", "town"), ("Hombori", "town")])
(0, 'most-specific')
>>> choose("Un convoi parti de Fada pour Kantchari a sauté près de Matiacoali.",
...        [("Fada", "town"), ("Kantchari", "town"), ("Matiacoali", "village")])
(2, 'most-specific')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geo.events.literals import GatedPattern, trusted_lower

# Words right before a mention that make it an origin, a destination or a reference point, not the event's place.
_SET_ASIDE_BEFORE = {
    "origin": re.compile(
        r"(?:\bfrom|\bvenus?|\bvenues?|\bpartis?|\bparties|\ben provenance|\boriginaires?|\bbased in"
        r"|\bstationed in|\bbasés? à|\bbasées? à|\bstationnés? à|\bdepuis|\bout of|\breli\w*|\blinking"
        r"|\bconnecting)"
        r"(?:\s+(?:de|d['’]|du|des|à|the|in|at))?\s*(?:la\s+|le\s+|l['’]\s*)?$", re.IGNORECASE),
    "destination": re.compile(
        r"(?:\bto|\btowards?|\bvers|\ben direction (?:de|du|d['’])|\bfor|\bbound for|\bheading|\bjusqu['’]à"
        r"|\bfled to|\bréfugiés? à|\bà destination (?:de|du|d['’])|\brelier|\breliant)\s*(?:la\s+|le\s+|l['’])?$",
        re.IGNORECASE),
    "reference": re.compile(
        r"(?:(?:\b\d+|\b\w+aines?|\bquelques|\bsome|\bfew)\s*(?:de\s+)?(?:km|kilom\w+|miles?)\s+(?:\w+\s+){0,2}(?:from|of|de|d['’]|du)"
        r"|\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of"
        r"|\bau (?:nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest) (?:de|du|d['’])"
        r"|\bborders? (?:with|of)|\bfrontière (?:avec|du|de|d['’])|\bfrontalière (?:du|de|d['’])"
        r"|\bcapital|\bcapitale|\bpréfecture de|\bchef-lieu)\s*(?:la\s+|le\s+|l['’])?$", re.IGNORECASE),
    # a vessel named after a town ("le bateau Tombouctou", "the ferry Kankou Moussa") is no place
    "name": re.compile(r"\b(?:bateau|navire|pinasse|baleinière|boat|ship|vessel|ferry|steamer)\s+$", re.IGNORECASE),
}
_SET_ASIDE_GATED = tuple((reason, GatedPattern(pattern)) for reason, pattern in _SET_ASIDE_BEFORE.items())
# "de Gao vers Ansongo", "parti de Fada pour Kantchari", "from Gao to Ansongo": a route's ends are not where the
# event happened.
_ROUTE_START = GatedPattern(re.compile(r"(?:\bde|\bd['’]|\bfrom)\s*$", re.IGNORECASE))
_ROUTE_NEXT = re.compile(r"^\s+(?:vers|à|au|pour|to|towards|jusqu['’]à|et)\s", re.IGNORECASE)
_ROUTE_LINK = re.compile(r"^\s+(?:vers|à|au|pour|to|towards|and|et)\s+$", re.IGNORECASE)
# When every place is set aside, the destination is likelier the scene than a reference point, then the origin.
_FALLBACK_ORDER = {"destination": 0, "reference": 1, "route": 2, "origin": 3, "name": 4}
_BETWEEN_BEFORE = GatedPattern(re.compile(r"\b(?:between|entre)\s*(?:la\s+|le\s+|l['’])?$", re.IGNORECASE))
_LOOKBEHIND = 40
# Point features first: the most specific place is where a thing happened.
_SPECIFICITY = {"country": 3, "region": 2, "area": 2, "river": 2, "lake": 2, "province": 2, "department": 2}


@dataclass(frozen=True)
class PlaceChoice:
    index: int | None  # into the sentence's place mentions; None when none locates the event
    rule: str


def _specificity(feature: str | None) -> int:
    return _SPECIFICITY.get(feature or "", 0)  # unresolved names are small places the gazetteer lacks


def set_aside_reason(sentence: str, start: int, end: int | None = None, lowered: str | None = None) -> str | None:
    """Why the mention at [start, end) is not an event place ("origin", "destination", "reference", "route",
    "name"); `lowered`: trusted_lower(sentence) when already computed."""
    window = max(0, start - _LOOKBEHIND)
    before = sentence[window:start]
    lowered = trusted_lower(before) if lowered is None else lowered[window:start]
    reason = next((reason for reason, pattern in _SET_ASIDE_GATED if pattern.search(before, lowered)), None)
    if reason is None and end is not None and _ROUTE_NEXT.match(sentence[end:]) and _ROUTE_START.search(before,
                                                                                                         lowered):
        reason = "route"
    return reason


def choose_place(sentence: str, places: Sequence[tuple[int, int, str | None]], rules: bool = True
                 ) -> PlaceChoice:
    """The event place among `places` ((start, end offsets in `sentence`, gazetteer feature), in order)."""
    if not places:
        return PlaceChoice(None, "no-place")
    if not rules:
        return PlaceChoice(0, "first-place")
    lowered = trusted_lower(sentence)
    reasons = [set_aside_reason(sentence, start, end, lowered) for start, end, _ in places]
    for i in range(1, len(places)):  # "reliait Kayes à Nioro": the far end of a route is set aside too
        if reasons[i] is None and reasons[i - 1] in {"route", "origin"} \
                and _ROUTE_LINK.match(sentence[places[i - 1][1]:places[i][0]]):
            reasons[i] = "route"
    kept = [i for i, reason in enumerate(reasons) if reason is None]
    between = {i for i, (start, _, _) in enumerate(places)
               if _BETWEEN_BEFORE.search(sentence[max(0, start - 12):start])}
    if between:  # "between Téra and Dargol": the mention after "and" goes too
        between |= {i + 1 for i in between if i + 1 < len(places)}
        kept = [i for i in kept if i not in between]
        if not kept:
            return PlaceChoice(None, "between-places")
    if not kept:
        fallback = min(range(len(places)), key=lambda i: (_FALLBACK_ORDER.get(reasons[i] or "", 9),
                                                          _specificity(places[i][2]), i))
        return PlaceChoice(fallback, f"{reasons[fallback]}-fallback")
    best = min(kept, key=lambda i: (_specificity(places[i][2]), i))
    return PlaceChoice(best, "most-specific")


def choose(sentence: str, named: list[tuple[str, str]]) -> tuple[int | None, str]:
    """choose_place for (surface, feature) pairs found in order (for examples and tests)."""
    places, cursor = [], 0
    for surface, feature in named:
        cursor = sentence.index(surface, cursor)
        places.append((cursor, cursor + len(surface), feature))
    choice = choose_place(sentence, places)
    return choice.index, choice.rule
