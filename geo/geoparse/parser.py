"""Find the places, demonyms and organisations an article mentions and resolve them to the gazetteer.

Offline and deterministic: a multi-pattern matcher (Aho-Corasick, pyahocorasick) over every gazetteer
name, demonym and organisation name finds candidates; rules on capitalisation and the words around each
candidate decide whether it is a place; evidence (feature and population, the article's other places,
cue words such as "river" or "region") chooses among same-named entries.

>>> [(m.surface, m.kind, m.entry.iso3) for m in parse("Troops left Niamey for the Niger river.")]
[('Niamey', 'place', 'NER'), ('Niger river', 'place', '')]
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from geo.geodesy import distance_km
from geo.geoparse import cues
from geo.geoparse.gazetteer import Entry, Gazetteer, default_gazetteer
from geo.geoparse.model import Candidate, Mention
from geo.text.spans import Composed, Sentences, match_key, match_view

# Same-named entries considered per mention, best-ranked first ("San José" has dozens).
MAX_CANDIDATES = 25
# Below this recognition score a gazetteer match is not reported as a place.
ACCEPT_SCORE = 0.5
# Feature priors: how likely a bare name of this kind, in a news text, is the place.
FEATURE_PRIOR = {
    "continent": 1.0, "country": 1.0, "capital": 0.95, "region": 0.8, "province": 0.75, "area": 0.9,
    "river": 0.85, "lake": 0.85, "sea": 0.9, "base": 0.9, "airport": 0.9, "landmark": 0.85, "town": 0.75,
    "village": 0.7,
    # A commune is an area named after its main town: a town of the same name (a point) wins when GeoNames has
    # one of some size; the commune answers for the many that GeoNames lacks.
    "commune": 0.45,
}
MAJOR_FEATURES = frozenset({"continent", "country", "capital"})
CONNECTORS = frozenset({"of", "the", "de", "du", "des", "la", "le", "les", "d", "l", "al", "el", "and", "et",
                        "upon", "on", "sur", "en", "y", "da", "do", "di", "del", "della", "von", "van", "am"})
# Lower-case words that may stand inside a name: "Niger river", "Gao region", "fleuve Niger".
LOWERCASE_NAME_WORDS = CONNECTORS | cues.RIVER_CUES | cues.REGION_CUES | {"ocean", "sea", "lake", "desert", "basin"}
# Lower-case cue words that may open a name ("fleuve Niger", "région de Tillabéri", "province du Soum").
LEADING_CUES = frozenset({"fleuve", "riviere", "river", "lac", "lake", "region", "province", "cercle", "commune",
                          "departement", "mount", "mont", "desert", "bassin", "zone"})
# Demonyms often written for another country's people: "Nigerian" for Niger's ("Nigerien").
AMBIGUOUS_DEMONYMS = frozenset({"nigerian", "nigerians"})
ACRONYM_PLACES = frozenset({"us", "u s", "usa", "u s a", "uk", "u k", "uae", "drc", "rdc", "car", "rca", "eau"})
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class _KeyInfo:
    """Everything a match key may stand for."""

    place_ids: tuple[str, ...] = ()
    demonym_countries: tuple[str, ...] = ()
    demonym_organisation: str = ""
    demonym_lowercase: bool = False  # French adjectives ("malien") are written in lower case
    organisation: str = ""


@dataclass
class _Candidate:
    start: int
    end: int
    key: str
    info: _KeyInfo
    kind: str = "place"
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    longer_name_end: int = 0  # > 0 when the name is the start of a longer place name ("Orange County")


class _LowercaseIndex:
    """Answers "is this word also written in lower case in the text?" ("reading" vs "Reading")."""

    def __init__(self, text: str, view: str) -> None:
        self._text = text
        self._padded = f" {view} "
        self._answers: dict[str, bool] = {}

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        answer = self._answers.get(key)
        if answer is None:
            needle = f" {key} "
            index = self._padded.find(needle)
            answer = False
            while index != -1 and not answer:
                answer = self._text[index].islower()  # padded index + 1 - 1: the word's first character
                index = self._padded.find(needle, index + 1)
            self._answers[key] = answer
        return answer


class Geoparser:
    """A matcher built once from a gazetteer; `parse` is then cheap and thread-safe."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._automaton = ahocorasick.Automaton()
        for key, info in self._key_table(gazetteer).items():
            self._automaton.add_word(f" {key} ", (len(key), key, info))
        self._automaton.make_automaton()
        self._cue_automaton = ahocorasick.Automaton()
        french = (cue for cue in cues.FRENCH_PLACE_INTRODUCERS if cue != "a")  # "à": found by _GRAVE_A instead
        for cue in (*cues.UNKNOWN_PLACE_INTRODUCERS, *_COUNTY_HEADS, *french):
            self._cue_automaton.add_word(f" {cue} ", (len(cue), cue))
        self._cue_automaton.make_automaton()

    @staticmethod
    def _key_table(gazetteer: Gazetteer) -> dict[str, _KeyInfo]:
        places: dict[str, list[str]] = {}
        for name, ids in gazetteer.names():
            key = match_key(name)
            if len(key) >= 2:
                places.setdefault(key, []).extend(ids)
        demonyms: dict[str, tuple[tuple[str, ...], str, bool]] = {}
        for word, lang in gazetteer.demonym_words():
            key = match_key(word)
            countries, organisation, lowercase = demonyms.get(key, ((), "", False))
            demonyms[key] = (tuple(dict.fromkeys(countries + tuple(gazetteer.demonym(word)))),
                             organisation or (gazetteer.demonym_organisation(word) or ""),
                             lowercase or lang == "fr")
        organisations: dict[str, str] = {}
        for organisation in gazetteer.organisations():
            for label in (organisation.id, organisation.name, *organisation.aliases):
                organisations.setdefault(match_key(label), organisation.id)
        table: dict[str, _KeyInfo] = {}
        for key in set(places) | set(demonyms) | set(organisations):
            countries, demonym_org, lowercase = demonyms.get(key, ((), "", False))
            table[key] = _KeyInfo(
                place_ids=tuple(dict.fromkeys(places.get(key, ()))), demonym_countries=countries,
                demonym_organisation=demonym_org, demonym_lowercase=lowercase,
                organisation=organisations.get(key, ""))
        return table

    # -- recognition -------------------------------------------------------------------------------

    def _raw_candidates(self, text: str, view: str) -> list[_Candidate]:
        found = []
        for end_index, (length, key, info) in self._automaton.iter(f" {view} "):
            start, end = end_index - length - 1, end_index - 1
            if text[start].islower() and not info.demonym_lowercase and key.split(" ", 1)[0] not in LEADING_CUES:
                continue  # most raw matches: ordinary lower-case words ("police", "union")
            if text[end:end + 1] == "." and "." in text[start:end]:
                end += 1  # "U.S." and "U.K." keep their last full stop
            kind = self._kind_by_case(text[start:end], key, info)
            if kind == "organisation" and key in cues.WORD_ACRONYMS and text[start - 1:start] in ("'", "’"):
                kind = ""  # "D'UN CHEF": the French word after an elided article, not an organisation
            if not kind and self._short_name_in_capitals(text, view, start, end, key, info):
                kind = "place"  # "LE CONVOI DE GAO": a short name in a headline, after a preposition
            if kind:
                found.append(_Candidate(start, end, key, info, kind))
        # Leftmost-longest, no overlaps: "Alliance of Sahel States" wins over "Sahel".
        found.sort(key=lambda c: (c.start, c.start - c.end))
        chosen: list[_Candidate] = []
        last_end = -1
        for candidate in found:
            if candidate.start >= last_end:
                chosen.append(candidate)
                last_end = candidate.end
        return chosen

    def _short_name_in_capitals(self, text: str, view: str, start: int, end: int, key: str, info: _KeyInfo) -> bool:
        """A three-letter name written in capitals ("DE GAO", "IN BER"): a place of the product's region when a
        locative preposition comes right before it (capitalisation alone says nothing in a headline)."""
        surface = text[start:end]
        if not (surface.isupper() and len(key) == 3 and info.place_ids) or key in cues.COMMON_WORD_PLACES:
            return False
        if self._words_before(view, start, 1) not in cues.LOCATIVE_PREPOSITIONS:
            return False
        return any(entry.iso3 in _SAHEL_FOCUS and entry.feature not in ("commune",)
                   for entry in self.gazetteer.lookup_ids(info.place_ids))

    @staticmethod
    def _kind_by_case(surface: str, key: str, info: _KeyInfo) -> str:
        """The kind this surface may be, judged by its capitalisation alone ('' = none)."""
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

    # -- evidence around a candidate ---------------------------------------------------------------

    @staticmethod
    def _words_before(view: str, position: int, count: int) -> str:
        return " ".join(view[max(0, position - 40):position].split()[-count:])

    @staticmethod
    def _words_after(view: str, position: int, count: int) -> str:
        return " ".join(view[position:position + 40].split()[:count])

    @staticmethod
    def _is_capitalised_word_at(text: str, position: int) -> bool:
        return position < len(text) and text[position].isupper()

    def _place_score(self, candidate: _Candidate, entries: list[Entry], text: str, view: str,
                     sentences: Sentences, lowercase_words: _LowercaseIndex, person_keys: set[str]) -> float:
        """How sure we are that this gazetteer match is a place mention (recognition, not resolution)."""
        best = entries[0]
        score = max(self._prior(entry) for entry in entries)
        reasons = candidate.reasons
        major = any(entry.feature in MAJOR_FEATURES or entry.id.startswith("fact:") for entry in entries)
        key = candidate.key
        before1 = self._words_before(view, candidate.start, 1)
        before2 = self._words_before(view, candidate.start, 2)
        after1 = self._words_after(view, candidate.end, 1)
        gap_after = text[candidate.end:candidate.end + 2]
        next_start = candidate.end + (len(gap_after) - len(gap_after.lstrip(" -")))
        next_is_capitalised = gap_after[:1] in (" ", "-") and self._is_capitalised_word_at(text, next_start)
        prev_char = text[candidate.start - 2:candidate.start] if candidate.start >= 2 else ""
        previous_word_start = candidate.start - 1 - len(before1)
        prev_is_capitalised = (prev_char[-1:] in (" ", "-") and before1 != "" and previous_word_start >= 0
                               and text[previous_word_start:previous_word_start + 1].isupper()
                               and not sentences.is_sentence_start(previous_word_start))
        at_sentence_start = sentences.is_sentence_start(candidate.start)

        if not major and next_is_capitalised and after1 in cues.FEATURE_NAME_HEADS and gap_after[:1] == " ":
            candidate.longer_name_end = next_start + len(after1)
            reasons.append(f"start of a longer place name (… {after1})")
            return -1.0
        region_cue = (after1 in cues.REGION_CUES
                      or _generic_before(self._words_before(view, candidate.start, 3)) in cues.REGION_CUES)
        if key in cues.NEVER_PLACES and best.feature not in ("country", "continent") and not (
                region_cue and any(entry.feature == "region" for entry in entries)
                and text[candidate.start:candidate.start + 1].isupper()):
            # ... unless a region cue names it: "la région de l'Est", "the Nord region" (Burkina Faso's regions)
            reasons.append("never a place on its own")
            return -1.0
        if key in person_keys and not major:
            reasons.append("used as a person's name elsewhere in this text")
            return -1.0
        if next_is_capitalised and (after1 in cues.ORGANISATION_HEADS
                                    or self._words_after(view, candidate.end, 2) in cues.ORGANISATION_HEADS):
            reasons.append(f"inside an organisation's name (… {after1})")
            return -1.0
        if prev_is_capitalised and (before1 in cues.ORGANISATION_OPENERS or before2 in cues.ORGANISATION_OPENERS):
            reasons.append(f"inside an organisation's name ({before2} …)")
            return -1.0
        if before1 in cues.PERSON_TITLES and prev_is_capitalised:
            reasons.append(f"a person's name (after '{before1}')")
            return -1.0
        if at_sentence_start and key in cues.COMMON_WORD_PLACES and not major:
            score -= 0.5
            reasons.append("common word at the start of a sentence")
        if key in lowercase_words and not major:
            score -= 0.3
            reasons.append("also written in lower case in this text")
        if (next_is_capitalised or prev_is_capitalised) and not major:
            score -= 0.25
            reasons.append("part of a longer capitalised name")
        if before1 in cues.LOCATIVE_PREPOSITIONS or before2 in cues.LOCATIVE_PREPOSITIONS:
            score += 0.15
            reasons.append(f"after '{before2}'")
        if after1 in cues.REGION_CUES or after1 in cues.POPULATED_PLACE_CUES or after1 in cues.RIVER_CUES:
            score += 0.15
            reasons.append(f"before '{after1}'")
        if text[candidate.end:candidate.end + 2] == ", " and self._is_capitalised_word_at(text, candidate.end + 2):
            score += 0.05
        return score

    @staticmethod
    @lru_cache(maxsize=65536)
    def _prior(entry: Entry) -> float:
        if entry.feature in FEATURE_PRIOR:
            prior = FEATURE_PRIOR[entry.feature]
        else:  # populated places: by population, from 0.35 (500 people) to 0.85 (30 million)
            prior = min(0.85, 0.35 + 0.1 * math.log10(max(entry.population, 500) / 500))
        if entry.iso3 in _SAHEL_FOCUS:
            prior += 0.15  # the product's own region: small towns there are what analysts look for
        return prior

    # -- resolution --------------------------------------------------------------------------------

    def _resolve(self, candidate: _Candidate, entries: list[Entry], context: Counter[str], view: str,
                 anchors: list[tuple[str, str, float, float]] = ()) -> list[tuple[float, Entry]]:
        after = self._words_after(view, candidate.end, 1)
        before = self._words_before(view, candidate.start, 1)
        region_before = _generic_before(self._words_before(view, candidate.start, 3)) in cues.REGION_CUES
        total = sum(context.values()) or 1
        # "The Sahel" is the belt across Africa far more often than Burkina Faso's Sahel region: a region
        # that shares its name with a wider area needs an explicit cue ("Sahel region of Burkina Faso").
        shadowed = any(entry.feature == "area" for entry in entries)
        scored = []
        for entry in entries[:MAX_CANDIDATES]:
            score = self._prior(entry)
            if shadowed and entry.feature == "region":
                scored.append((score - 0.2, entry))
                continue
            if entry.iso3 and context[entry.iso3]:
                score += 0.4 * context[entry.iso3] / total + 0.1
            if after in cues.RIVER_CUES or before in cues.RIVER_CUES:
                score += 0.6 if entry.feature in ("river", "lake") else 0.0
            if after in cues.REGION_CUES or region_before:  # "Mopti region", "la région de Tombouctou"
                score += 0.4 if entry.feature in ("region", "province") else 0.0
            if after in cues.POPULATED_PLACE_CUES or before in cues.POPULATED_PLACE_CUES:
                score += 0.3 if entry.feature not in ("country", "region", "province", "continent") else 0.0
            if anchors and len(entries) > 1:
                # Places in one article tend to be near each other ("Parkland" near "Florida"); a country or
                # region counts as near when an anchor lies in its country.
                others = [(iso3, lat, lon) for key, iso3, lat, lon in anchors if key != candidate.key]
                if entry.feature in _AREAL or entry.feature in ("region", "province"):
                    near = any(iso3 == entry.iso3 for iso3, _, _ in others)
                    score += 0.3 if near else 0.0
                else:
                    nearest = min((distance_km(entry.lat, entry.lon, lat, lon) for _, lat, lon in others), default=math.inf)
                    score += 0.3 * math.exp(-nearest / 250)
            scored.append((score, entry))
        scored.sort(key=lambda pair: (-pair[0], pair[1].id))
        names_region = any(word in cues.REGION_CUES for word in candidate.key.split())
        if (scored[0][1].feature in ("region", "province") and after not in cues.REGION_CUES and not region_before
                and not names_region
                and not any(entry.feature == "country" for entry in entries)):
            # A region named after its city ("Kabul", "Tillabéri"): a bare name means the city, which lies in
            # the region anyway and gives the more precise point.
            _town_first(scored, lambda town, _area: town.feature in ("capital", "city", "town")
                        and town.population >= 10_000)
        if scored[0][1].feature == "commune" and after not in cues.POPULATED_PLACE_CUES:
            # A commune named after its main town: the town's point is the more precise answer.
            _town_first(scored, lambda town, area: town.feature in ("capital", "city", "town", "village")
                        and distance_km(town.lat, town.lon, area.lat, area.lon) < 60)
        return scored

    def _context_countries(self, candidates: Iterable[_Candidate]) -> Counter[str]:
        """Countries the article is about: unambiguous country, capital and demonym mentions."""
        counts: Counter[str] = Counter()
        for candidate in candidates:
            if candidate.kind == "demonym":
                if candidate.key not in AMBIGUOUS_DEMONYMS:
                    counts.update(candidate.info.demonym_countries)
            elif candidate.kind == "place" and candidate.info.place_ids:
                best = self.gazetteer.lookup_ids(candidate.info.place_ids)[0]
                if best.feature in MAJOR_FEATURES or best.feature == "region" or best.iso3 in _SAHEL_FOCUS:
                    counts[best.iso3] += 1
        return counts

    # -- the public entry point --------------------------------------------------------------------

    def parse(self, text: str) -> list[Mention]:
        """Every place, demonym and organisation mention in `text`, in order of appearance.

        Offsets are into `text` as given, also when it is not in NFC (matching runs on its composed form).
        """
        if not text or not text.strip():
            return []
        if not unicodedata.is_normalized("NFC", text):
            composed = Composed.of(text)
            return [self._restored(mention, composed) for mention in self.parse(composed.text)]
        view = match_view(text)
        sentences = Sentences.split(text)
        candidates = self._raw_candidates(text, view)
        lowercase_words = _LowercaseIndex(text, view)
        person_keys = self._person_keys(text, sentences, candidates)

        places: list[tuple[_Candidate, list[Entry]]] = []
        for candidate in candidates:
            if candidate.kind == "place":
                entries = self.gazetteer.lookup_ids(candidate.info.place_ids)
                candidate.score = self._place_score(candidate, entries, text, view, sentences, lowercase_words,
                                                    person_keys)
                if candidate.score >= ACCEPT_SCORE:
                    places.append((candidate, entries))
        accepted = [c for c, _ in places] + [c for c in candidates if c.kind != "place"]
        context = self._context_countries(accepted)

        cache: dict[tuple[str, str, str, str, bool], list[tuple[float, Entry]]] = {}
        scored = [self._scored_entries(c, entries, context, view, (), cache) for c, entries in places]
        anchors = [(c.key, ranked[0][1].iso3, ranked[0][1].lat, ranked[0][1].lon)
                   for (c, _), ranked in zip(places, scored)
                   if ranked[0][1].feature not in _AREAL and self._share(ranked) >= 0.6]
        anchors = list(dict.fromkeys(anchors))[:20]
        if anchors:  # second pass, for names with several candidates: prefer those near the others
            scored = [self._scored_entries(c, entries, context, view, anchors, cache) if len(entries) > 1 else ranked
                      for (c, entries), ranked in zip(places, scored)]
        mentions = [self._place_mention(c, ranked, text, sentences) for (c, _), ranked in zip(places, scored)]
        mentions += [self._other_mention(c, context, text, sentences) for c in candidates if c.kind != "place"]
        mentions += [self._longer_place_mention(c, text, sentences) for c in candidates if c.longer_name_end]
        mentions += self._unknown_places(text, view, sentences, mentions)
        return sorted(mentions, key=lambda m: (m.start, m.end))

    @staticmethod
    def _restored(mention: Mention, composed: Composed) -> Mention:
        """A mention found in the composed text, with its offsets and text taken from the original."""
        start, end = composed.span(mention.start, mention.end)
        sentence_start, sentence_end = composed.span(mention.sentence_start,
                                                     mention.sentence_start + len(mention.sentence))
        return dataclasses.replace(mention, start=start, end=end, surface=composed.original[start:end],
                                   sentence_start=sentence_start,
                                   sentence=composed.original[sentence_start:sentence_end])

    @staticmethod
    def _person_keys(text: str, sentences: Sentences, candidates: list[_Candidate]) -> set[str]:
        """One-word names used as a person's name somewhere in the text ("Gary Allen ... Allen said").

        Evidence: a title before it ("Mr Allen"), or a capitalised given name right before it that is not
        itself a gazetteer match and not the first word of a sentence.
        """
        matched_starts = {c.start for c in candidates}
        persons: set[str] = set()
        person_ends: set[int] = set()
        for candidate in candidates:
            if candidate.kind != "place" or " " in candidate.key:
                continue
            match = _PREVIOUS_WORD.search(text, max(0, candidate.start - 30), candidate.start)
            if match is None:
                continue
            word_start = match.start("word")
            word = match["word"]
            key = match_key(word)
            title = key in cues.PERSON_TITLES or (key in cues.PERSON_ROLES and not word[0].isupper())
            surname = match.end("word") in person_ends  # "Florence Dori": Dori follows a person's first name
            # "said Florence Dori": a verb of saying, then a first and a last name.
            quoted = key in cues.SPEECH_VERBS and _CAPITALISED_NEXT.match(text, candidate.end) is not None
            given_name = (word[0].isupper() and word_start not in matched_starts and len(word) > 1
                          and not word.isupper() and not sentences.is_sentence_start(word_start)
                          and key not in cues.LOCATIVE_PREPOSITIONS)
            if title or given_name or surname or quoted:
                persons.add(candidate.key)
                person_ends.add(candidate.end)
        return persons

    def _sentence(self, sentences: Sentences, start: int, end: int) -> tuple[int, str]:
        return sentences.around(start, end)

    def _scored_entries(self, candidate: _Candidate, entries: list[Entry], context: Counter[str], view: str,
                        anchors: list[tuple[str, str, float, float]] | tuple[()],
                        cache: dict[tuple[str, str, str, str, bool], list[tuple[float, Entry]]]
                        ) -> list[tuple[float, Entry]]:
        """The candidate's entries, best first; repeated mentions with the same cue words share the work."""
        # The generic before the name ("région de", "ville de") decides too: it is part of the key.
        cache_key = (candidate.key, self._words_before(view, candidate.start, 1),
                     self._words_after(view, candidate.end, 1),
                     _generic_before(self._words_before(view, candidate.start, 3)), bool(anchors))
        scored = cache.get(cache_key)
        if scored is None:
            scored = self._resolve(candidate, entries, context, view, anchors)
            cache[cache_key] = scored
        return scored

    @staticmethod
    def _weights(scored: list[tuple[float, Entry]]) -> list[float]:
        return [math.exp(6 * score) for score, _ in scored]

    def _share(self, scored: list[tuple[float, Entry]]) -> float:
        """How much of the evidence goes to the best entry (1.0 when the name is unambiguous)."""
        weights = self._weights(scored)
        return weights[0] / sum(weights)

    def _place_mention(self, candidate: _Candidate, scored: list[tuple[float, Entry]], text: str,
                       sentences: Sentences) -> Mention:
        weights = self._weights(scored)
        total = sum(weights)
        best = scored[0][1]
        # A city and the same-named region around it ("Bamako", "Gao") agree on where the article is: the
        # region's weight supports the city instead of competing with it.
        agreeing = sum(weight for (_, entry), weight in zip(scored[1:], weights[1:])
                       if entry.iso3 == best.iso3 and {entry.feature, best.feature} & {"region", "province", "commune"}
                       and (entry.name == best.name or distance_km(entry.lat, entry.lon, best.lat, best.lon) < 150))
        recognition = 1 / (1 + math.exp(-8 * (candidate.score - ACCEPT_SCORE))) * 0.5 + 0.5
        ranked = [_candidate(entry, weight / total) for (_, entry), weight in zip(scored[:4], weights)]
        start, end, trimmed = _toponym_span(text, candidate.start, candidate.end, best.name)
        sentence_start, sentence = self._sentence(sentences, start, end)
        trim_reason = (f"generic '{trimmed}' is a cue, not part of the name",) if trimmed else ()
        reasons = tuple(candidate.reasons) + trim_reason
        return Mention(
            start=start, end=end, surface=text[start:end], kind="place",
            sentence=sentence, sentence_start=sentence_start, entry=ranked[0],
            confidence=round(recognition * (weights[0] + agreeing) / total, 4), candidates=tuple(ranked[1:4]),
            countries=(ranked[0].iso3,) if ranked[0].iso3 else (), reasons=reasons)

    def _other_mention(self, candidate: _Candidate, context: Counter[str], text: str, sentences: Sentences
                       ) -> Mention:
        sentence_start, sentence = self._sentence(sentences, candidate.start, candidate.end)
        surface = text[candidate.start:candidate.end]
        if candidate.kind == "organisation":
            organisation = self.gazetteer.organisation(candidate.info.organisation)
            members = organisation.members if organisation else ()
            return Mention(start=candidate.start, end=candidate.end, surface=surface, kind="organisation",
                           sentence=sentence, sentence_start=sentence_start, entry=None, confidence=0.95,
                           countries=members, organisation=candidate.info.organisation)
        countries = candidate.info.demonym_countries
        confidence, reasons = 0.9, []
        if countries == ("NGA",) and context["NER"] > 0 and context["NGA"] == 0:
            # "Nigerian" is often written for Niger's people in reports about Niamey and Niger.
            countries, confidence = ("NER",), 0.6
            reasons.append("'Nigerian' in a text about Niger, not Nigeria")
        entry = _candidate(self.gazetteer.get(f"ne:{countries[0]}"), 1.0) if countries else None
        return Mention(start=candidate.start, end=candidate.end, surface=surface, kind="demonym",
                       sentence=sentence, sentence_start=sentence_start, entry=entry, confidence=confidence,
                       countries=countries, organisation=candidate.info.demonym_organisation or None,
                       reasons=tuple(reasons))

    def _longer_place_mention(self, candidate: _Candidate, text: str, sentences: Sentences) -> Mention:
        """"Orange County", "Washington Square": a place the gazetteer lacks, reported unresolved."""
        end = candidate.longer_name_end
        sentence_start, sentence = self._sentence(sentences, candidate.start, end)
        near = [_candidate(entry, 0.0) for entry in self.gazetteer.lookup_ids(candidate.info.place_ids)[:3]]
        return Mention(start=candidate.start, end=end, surface=text[candidate.start:end], kind="place",
                       sentence=sentence, sentence_start=sentence_start, entry=None, confidence=0.5,
                       candidates=tuple(near), reasons=tuple(candidate.reasons) + ("not in the gazetteer",))

    def _unknown_places(self, text: str, view: str, sentences: Sentences, known: list[Mention]) -> list[Mention]:
        """Names introduced as places ("the village of Boulkessi", "Licking County") that the gazetteer
        lacks: reported as unresolved place mentions."""
        covered = [(m.start, m.end) for m in known]
        found = []
        hits = list(self._cue_automaton.iter(f" {view} "))
        if "a" in cues.FRENCH_PLACE_INTRODUCERS and ("à" in text or "À" in text):
            # "à" as the cue automaton would report it (English "a" is an article: only the accented word counts)
            hits += [(match.start() + 2, (1, "a")) for match in _GRAVE_A.finditer(text)]
            hits.sort(key=lambda hit: hit[0] - hit[1][0])
        for end_index, (length, key) in hits:
            cue_start, cue_end = end_index - length - 1, end_index - 1
            if key in _COUNTY_HEADS:
                if not text[cue_start:cue_start + 1].isupper():
                    continue
                match = _NAME_BEFORE.search(text, max(0, cue_start - 40), cue_start)
                if match is None:
                    continue
                start, end, reason = match.start("name"), cue_end, "a named county; not in the gazetteer"
            elif key in cues.FRENCH_PLACE_INTRODUCERS and key not in cues.UNKNOWN_PLACE_INTRODUCERS:
                if key == "a" and text[cue_start] not in "àÀ":
                    continue  # English "a" is an article; French "à" has its accent
                single = _single_unknown_name(text, cue_end + 1, sentences)
                if single is None:
                    continue
                start, end = single
                reason = f"after the French '{text[cue_start:cue_end]}'; not in the gazetteer"
            else:
                match = _NAME_AFTER.match(text, cue_end + 1)
                if match is None:
                    continue
                start, end = match.span("name")
                reason = f"introduced by '{text[cue_start:cue_end]}'; not in the gazetteer"
            if any(s < end and start < e for s, e in covered) or match_key(text[start:end]) in cues.NEVER_PLACES:
                continue
            covered.append((start, end))
            sentence_start, sentence = self._sentence(sentences, start, end)
            found.append(Mention(start=start, end=end, surface=text[start:end], kind="place", sentence=sentence,
                                 sentence_start=sentence_start, entry=None, confidence=0.5, reasons=(reason,)))
        # "Bourzanga et Namssiguia", "à Malanville et à Karimama": a French list of places goes on after "et".
        for previous in sorted([m for m in known if m.kind == "place"] + found, key=lambda m: m.start):
            match = _FRENCH_LIST_NEXT.match(text, previous.end)
            if match is None or match_key(match["coordinator"]) not in cues.FRENCH_PLACE_COORDINATORS:
                continue
            single = _single_unknown_name(text, match.start("name"), sentences)
            if single is None or any(s < single[1] and single[0] < e for s, e in covered):
                continue
            start, end = single
            covered.append((start, end))
            sentence_start, sentence = self._sentence(sentences, start, end)
            found.append(Mention(start=start, end=end, surface=text[start:end], kind="place", sentence=sentence,
                                 sentence_start=sentence_start, entry=None, confidence=0.5,
                                 reasons=(f"listed with {previous.surface} after '{match['coordinator']}'; "
                                          "not in the gazetteer",)))
        return found


