"""Who acted and who was hit: actor names (data/events/actors.csv) found in a sentence, generic wording
("the army", "les FDS", "the junta") given the country of the event.

>>> [hit.id for hit in find_actors("JNIM fighters ambushed Malian soldiers near Boni.")]
['JNIM', 'MLI-FORCES']
>>> resolve_ids(find_actors("The army repelled the attack."), "NER")
('NER-FORCES',)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.events.lexicon import actor_index, actor_names
from geo.events.prefilter import SentenceWords, matches_at, sentence_words

# Countries whose generic "army"/"government" wording the actor list can name (ids <ISO3>-FORCES, <ISO3>-GOV).
COUNTRIES_WITH_FORCES = frozenset({"MLI", "BFA", "NER", "TCD"})
COUNTRIES_WITH_GOV = frozenset({"MLI", "BFA", "NER"})
ARMED_KINDS = frozenset({"state", "foreign", "militia", "police", "generic force"})
NON_STATE_KINDS = frozenset({"armed group"})
SOURCE_KINDS = frozenset({"generic force", "generic government", "police", "civilian"})
# A name that only attributes the report (", police said", ", a military source told AFP", "according to the army",
# "selon l'armée") is the story's source, not a side of the event: ACLED codes the sides, not the sources.
_ACCORDING_TO = re.compile(r"\b(?:according to|selon|d['’]après)\s+(?:the\s+|a\s+|local\s+|l['’]|la\s+|le\s+|les\s+"
                           r"|des\s+|du\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_AFTER_COMMA = re.compile(r",\s*(?:while\s+|and\s+)?(?:the\s+|a\s+|an\s+|l['’]|la\s+|le\s+|les\s+|des\s+)?(?:\w+\s+)?$",
                          re.IGNORECASE)
_REPORTED = re.compile(
    r"^(?:\s+(?:sources?|spokes(?:man|woman|person)|officials?|statement|communiqué|porte-parole))?\s+"
    r"(?:(?:has|have|had)\s+)?(?:said|says|told|reported|announced|stated|confirmed|added|wrote|indicated"
    r"|(?:a|ont)\s+(?:indiqué|annoncé|affirmé|déclaré|précisé|confirmé|rapporté|expliqué))\b", re.IGNORECASE)


@dataclass(frozen=True)
class ActorHit:
    id: str  # "*-FORCES"/"*-GOV" for generic wording, resolved later by the event's country
    kind: str
    start: int
    end: int
    surface: str


def find_actors(sentence: str, words: SentenceWords | None = None) -> list[ActorHit]:
    """Every actor name in `sentence`, longest name first where names overlap, in order of appearance;
    `words`: the sentence's prefilter.sentence_words when already computed."""
    hits: list[ActorHit] = []
    taken: list[tuple[int, int]] = []
    names = actor_names()
    live, spots = (sentence_words(sentence) if words is None else words).scan(actor_index())
    for number in live:  # longest first: "Malian soldiers"
        actor = names[number]
        for match in matches_at(actor.pattern, sentence, None if spots is None else spots.get(number)):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            hits.append(ActorHit(actor.id, actor.kind, match.start(), match.end(), match.group(0)))
    return sorted(hits, key=lambda hit: hit.start)


def is_source(sentence: str, hit: ActorHit) -> bool:
    """True when the actor named at `hit` is only where the report comes from ("..., police said"): generic
    wording, police, officials and residents; a force or group named as such ("the French army said") is most
    often reporting its own operation, and stays a side.

    >>> sentence = "Gunmen killed five villagers near Djibo, police said."
    >>> [(hit.id, is_source(sentence, hit)) for hit in find_actors(sentence)]
    [('UNKNOWN-ARMED', False), ('CIVILIANS', False), ('POLICE', True)]
    """
    if hit.kind not in SOURCE_KINDS:
        return False
    before = sentence[max(0, hit.start - 30):hit.start]
    if _ACCORDING_TO.search(before):
        return True
    return bool(_AFTER_COMMA.search(before) and _REPORTED.match(sentence[hit.end:hit.end + 40]))


def resolve_id(actor_id: str, country: str | None) -> str | None:
    """A generic id made national ("*-FORCES" + "BFA" -> "BFA-FORCES"); None when the country is unknown."""
    if not actor_id.startswith("*-"):
        return actor_id
    known = COUNTRIES_WITH_FORCES if actor_id == "*-FORCES" else COUNTRIES_WITH_GOV
    return f"{country}{actor_id[1:]}" if country in known else None


def resolve_ids(hits: list[ActorHit], country: str | None) -> tuple[str, ...]:
    """Distinct actor ids in order of first appearance, generic ones given `country`."""
    ids = (resolve_id(hit.id, country) for hit in hits)
    return tuple(dict.fromkeys(actor_id for actor_id in ids if actor_id))
