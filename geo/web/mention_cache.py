"""The dashboard's mentions, kept per article for the life of the server process.

A page run needs the mentions of every stored article.  Parsing is done once per article (keyed by what
the mentions table is made of: id, title, date, source and the text's digest, so an edit parses again), and
the combined table is kept for the exact list of articles it was made from: a run whose articles did not
change costs one tuple comparison, however many articles there are (Streamlit's ``cache_data`` would hash
every article's text on every run, and drops entries past its limit).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import geopandas as gpd
import pandas as pd

from geo.text.article import Article

__all__ = ["MentionCache"]

ArticleKey = tuple[str, str, str, str, str]


def article_key(article: Article) -> ArticleKey:
    return (article.id, article.title, article.date.isoformat() if article.date else "", article.source,
            article.digest)


class MentionCache:
    """``table(articles)``: the mentions of ``articles``, one ``parse([article])`` per article ever seen.

    >>> from geo.geoparse.table import mentions_table
    >>> from geo.text.readers import article_from_text
    >>> cache = MentionCache(mentions_table)
    >>> gao = article_from_text("Troops reached Gao.", title="Gao")
    >>> list(cache.table([gao])["surface"]), cache.parsed
    (['Gao'], 1)
    >>> _ = cache.table([gao]); _ = cache.table([gao, gao]); _ = cache.of(gao); cache.parsed
    1
    """

    def __init__(self, parse: Callable[[list[Article]], gpd.GeoDataFrame], max_articles: int = 200_000) -> None:
        self._parse = parse
        self._max_articles = max_articles
        self._per_article: dict[ArticleKey, gpd.GeoDataFrame] = {}
        self._combined: tuple[tuple[ArticleKey, ...], gpd.GeoDataFrame] | None = None
        self._lock = threading.Lock()  # one cache serves every session's runs (threads)
        self.parsed = 0  # articles parsed so far (for tests and benchmarks)

    def _mentions_of(self, article: Article, key: ArticleKey) -> gpd.GeoDataFrame:
        frame = self._per_article.get(key)
        if frame is None:
            frame = self._parse([article])
            self.parsed += 1
            if len(self._per_article) >= self._max_articles:  # a bound, not an LRU: edits are rare
                self._per_article.clear()
            self._per_article[key] = frame
        return frame

    def of(self, article: Article) -> gpd.GeoDataFrame:
        """One article's mentions (the combined table is left as it is)."""
        with self._lock:
            return self._mentions_of(article, article_key(article))

    def table(self, articles: Sequence[Article]) -> gpd.GeoDataFrame:
        keys = tuple(article_key(article) for article in articles)
        with self._lock:
            if self._combined is not None and self._combined[0] == keys:
                return self._combined[1]
            frames = [frame for article, key in zip(articles, keys)
                      if not (frame := self._mentions_of(article, key)).empty]
            table = (gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326")
                     if frames else self._parse([]))
            self._combined = (keys, table)
            return table
