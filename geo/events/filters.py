"""Which events a user asked to see: by type, actor and date, the same for the map, the table and exports.

>>> import datetime as dt
>>> from geo.events.table import events_table
>>> from geo.text.readers import article_from_text
>>> raid = article_from_text("Gunmen killed 12 villagers in Gao on Sunday. Protesters marched in Bamako.",
...                         title="Raid", date="2024-03-12")
>>> events = events_table([raid])
>>> list(filter_events(events, EventFilter(types=frozenset({"Protests"})))["type"])
['Protests']
>>> march = EventFilter(dates=(dt.date(2024, 3, 1), dt.date(2024, 3, 31)), undated=False)
>>> list(filter_events(events, march)["date"])
['2024-03-10']
>>> "MLI-FORCES" in actor_ids() and "NER-GOV" in actor_ids()
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.events.actors import COUNTRIES_WITH_FORCES, COUNTRIES_WITH_GOV
from geo.events.lexicon import actor_names

__all__ = ["EventFilter", "actor_ids", "filter_events"]


@dataclass(frozen=True)
class EventFilter:
    """Empty sets and no dates: every event.  ``actors``: events with at least one of them.  ``dates``:
    first and last day, both included; ``undated``: keep the events whose text gives no date meanwhile
    (their date is unknown, not outside the range)."""

    types: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    dates: tuple[dt.date, dt.date] | None = None
    undated: bool = True

    @property
    def is_everything(self) -> bool:
        return not self.types and not self.actors and self.dates is None


@lru_cache(maxsize=1)
def actor_ids() -> tuple[str, ...]:
    """Every actor id the coder can give (data/events/actors.csv, generic ids made national), sorted."""
    ids = {actor.id for actor in actor_names() if not actor.id.startswith("*-")}
    ids |= {f"{country}-FORCES" for country in COUNTRIES_WITH_FORCES}
    ids |= {f"{country}-GOV" for country in COUNTRIES_WITH_GOV}
    return tuple(sorted(ids))


def filter_events(events: gpd.GeoDataFrame | None, chosen: EventFilter) -> gpd.GeoDataFrame | None:
    """The rows of a geo.events.table frame that ``chosen`` keeps (None stays None: no event coded)."""
    if events is None or events.empty or chosen.is_everything:
        return events
    keep = pd.Series(True, index=events.index)
    if chosen.types:
        keep &= events["type"].isin(chosen.types)
    if chosen.actors:
        keep &= events["actors"].fillna("").map(lambda value: bool(set(value.split(";")) & chosen.actors))
    if chosen.dates is not None:
        days = pd.to_datetime(events["date"], errors="coerce")
        first, last = (pd.Timestamp(day) for day in chosen.dates)
        keep &= ((days >= first) & (days <= last)) | (days.isna() & chosen.undated)
    return events[keep]
