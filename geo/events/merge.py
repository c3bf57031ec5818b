"""The same event told by several articles is one event: same type, same place, dates within a window.

The first report (in input order) stands for the group; the merged event lists every source article, the union
of the actors, the highest stated death toll and the best confidence.  Events without a place or a date are
never merged: nothing says two of them are the same.

>>> from geo.events.model import Event, EventPlace
>>> gao = EventPlace("Gao", "Gao", 16.27, -0.04, "g:1", "MLI", 0, 3)
>>> a = Event("a1", 0, 9, "s", "Battles", "Armed clash", (gao,), date="2024-03-02", sources=("a1",))
>>> b = Event("b7", 0, 9, "s", "Battles", "Armed clash", (gao,), date="2024-03-03", sources=("b7",))
>>> [event.sources for event in merge_events([a, b])]
[('a1', 'b7')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from geo.events.model import Event
from geo.text.spans import match_key

DEFAULT_WINDOW_DAYS = 2


def _place_key(event: Event) -> str | None:
    place = event.place
    if place is None:
        return None
    return place.gazetteer_id or f"name:{match_key(place.name or place.surface)}"


def _merged(group: list[Event]) -> Event:
    first = group[0]
    sources = tuple(dict.fromkeys(source for event in group for source in (event.sources or (event.article,))))
    actors = tuple(dict.fromkeys(actor for event in group for actor in event.actors))
    counted = [event for event in group if event.fatalities is not None]
    toll = max(counted, key=lambda event: event.fatalities or 0) if counted else first
    return replace(first, sources=sources, actors=actors, fatalities=toll.fatalities,
                   fatalities_text=toll.fatalities_text, confidence=max(event.confidence for event in group),
                   triggers=tuple(dict.fromkeys(t for event in group for t in event.triggers)))


def merge_events(events: Sequence[Event], window_days: int = DEFAULT_WINDOW_DAYS) -> list[Event]:
    """`events` with reports of one event merged (input order kept, by each group's first report)."""
    groups: list[list[Event]] = []
    open_groups: dict[tuple[str, str], list[list[Event]]] = {}
    for event in events:
        key = _place_key(event)
        if key is None or event.date is None:
            groups.append([event])
            continue
        day = date.fromisoformat(event.date)
        candidates = open_groups.setdefault((event.type, key), [])
        group = next((g for g in candidates
                      if abs((date.fromisoformat(g[0].date or event.date) - day).days) <= window_days), None)
        if group is None:
            group = []
            candidates.append(group)
            groups.append(group)
        group.append(event)
    return [_merged(group) if len(group) > 1 else group[0] for group in groups]