_SAHEL_FOCUS = frozenset({"MLI", "BFA", "NER"})
_LOWERCASE_WORD = re.compile(r"\b[a-zß-öø-ÿ][\w'’]*")
# "Licking County", "St. Tammany Parish": named counties are places even when the gazetteer lacks them.
_COUNTY_HEADS = frozenset({"county", "parish", "township"})
_NAME_BEFORE = re.compile(r"(?P<name>(?:St\. |Saint )?[A-Z][a-z]+(?: [A-Z][a-z]+)?) $")
# The capitalised name right after "village of", "ville de"...
_NAME_AFTER = re.compile(r" ?(?P<name>[A-ZÀ-Ý][\w’'-]+(?: [A-ZÀ-Ý][\w’'-]+){0,2})")
# Features too large for their point to say where an article is.
_AREAL = frozenset({"continent", "country", "sea", "area"})
# The word right before a position, separated from it by one space only: "Gary Allen", "Mr. Allen".
_CAPITALISED_NEXT = re.compile(r" [A-ZÀ-Ý][a-zà-ÿ]")
_PREVIOUS_WORD = re.compile(r"(?P<word>[^\W\d_][\w’'.-]*) $")


_GRAVE_A = re.compile(r"(?<!\w)[àÀ](?= )")
# One capitalised word (hyphens and apostrophes inside: "Tin-Akoff", "N'Guigmi") not followed by another one.
_SINGLE_NAME = re.compile(r" ?(?P<name>[A-ZÀ-Ý][\w’'-]*\w)(?![\w’'-]| [A-ZÀ-Ý]|\.\w)")
# After a place: ", et à X", " et de X", " ou X".
_FRENCH_LIST_NEXT = re.compile(r",? (?P<coordinator>et|ou) (?:(?:à|de|du|au) |d['’])?(?P<name>[A-ZÀ-Ý])",
                               re.IGNORECASE)


