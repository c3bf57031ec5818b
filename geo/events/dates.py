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
_EXPRESSIONS = re.compile(
    rf"(?P<dm>(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er)?(?:\s+(?:au|to|and|et)\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
    rf"\s+(?P<m1>{_MONTH})\b(?:\s+(?P<y1>(?:19|20)\d\d))?)"
    rf"|(?P<md>\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?)"
    rf"|(?P<wd>\b(?P<w>{_WEEKDAY})\b)"
    r"|(?P<yesterday>\b(?:yesterday|hier|last night|la nuit dernière|avant-hier)\b)"
    r"|(?P<today>\b(?:today|this morning|aujourd'hui|aujourd’hui|ce matin|this afternoon|cet après-midi)\b)"
    r"|(?P<vague>\b(?:last (?:week|month|year)|(?:in|over) (?:the )?(?:recent|past|last) (?:few )?(?:days|weeks|months)"
    r"|in recent days|earlier this (?:week|month|year)|recently|la semaine dernière|le mois dernier"
    r"|ces derniers (?:jours|mois)|ces dernières semaines|récemment|(?:in )?(?:early|mid|late) "
    rf"(?:{_MONTH})|(?:in|en|début|fin|mi-) ?(?:{_MONTH})\b|(?:next|prochain) \w+))",
    re.IGNORECASE)
# A date right after a reporting verb dates the statement, not the event.
_STATEMENT_BEFORE = re.compile(
    r"(?:\b(?:said|says|reported|announced|told \S+|stated|claimed|confirmed|added|denounced|wrote)\s+(?:on\s+)?"
    r"|\b(?:a|ont|avait|ont été)\s+(?:annoncé|indiqué|dénoncé|affirmé|déclaré|rapporté|précisé|confirmé|revendiqué)"
    r"(?:\s+\S+){0,5}\s+)$", re.IGNORECASE)


@dataclass(frozen=True)
class EventDate:
    iso: str | None
    text: str | None
    rule: str


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


def event_date(sentence: str, reference: date | None) -> EventDate:
    """The first date expression of the sentence that dates the event (see the module's docstring)."""
    for match in _EXPRESSIONS.finditer(sentence):
        if _STATEMENT_BEFORE.search(sentence[max(0, match.start() - 60):match.start()]):
            continue
        text = match.group(0)
        if match["vague"]:
            return EventDate(None, text, "vague")
        if match["dm"] or match["md"]:
            day, month = (match["d1"], match["m1"]) if match["dm"] else (match["d2"], match["m2"])
            found = _explicit(int(day), _MONTHS[month.lower()], match["y1"] or match["y2"], reference)
            return EventDate(found.isoformat() if found else None, text, "explicit")
        if reference is None:
            return EventDate(None, text, "no-reference")
        if match["wd"]:
            return EventDate(_weekday_before(_WEEKDAYS[match["w"].lower()], reference).isoformat(), text, "weekday")
        if match["yesterday"]:
            return EventDate((reference - timedelta(days=1)).isoformat(), text, "yesterday")
        return EventDate(reference.isoformat(), text, "today")
    return EventDate(None, None, "none")
