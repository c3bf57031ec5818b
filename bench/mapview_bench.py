"""Time build_map + render (and the page size) for the briefing map.

    .venv/bin/python bench/mapview_bench.py

Cases: the default map without mentions, and all layers with 300 mentions from the bundled articles in
data/articles (the table is repeated until it has 300 rows).  The first build of each case warms the
caches (boundaries, memberships); the table reports the median of the following runs.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.text.readers import load_corpus  # noqa: E402
from geo.map.assemble import build_map  # noqa: E402
from geo.map.options import MapOptions  # noqa: E402
from geo.geoparse.table import mentions_table  # noqa: E402

RUNS = 5


def three_hundred_mentions() -> gpd.GeoDataFrame:
    articles, _errors = load_corpus([ROOT / "data" / "articles"])
    table = mentions_table(articles)
    repeats = -(-300 // len(table))
    return gpd.GeoDataFrame(pd.concat([table] * repeats, ignore_index=True).head(300), geometry="geometry",
                            crs=table.crs)


def measure(options: MapOptions, mentions: gpd.GeoDataFrame | None) -> tuple[float, float, int]:
    """(median build s, median render s, HTML bytes) after one warm-up build."""
    build_map(options, mentions).get_root().render()
    builds, renders, size = [], [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        folium_map = build_map(options, mentions)
        built = time.perf_counter()
        html = folium_map.get_root().render()
        builds.append(built - started)
        renders.append(time.perf_counter() - built)
        size = len(html.encode("utf-8"))
    return statistics.median(builds), statistics.median(renders), size


def main() -> None:
    mentions = three_hundred_mentions()
    as_of = dt.date(2023, 9, 16)
    cases = [
        ("default (no mentions)", MapOptions(as_of=as_of), None),
        (f"all layers, {len(mentions)} mentions", MapOptions(as_of=as_of), mentions),
        (f"all layers, {len(mentions)} mentions, presentation", MapOptions(as_of=as_of, presentation=True), mentions),
    ]
    print("| case | build (ms) | render (ms) | total (ms) | HTML (KB) |")
    print("|---|---:|---:|---:|---:|")
    for name, options, table in cases:
        build, render, size = measure(options, table)
        print(f"| {name} | {build * 1000:.0f} | {render * 1000:.0f} | {(build + render) * 1000:.0f} | {size / 1024:.0f} |")


if __name__ == "__main__":
    main()
