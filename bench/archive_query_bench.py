"""DuckDB query times over a generated archive of >= 10 million mention rows.

Targets (issue 14): a window's admin-1 counts with change against the baseline < 0.5 s; one place's trend
< 0.2 s.  The rows are generated directly (no geoparsing): the archive's real mention schema and GeoParquet
points, month partitions over 2019-2025, 3,000 random places over Mali, Burkina Faso and Niger with a skewed
(Zipf-like) popularity, admin-1 and Liptako-Gourma membership computed by geo.archive.regions as a build does.

    .venv/bin/python bench/archive_query_bench.py                 # 10,000,000 rows
    .venv/bin/python bench/archive_query_bench.py --rows 1000000  # a quick run

Each query runs once cold (first read of the files) and then `--repeat` times; the median is reported.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.archive import layout  # noqa: E402
from geo.archive.compact import compact_month  # noqa: E402
from geo.archive.geoparquet import points_table  # noqa: E402
from geo.archive.query import Archive, Window  # noqa: E402
from geo.archive.regions import locate  # noqa: E402
from geo.archive.schema import MENTION_SCHEMA, conform  # noqa: E402

FILES_PER_MONTH = 4  # task files per month before compaction


def place_table(rng: np.random.Generator, count: int = 3_000) -> pd.DataFrame:
    """Random points over Mali, Burkina Faso and Niger with ids and names, located like a build does."""
    lat = rng.uniform(10.5, 23.0, count)
    lon = rng.uniform(-11.0, 15.5, count)
    frame = pd.DataFrame({"place_id": [f"{6_000_000 + n}" for n in range(count)],
                          "name": [f"Place {n}" for n in range(count)], "lat": lat, "lon": lon})
    located = locate(frame["lat"], frame["lon"])
    frame["admin1"] = located["admin1"]
    frame["in_liptako"] = located["in_liptako"]
    frame["country"] = frame["admin1"].str.slice(0, 3).where(frame["admin1"].notna(), "XXX")
    return frame


def generate(folder: Path, rows: int, seed: int = 14) -> pd.DataFrame:
    """Write `rows` mention rows under folder/mentions/month=YYYY-MM/; return the place table."""
    rng = np.random.default_rng(seed)
    table = place_table(rng)
    weights = 1 / np.arange(1, len(table) + 1) ** 0.9  # a few places are in the news all the time
    weights /= weights.sum()
    layout.initialise(folder)
    first = date(2019, 1, 1)
    months = pd.period_range("2019-01", periods=84, freq="M")
    per_month = rows // len(months)
    for month_number, month in enumerate(months):
        count = per_month + (rows - per_month * len(months) if month_number == len(months) - 1 else 0)
        start = (month.start_time.date() - first).days
        span = month.days_in_month
        day = pd.to_datetime(first) + pd.to_timedelta(start + rng.integers(0, span, count), unit="D")
        picked = table.iloc[rng.choice(len(table), size=count, p=weights)].reset_index(drop=True)
        frame = picked.assign(article_hash=[f"{n:064x}" for n in rng.integers(0, 2**62, count)],
                              article_id=[f"a{n}" for n in rng.integers(0, rows // 8, count)],
                              date=day.values.astype("datetime64[ms]"), surface=picked["name"], kind="place",
                              feature="PPL", confidence=rng.uniform(0.5, 1, count).round(3),
                              sentence="Armed men attacked the village of " + picked["name"] + " on Sunday.",
                              start=0, end=10)
        frame = conform(frame, MENTION_SCHEMA)
        target = folder / "mentions" / f"month={month}"
        target.mkdir(parents=True, exist_ok=True)
        # As a build: several tasks' files per month, then the build's own compaction into one sorted file.
        for part, rows_of_part in enumerate(np.array_split(np.arange(count), FILES_PER_MONTH)):
            pq.write_table(points_table(frame.iloc[rows_of_part].reset_index(drop=True)),
                           target / f"part-task-{part:05d}.parquet")
        compact_month(target, "part-bench-month.parquet")
    return table


def timed(call: object, repeat: int) -> dict[str, float]:
    started = time.perf_counter()
    result = call()  # type: ignore[operator]
    cold = time.perf_counter() - started
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        warm.append(time.perf_counter() - started)
    return {"cold_s": round(cold, 3), "median_s": round(statistics.median(warm), 3), "rows_out": len(result)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="archive-query-bench-")) / "archive"
    try:
        started = time.perf_counter()
        table = generate(folder, args.rows)
        size = sum(p.stat().st_size for p in (folder / "mentions").rglob("*.parquet"))
        print(json.dumps({"rows": args.rows, "generate_s": round(time.perf_counter() - started, 1),
                          "parquet_mb": round(size / 2**20, 1)}), flush=True)
        archive = Archive(folder)
        window = Window(date(2025, 3, 3), date(2025, 3, 30))
        busiest = table["place_id"].iloc[0]
        quiet = table["place_id"].iloc[len(table) // 2]
        queries = {
            "admin1_change_4w": lambda: archive.change("admin1", window, "4w"),
            "admin1_change_52w": lambda: archive.change("admin1", window, "52w"),
            "admin1_change_4w_liptako": lambda: archive.change("admin1", window, "4w", liptako=True),
            "admin1_counts_week_window": lambda: archive.counts("admin1", "week", window),
            "place_trend_week_all_years": lambda: archive.trend(busiest, "week"),
            "place_trend_month_quiet_place": lambda: archive.trend(quiet, "month"),
            "place_trend_week_one_year": lambda: archive.trend(
                busiest, "week", Window(date(2024, 4, 1), date(2025, 3, 30))),
        }
        for name, call in queries.items():
            print(json.dumps({"query": name, **timed(call, args.repeat)}), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
