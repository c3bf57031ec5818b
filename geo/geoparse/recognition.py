"""Recognition: one multi-pattern matcher (Aho-Corasick) over every gazetteer name, demonym and organisation name,
and capitalisation, turn a text into raw candidates.  Whether a candidate is a place is for the rules to say.

>>> from geo.geoparse.gazetteer import default_gazetteer
>>> from geo.text.spans import match_view
>>> text = "Troops left Niamey for the Niger river."
>>> [(c.key, c.kind) for c in Recogniser(default_gazetteer()).candidates(text, match_view(text))]
[('niamey', 'place'), ('niger river', 'place')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

from geo.geoparse import cues
from geo.geoparse.context import words_before
from geo.geoparse.gazetteer import Gazetteer
from geo.geoparse.weights import SAHEL_FOCUS
from geo.text.spans import fold_key, match_key

CONNECTORS = frozenset({"of", "the", "de", "du", "des", "la", "le", "les", "d", "l", "al", "el", "and", "et",
                        "upon", "on", "sur", "en", "y", "da", "do", "di", "del", "della", "von", "van", "am"})
# Lower-case words that may stand inside a name: "Niger river", "Gao region", "fleuve Niger".
LOWERCASE_NAME_WORDS = CONNECTORS | cues.RIVER_CUES | cues.REGION_CUES | {"ocean", "sea", "lake", "desert", "basin"}
# Lower-case cue words that may open a name ("fleuve Niger", "région de Tillabéri", "province du Soum").
LEADING_CUES = frozenset({"fleuve", "riviere", "river", "lac", "lake", "region", "province", "cercle", "commune",
                          "departement", "mount", "mont", "desert", "bassin", "zone"})
ACRONYM_PLACES = frozenset({"us", "u s", "usa", "u s a", "uk", "u k", "uae", "drc", "rdc", "car", "rca", "eau"})
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class KeyInfo:
    """Everything a match key may stand for."""

    place_ids: tuple[str, ...] = ()
    demonym_countries: tuple[str, ...] = ()
    demonym_organisation: str = ""
    demonym_lowercase: bool = False  # French adjectives ("malien") are written in lower case
    organisation: str = ""


@dataclass
class RawCandidate:
    """A matched name, its kind by capitalisation, and (for places) the score and reasons the rules give it."""

    start: int
    end: int
    key: str
    info: KeyInfo
    kind: str = "place"
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    vetoed_by: str = ""  # the name of the rule that said "not a place", if one did
    longer_name_end: int = 0  # > 0 when the name is the start of a longer place name ("Orange County")


def key_table(gazetteer: Gazetteer) -> dict[str, KeyInfo]:
    """Every match key of the gazetteer's names, demonyms and organisations, with what it stands for."""
    places: dict[str, list[str]] = {}
    for name, ids in gazetteer.names():
        key = fold_key(name)
        if len(key) >= 2:
            places.setdefault(key, []).extend(ids)
    demonyms: dict[str, tuple[tuple[str, ...], str, bool]] = {}
    for word, lang in gazetteer.demonym_words():
        key = fold_key(word)
        countries, organisation, lowercase = demonyms.get(key, ((), "", False))
        demonyms[key] = (tuple(dict.fromkeys(countries + tuple(gazetteer.demonym(word)))),
                         organisation or (gazetteer.demonym_organisation(word) or ""),
                         lowercase or lang == "fr")
    organisations: dict[str, str] = {}
    for organisation in gazetteer.organisations():
        for label in (organisation.id, organisation.name, *organisation.aliases):
            organisations.setdefault(fold_key(label), organisation.id)
    table: dict[str, KeyInfo] = {}
    for key in set(places) | set(demonyms) | set(organisations):
        countries, demonym_org, lowercase = demonyms.get(key, ((), "", False))
        table[key] = KeyInfo(
            place_ids=tuple(dict.fromkeys(places.get(key, ()))), demonym_countries=countries,
            demonym_organisation=demonym_org, demonym_lowercase=lowercase,
            organisation=organisations.get(key, ""))
    return table


