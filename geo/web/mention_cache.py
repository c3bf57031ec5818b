"""The dashboard's mentions, kept for the life of the server process (and on disk, given a snapshot).

A page run needs the mentions of every stored article.  Parsing is done once per article (keyed by what
the mentions table is made of: id, title, date, source and the text's digest, so an edit parses again), all
rows live in one frame, and the combined table is kept for the exact list of articles it was made from: a
run whose articles did not change costs one tuple comparison, however many articles there are (Streamlit's
``cache_data`` would hash every article's text on every run, and drops entries past its limit).  A run
that only adds articles (a save) extends the kept table instead of building it again.

With a `MentionSnapshot`, the rows are also written beside the stored articles once ``save_after`` new
articles were parsed, so a new server process reads its first map's mentions instead of parsing every
article again (at most ``save_after`` articles are parsed again after a kill).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence

import geopandas as gpd
import pandas as pd

from geo.geoparse.table import COLUMNS, article_records, frame_from_records, with_points
from geo.text.article import Article
from geo.web.analysis_log import KEY_COLUMN, MentionSnapshot

__all__ = ["ArticleKey", "MentionCache", "article_key"]

ArticleKey = tuple[str, str, str, str, str]
Records = list[dict[str, object]]


def article_key(article: Article) -> ArticleKey:
    return (article.id, article.title, article.date.isoformat() if article.date else "", article.source,
            article.digest)


def key_text(key: ArticleKey) -> str:
    """A short fixed-length text for an article key (the rows' KEY_COLUMN)."""
    return hashlib.sha1("\x1f".join(key).encode("utf-8", "surrogatepass")).hexdigest()


class MentionCache:
    """``table(articles)``: the mentions of ``articles``, one ``records_of(article)`` per article ever seen
    (and not found in ``snapshot``).

    >>> from geo.text.readers import article_from_text
    >>> cache = MentionCache()
    >>> gao = article_from_text("Troops reached Gao.", title="Gao")
    >>> list(cache.table([gao])["surface"]), cache.parsed
    (['Gao'], 1)
    >>> _ = cache.table([gao]); _ = cache.table([gao, gao]); _ = cache.of(gao); cache.parsed
    1
    """

    def __init__(self, records_of: Callable[[Article], Records] = article_records,
                 snapshot: MentionSnapshot | None = None, save_after: int = 100) -> None:
        self._records_of = records_of
        self._snapshot = snapshot
        self._save_after = save_after
        self._rows = pd.DataFrame(columns=[*COLUMNS, KEY_COLUMN])  # every article's rows seen so far
        self._known: set[str] = set()  # the keys of the articles in _rows or _pending
        self._pending: dict[str, Records] = {}  # rows parsed since _rows was last extended, per article key
        self._unsaved = 0  # articles parsed since the snapshot was written
        self._loaded = snapshot is None
        self._combined: tuple[tuple[ArticleKey, ...], list[str], gpd.GeoDataFrame] | None = None
        self._lock = threading.Lock()  # one cache serves every session's runs (threads)
        self.parsed = 0  # articles parsed so far (for tests and benchmarks)

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        rows = self._snapshot.read() if self._snapshot is not None else None
        if rows is not None:
            self._rows = rows
            self._known = set(rows[KEY_COLUMN].unique())

    def _parse(self, article: Article, key: str) -> None:
        """Parse one article the cache does not know yet; its rows wait in _pending."""
        self._pending[key] = [{**{column: record.get(column) for column in COLUMNS}, KEY_COLUMN: key}
                              for record in self._records_of(article)]
        self._known.add(key)
        self.parsed += 1
        self._unsaved += 1

    def _flush(self) -> None:
        waiting = [row for rows in self._pending.values() for row in rows]
        self._pending = {}
        if waiting:
            fresh = frame_from_records(waiting).assign(**{KEY_COLUMN: [row[KEY_COLUMN] for row in waiting]})
            self._rows = fresh if self._rows.empty else pd.concat([self._rows, fresh], ignore_index=True)

    def _rows_of(self, keys: list[str]) -> pd.DataFrame:
        """The rows of these articles, in their order (an article listed twice counts once)."""
        order = {key: position for position, key in enumerate(dict.fromkeys(keys))}
        rows = self._rows
        if list(rows[KEY_COLUMN].unique()) != list(order):  # not already these articles in this order
            rows = rows[rows[KEY_COLUMN].isin(order)]
            rows = rows.iloc[rows[KEY_COLUMN].map(order).argsort(kind="stable")]
        return rows.drop(columns=KEY_COLUMN).reset_index(drop=True)

    def of(self, article: Article) -> gpd.GeoDataFrame:
        """One article's mentions (the combined table is left as it is); a save calls it so the new
        article is parsed at once, not on the next page."""
        key = key_text(article_key(article))
        with self._lock:
            self._load()
            if key not in self._known:
                self._parse(article, key)
            if key in self._pending:  # not added to the big frame here: a save must not copy every article's rows
                return with_points(frame_from_records(self._pending[key]))
            return with_points(self._rows_of([key]))

    def table(self, articles: Sequence[Article]) -> gpd.GeoDataFrame:
        """Every mention of ``articles``: in their order when built whole; rows of articles added since the
        last call come last (a save), rows of removed ones are dropped, without building it again."""
        article_keys = tuple(article_key(article) for article in articles)
        with self._lock:
            if self._combined is not None and self._combined[0] == article_keys:
                return self._combined[2]
            self._load()
            keys = [key_text(key) for key in article_keys]
            for article, key in zip(articles, keys):
                if key not in self._known:
                    self._parse(article, key)
            self._flush()
            table = self._changed_table(keys) if self._combined is not None else None
            if table is None:
                table = with_points(self._rows_of(keys))
            self._combined = (article_keys, keys, table)
            self._save(keys)
            return table

    def _changed_table(self, keys: list[str]) -> gpd.GeoDataFrame | None:
        """The kept table with articles added (their rows at the end) or removed, when that is all that
        changed (a save, a removal); None when the whole table must be built again."""
        assert self._combined is not None
        kept_articles, kept_keys, kept = self._combined
        before, now = set(kept_keys), set(keys)
        if now >= before:
            extra = [key for key in dict.fromkeys(keys) if key not in before]
            added = with_points(self._rows_of(extra))
            if added.empty:
                return kept
            return gpd.GeoDataFrame(pd.concat([kept, added], ignore_index=True), geometry="geometry", crs="EPSG:4326")
        if now < before:
            gone = {article[0] for article, key in zip(kept_articles, kept_keys) if key not in now}  # their ids
            return kept[~kept["article"].isin(gone)].reset_index(drop=True)
        return None

    def _save(self, live: list[str]) -> None:
        """Write the snapshot (the live articles' rows only) once enough articles were parsed since."""
        if self._snapshot is None or self._unsaved < self._save_after:
            return
        rows = self._rows[self._rows[KEY_COLUMN].isin(set(live))]
        if self._snapshot.write(rows):
            self._rows = rows.reset_index(drop=True)  # edited and removed articles' rows are dropped too
            self._known = set(live)
            self._unsaved = 0
