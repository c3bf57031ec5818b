"""Event type and sub-type from trigger words (data/events/triggers.csv), with the rules that refine them.

- by-target: "attacked"/"killed" is *Battles / Armed clash* when the side hit is armed (soldiers, a military
  camp, a jihadist base), *Violence against civilians / Attack* otherwise (ACLED codebook, Battles vs VAC);
- by-actor: taking a town is *Government regains territory* when state or allied forces act, *Non-state actor
  overtakes territory* when an armed group does; burning and looting is a *Riot* by a crowd, *Looting/property
  destruction* by armed men;
- a protest with rioting is a *Riot*; a second act in the same sentence (killing and abduction, withdrawal and
  handover, IED then clash...) is a second event (EVENTS_GOLD.md, "Two events in one sentence").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.events.actors import ARMED_KINDS, NON_STATE_KINDS, ActorHit
from geo.events.lexicon import Trigger, trigger_index, triggers
from geo.events.literals import GatedPattern, trusted_lower
from geo.events.modality import FACT, Modality, cue_matches, modality
from geo.events.prefilter import SentenceWords, matches_at, sentence_words

VAC, BATTLES, RIOTS, PROTESTS = "Violence against civilians", "Battles", "Riots", "Protests"
STRATEGIC, EXPLOSIONS = "Strategic developments", "Explosions/Remote violence"
EVENT_TYPES = (BATTLES, EXPLOSIONS, VAC, PROTESTS, RIOTS, STRATEGIC)  # ACLED's six, in its codebook's order

# Words naming an armed target ("a military camp", "the gendarmerie post", "un convoi de l'armée", "20 terroristes").
_ARMED_TARGET = GatedPattern(re.compile(
    r"(?<!\w)(?:soldiers?|troops|army|military|camp|base|barracks|garrison|post|position|outpost|checkpoint|patrol"
    r"|gendarm\w*|police|policemen|VDP|volunteers|militia\w*|jihadists?|militants|fighters|hideouts?"
    r"|terrorists?|insurgents?|rebels?|assailants|attackers|gunmen"
    r"|soldats?|militaires?|troupes|armée|caserne|poste|détachement|patrouille|policiers|volontaires"
    r"|milicien\w*|combattants|repaires?|bases?"
    r"|terroristes?|jihadistes?|djihadistes?|insurgés|rebelles|assaillants)(?!\w)", re.IGNORECASE))
_CIVILIAN_TARGET = GatedPattern(re.compile(
    r"(?<!\w)(?:civilians?|villagers?|residents|people|worshippers|passengers|traders|women|children|farmers"
    r"|herders|displaced|wedding|market|school|mosque|church|church\w*|hamlet|village|civils|villageois|habitants"
    r"|personnes|fidèles|passagers|commerçants|femmes|enfants|agriculteurs|éleveurs|déplacés|marché|école|mosquée"
    r"|église|hameau)(?!\w)", re.IGNORECASE))
_PASSIVE_BEFORE = GatedPattern(re.compile(
    r"(?:\b(?:was|were|been|being|be|été|a été|ont été|est|sont)\s+(?:\w+\s+)?)$", re.IGNORECASE))
_FRENCH_PARTICIPLE = re.compile(r"^(?:tu[ée]e?s|abattus|attaqu[ée]e?s|massacr[ée]e?s)$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:()—–]|\s-\s")
_NEXT_DAY = re.compile(r"\b(?:the next day|the following day|a day later|le lendemain|dès le lendemain"
                       r"|le jour suivant)\b", re.IGNORECASE)
_TARGET_REACH = 70
# "killed" (0.55) may name a second act ("killed four villagers and abducted the imam"); vaguer words may not.
SECOND_EVENT_MIN_WEIGHT = 0.5
STRONG_TRIGGER_WEIGHT = 0.75
NON_LETHAL_ACTS = frozenset({"Abduction/forced disappearance", "Looting/property destruction"})

# Second events: sub-types that, triggered by their own words, are a distinct act beside the first one.
SECOND_EVENTS = frozenset({
    frozenset({"Attack", "Abduction/forced disappearance"}),
    frozenset({"Armed clash", "Abduction/forced disappearance"}),
    frozenset({"Attack", "Looting/property destruction"}),
    frozenset({"Abduction/forced disappearance", "Looting/property destruction"}),
    frozenset({"Change to group/activity", "Non-violent transfer of territory"}),
    frozenset({"Remote explosive/landmine/IED", "Armed clash"}),
    frozenset({"Air/drone strike", "Armed clash"}),
    frozenset({"Government regains territory", "Headquarters or base established"}),
})
# ... and these only when the text puts a day between them ("arrested on Sunday ... dispersed the next day").
SECOND_EVENTS_IN_SEQUENCE = frozenset({frozenset({"Arrests", "Protest with intervention"}),
                                       frozenset({"Arrests", "Peaceful protest"})})


@dataclass(frozen=True)
class TriggerHit:
    trigger: Trigger
    start: int
    end: int
    text: str
    modality: Modality = FACT

    @property
    def score(self) -> float:
        return self.trigger.weight * self.modality.factor


@dataclass(frozen=True)
class Coded:
    """A type decided for a trigger, with the rule that decided it."""

    hit: TriggerHit
    type: str
    subtype: str
    rule: str


def find_triggers(sentence: str, languages: tuple[str, ...] = ("en", "fr"), with_modality: bool = True,
                  words: SentenceWords | None = None) -> list[TriggerHit]:
    """Trigger words of the sentence, overlaps resolved for the longer match, each with its modality.
    `words` (prefilter.sentence_words of the sentence) may be given when already computed."""
    if words is None:
        words = sentence_words(sentence)
    everything = triggers()
    live, spots = words.scan(trigger_index())
    if not live:
        return []
    matches = [(trigger, match) for trigger, number in ((everything[i], i) for i in live) if trigger.lang in languages
               for match in matches_at(trigger.pattern, sentence, None if spots is None else spots.get(number))]
    if not matches:
        return []
    matches.sort(key=lambda pair: (-(pair[1].end() - pair[1].start()), -pair[0].weight, pair[1].start()))
    kept: list[tuple[Trigger, re.Match[str]]] = []
    for trigger, match in matches:
        if not any(match.start() < other.end() and other.start() < match.end() for _, other in kept):
            kept.append((trigger, match))
    if not kept:
        return []
    found = cue_matches(sentence, languages, words) if with_modality else []
    hits = [TriggerHit(trigger, match.start(), match.end(), match.group(0),
                       modality(sentence, match.start(), match.end(), found) if with_modality else FACT)
            for trigger, match in kept]
    return sorted(hits, key=lambda hit: hit.start)


def _clause_after(sentence: str, end: int) -> str:
    window = sentence[end:end + _TARGET_REACH]
    stop = _CLAUSE_END.search(window)
    return window[:stop.start()] if stop else window


def _clause_before(sentence: str, start: int) -> str:
    window = sentence[max(0, start - _TARGET_REACH):start]
    breaks = list(_CLAUSE_END.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def _is_passive(sentence: str, hit: TriggerHit) -> bool:
    return bool(_PASSIVE_BEFORE.search(sentence[max(0, hit.start - 25):hit.start])
                or _FRENCH_PARTICIPLE.match(hit.text))


def _by_target(sentence: str, hit: TriggerHit, actors: list[ActorHit]) -> Coded:
    """Battles when the side hit is armed, Violence against civilians otherwise."""
    target = _clause_before(sentence, hit.start) if _is_passive(sentence, hit) else _clause_after(sentence, hit.end)
    lowered = trusted_lower(target)
    civilian, armed = _CIVILIAN_TARGET.search(target, lowered), _ARMED_TARGET.search(target, lowered)
    if armed and (not civilian or armed.start() < civilian.start()):
        return Coded(hit, BATTLES, "Armed clash", "armed-target")
    if civilian:
        return Coded(hit, VAC, "Attack", "civilian-target")
    kinds = {actor.kind for actor in actors}
    if kinds & ARMED_KINDS and kinds & NON_STATE_KINDS and "civilian" not in kinds:
        return Coded(hit, BATTLES, "Armed clash", "armed-sides")
    return Coded(hit, VAC, "Attack", "unarmed-target")


def _initiator(actors: list[ActorHit], hit: TriggerHit) -> ActorHit | None:
    """The actor named closest before the trigger ("traders were stopped by armed men, who burned...")."""
    before = [actor for actor in actors if actor.end <= hit.start]
    return before[-1] if before else None


def _by_actor(hit: TriggerHit, actors: list[ActorHit]) -> Coded:
    trigger, initiator = hit.trigger, _initiator(actors, hit)
    kind = initiator.kind if initiator else None
    if trigger.type == BATTLES:  # taking a town
        if kind in NON_STATE_KINDS:
            return Coded(hit, BATTLES, "Non-state actor overtakes territory", "armed-group-takes")
        return Coded(hit, BATTLES, "Government regains territory", "state-takes")
    if trigger.type == RIOTS:  # burning, looting
        if kind in {"protesters", "civilian"} or (kind is None and any(a.kind == "protesters" for a in actors)):
            return Coded(hit, RIOTS, "Violent demonstration", "crowd-burns")
        return Coded(hit, STRATEGIC, "Looting/property destruction", "armed-men-burn")
    return Coded(hit, trigger.type, trigger.subtype, "as-written")


def code_trigger(sentence: str, hit: TriggerHit, actors: list[ActorHit], rules: bool = True) -> Coded:
    """The type and sub-type one trigger stands for in its sentence."""
    if rules and hit.trigger.rule == "by-target":
        return _by_target(sentence, hit, actors)
    if rules and hit.trigger.rule == "by-actor":
        return _by_actor(hit, actors)
    return Coded(hit, hit.trigger.type, hit.trigger.subtype, "as-written")


def _rioting(coded: list[Coded]) -> Coded | None:
    return next((c for c in coded if c.type == RIOTS), None)


def choose_events(sentence: str, hits: list[TriggerHit], actors: list[ActorHit], rules: bool = True,
                  second_events: bool = True) -> list[Coded]:
    """The sentence's event (the strongest trigger), and a second one when a distinct act is named too."""
    live = [hit for hit in hits if hit.score > 0]
    if not live:
        return []
    coded = [code_trigger(sentence, hit, actors, rules) for hit in live]
    first = max(coded, key=lambda c: (c.hit.score, -c.hit.start))
    if rules and first.type == PROTESTS and (riot := _rioting(coded)) is not None:
        first = Coded(riot.hit, riot.type, riot.subtype, "protest-turned-riot")
    elif rules and first.type == BATTLES and any(a.kind == "protesters" for a in actors):
        # protesters fighting the police are rioters, not an armed side (ACLED: Riots)
        first = Coded(first.hit, RIOTS, "Violent demonstration", "crowd-clashes")
    events = [first]
    if second_events:
        events += _second_event(sentence, first, coded)
    return sorted(events, key=lambda c: c.hit.start)


def _second_event(sentence: str, first: Coded, coded: list[Coded]) -> list[Coded]:
    for other in sorted(coded, key=lambda c: -c.hit.score):
        pair = frozenset({first.subtype, other.subtype})
        if other.hit.trigger.weight < SECOND_EVENT_MIN_WEIGHT or other.hit.start == first.hit.start:
            continue
        # A bare "killed" after a strike or a bomb is its toll; after an abduction or looting it is another act.
        weak = other.hit.trigger.weight < STRONG_TRIGGER_WEIGHT
        if pair in SECOND_EVENTS and (not weak or first.subtype in NON_LETHAL_ACTS):
            return [other]
        span = sentence[min(first.hit.end, other.hit.end):max(first.hit.start, other.hit.start)]
        if pair in SECOND_EVENTS_IN_SEQUENCE and _NEXT_DAY.search(span):
            return [other]
    return []


def next_day_between(sentence: str, first: Coded, second: Coded) -> bool:
    """True when "the next day"/"le lendemain" dates the later of two events of the sentence."""
    return _NEXT_DAY.search(sentence, first.hit.end, max(second.hit.end, first.hit.end)) is not None
