"""The coder's rules as data: trigger lexicons, modality cues and actor names, read once from data/events/."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.events.prefilter import WordIndex
from geo.resources import DATA_DIR

EVENTS_DIR = DATA_DIR / "events"


@dataclass(frozen=True)
class Trigger:
    lang: str
    type: str
    subtype: str
    weight: float
    rule: str  # "" (type as written), "by-target" (who was attacked) or "by-actor" (who acted)
    pattern: re.Pattern[str]
    source: str = ""  # the raw pattern as written in the CSV (indexed by geo.events.prefilter)


@dataclass(frozen=True)
class Cue:
    lang: str
    kind: str  # negation, threat, hypothetical, background
    scope: str  # sentence (anywhere), following (triggers after it), clause (after it, to the next , or ;)
    factor: float  # 0 cancels; otherwise multiplies the confidence
    pattern: re.Pattern[str]
    source: str = ""


@dataclass(frozen=True)
class ActorName:
    id: str
    name: str
    lang: str
    kind: str
    country: str
    pattern: re.Pattern[str]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _words(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    # Word boundaries on both sides: "mine" is not in "mining", "raid" is not in "raided" unless written so.
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", flags)


@lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    return tuple(Trigger(row["lang"], row["type"], row["subtype"], float(row["weight"]), row["rule"],
                         _words(row["pattern"]), row["pattern"]) for row in _rows(EVENTS_DIR / "triggers.csv"))


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    return tuple(Cue(row["lang"], row["kind"], row["scope"], float(row["factor"]), _words(row["pattern"]),
                     row["pattern"])
                 for row in _rows(EVENTS_DIR / "modality.csv"))


def _is_abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(name) <= 8 and sum(c.isupper() for c in letters) >= 2 and " " not in name


@lru_cache(maxsize=1)
def actor_names() -> tuple[ActorName, ...]:
    """Longest names first, so "État islamique au Sahel" is found before "État islamique"."""
    names = []
    for row in _rows(EVENTS_DIR / "actors.csv"):
        name = row["name"]
        body = re.escape(name).replace("'", "['’]").replace(r"\ ", r"\s+")
        # Abbreviations are matched with their case ("FLA", "AES", "EI"), names in any case.
        flags = 0 if _is_abbreviation(name) else re.IGNORECASE
        names.append(ActorName(row["id"], name, row["lang"], row["kind"], row["country"], _words(body, flags)))
    return tuple(sorted(names, key=lambda actor: -len(actor.name)))


@lru_cache(maxsize=1)
def trigger_index() -> WordIndex:
    return WordIndex([trigger.source for trigger in triggers()], [trigger.pattern for trigger in triggers()],
                     gate_alternatives=True)


@lru_cache(maxsize=1)
def cue_index() -> WordIndex:
    return WordIndex([cue.source for cue in cues()], [cue.pattern for cue in cues()], gate_alternatives=True)


@lru_cache(maxsize=1)
def actor_index() -> WordIndex:
    return WordIndex([re.escape(actor.name).replace(r"\ ", " ").replace(r"\-", "-") for actor in actor_names()],
                     [actor.pattern for actor in actor_names()])