def _single_unknown_name(text: str, position: int, sentences: Sentences) -> tuple[int, int] | None:
    """The span of a single capitalised word at `position` that may be a place the gazetteer lacks, else None.

    Not a word of the never-places list, not an acronym (unless the whole sentence is in capitals: a
    headline), not the first word of a sentence, at least three letters.
    """
    match = _SINGLE_NAME.match(text, position)
    if match is None:
        return None
    start, end = match.span("name")
    name = match["name"]
    if len(name) < 3 or match_key(name) in cues.NEVER_PLACES or sentences.is_sentence_start(start):
        return None
    if name.isupper():
        _, sentence = sentences.around(start, end)
        if sum(ch.islower() for ch in sentence) > 0:
            return None  # "à l'AFP", "vers la RN1": an acronym in ordinary text
    return start, end


def _candidate(entry: Entry, score: float) -> Candidate:
    return Candidate(entry_id=entry.id, name=entry.name, feature=entry.feature, lat=entry.lat, lon=entry.lon,
                     iso3=entry.iso3, score=score)


@lru_cache(maxsize=1)
def default_geoparser() -> Geoparser:
    """The geoparser over the committed gazetteer, built once per process (about a second)."""
    return Geoparser(default_gazetteer())


_CONNECTORS_AFTER_GENERIC = frozenset({"of", "de", "du", "des", "d", "la", "l", "the"})
# A generic word, its connectors, then the name: "région de Kidal", "province du Soum", "region of Gao".
_GENERIC_PREFIX = re.compile(r"^(?P<generic>[^\W\d_]+)(?:[\s'’]+(?:of|de|du|des|d|la|l|the)\b)+[\s'’]*",
                             re.IGNORECASE)
