"""The trends view's map at 50,000 places: build, page size and drawing in Chromium, for the heatmap and the clusters.

    .venv/bin/python bench/trends_map_bench.py [--places 50000] [--runs 3]

Places: distinct random points over the Sahel and its neighbours (seeded), counts with a Zipf-like spread; the
choropleth: every admin-1 region of data/boundaries with random counts and baselines.  The map is
`geo.web.trends.trends_map`, as the dashboard draws it; its page is made self-contained with the export's
`inline_assets` and opened from a file in Debian's Chromium (`SAHEL_CHROMIUM` or /usr/bin/chromium) with every
request off the file aborted.  "drawn" is the time from navigation to the first heat canvas or cluster icon
on screen.  Prints a Markdown table (medians over `--runs`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.export.html import inline_assets  # noqa: E402
from geo.facts.boundaries import DEFAULT_DEFINITION, load_countries, load_liptako_gourma, load_regions  # noqa: E402
from geo.web.trends import region_table, trends_map  # noqa: E402

DRAWN_JS = {
    "Heatmap": "() => !!document.querySelector('canvas.leaflet-heatmap-layer')",
    "Clusters": "() => document.querySelectorAll('.marker-cluster').length > 0",
}


def places(count: int, seed: int = 50) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lat = np.round(rng.uniform(4.0, 24.0, count * 2), 5)
    lon = np.round(rng.uniform(-17.0, 24.0, count * 2), 5)
    frame = pd.DataFrame({"lat": lat, "lon": lon}).drop_duplicates().head(count).reset_index(drop=True)
    frame["place_id"] = [f"bench:{i}" for i in range(len(frame))]
    frame["name"] = [f"Place {i}" for i in range(len(frame))]
    frame["count"] = np.maximum(1, (1000 / (np.arange(len(frame)) + 1) ** 0.8).astype(int))
    return frame


def regions_with_counts(seed: int = 51) -> pd.DataFrame:
    regions = load_regions()[["region_id", "iso3", "name", "geometry"]]
    rng = np.random.default_rng(seed)
    count, baseline = rng.integers(0, 500, len(regions)), rng.integers(0, 500, len(regions))
    change = pd.DataFrame({"key": regions["region_id"], "count": count, "baseline_count": baseline,
                           "change": count - baseline,
                           "change_pct": np.where(baseline > 0, 100.0 * (count - baseline) / np.maximum(baseline, 1),
                                                  np.nan)})
    return region_table(change, regions)


def drawn_seconds(path: Path, style: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("SAHEL_CHROMIUM", "/usr/bin/chromium")
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1600, "height": 900})
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())
                started = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function(DRAWN_JS[style], timeout=120_000, polling=50)
                times.append(time.perf_counter() - started)
                page.close()
        finally:
            browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--places", type=int, default=50_000)
    options.add_argument("--runs", type=int, default=3)
    args = options.parse_args(argv)
    points, regions = places(args.places), regions_with_counts()
    countries, liptako = load_countries(), load_liptako_gourma(DEFAULT_DEFINITION)
    print(f"{len(points):,} distinct places, {len(regions):,} admin-1 regions; medians of {args.runs} runs\n")
    print("| map | build + render (s) | page (MB) | open to drawn in Chromium (s) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for style in ("Heatmap", "Clusters"):
            builds, page = [], ""
            for _ in range(args.runs):
                started = time.perf_counter()
                fmap = trends_map(regions, points, style=style, countries=countries, liptako=liptako)
                page = fmap.get_root().render()
                builds.append(time.perf_counter() - started)
            page, _fonts = inline_assets(page)  # the icon fonts the CSS names stay out, as in the HTML export
            path = Path(folder) / f"trends-{style.lower()}.html"
            path.write_text(page, encoding="utf-8")
            drawn = drawn_seconds(path, style, args.runs)
            print(f"| {style.lower()} | {statistics.median(builds):.2f} | {len(page.encode()) / 1e6:.1f} | "
                  f"{statistics.median(drawn):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
