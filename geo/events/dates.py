"""The date of an event, read from its sentence relative to the article's publication date (EVENTS_GOLD.md).

A weekday is the most recent such day strictly before publication; a night "from Saturday to Sunday" is the
Saturday; vague ranges ("last week", "ces derniers jours", "in April") give None, and so does a date that only
dates a statement ("the army said on Monday"). The publication date is never returned for want of a better one.

>>> from datetime import date
>>> event_date("Gunmen attacked the village on Saturday, officials said.", date(2024, 6, 12)).iso
'2024-06-08'
>>> event_date("Des hommes armés ont attaqué le village dans la nuit de samedi à dimanche.", date(2024, 6, 12)).iso
'2024-06-08'
>>> event_date("Fighting went on last week.", date(2024, 6, 12)).iso is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.events.literals import GatedPattern, LiteralGate
from geo.events.prefilter import SentenceWords, WordIndex
from geo.text.article import dateline_date

_WEEKDAYS = {name: number for number, names in enumerate((
    ("monday", "lundi"), ("tuesday", "mardi"), ("wednesday", "mercredi"), ("thursday", "jeudi"),
    ("friday", "vendredi"), ("saturday", "samedi"), ("sunday", "dimanche"))) for name in names}
_MONTHS = {name: number for number, names in enumerate((
    ("january", "janvier", "jan"), ("february", "février", "fevrier", "feb"), ("march", "mars"),
    ("april", "avril"), ("may", "mai"), ("june", "juin"), ("july", "juillet"), ("august", "août", "aout"),
    ("september", "septembre", "sept"), ("october", "octobre", "oct"), ("november", "novembre", "nov"),
    ("december", "décembre", "decembre", "dec")), start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(_WEEKDAYS)
# The six kinds of date expression; a match of each starts at a digit or at a word start (keyed below).
_DAY_MONTH = (rf"(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er)?(?:\s+(?:au|to|and|et)\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
              rf"\s+(?P<m1>{_MONTH})\b(?:\s+(?P<y1>(?:19|20)\d\d))?")
_MONTH_DAY = rf"(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?"
_WEEKDAY_NAME = rf"(?P<w>{_WEEKDAY})\b"
_YESTERDAY = r"(?:yesterday|hier|last night|la nuit dernière|avant-hier)\b"
_TODAY = r"(?:today|this morning|aujourd'hui|aujourd’hui|ce matin|this afternoon|cet après-midi)\b"
_VAGUE = (r"(?:last (?:week|month|year)|(?:in|over) (?:the )?(?:recent|past|last) (?:few )?(?:days|weeks|months)"
          r"|in recent days|earlier this (?:week|month|year)|recently|la semaine dernière|le mois dernier"
          r"|ces derniers (?:jours|mois)|ces dernières semaines|récemment|(?:in )?(?:early|mid|late) "
          rf"(?:{_MONTH})|(?:in|en|début|fin|mi-) ?(?:{_MONTH})\b|(?:next|prochain) \w+)")
KINDS = ("dm", "md", "wd", "yesterday", "today", "vague")  # the alternation's order
_KIND_PATTERNS = [re.compile(rf"(?P<{kind}>{body})", re.IGNORECASE) for kind, body in zip(KINDS, (
    _DAY_MONTH, rf"\b{_MONTH_DAY}", rf"\b{_WEEKDAY_NAME}", rf"\b{_YESTERDAY}", rf"\b{_TODAY}", rf"\b{_VAGUE}"))]
_EXPRESSIONS = re.compile("|".join(pattern.pattern for pattern in _KIND_PATTERNS), re.IGNORECASE)
_WORD_STARTS = WordIndex([_MONTH_DAY, _WEEKDAY_NAME, _YESTERDAY, _TODAY, _VAGUE])  # all but day-month
_DIGIT_START = re.compile(r"(?<!\d)\d")  # where a day-month date may start ("12 mars", also in "A12 mars")
# A date right after a reporting verb dates the statement, not the event.
_STATEMENT_BEFORE = GatedPattern(re.compile(
    r"(?:\b(?:said|says|reported|announced|told \S+|stated|claimed|confirmed|added|denounced|wrote)\s+(?:on\s+)?"
    r"|\b(?:a|ont|avait|ont été)\s+(?:annoncé|indiqué|dénoncé|affirmé|déclaré|rapporté|précisé|confirmé|revendiqué)"
    r"(?:\s+\S+){0,5}\s+)$", re.IGNORECASE))


@dataclass(frozen=True)
class EventDate:
    iso: str | None
    text: str | None
    rule: str


NO_DATE = EventDate(None, None, "none")
_EXPRESSIONS_GATE = LiteralGate(_EXPRESSIONS)


def _explicit(day: int, month: int, year: str | None, reference: date | None) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        if reference is None:
            return None
        guess = date(reference.year, month, day)
        return guess if guess <= reference else date(reference.year - 1, month, day)
    except ValueError:  # "31 février"
        return None


def _weekday_before(weekday: int, reference: date) -> date:
    return reference - timedelta(days=(reference.weekday() - weekday) % 7 or 7)


def reference_date(text: str, published: date | None) -> date | None:
    """The day relative dates count from: the publication date, else the dateline's date."""
    return published or dateline_date(text)


