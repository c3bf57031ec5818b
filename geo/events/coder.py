"""The event coder: articles (and the geoparser's mentions of them) to Events, sentence by sentence.

>>> from datetime import date
>>> from geo.text.readers import article_from_text
>>> article = article_from_text("Gunmen killed 12 villagers in Solhan on Friday.", title="t", date=date(2021, 6, 7))
>>> [(e.type, e.subtype, e.place.surface, e.date, e.fatalities) for e in code_article(article)]
[('Violence against civilians', 'Attack', 'Solhan', '2021-06-04', 12)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.events.actors import (ARMED_KINDS, NON_STATE_KINDS, ActorHit, find_actors, is_source, resolve_id,
                               resolve_ids)
from geo.events.classify import (BATTLES, EXPLOSIONS, PROTESTS, RIOTS, VAC, Coded, choose_events, find_triggers,
                                 next_day_between)
from geo.events.dateline import dateline_end
from geo.events.dates import EventDate, event_date, reference_date
from geo.events.fatalities import count_fatalities
from geo.events.lexicon import trigger_index
from geo.events.model import Event, EventPlace
from geo.events.places import choose_place
from geo.events.prefilter import ArticleWords, SentenceWords
from geo.geoparse.model import Mention
from geo.text.article import Article
from geo.text.spans import split_sentences

Parser = Callable[[str], list[Mention]]


@dataclass(frozen=True)
class CoderOptions:
    """Switches for the rules that matter (the gate test turns each off and expects the scores to drop)."""

    modality: bool = True  # negation, threats, hypotheticals and background cancel or lower an event
    place_rule: bool = True  # origin/destination/reference places set aside, most specific place first
    type_rules: bool = True  # by-target / by-actor refinement of the type
    second_events: bool = True  # a second distinct act in the same sentence is a second event
    min_confidence: float = 0.3  # events below are dropped


DEFAULT_OPTIONS = CoderOptions()
LETHAL_TYPES = frozenset({BATTLES, EXPLOSIONS, VAC})
NOT_LETHAL = frozenset({"Abduction/forced disappearance", "Sexual violence"})
UNNAMED_BOMBERS = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})
INTERVENING_KINDS = frozenset({"police", "state", "generic force", "foreign", "militia"})


def _default_parser() -> Parser:
    from geo.geoparse.parser import parse

    return parse


def _languages(article: Article) -> tuple[str, ...]:
    # Both lexicons when the language is unsure (short texts): they rarely collide.
    return (article.language,) if article.language in {"en", "fr"} else ("en", "fr")


def _place(mention: Mention) -> EventPlace:
    entry = mention.entry
    return EventPlace(mention.surface, entry.name if entry else None, entry.lat if entry else None,
                      entry.lon if entry else None, entry.entry_id if entry else None,
                      entry.iso3 if entry else None, mention.start, mention.end)


def _country(place: EventPlace | None, mentions: list[Mention], fallback: str | None) -> str | None:
    """The country generic wording ("the army") refers to: the place's, else a demonym or country named nearby."""
    if place is not None and place.iso3:
        return place.iso3
    for mention in mentions:
        if mention.kind == "demonym" and len(mention.countries) == 1:
            return mention.countries[0]
        if mention.kind == "place" and mention.entry and mention.entry.iso3:
            return mention.entry.iso3
    return fallback


def _article_country(mentions: list[Mention]) -> str | None:
    counts: dict[str, int] = {}
    for mention in mentions:
        iso3 = mention.entry.iso3 if mention.entry else (mention.countries[0] if len(mention.countries) == 1 else None)
        if iso3:
            counts[iso3] = counts.get(iso3, 0) + 1
    return max(counts, key=lambda iso3: counts[iso3]) if counts else None


def _actors(coded: Coded, hits: list[ActorHit], country: str | None) -> tuple[str, ...]:
    """The named actors, completed as ACLED codes the unnamed sides (codebook, "Actors"):
    a protest's protesters (and the force that intervened: nobody else, the crowd's "people" included), the
    unidentified armed group behind a bomb or a one-sided battle or massacre, the civilians of violence against
    civilians, of a lynching and of looting by armed men."""
    ids = list(resolve_ids(hits, country))
    kinds = {hit.kind for hit in hits if resolve_id(hit.id, country)}
    unnamed_armed = not kinds & NON_STATE_KINDS and "UNKNOWN-ARMED" not in ids
    if coded.type == PROTESTS:
        forces = {resolve_id(hit.id, country) for hit in hits if hit.kind in INTERVENING_KINDS}
        return ("PROTESTERS", *(i for i in ids if i in forces and coded.subtype == "Protest with intervention"))
    if coded.type == RIOTS and "PROTESTERS" not in ids:
        ids.insert(0, "PROTESTERS")
    elif unnamed_armed and (coded.subtype in UNNAMED_BOMBERS
                            or (coded.type == BATTLES and len({i for i in ids if i.endswith("-FORCES")}) <= 1
                                and not {"WAGNER", "AFRICA-CORPS", "DOZO", "BFA-VDP"} & set(ids))
                            or (coded.type == VAC and not kinds & ARMED_KINDS)):
        ids.insert(0, "UNKNOWN-ARMED")
    victims = coded.type == VAC or coded.subtype in {"Looting/property destruction", "Mob violence"}
    if (victims or coded.rule == "armed-men-burn") and "CIVILIANS" not in ids:
        ids.append("CIVILIANS")
    return tuple(ids)


