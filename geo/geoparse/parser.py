"""Find the places, demonyms and organisations an article mentions and resolve them to the gazetteer.

Offline and deterministic, a pipeline of small parts, each in its own module:

1. recognition (geo.geoparse.recognition): a multi-pattern matcher (Aho-Corasick) over every gazetteer name,
   demonym and organisation name finds raw candidates, kept or not by their capitalisation;
2. candidate rules (geo.geoparse.rules, with geo.geoparse.people): named rules on the words around each
   candidate score whether it is a place, each with its reason;
3. resolution (geo.geoparse.resolution, weights in geo.geoparse.weights): evidence (feature and population, the
   article's other places, cue words such as "river" or "region") chooses among same-named entries;
4. mention building (geo.geoparse.mentions; names built on a place, "Malta Road", in geo.geoparse.compounds;
   geo.geoparse.unknown for names the gazetteer lacks).

>>> [(m.surface, m.kind, m.entry.iso3) for m in parse("Troops left Niamey for the Niger river.")]
[('Niamey', 'place', 'NER'), ('Niger river', 'place', '')]
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

from geo.geoparse import people
from geo.geoparse.compounds import extend_compounds
from geo.geoparse.context import LowercaseIndex, Site, entry_facts
from geo.geoparse.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse.mentions import doubted_place_mention, longer_place_mention, other_mention, place_mention, restored
from geo.geoparse.model import Mention
from geo.geoparse.recognition import ACRONYM_PLACES, CONNECTORS, LEADING_CUES, LOWERCASE_NAME_WORDS, Recogniser
from geo.geoparse.resolution import (
    AMBIGUOUS_DEMONYMS,
    Anchor,
    Scored,
    context_countries,
    far_namesake,
    resolve_all,
    why_chosen,
)
from geo.geoparse.rules import LONGER_PLACE_NAME, place_score
from geo.geoparse.spelling import SpellingIndex
from geo.geoparse.unknown import UnknownPlaces
from geo.geoparse.weights import ACCEPT_SCORE, MAJOR_FEATURES, MAX_CANDIDATES, WEIGHTS
from geo.text.spans import Composed, Sentences, match_view, split_sentences

__all__ = ["ACCEPT_SCORE", "ACRONYM_PLACES", "AMBIGUOUS_DEMONYMS", "CONNECTORS", "FEATURE_PRIOR", "LEADING_CUES",
           "LOWERCASE_NAME_WORDS", "MAJOR_FEATURES", "MAX_CANDIDATES", "Geoparser", "default_geoparser", "parse"]

FEATURE_PRIOR = WEIGHTS.feature_prior  # kept here for readers of the former single-module parser


class Geoparser:
    """The pipeline's parts built once from a gazetteer; `parse` is then cheap and thread-safe."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.recogniser = Recogniser(gazetteer)
        self.unknown_places = UnknownPlaces(SpellingIndex(gazetteer))
        # (major, best prior) per name's entries, filled as names are met (bounded by the gazetteer's names)
        self._entry_facts: dict[tuple[str, ...], tuple[bool, float]] = {}

    def parse(self, text: str) -> list[Mention]:
        """Every place, demonym and organisation mention in `text`, in order of appearance.

        Offsets are into `text` as given, also when it is not in NFC (matching runs on its composed form).
        """
        if not text or not text.strip():
            return []
        if not unicodedata.is_normalized("NFC", text):
            composed = Composed.of(text)
            return [restored(mention, composed) for mention in self.parse(composed.text)]
        view = match_view(text)
        sentences = split_sentences(text)
        candidates = self.recogniser.candidates(text, view)
        lowercase_words = LowercaseIndex(text, view)
        person_keys = people.person_keys(text, sentences, candidates, lowercase_words)

        sites: list[Site] = []  # the accepted places
        starts = {c.start for c in candidates}
        for candidate in candidates:
            if candidate.kind == "place":
                entries = self.gazetteer.lookup_ids(candidate.info.place_ids)
                known = self._entry_facts.get(candidate.info.place_ids)
                if known is None:
                    known = self._entry_facts[candidate.info.place_ids] = entry_facts(entries)
                site = Site(candidate, entries, text, view, sentences, lowercase_words, person_keys, starts, known)
                candidate.score = place_score(site)
                if candidate.vetoed_by == LONGER_PLACE_NAME:  # "Orange County": the longer name is the mention
                    candidate.longer_name_end = site.next_start + len(site.after1)
                if candidate.score >= ACCEPT_SCORE:
                    sites.append(site)
        others = [c for c in candidates if c.kind != "place"]
        context = context_countries([site.candidate for site in sites] + others, self.gazetteer)
        scored, anchors = resolve_all(sites, context)

        mentions = [self._place_mention(site, ranked, text, sentences, context, anchors)
                    for site, ranked in zip(sites, scored)]
        mentions += [other_mention(c, context, self.gazetteer, text, sentences) for c in others]
        mentions += [longer_place_mention(c, self.gazetteer, text, sentences)
                     for c in candidates if c.longer_name_end]
        mentions = extend_compounds(text, sentences, mentions, self.gazetteer)  # "Malta Road", "Springfield, Mo."
        mentions += self.unknown_places.find(text, view, sentences, mentions)
        return sorted(mentions, key=lambda m: (m.start, m.end))

    @staticmethod
    def _place_mention(site: Site, ranked: Scored, text: str, sentences: Sentences, context: Counter[str],
                       anchors: list[Anchor]) -> Mention:
        doubt = far_namesake(site, ranked, context, anchors)
        if doubt is not None:
            return doubted_place_mention(site.candidate, ranked, text, sentences, doubt)
        return place_mention(site.candidate, ranked, text, sentences, why_chosen(site, ranked, context, anchors))


@lru_cache(maxsize=1)
def default_geoparser() -> Geoparser:
    """The geoparser over the committed gazetteer, built once per process (about a second)."""
    return Geoparser(default_gazetteer())


def parse(text: str) -> list[Mention]:
    """Every place, demonym and organisation mention in `text` (see Geoparser.parse)."""
    return default_geoparser().parse(text)
