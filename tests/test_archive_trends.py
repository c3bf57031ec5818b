"""The trends view (geo/web/trends.py) on a real archive built in tmp: its pure functions, its folium map, and the
view itself run by Streamlit's AppTest (a real script run calling `trends_view`, no browser)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from geo.archive.build import build_archive
from geo.archive.query import Archive
from geo.resources import ARTICLES_DIR
from geo.web import trends


def _records(count: int) -> list[dict[str, object]]:
    rng = random.Random(3)
    paragraphs = []
    for path in sorted(ARTICLES_DIR.glob("2*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        paragraphs += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 60]
    return [{"id": f"t-{n}", "title": f"=HYPERLINK(\"x\") Dispatch {n}" if n == 0 else f"Dispatch {n}",
             "text": "\n\n".join(rng.sample(paragraphs, 2)) + f"\n\nDispatch number {n}.",
             "date": (pd.Timestamp("2024-01-01") + pd.Timedelta(days=rng.randrange(540))).strftime("%Y-%m-%d")}
            for n in range(count)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("trends")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in _records(160)), encoding="utf-8")
    build_archive([source], folder / "archive", workers=0, show_progress=False)
    return folder / "archive"


def test_windows_and_stops() -> None:
    assert trends.period_window(date(2024, 2, 14), "week") == trends.Window(date(2024, 2, 12), date(2024, 2, 18))
    assert trends.period_window(date(2024, 2, 14), "month").end == date(2024, 2, 29)
    stops = trends.period_starts(date(2024, 1, 31), date(2024, 4, 2), "month")
    assert stops == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)]
    weeks = trends.period_starts(date(2024, 1, 3), date(2024, 1, 29), "week")
    assert weeks[0] == date(2024, 1, 1) and weeks[-1] == date(2024, 1, 29) and len(weeks) == 5


def test_region_table_and_csv_are_the_query_and_formula_safe(archive: Path) -> None:
    window = trends.period_window(date(2025, 3, 1), "month")
    change = Archive(archive).change("admin1", window, "52w")
    regions, _, _ = trends._geography()
    table = trends.region_table(change, regions)
    assert len(table) == len(regions) and table["count"].sum() == change["count"].sum()
    counts = trends.counts_table(table)
    assert set(counts["key"]) == set(change["key"]) and list(counts.columns) == trends.TABLE_COLUMNS
    hostile = counts.head(1).assign(region="=cmd|' /C calc'!A0")
    assert "'=cmd" in trends.csv_text(hostile)


def test_the_map_draws_the_choropleth_places_and_the_polygon(archive: Path) -> None:
    window = trends.period_window(date(2024, 6, 1), "month")
    a = Archive(archive)
    regions, countries, outline = trends._geography()
    table = trends.region_table(a.change("admin1", window, "52w"), regions)
    places = a.places(window)
    assert not places.empty and places["count"].is_monotonic_decreasing
    heat = trends.trends_map(table, places, style="Heatmap", countries=countries, liptako=outline).get_root().render()
    assert "L.heatLayer" in heat and '"dashArray": "6 4"' in heat
    mentioned = table[table["count"] > 0]["region_id"]
    assert all(f'"region_id": "{region}"' in heat for region in mentioned)
    assert trends.LEGEND_TITLE in heat and "d3.v4" not in heat
    clusters = trends.trends_map(table, places, style="Clusters").get_root().render()
    assert "L.markerClusterGroup" in clusters and "L.heatLayer" not in clusters


def test_a_heatmap_of_50000_places_is_built_fast() -> None:
    import time

    rng = random.Random(1)
    places = pd.DataFrame({"place_id": [str(n) for n in range(50_000)], "name": ["p"] * 50_000,
                           "lat": [rng.uniform(10, 22) for _ in range(50_000)],
                           "lon": [rng.uniform(-10, 15) for _ in range(50_000)], "count": range(50_000, 0, -1)})
    regions, _, _ = trends._geography()
    table = trends.region_table(pd.DataFrame(), regions)
    for style in trends.PLACE_STYLES:
        started = time.perf_counter()
        html = trends.trends_map(table, places, style=style).get_root().render()
        assert time.perf_counter() - started < 10 and len(html) < 8_000_000, style  # ~2 s on a quiet machine


def test_clicks_name_a_region_or_a_place() -> None:
    places = pd.DataFrame({"place_id": ["2253354"], "lat": [14.7], "lon": [-17.4]})
    assert trends.clicked_region({"last_active_drawing": {"properties": {"region_id": "MLI-gao"}}}) == "MLI-gao"
    assert trends.clicked_region({"last_active_drawing": None}) is None
    assert trends.clicked_place({"last_object_clicked": {"lat": 14.7, "lng": -17.4}}, places) == "2253354"
    assert trends.clicked_place({"last_object_clicked": {"lat": 1.0, "lng": 1.0}}, places) is None


def _view_script(folder: str) -> None:
    from geo.web.trends import trends_view

    trends_view(folder)


@pytest.mark.slow
def test_the_view_runs_and_its_slider_moves_the_window(archive: Path) -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_view_script, args=(str(archive),), default_timeout=90).run()
    assert not app.exception, app.exception
    slider = app.select_slider(key="trends_period")
    last = slider.value
    assert app.selectbox(key="trends_selected").value.startswith("admin1:")
    caption = " ".join(c.value for c in app.caption)
    assert app.radio(key="trends_freq").value == "month" and last.day == 1
    assert app.radio(key="trends_baseline").options == ["a year earlier"]
    slider.set_value((last - timedelta(days=40)).replace(day=1)).run()
    assert not app.exception, app.exception
    assert app.select_slider(key="trends_period").value != last
    assert " ".join(c.value for c in app.caption) != caption
    app.radio(key="trends_freq").set_value("week").run()
    assert not app.exception and "week of" in " ".join(c.value for c in app.caption)
    assert app.select_slider(key="trends_period").value.weekday() == 0
    assert len(app.radio(key="trends_baseline").options) == 2
    app.checkbox(key="trends_liptako").check().run()
    assert not app.exception
    every = _mention_count(app)
    app.selectbox(key="trends_event_type").set_value("any").run()  # only where events happened: fewer
    assert not app.exception and 0 <= _mention_count(app) < every


def _mention_count(app) -> int:  # noqa: ANN001 - an AppTest
    caption = next(c.value for c in app.caption if "place mentions in" in c.value)
    return int(caption.split(": ", 1)[1].split(" place mentions", 1)[0].replace(",", ""))


def test_a_folder_that_is_not_an_archive_is_a_message(tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_view_script, args=(str(tmp_path),), default_timeout=60).run()
    assert not app.exception and "not an archive" in app.warning[0].value
