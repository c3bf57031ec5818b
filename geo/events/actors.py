"""Who acted and who was hit: actor names (data/events/actors.csv) found in a sentence, generic wording
("the army", "les FDS", "the junta") given the country of the event.

>>> [hit.id for hit in find_actors("JNIM fighters ambushed Malian soldiers near Boni.")]
['JNIM', 'MLI-FORCES']
>>> resolve_ids(find_actors("The army repelled the attack."), "NER")
('NER-FORCES',)
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.events.lexicon import actor_index, actor_names

# Countries whose generic "army"/"government" wording the actor list can name (ids <ISO3>-FORCES, <ISO3>-GOV).
COUNTRIES_WITH_FORCES = frozenset({"MLI", "BFA", "NER", "TCD"})
COUNTRIES_WITH_GOV = frozenset({"MLI", "BFA", "NER"})
ARMED_KINDS = frozenset({"state", "foreign", "militia", "police", "generic force"})
NON_STATE_KINDS = frozenset({"armed group"})


@dataclass(frozen=True)
class ActorHit:
    id: str  # "*-FORCES"/"*-GOV" for generic wording, resolved later by the event's country
    kind: str
    start: int
    end: int
    surface: str


def find_actors(sentence: str) -> list[ActorHit]:
    """Every actor name in `sentence`, longest name first where names overlap, in order of appearance."""
    hits: list[ActorHit] = []
    taken: list[tuple[int, int]] = []
    names = actor_names()
    for actor in (names[i] for i in actor_index().candidates(sentence)):  # longest first: "Malian soldiers"
        for match in actor.pattern.finditer(sentence):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            hits.append(ActorHit(actor.id, actor.kind, match.start(), match.end(), match.group(0)))
    return sorted(hits, key=lambda hit: hit.start)


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