class Recogniser:
    """The automaton over the gazetteer's keys, built once; `candidates` is then cheap and thread-safe."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.automaton = ahocorasick.Automaton()
        for key, info in key_table(gazetteer).items():
            # May a match of this key start with a lower-case letter? Decided once per key, not per match.
            lowercase_ok = info.demonym_lowercase or key.split(" ", 1)[0] in LEADING_CUES
            self.automaton.add_word(f" {key} ", (len(key), key, info, lowercase_ok))
        self.automaton.make_automaton()

    def candidates(self, text: str, view: str) -> list[RawCandidate]:
        """The leftmost-longest, non-overlapping matches whose capitalisation allows some kind."""
        found = []
        for end_index, (length, key, info, lowercase_ok) in self.automaton.iter(f" {view} "):
            start, end = end_index - length - 1, end_index - 1
            if not lowercase_ok and text[start].islower():
                continue  # most raw matches: ordinary lower-case words ("police", "union")
            if text[end:end + 1] == "." and "." in text[start:end]:
                end += 1  # "U.S." and "U.K." keep their last full stop
            kind = kind_by_case(text[start:end], key, info)
            if kind == "organisation" and key in cues.WORD_ACRONYMS and text[start - 1:start] in ("'", "’"):
                kind = ""  # "D'UN CHEF": the French word after an elided article, not an organisation
            if not kind and self._short_name_in_capitals(text, view, start, end, key, info):
                kind = "place"  # "LE CONVOI DE GAO": a short name in a headline, after a preposition
            if kind:
                found.append(RawCandidate(start, end, key, info, kind))
        # Leftmost-longest, no overlaps: "Alliance of Sahel States" wins over "Sahel".
        found.sort(key=lambda c: (c.start, c.start - c.end))
        chosen: list[RawCandidate] = []
        last_end = -1
        for candidate in found:
            if candidate.start >= last_end:
                chosen.append(candidate)
                last_end = candidate.end
        return chosen

    def _short_name_in_capitals(self, text: str, view: str, start: int, end: int, key: str, info: KeyInfo) -> bool:
        """A three-letter name written in capitals ("DE GAO", "IN BER"): a place of the product's region when a
        locative preposition comes right before it (capitalisation alone says nothing in a headline)."""
        surface = text[start:end]
        if not (surface.isupper() and len(key) == 3 and info.place_ids) or key in cues.COMMON_WORD_PLACES:
            return False
        if words_before(view, start, 1) not in cues.LOCATIVE_PREPOSITIONS:
            return False
        return any(entry.iso3 in SAHEL_FOCUS and entry.feature not in ("commune",)
                   for entry in self.gazetteer.lookup_ids(info.place_ids))


def kind_by_case(surface: str, key: str, info: KeyInfo) -> str:
    """The kind this surface may be, judged by its capitalisation alone ('' = none).

    >>> kind_by_case("Gao", "gao", KeyInfo(place_ids=("x",))), kind_by_case("of", "of", KeyInfo(place_ids=("x",)))
    ('place', '')
    """
    first = surface[0]
    if info.organisation and first.isupper() and (len(key) > 4 or surface.isupper()):
        return "organisation"
    if info.demonym_countries or info.demonym_organisation:
        if first.isupper() or (info.demonym_lowercase and surface.islower()):
            return "demonym"
    if not info.place_ids:
        return ""
    if not first.isupper():
        # "fleuve Niger", "région de Tillabéri": a lower-case cue word, then the capitalised name.
        words = _WORD.findall(surface)
        named = [w for w in words[1:] if match_key(w) not in CONNECTORS]
        if match_key(words[0]) not in LEADING_CUES or not named or not named[0][0].isupper():
            return ""
    if len(key) <= 3 and not surface.isupper() and key not in ACRONYM_PLACES and len(key.replace(" ", "")) <= 2:
        return ""
    if surface.isupper() and len(key) <= 3 and key not in ACRONYM_PLACES:
        return ""  # "OF", "IN"... in a headline written in capitals
    words = _WORD.findall(surface)
    if any(w[0].islower() and w.lower() not in LOWERCASE_NAME_WORDS and len(w) > 3 for w in words[1:]):
        return ""
    return "place"