_GENERIC_SUFFIX = re.compile(r"[\s-]+(?P<generic>[^\W\d_]+)$")
# An optional French article, a lower-case generic, then a capitalised name: "le fleuve Niger", "lac Tchad".
_LEADING_GENERIC = re.compile(r"^(?:(?:le|la|les|l)(?:\s+|['’]))?(?P<generic>[^\W\d_]+)\s+(?=[A-ZÀ-Ý])",
                              re.IGNORECASE)


def _town_first(scored: list[tuple[float, Entry]], is_namesake: Callable[[Entry, Entry], bool]) -> None:
    """Move the first entry that `is_namesake(entry, best)` in the best entry's country to the front (in place):
    an area named after its town is answered with the town's point."""
    area = scored[0][1]
    town = next((pair for pair in scored[1:] if pair[1].iso3 == area.iso3 and is_namesake(pair[1], area)), None)
    if town is not None:
        scored.remove(town)
        scored.insert(0, (scored[0][0] + 0.01, town[1]))


def _generic_before(words: str) -> str:
    """The generic word of "région de" / "region of the" / "province du" right before a name, else ''."""
    parts = words.split()
    while parts and parts[-1] in _CONNECTORS_AFTER_GENERIC:
        parts.pop()
    return parts[-1] if parts and len(parts) < len(words.split()) else ""


