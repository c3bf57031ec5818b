"""Scoring the event coder against tests/gold/events.jsonl (schema: tests/gold/EVENTS_GOLD.md).

Per passage, predicted events are paired with gold events (same sub-type first, then same type, then any), and:
- detection P/R/F1 counts paired events whatever their type (hard negatives make false positives);
- per-type P/R/F1 counts events of each ACLED type; macro-F1 is their mean over the six types;
- sub-type, place, actors, date and fatalities are judged on the pairs of the same type.  Place choice counts
  only pairs whose gold place is one of the geoparser's mentions of the passage (or null): a place the
  geoparser missed is the geoparser's error, reported apart as "place overall".
The keyword baseline is the plain matcher the issue compares against: the first trigger word's written type,
no modality, no type rules, the first place named, every actor named.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.evaluate.gold import half_of
from geo.events.actors import find_actors, resolve_ids
from geo.events.classify import find_triggers
from geo.events.coder import CoderOptions, code_article
from geo.events.model import Event, EventPlace
from geo.geoparse.model import Mention
from geo.resources import REPO_ROOT
from geo.text.article import Article, guess_language, parse_date
from geo.text.spans import match_key

DEFAULT_EVENTS_GOLD = REPO_ROOT / "tests" / "gold" / "events.jsonl"
EVENTS_CORPUS = "events"
TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
         "Strategic developments")
Parser = Callable[[str], list[Mention]]


@dataclass(frozen=True)
class GoldEvent:
    type: str
    subtype: str
    place: str | None
    actors: tuple[str, ...]
    date: str | None
    fatalities: int | None


@dataclass(frozen=True)
class Passage:
    id: str
    lang: str
    published: str | None
    text: str
    tags: tuple[str, ...]
    events: tuple[GoldEvent, ...]

    @property
    def half(self) -> str:
        return half_of(EVENTS_CORPUS, self.id)

    def article(self) -> Article:
        return Article(id=self.id, title=self.id, date=parse_date(self.published), source="gold", text=self.text,
                       origin="events-gold", language=guess_language(self.text))


def load_events_gold(path: Path = DEFAULT_EVENTS_GOLD) -> list[Passage]:
    passages = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                events = tuple(GoldEvent(e["type"], e["subtype"], e["place"], tuple(e["actors"]), e["date"],
                                         e["fatalities"]) for e in row["events"])
                passages.append(Passage(row["id"], row["lang"], row.get("published"), row["text"],
                                        tuple(row.get("tags", ())), events))
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{number}: not an events gold record ({exc})") from None
    return passages


def select(passages: Iterable[Passage], half: str | None = None, lang: str | None = None) -> list[Passage]:
    return [p for p in passages if (half is None or p.half == half) and (lang is None or p.lang == lang)]


# -- the keyword baseline -------------------------------------------------------------------------------------

def keyword_baseline(article: Article, mentions: list[Mention]) -> list[Event]:
    """One event per sentence with a trigger word: its written type, the first place, every actor named."""
    hits = find_triggers(article.text, with_modality=False)
    if not hits:
        return []
    first = hits[0].trigger
    place_mentions = [m for m in mentions if m.kind == "place"]
    places: tuple[EventPlace, ...] = ()
    if place_mentions:
        m = place_mentions[0]
        places = (EventPlace(m.surface, None, None, None, None, m.entry.iso3 if m.entry else None, m.start, m.end),)
    country = places[0].iso3 if places else None
    return [Event(article.id, 0, len(article.text), article.text, first.type, first.subtype, places,
                  "first-place", resolve_ids(find_actors(article.text), country), None, None, None, None,
                  (hits[0].text,), first.weight, (article.id,))]


# -- pairing and scores ---------------------------------------------------------------------------------------

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None or r is not None else None)


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class EventScores:
    label: str
    passages: int = 0
    detection: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    subtype: Ratio = field(default_factory=Ratio)
    place_choice: Ratio = field(default_factory=Ratio)
    place_overall: Ratio = field(default_factory=Ratio)
    actors: Counts = field(default_factory=Counts)
    actors_exact: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    fatalities: Ratio = field(default_factory=Ratio)
    errors: list[dict[str, object]] = field(default_factory=list)

    @property
    def macro_f1(self) -> float | None:
        values = [c.f1 for c in self.by_type.values() if c.f1 is not None]
        return sum(values) / len(values) if values else None

    def summary(self) -> dict[str, float | None]:
        return {"detection_f1": self.detection.f1, "macro_f1": self.macro_f1, "subtype_accuracy": self.subtype.value,
                "place_choice": self.place_choice.value, "place_overall": self.place_overall.value,
                "actor_recall": self.actors.recall, "actor_precision": self.actors.precision,
                "actor_exact": self.actors_exact.value, "date_accuracy": self.date.value,
                "fatalities_accuracy": self.fatalities.value}


def pair_events(predicted: Sequence[Event], gold: Sequence[GoldEvent]) -> list[tuple[Event, GoldEvent]]:
    """Greedy pairs: the same sub-type first, then the same type, then any (for detection)."""
    pairs, free_p, free_g = [], list(predicted), list(gold)
    for same in (lambda p, g: (p.type, p.subtype) == (g.type, g.subtype), lambda p, g: p.type == g.type,
                 lambda p, g: True):
        for g in list(free_g):
            p = next((p for p in free_p if same(p, g)), None)
            if p is not None:
                pairs.append((p, g))
                free_p.remove(p)
                free_g.remove(g)
    return pairs


def _same_place(place: EventPlace | None, gold: str | None) -> bool:
    if gold is None:
        return place is None
    return place is not None and match_key(place.surface) == match_key(gold)


def score_passage(scores: EventScores, passage: Passage, predicted: list[Event], mentions: list[Mention]) -> None:
    scores.passages += 1
    pairs = pair_events(predicted, passage.events)
    scores.detection.add(len(pairs), len(predicted) - len(pairs), len(passage.events) - len(pairs))
    for kind in TYPES:
        p = sum(e.type == kind for e in predicted)
        g = sum(e.type == kind for e in passage.events)
        tp = min(p, g)
        scores.by_type[kind].add(tp, p - tp, g - tp)
    surfaces = {match_key(m.surface) for m in mentions if m.kind == "place"}
    problems: list[str] = []
    for p, g in pairs:
        if p.type != g.type:
            problems.append(f"type {p.type}/{p.subtype} for {g.type}/{g.subtype}")
            continue
        scores.subtype.add(p.subtype == g.subtype)
        if p.subtype != g.subtype:
            problems.append(f"subtype {p.subtype} for {g.subtype}")
        place_ok = _same_place(p.place, g.place)
        scores.place_overall.add(place_ok)
        if g.place is None or match_key(g.place) in surfaces:
            scores.place_choice.add(place_ok)
            if not place_ok:
                problems.append(f"place {p.place.surface if p.place else None} for {g.place}")
        found = set(p.actors) & set(g.actors)
        scores.actors.add(len(found), len(set(p.actors) - found), len(set(g.actors) - found))
        scores.actors_exact.add(set(p.actors) == set(g.actors))
        if set(g.actors) - found:
            problems.append(f"actors {list(p.actors)} for {list(g.actors)}")
        scores.date.add(p.date == g.date)
        if p.date != g.date:
            problems.append(f"date {p.date} ({p.date_text}) for {g.date}")
        scores.fatalities.add(p.fatalities == g.fatalities)
        if p.fatalities != g.fatalities:
            problems.append(f"fatalities {p.fatalities} ({p.fatalities_text}) for {g.fatalities}")
    if len(predicted) > len(pairs):
        problems.append("extra " + ", ".join(f"{e.type}/{e.subtype} ({'/'.join(e.triggers)})"
                                             for e in predicted if all(e is not p for p, _ in pairs)))
    if len(passage.events) > len(pairs):
        problems.append("missed " + ", ".join(f"{g.type}/{g.subtype}" for g in passage.events
                                              if all(g is not gg for _, gg in pairs)))
    if problems:
        scores.errors.append({"id": passage.id, "text": passage.text, "problems": problems})


Coder = Callable[[Article, list[Mention]], list[Event]]


def rules_coder(options: CoderOptions | None = None) -> Coder:
    chosen = options or CoderOptions()
    return lambda article, mentions: code_article(article, mentions, chosen)


def evaluate_events(passages: Sequence[Passage], parser: Parser, coder: Coder | None = None,
                    label: str = "rules") -> EventScores:
    code = coder or rules_coder()
    scores = EventScores(label)
    for passage in passages:
        article = passage.article()
        mentions = parser(article.text)
        score_passage(scores, passage, code(article, mentions), mentions)
    return scores


# -- the report -----------------------------------------------------------------------------------------------

def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def format_events_report(rows: Sequence[tuple[str, EventScores, EventScores]]) -> str:
    """Markdown: per-type P/R/F1 of the first row's coder, then the headline metrics of every row."""
    _, main, _ = rows[0]
    lines = ["| type | gold | pred | TP | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, c in main.by_type.items():
        lines.append(f"| {kind} | {c.tp + c.fn} | {c.tp + c.fp} | {c.tp} | {_fmt(c.precision)} | {_fmt(c.recall)} "
                     f"| {_fmt(c.f1)} |")
    lines += ["", "| set | passages | detection P | detection R | detection F1 | macro-F1 | sub-type acc "
                  "| place choice | place overall | actor recall | actor precision | actors exact | date acc "
                  "| fatalities acc |", "|---|" + "---:|" * 13]
    for name, rules, baseline in rows:
        for coder, s in (("rules", rules), ("keyword baseline", baseline)):
            lines.append(
                f"| {name} ({coder}) | {s.passages} | {_fmt(s.detection.precision)} | {_fmt(s.detection.recall)} "
                f"| {_fmt(s.detection.f1)} | {_fmt(s.macro_f1)} | {_fmt(s.subtype.value)} "
                f"| {_fmt(s.place_choice.value)} | {_fmt(s.place_overall.value)} | {_fmt(s.actors.recall)} "
                f"| {_fmt(s.actors.precision)} | {_fmt(s.actors_exact.value)} "
                f"| {_fmt(s.date.value if coder == 'rules' else None)} "
                f"| {_fmt(s.fatalities.value if coder == 'rules' else None)} |")
    return "\n".join(lines)


def events_report(parser: Parser, gold: Path = DEFAULT_EVENTS_GOLD, half: str | None = None
                  ) -> tuple[str, EventScores]:
    """The report for `half` (None: all), with English and French apart, and the scores of the whole half."""
    passages = select(load_events_gold(gold), half)
    rows = []
    main: EventScores | None = None
    for name, lang in ((half or "all", None), ("English", "en"), ("French", "fr")):
        chosen = select(passages, lang=lang)
        rules = evaluate_events(chosen, parser)
        baseline = evaluate_events(chosen, parser, keyword_baseline, "keyword baseline")
        rows.append((name, rules, baseline))
        main = main or rules
    assert main is not None
    return format_events_report(rows), main


def error_counts(scores: EventScores) -> Counter[str]:
    return Counter(problem.split(" ")[0] for error in scores.errors for problem in error["problems"])  # type: ignore
