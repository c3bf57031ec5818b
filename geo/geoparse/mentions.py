"""Mention building: from a scored candidate to the `Mention` the product shows, with its reasons.

>>> toponym_span("la région de Kidal", 3, 18, "Kidal")
(13, 18, 'région de')
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter

from geo.geodesy import distance_km
from geo.geoparse import cues
from geo.geoparse.gazetteer import Entry, Gazetteer
from geo.geoparse.model import Candidate, Mention
from geo.geoparse.recognition import RawCandidate
from geo.geoparse.resolution import Scored, entry_weights
from geo.geoparse.weights import ACCEPT_SCORE, WEIGHTS
from geo.text.spans import Composed, Sentences, match_key

# A generic word, its connectors, then the name: "région de Kidal", "province du Soum", "region of Gao".
_GENERIC_PREFIX = re.compile(r"^(?P<generic>[^\W\d_]+)(?:[\s'’]+(?:of|de|du|des|d|la|l|the)\b)+[\s'’]*",
                             re.IGNORECASE)
_GENERIC_SUFFIX = re.compile(r"[\s-]+(?P<generic>[^\W\d_]+)$")
# An optional French article, a lower-case generic, then a capitalised name: "le fleuve Niger", "lac Tchad".
_LEADING_GENERIC = re.compile(r"^(?:(?:le|la|les|l)(?:\s+|['’]))?(?P<generic>[^\W\d_]+)\s+(?=[A-ZÀ-Ý])",
                              re.IGNORECASE)


def to_candidate(entry: Entry, score: float) -> Candidate:
    return Candidate(entry_id=entry.id, name=entry.name, feature=entry.feature, lat=entry.lat, lon=entry.lon,
                     iso3=entry.iso3, score=score)


def place_mention(candidate: RawCandidate, scored: Scored, text: str, sentences: Sentences,
                  resolved_because: tuple[str, ...] = ()) -> Mention:
    """A resolved place: the best entry, up to three runner-ups, and a confidence from both stages; its
    reasons are the recognition's, the span's and ``resolved_because`` (resolution.why_chosen)."""
    w = WEIGHTS
    weights = entry_weights(scored)
    total = sum(weights)
    best = scored[0][1]
    # A city and the same-named region around it ("Bamako", "Gao") agree on where the article is: the
    # region's weight supports the city instead of competing with it.
    agreeing = sum(weight for (_, entry), weight in zip(scored[1:], weights[1:])
                   if entry.iso3 == best.iso3 and {entry.feature, best.feature} & {"region", "province", "commune"}
                   and (entry.name == best.name
                        or distance_km(entry.lat, entry.lon, best.lat, best.lon) < w.agreeing_km))
    recognition = 1 / (1 + math.exp(-w.recognition_slope * (candidate.score - ACCEPT_SCORE))) * 0.5 + 0.5
    ranked = [to_candidate(entry, weight / total) for (_, entry), weight in zip(scored[:4], weights)]
    start, end, trimmed = toponym_span(text, candidate.start, candidate.end, best.name)
    sentence_start, sentence = sentences.around(start, end)
    trim_reason = (f"generic '{trimmed}' is a cue, not part of the name",) if trimmed else ()
    reasons = tuple(candidate.reasons) + trim_reason + resolved_because
    return Mention(
        start=start, end=end, surface=text[start:end], kind="place",
        sentence=sentence, sentence_start=sentence_start, entry=ranked[0],
        confidence=round(recognition * (weights[0] + agreeing) / total, 4), candidates=tuple(ranked[1:4]),
        countries=(ranked[0].iso3,) if ranked[0].iso3 else (), reasons=reasons)


def other_mention(candidate: RawCandidate, context: Counter[str], gazetteer: Gazetteer, text: str,
                  sentences: Sentences) -> Mention:
    """An organisation (with its members) or a demonym (with its country)."""
    w = WEIGHTS
    sentence_start, sentence = sentences.around(candidate.start, candidate.end)
    surface = text[candidate.start:candidate.end]
    if candidate.kind == "organisation":
        organisation = gazetteer.organisation(candidate.info.organisation)
        members = organisation.members if organisation else ()
        return Mention(start=candidate.start, end=candidate.end, surface=surface, kind="organisation",
                       sentence=sentence, sentence_start=sentence_start, entry=None,
                       confidence=w.organisation_confidence, countries=members,
                       organisation=candidate.info.organisation)
    countries = candidate.info.demonym_countries
    confidence, reasons = w.demonym_confidence, []
    if countries == ("NGA",) and context["NER"] > 0 and context["NGA"] == 0:
        # "Nigerian" is often written for Niger's people in reports about Niamey and Niger.
        countries, confidence = ("NER",), w.nigerian_for_niger_confidence
        reasons.append("'Nigerian' in a text about Niger, not Nigeria")
    entry = to_candidate(gazetteer.get(f"ne:{countries[0]}"), 1.0) if countries else None
    return Mention(start=candidate.start, end=candidate.end, surface=surface, kind="demonym",
                   sentence=sentence, sentence_start=sentence_start, entry=entry, confidence=confidence,
                   countries=countries, organisation=candidate.info.demonym_organisation or None,
                   reasons=tuple(reasons))


def doubted_place_mention(candidate: RawCandidate, scored: Scored, text: str, sentences: Sentences,
                          doubt: str) -> Mention:
    """A place whose only namesakes are far from the text's other places: reported unresolved, the far entries
    kept as candidates (an analyst sees them), with the doubt as its reason."""
    start, end, _ = toponym_span(text, candidate.start, candidate.end, scored[0][1].name)
    sentence_start, sentence = sentences.around(start, end)
    near = [to_candidate(entry, 0.0) for _, entry in scored[:3]]
    return Mention(start=start, end=end, surface=text[start:end], kind="place", sentence=sentence,
                   sentence_start=sentence_start, entry=None, confidence=WEIGHTS.unresolved_confidence,
                   candidates=tuple(near), reasons=tuple(candidate.reasons) + (doubt,))


def longer_place_mention(candidate: RawCandidate, gazetteer: Gazetteer, text: str, sentences: Sentences) -> Mention:
    """"Orange County", "Washington Square": a place the gazetteer lacks, reported unresolved."""
    end = candidate.longer_name_end
    sentence_start, sentence = sentences.around(candidate.start, end)
    near = [to_candidate(entry, 0.0) for entry in gazetteer.lookup_ids(candidate.info.place_ids)[:3]]
    return Mention(start=candidate.start, end=end, surface=text[candidate.start:end], kind="place",
                   sentence=sentence, sentence_start=sentence_start, entry=None,
                   confidence=WEIGHTS.unresolved_confidence, candidates=tuple(near),
                   reasons=tuple(candidate.reasons) + ("not in the gazetteer",))


def toponym_span(text: str, start: int, end: int, name: str) -> tuple[int, int, str]:
    """The span of the toponym inside a gazetteer match that includes its generic word ("région de Kidal",
    "Gao Region" -> "Kidal", "Gao"), with the generic trimmed ('' when nothing was trimmed).

    Trimmed only when what remains is the entry's own name, so "District of Columbia" or "Cape Verde" stay.
    """
    surface = text[start:end]
    if not any(char in surface for char in " -'’\u00a0\t\n"):
        return start, end, ""  # one word: no generic to trim (most mentions)
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


def restored(mention: Mention, composed: Composed) -> Mention:
    """A mention found in the composed text, with its offsets and text taken from the original."""
    start, end = composed.span(mention.start, mention.end)
    sentence_start, sentence_end = composed.span(mention.sentence_start,
                                                 mention.sentence_start + len(mention.sentence))
    return dataclasses.replace(mention, start=start, end=end, surface=composed.original[start:end],
                               sentence_start=sentence_start,
                               sentence=composed.original[sentence_start:sentence_end])
