"""The dashboard's mentions, kept per article for the life of the server process (and on disk, given a log).

A page run needs the mentions of every stored article.  Parsing is done once per article (keyed by what
the mentions table is made of: id, title, date, source and the text's digest, so an edit parses again), and
the combined table is kept for the exact list of articles it was made from: a run whose articles did not
change costs one tuple comparison, however many articles there are (Streamlit's ``cache_data`` would hash
every article's text on every run, and drops entries past its limit).  With an `AnalysisLog`, each parse is
also written beside the stored articles, so a new server process reads its first map's mentions instead of
parsing every article again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import geopandas as gpd

from geo.geoparse.table import COLUMNS, article_records, table_from_records
from geo.text.article import Article
from geo.web.analysis_log import AnalysisLog

__all__ = ["ArticleKey", "MentionCache", "article_key"]

ArticleKey = tuple[str, str, str, str, str]
Records = list[dict[str, object]]


def article_key(article: Article) -> ArticleKey:
    return (article.id, article.title, article.date.isoformat() if article.date else "", article.source,
            article.digest)


class MentionCache:
    """``table(articles)``: the mentions of ``articles``, one ``records_of(article)`` per article ever seen
    (and not found in ``log``).

    >>> from geo.text.readers import article_from_text
    >>> cache = MentionCache()
    >>> gao = article_from_text("Troops reached Gao.", title="Gao")
    >>> list(cache.table([gao])["surface"]), cache.parsed
    (['Gao'], 1)
    >>> _ = cache.table([gao]); _ = cache.table([gao, gao]); _ = cache.of(gao); cache.parsed
    1
    """

    def __init__(self, records_of: Callable[[Article], Records] = article_records, log: AnalysisLog | None = None,
                 max_articles: int = 200_000) -> None:
        self._records_of = records_of
        self._log = log
        self._max_articles = max_articles
        self._per_article: dict[ArticleKey, Records] = {}
        self._logged: dict[ArticleKey, Records] | None = None  # read from the log on first need
        self._combined: tuple[tuple[ArticleKey, ...], gpd.GeoDataFrame] | None = None
        self._lock = threading.Lock()  # one cache serves every session's runs (threads)
        self.parsed = 0  # articles parsed so far (for tests and benchmarks)

    def _records(self, article: Article, key: ArticleKey) -> Records:
        records = self._per_article.get(key)
        if records is None and self._log is not None:
            if self._logged is None:
                self._logged = self._log.read()
            records = self._logged.get(key)
        if records is None:
            # Only the table's columns: the log stays small and reads fast.
            records = [{column: record.get(column) for column in COLUMNS} for record in self._records_of(article)]
            self.parsed += 1
            if self._log is not None:
                self._log.append(key, records)
        if len(self._per_article) >= self._max_articles:  # a bound, not an LRU: edits are rare
            self._per_article.clear()
        self._per_article[key] = records
        return records

    def of(self, article: Article) -> gpd.GeoDataFrame:
        """One article's mentions (the combined table is left as it is); a save calls it to parse (and log)
        the new article once."""
        with self._lock:
            return table_from_records(self._records(article, article_key(article)))

    def table(self, articles: Sequence[Article]) -> gpd.GeoDataFrame:
        keys = tuple(article_key(article) for article in articles)
        with self._lock:
            if self._combined is not None and self._combined[0] == keys:
                return self._combined[1]
            records = [record for article, key in zip(articles, keys) for record in self._records(article, key)]
            table = table_from_records(records)
            self._combined = (keys, table)
            self._compact_log(keys)
            return table

    def _compact_log(self, keys: tuple[ArticleKey, ...]) -> None:
        """Drop the log's lines of removed and edited articles once they outnumber the live ones."""
        log = self._log
        if log is None or self._logged is None or log.lines <= 2 * len(keys) + 1_000:
            return
        live = set(keys)
        log.compact({key: value for key, value in self._per_article.items() if key in live})
        self._logged = {}