def _agreement_parties(mentions: list[Mention]) -> list[str]:
    """Governments of the countries a sentence names, the parties of an agreement between states."""
    parties = []
    for mention in mentions:
        if mention.kind == "place" and mention.entry and mention.entry.feature == "country":
            parties.append(resolve_id("*-GOV", mention.entry.iso3))
        elif mention.kind == "demonym" and len(mention.countries) == 1:
            parties.append(resolve_id("*-GOV", mention.countries[0]))
    return [party for party in parties if party]


def _lethal_index(chosen: list[Coded]) -> int:
    """Which of the sentence's events the death toll belongs to: the first violent one, not an abduction."""
    return next((i for i, c in enumerate(chosen) if c.type in LETHAL_TYPES and c.subtype not in NOT_LETHAL), 0)


def code_sentence(article: Article, start: int, end: int, mentions: list[Mention], reference: date | None,
                  options: CoderOptions = DEFAULT_OPTIONS, article_country: str | None = None,
                  words: SentenceWords | None = None) -> list[Event]:
    """The events of the sentence article.text[start:end]; `mentions` are the geoparser's, inside it; `words`:
    the sentence as the lexicon indexes read it (ArticleWords.sentence), when already made."""
    sentence = article.text[start:end]
    if words is None:
        words = SentenceWords(sentence)  # once, for the trigger, cue and actor indexes
    hits = find_triggers(sentence, _languages(article), options.modality, words)
    if not hits:  # most sentences
        return []
    body = dateline_end(sentence)  # a dateline's place and date are the story's, not the event's
    hits = [hit for hit in hits if hit.start >= body]
    if not any(min(1.0, hit.score) >= options.min_confidence for hit in hits):
        return []  # denied, threatened, hypothetical...: no event (every event's confidence is one of these)
    actor_hits = find_actors(sentence, words)
    chosen = choose_events(sentence, hits, actor_hits, options.type_rules, options.second_events)
    if not any(min(1.0, coded.hit.score) >= options.min_confidence for coded in chosen):
        return []
    taken = [(hit.start + start, hit.end + start) for hit in actor_hits]
    places = [m for m in mentions if m.kind == "place" and m.start - start >= body
              and not any(a < m.end and m.start < b for a, b in taken)]  # "FAMa" is an actor, not a place
    choice = choose_place(sentence, [(m.start - start, m.end - start, m.entry.feature if m.entry else None)
                                     for m in places],
                          options.place_rule)
    place = _place(places[choice.index]) if choice.index is not None else None
    country = _country(place, mentions, article_country)
    after = words if not body else SentenceWords(sentence[body:])  # the text after the dateline
    when: EventDate = event_date(after.text, reference, after)
    deaths = count_fatalities(after.text, after)
    sides = [hit for hit in actor_hits if not is_source(sentence, hit)]  # ", police said": a source, no side
    events = []
    lethal = _lethal_index(chosen)
    for number, coded in enumerate(chosen):
        confidence = min(1.0, coded.hit.score)
        if confidence < options.min_confidence:
            continue
        day = when.iso
        actors = _actors(coded, sides, country)
        if coded.subtype == "Agreement":
            actors = tuple(dict.fromkeys((*_agreement_parties(mentions), *actors)))
        if number and day and next_day_between(sentence, chosen[0], coded):
            day = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
        events.append(Event(
            article=article.id, start=start, end=end, sentence=sentence, type=coded.type, subtype=coded.subtype,
            places=(place,) if place else (), place_rule=choice.rule, actors=actors,
            date=day, date_text=when.text, fatalities=deaths.count if number == lethal else None,
            fatalities_text=deaths.text if number == lethal else None, triggers=(coded.hit.text,),
            confidence=confidence, sources=(article.id,),
            rules=(coded.rule, choice.rule, f"date:{when.rule}")
            + ((f"modality:{coded.hit.modality.kind}",) if coded.hit.modality.kind else ())))
    return events


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence, leading and trailing spaces left out."""
    sentences = split_sentences(text)
    spans = []
    for first, last in zip(sentences.starts, sentences.ends):
        raw = text[first:last]
        if raw.strip():
            first += len(raw) - len(raw.lstrip())
            spans.append((first, first + len(raw.strip())))
    return spans


def code_article(article: Article, mentions: list[Mention] | None = None, options: CoderOptions = DEFAULT_OPTIONS,
                 parser: Parser | None = None) -> list[Event]:
    """Every event of one article, in text order; `mentions` default to the geoparser's."""
    if mentions is None:
        mentions = (parser or _default_parser())(article.text)
    reference = reference_date(article.text, article.date)
    country = _article_country(mentions)
    events: list[Event] = []
    cursor = 0
    ordered = sorted(mentions, key=lambda m: m.start)
    words = ArticleWords(article.text, (trigger_index(),))  # every sentence is looked at for triggers
    for start, end in sentence_spans(article.text):
        while cursor < len(ordered) and ordered[cursor].start < start:
            cursor += 1
        if words.quiet(start, end):  # not one trigger word: no event (most sentences)
            continue
        last = cursor
        while last < len(ordered) and ordered[last].start < end:
            last += 1
        inside = ordered[cursor:last]
        events += code_sentence(article, start, end, inside, reference, options, country, words.sentence(start, end))
    return events


def code_articles(articles: Iterable[Article], options: CoderOptions = DEFAULT_OPTIONS,
                  parser: Parser | None = None) -> list[Event]:
    parse = parser or _default_parser()
    return [event for article in articles for event in code_article(article, parse(article.text), options)]


def with_sources(event: Event, sources: tuple[str, ...]) -> Event:
    return replace(event, sources=sources)
