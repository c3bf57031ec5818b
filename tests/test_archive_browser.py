"""The trends view in a real browser: `streamlit run` + Debian's Chromium, every non-local request aborted.

It drives the integration described for streamlit_app.py (a sidebar radio "Source" with the option
"Archive folder", a text input with key ``archive_dir``, then ``geo.web.trends.trends_view(folder, ...)``).
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import pandas as pd
import pytest

from geo.archive.build import build_archive
from geo.resources import ARTICLES_DIR

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REPO = Path(__file__).resolve().parent.parent

# The regions Leaflet has drawn from the trends choropleth (GeoJSON features with a region_id).
REGIONS_JS = """() => {
  const maps = [...new Set(Object.values(window).filter(v => window.L && v instanceof L.Map))];
  const found = [];
  maps.forEach(m => m.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.region_id && l.getLatLngs) {
      const p = m.latLngToContainerPoint(l.getCenter());
      const size = m.getSize();  // on screen, clear of the legend (bottom right) and the zoom buttons (top left)
      const shown = p.x > 60 && p.y > 60 && p.x < size.x * 0.6 && p.y < size.y * 0.7;
      found.push({id: l.feature.properties.region_id, label: l.feature.properties.label, x: p.x, y: p.y,
                  inside: shown && l.getBounds().contains(l.getCenter())});
    }
  }));
  return found;
}"""


@pytest.fixture(scope="module")
def trends_url(streamlit_url: str) -> str:
    """The dashboard the other browser tests use (tests/conftest.py): the source is chosen per session."""
    return streamlit_url


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(5)
    paragraphs = []
    for path in sorted(ARTICLES_DIR.glob("2*.md")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("---", 2)[-1].split("\n\n")
                       if len(p.strip()) > 60]
    folder = tmp_path_factory.mktemp("trends-archive")
    lines = [json.dumps({"id": f"b-{n}", "title": f"Dispatch {n}",
                         "text": "\n\n".join(rng.sample(paragraphs, 2)) + f"\n\nDispatch number {n}.",
                         "date": str((pd.Timestamp("2024-01-01") + pd.Timedelta(days=rng.randrange(400))).date())})
             for n in range(240)]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_archive([folder / "a.jsonl"], folder / "archive", workers=0, show_progress=False)
    return folder / "archive"


def _map_frame(page: object, timeout_s: float = 90.0) -> object:
    """st_folium's iframe once its choropleth has regions drawn (a rerun may replace the frame: look again)."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for iframe in page.query_selector_all("iframe[title*='streamlit_folium']"):  # type: ignore[attr-defined]
            frame = iframe.content_frame()
            try:
                if frame and frame.evaluate(f"() => !!window.L && ({REGIONS_JS})().length > 0"):
                    return iframe
            except PlaywrightError:
                continue
        page.wait_for_timeout(250)  # type: ignore[attr-defined]
    raise TimeoutError(f"no map with regions within {timeout_s} s")


def _choose_archive_source(page: object, timeout_s: float = 180.0) -> object:
    """Pick "Archive folder" once the whole page is drawn, until its folder box shows.

    During the first second the map's first report and the click can reach Streamlit in one batch, which it
    sends as the map fragment's rerun: the radio shows the new choice and the server never hears of it. So
    wait for the page the map's report completes, and if the box still does not show, choose the other
    source and this one again."""
    from playwright.sync_api import Error as PlaywrightError

    box = page.locator(".st-key-archive_dir input")  # type: ignore[attr-defined]
    page.get_by_text("Export for a briefing").first.wait_for(timeout=120_000)  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            page.get_by_text("Archive folder", exact=True).first.click(timeout=30_000)  # type: ignore[attr-defined]
            box.wait_for(timeout=15_000)
            return box
        except PlaywrightError:
            try:
                page.get_by_text("Working set", exact=True).first.click(timeout=10_000)  # type: ignore[attr-defined]
                page.wait_for_timeout(2000)  # type: ignore[attr-defined]
            except PlaywrightError:
                pass
    if os.environ.get("SCREENSHOT_DIR"):  # what the page showed instead, for the CI log's reader
        shot = Path(os.environ["SCREENSHOT_DIR"]) / "archive-source-missing.png"
        page.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]
    shown = page.inner_text("body")[:1500]  # type: ignore[attr-defined]
    raise TimeoutError(f"the archive folder box did not show within {timeout_s} s; the page showed: {shown!r}")


def _window_label(page: object) -> str:
    return page.locator(".st-key-trends_period [data-testid=stSliderThumbValue]").inner_text()  # type: ignore[attr-defined]


def test_the_trends_view_draws_moves_and_shows_a_regions_trend(trends_url: str, archive: Path,
                                                               offline_page: tuple[object, object]) -> None:
    from playwright.sync_api import Error as PlaywrightError

    page, network = offline_page
    page.goto(trends_url)  # type: ignore[attr-defined]
    box = _choose_archive_source(page)
    box.fill(str(archive))
    box.press("Enter")
    iframe = _map_frame(page)
    regions = iframe.content_frame().evaluate(REGIONS_JS)
    assert len(regions) >= 3, regions  # the choropleth is drawn, offline

    before = _window_label(page)
    page.locator(".st-key-trends_period input[type=range]").focus()  # type: ignore[attr-defined]
    page.keyboard.press("ArrowLeft")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "(b) => { const e = document.querySelector('.st-key-trends_period [data-testid=stSliderThumbValue]');"
        " return e && e.innerText !== b; }", arg=before, timeout=60_000)
    assert _window_label(page) != before  # the slider moved the window

    for _attempt in range(5):  # the slider's rerun may replace the map's frame: find it again, then click
        page.wait_for_timeout(1000)  # type: ignore[attr-defined]
        iframe = _map_frame(page)
        iframe.scroll_into_view_if_needed()  # a click below the window's edge would land nowhere
        selected = page.locator(".st-key-trends_selected input").input_value()  # type: ignore[attr-defined]
        frame = iframe.content_frame()
        if frame is None:
            continue
        try:
            drawn = frame.evaluate(REGIONS_JS)
        except PlaywrightError:
            continue
        candidates = [r for r in drawn if r["inside"] and r["label"].split(" (")[0] not in selected]
        assert candidates, "no second region to click"
        target = candidates[0]
        frame_box = iframe.bounding_box()
        if frame_box is not None:
            break
    page.mouse.click(frame_box["x"] + target["x"], frame_box["y"] + target["y"])  # type: ignore[attr-defined]
    name = target["label"].split(" (")[0]
    page.wait_for_function(  # type: ignore[attr-defined]
        "(n) => { const e = document.querySelector('.st-key-trends_selected input');"
        " return e && e.value.includes(n); }",
        arg=name, timeout=60_000)
    # The details panel is redrawn for the clicked region: its heading, then its chart below it.
    page.wait_for_function(  # type: ignore[attr-defined]
        "(n) => [...document.querySelectorAll('[data-testid=stMarkdownContainer]')]"
        ".some(e => e.innerText.includes(n) && e.innerText.includes('mentions per'))", arg=name, timeout=60_000)
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]  # the run ends: nothing stale on the picture
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / "trends-view.png"), full_page=True)  # type: ignore[attr-defined]
    assert not [url for url in network.blocked if "d3js" in url or "cdn" in url]  # type: ignore[attr-defined]