def _toponym_span(text: str, start: int, end: int, name: str) -> tuple[int, int, str]:
    """The span of the toponym inside a gazetteer match that includes its generic word ("région de Kidal",
    "Gao Region" -> "Kidal", "Gao"), with the generic trimmed ('' when nothing was trimmed).

    Trimmed only when what remains is the entry's own name, so "District of Columbia" or "Cape Verde" stay.
    """
    surface = text[start:end]
    wanted = match_key(name)
    prefix = _GENERIC_PREFIX.match(surface)
    if prefix and match_key(prefix["generic"]) in cues.GENERIC_PLACE_WORDS \
            and match_key(surface[prefix.end():]) == wanted:
        return start + prefix.end(), end, surface[:prefix.end()].strip()
    suffix = _GENERIC_SUFFIX.search(surface)
    if suffix and match_key(suffix["generic"]) in cues.GENERIC_PLACE_WORDS \
            and match_key(surface[:suffix.start()]) == wanted:
        return start, start + suffix.start(), suffix["generic"]
    leading = _LEADING_GENERIC.match(surface)
    if leading and leading["generic"].islower() and match_key(leading["generic"]) in cues.LEADING_FEATURE_GENERICS:
        return start + leading.end(), end, surface[:leading.end()].strip()  # "fleuve Niger" -> "Niger"
    return start, end, ""


def parse(text: str) -> list[Mention]:
    """Every place, demonym and organisation mention in `text` (see Geoparser.parse)."""
    return default_geoparser().parse(text)