def _expressions(sentence: str, words: SentenceWords | None = None) -> list[tuple[str, re.Match[str]]]:
    """(kind, match) for each match of _EXPRESSIONS.finditer(sentence), in order.  Each kind's own pattern is tried
    only where it may start (at a digit, or at a word that opens it), in the order of the alternation: the same
    matches, found without running the whole alternation at every character."""
    spots = (words or SentenceWords(sentence)).spots(_WORD_STARTS)
    if spots is None or _WORD_STARTS.always:
        return [(next(kind for kind in KINDS if match[kind] is not None), match)
                for match in _EXPRESSIONS.finditer(sentence)]
    starts: dict[int, list[int]] = {}  # offset -> kinds (positions in KINDS) that may start there
    for match in _DIGIT_START.finditer(sentence):
        starts[match.start()] = [0]
    for number, offsets in spots.items():
        for offset in offsets:
            starts.setdefault(offset, []).append(number + 1)
    found, end = [], 0
    for offset in sorted(starts):
        if offset < end:
            continue
        for kind in sorted(starts[offset]):
            match = _KIND_PATTERNS[kind].match(sentence, offset)
            if match is not None:
                found.append((KINDS[kind], match))
                end = max(match.end(), offset + 1)
                break
    return found


def event_date(sentence: str, reference: date | None, words: SentenceWords | None = None) -> EventDate:
    """The first date expression of the sentence that dates the event (see the module's docstring); `words`: the
    sentence's prefilter.SentenceWords when already made."""
    if not (_EXPRESSIONS_GATE.in_lowered(words.lowered) if words is not None and words.trusted
            else _EXPRESSIONS_GATE.may_match(sentence)):  # no month, weekday or "yesterday"...: nothing to read
        return NO_DATE
    for kind, match in _expressions(sentence, words):
        if _STATEMENT_BEFORE.search(sentence[max(0, match.start() - 60):match.start()]):
            continue
        text = match.group(0)
        if kind == "vague":
            return EventDate(None, text, "vague")
        if kind in {"dm", "md"}:
            day, month, year = (match["d1"], match["m1"], match["y1"]) if kind == "dm" else (
                match["d2"], match["m2"], match["y2"])
            found = _explicit(int(day), _MONTHS[month.lower()], year, reference)
            return EventDate(found.isoformat() if found else None, text, "explicit")
        if reference is None:
            return EventDate(None, text, "no-reference")
        if kind == "wd":
            return EventDate(_weekday_before(_WEEKDAYS[match["w"].lower()], reference).isoformat(), text, "weekday")
        if kind == "yesterday":
            return EventDate((reference - timedelta(days=1)).isoformat(), text, "yesterday")
        return EventDate(reference.isoformat(), text, "today")
    return NO_DATE
