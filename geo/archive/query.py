"""Questions to an archive, answered by DuckDB straight from its Parquet files (nothing loaded in memory first).

Only resolved places are counted (``kind = 'place'`` with a gazetteer id): demonyms and organisations say who,
not where.  Every query may be narrowed to the places of events (``event_type``: an ACLED type such as
"Battles", or "any"), read from the mention rows' event columns.  Every user value is a bound parameter; the only words put into the SQL text are column names and
date units chosen from the fixed tables below.

A window is [start, end], both days included.  Its baseline ("4w" or "52w") is the same window moved back
4 or 52 weeks: for a 4-week window, "4w" is the 4 weeks just before it and "52w" the same weeks a year
earlier.  Change is count - baseline count; relative change divides by the baseline count (null if 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from geo.archive.schema import ANY_EVENT, UNDATED_MONTH

BY = {"place": "place_id", "admin1": "admin1", "country": "country"}
FREQ = ("day", "week", "month")  # DuckDB date_trunc units; weeks start on Monday (ISO)
BASELINES = {"4w": 28, "52w": 364}


class QueryError(ValueError):
    """A query that cannot be answered as asked; the message says why."""


@dataclass(frozen=True)
class Window:
    """Days [start, end], either open (None)."""

    start: date | None = None
    end: date | None = None

    def shifted(self, days: int) -> Window:
        assert self.start is not None and self.end is not None
        return Window(self.start - timedelta(days=days), self.end - timedelta(days=days))

    @property
    def days(self) -> int:
        assert self.start is not None and self.end is not None
        return (self.end - self.start).days + 1


def _mentions(archive: Path) -> str:
    folder = Path(archive) / "mentions"
    if not folder.is_dir():
        raise QueryError(f"{archive} has no mentions/ folder: build the archive first")
    return str(folder / "**" / "*.parquet")


def _connect() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    # Keep each file's footer between queries: the dashboard asks many small questions of the same files.
    connection.execute("SET parquet_metadata_cache = true")
    return connection


class Archive:
    """An archive folder to query; one DuckDB connection, reused across queries."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.pattern = _mentions(self.folder)
        self.connection = _connect()
        if not any((self.folder / "mentions").rglob("*.parquet")):
            raise QueryError(f"{folder} holds no mentions yet")

    def _source(self) -> str:
        # `month` is the hive folder; typed as text so "2024-01" and "undated" are never guessed as dates.
        return "read_parquet($pattern, hive_partitioning = true, hive_types = {'month': VARCHAR})"

    @staticmethod
    def _where(window: Window, liptako: bool, extra: str = "", event_type: str | None = None
               ) -> tuple[str, dict[str, object]]:
        clauses, params = ["kind = 'place'", "place_id IS NOT NULL"], {}
        if event_type == ANY_EVENT:
            clauses.append("event_type IS NOT NULL")
        elif event_type is not None:
            clauses.append("event_type = $event_type")
            params["event_type"] = event_type
        if window.start is not None:
            clauses += ["date >= $start", "month >= $start_month"]  # the month test prunes whole folders
            params.update(start=window.start, start_month=f"{window.start:%Y-%m}")
        if window.end is not None:
            clauses += ["date < $end_excl", "month <= $end_month", f"month <> '{UNDATED_MONTH}'"]
            params.update(end_excl=window.end + timedelta(days=1), end_month=f"{window.end:%Y-%m}")
        if liptako:
            clauses.append("in_liptako")
        if extra:
            clauses.append(extra)
        return " AND ".join(clauses), params

    def _frame(self, sql: str, params: dict[str, object]) -> pd.DataFrame:
        return self.connection.execute(sql, {"pattern": self.pattern, **params}).df()

    def date_range(self) -> Window:
        """The first and last dates of the archive's mentions."""
        row = self.connection.execute(f"SELECT min(date), max(date) FROM {self._source()}",
                                      {"pattern": self.pattern}).fetchone()
        first, last = row if row else (None, None)
        return Window(first.date() if first is not None else None, last.date() if last is not None else None)

    def counts(self, by: str = "admin1", freq: str = "month", window: Window = Window(),
               liptako: bool = False, event_type: str | None = None) -> pd.DataFrame:
        """Mentions per period and key: columns period (first day), key, name (places only), count."""
        column, unit = _column(by), _unit(freq)
        where, params = self._where(window, liptako, f"{column} IS NOT NULL", event_type)
        sql = (f"SELECT CAST(date_trunc('{unit}', date) AS DATE) AS period, {column} AS key, "
               f"min(name) AS name, count(*) AS count FROM {self._source()} WHERE {where} AND date IS NOT NULL "
               "GROUP BY ALL ORDER BY period, count DESC, key")
        frame = self._frame(sql, params)
        return frame if by == "place" else frame.drop(columns="name")

    def change(self, by: str = "admin1", window: Window = Window(), baseline: str = "4w",
               liptako: bool = False, event_type: str | None = None) -> pd.DataFrame:
        """Per key: count in `window`, count in its baseline, change, relative change (largest rise first).

        An open window is completed from the archive: it ends on the last date, and starts 4 weeks earlier."""
        column = _column(by)
        if baseline not in BASELINES:
            raise QueryError(f"unknown baseline {baseline!r}; choose one of {', '.join(BASELINES)}")
        window = self._complete(window)
        shift = BASELINES[baseline]
        if window.days > shift:
            raise QueryError(f"the window ({window.days} days) is longer than the {baseline} baseline shift; "
                             "choose a shorter window or --baseline 52w")
        before = window.shifted(shift)
        where, params = self._where(Window(before.start, window.end), liptako, f"{column} IS NOT NULL", event_type)
        params.update(window_start=window.start, base_end_excl=before.end + timedelta(days=1))
        sql = (f"SELECT {column} AS key, min(name) AS name, "
               "count(*) FILTER (WHERE date >= $window_start) AS count, "
               "count(*) FILTER (WHERE date < $base_end_excl) AS baseline_count "
               f"FROM {self._source()} WHERE {where} GROUP BY ALL")
        frame = self._frame(sql, params)
        frame["change"] = frame["count"] - frame["baseline_count"]
        base = frame["baseline_count"].astype("float64")
        frame["change_pct"] = (frame["change"] / base.where(base > 0)).round(4)
        frame = frame[(frame["count"] > 0) | (frame["baseline_count"] > 0)]
        frame = frame.sort_values(["change", "count", "key"], ascending=[False, False, True]).reset_index(drop=True)
        frame.insert(0, "window_start", window.start)
        frame.insert(1, "window_end", window.end)
        frame.insert(2, "baseline_start", before.start)
        frame.insert(3, "baseline_end", before.end)
        return frame if by == "place" else frame.drop(columns="name")

    def _complete(self, window: Window) -> Window:
        if window.start is not None and window.end is not None:
            if window.start > window.end:
                raise QueryError(f"--from {window.start} is after --to {window.end}")
            return window
        end = window.end or self.date_range().end
        if end is None:
            raise QueryError("the archive has no dated mentions")
        return Window(window.start or end - timedelta(days=27), end)

    def trend(self, key: str, freq: str = "week", window: Window = Window(), liptako: bool = False,
              by: str = "place", event_type: str | None = None) -> pd.DataFrame:
        """One place's (or admin-1 region's, country's) mentions per period: columns period, count
        (periods without mentions are absent)."""
        column, unit = _column(by), _unit(freq)
        where, params = self._where(window, liptako, f"{column} = $key", event_type)
        params["key"] = key
        sql = (f"SELECT CAST(date_trunc('{unit}', date) AS DATE) AS period, count(*) AS count "
               f"FROM {self._source()} WHERE {where} AND date IS NOT NULL GROUP BY ALL ORDER BY period")
        return self._frame(sql, params)

    def top_articles(self, key: str, limit: int = 10, window: Window = Window(), liptako: bool = False,
                     by: str = "place", event_type: str | None = None) -> pd.DataFrame:
        """The articles that mention a place (or a region's, a country's places) most: article_id, date, title,
        mentions, sentences (distinct, at most 5)."""
        column = _column(by)
        where, params = self._where(window, liptako, f"{column} = $key", event_type)
        params.update(key=key, limit=int(limit))
        sql = (f"WITH hits AS (SELECT article_hash, min(article_id) AS article_id, min(date) AS date, "
               f"count(*) AS mentions, list(DISTINCT sentence ORDER BY sentence)[1:5] AS sentences "
               f"FROM {self._source()} WHERE {where} "
               "GROUP BY article_hash ORDER BY mentions DESC, date DESC, article_hash LIMIT $limit) "
               "SELECT hits.article_id, CAST(hits.date AS DATE) AS date, a.title, a.source, hits.mentions, "
               "hits.sentences FROM hits LEFT JOIN read_parquet($articles) a USING (article_hash) "
               "ORDER BY hits.mentions DESC, hits.date DESC, hits.article_hash")
        params["articles"] = str(Path(self.folder) / "articles" / "*.parquet")
        return self._frame(sql, params)

    def places(self, window: Window = Window(), liptako: bool = False, event_type: str | None = None) -> pd.DataFrame:
        """Each mentioned place in the window with its point and count: place_id, name, lat, lon, admin1, count
        (most mentioned first): what a heatmap or cluster layer draws."""
        where, params = self._where(window, liptako, "lat IS NOT NULL", event_type)
        sql = ("SELECT place_id, min(name) AS name, min(lat) AS lat, min(lon) AS lon, min(admin1) AS admin1, "
               f"count(*) AS count FROM {self._source()} WHERE {where} GROUP BY place_id "
               "ORDER BY count DESC, place_id")
        return self._frame(sql, params)


def _column(by: str) -> str:
    if by not in BY:
        raise QueryError(f"unknown --by {by!r}; choose one of {', '.join(BY)}")
    return BY[by]


def _unit(freq: str) -> str:
    if freq not in FREQ:
        raise QueryError(f"unknown --freq {freq!r}; choose one of {', '.join(FREQ)}")
    return freq
