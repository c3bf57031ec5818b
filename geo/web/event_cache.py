"""The dashboard's events, coded once per article for the life of the server process.

Events are coded per article (keyed like the mentions: `geo.web.mention_cache.article_key`) and the reports
of one event across the chosen articles are merged on each call (cheap: it runs over events, not text).
With an `EventLog`, each article's events are also written beside the stored articles, so a new server
process reads them instead of coding every article again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import geopandas as gpd

from geo.events.merge import merge_events
from geo.events.model import Event
from geo.events.table import events_of, table_from_events
from geo.text.article import Article
from geo.web.analysis_log import EventLog
from geo.web.mention_cache import ArticleKey, article_key

__all__ = ["EventCache"]


class EventCache:
    """``table(articles)``: the events of ``articles`` (merged across them), each article coded once.

    >>> from geo.text.readers import article_from_text
    >>> cache = EventCache()
    >>> raid = article_from_text("Gunmen killed 12 villagers in Gao on Sunday.", title="Raid", date="2024-03-12")
    >>> events = cache.table([raid, raid])
    >>> list(events["type"]), int(events["fatalities"].iloc[0]), cache.coded
    (['Violence against civilians'], 12, 1)
    """

    def __init__(self, log: EventLog | None = None) -> None:
        self._log = log
        self._logged: dict[ArticleKey, list[Event]] | None = None  # read from the log on first need
        self._per_article: dict[ArticleKey, list[Event]] = {}
        self._lock = threading.Lock()  # one cache serves every session's runs (threads)
        self.coded = 0  # articles coded so far (for tests)

    def _events(self, article: Article, key: ArticleKey) -> list[Event]:
        events = self._per_article.get(key)
        if events is None and self._log is not None:
            if self._logged is None:
                self._logged = self._log.read()
            events = self._logged.get(key)
        if events is None:
            events = events_of([article], merge=False)
            self.coded += 1
            if self._log is not None:
                self._log.append(key, events)
        self._per_article[key] = events
        return events

    def of(self, article: Article) -> list[Event]:
        """One article's events, unmerged; a save calls it to code (and log) the new article once."""
        with self._lock:
            return self._events(article, article_key(article))

    def table(self, articles: Sequence[Article]) -> gpd.GeoDataFrame:
        events: list[Event] = []
        with self._lock:
            for key, article in {article_key(a): a for a in articles}.items():  # listed twice: counted once
                events += self._events(article, key)
        return table_from_events(merge_events(events))
