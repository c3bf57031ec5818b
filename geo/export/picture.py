"""PNG and PDF slides: the self-contained HTML map drawn by Chromium (Playwright), every request that is not
``file:``/``data:`` aborted.
"""

from __future__ import annotations

import concurrent.futures
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import geopandas as gpd

from geo.export.common import PICTURE_FORMATS, ExportError, _check_format
from geo.export.html import export_html
from geo.files import atomic_path
from geo.map.options import MapOptions

__all__ = ["DRAW_TIMEOUT_MS", "PICTURE_CSS", "chromium_path", "export_picture"]

# How long Chromium may take to draw the map: generous, a draw takes about a second (README, "Exports").
DRAW_TIMEOUT_MS = 60_000
# Controls that are for interaction, not for a picture (title, legend, scale bar, attribution stay).
PICTURE_CSS = (".leaflet-top.leaflet-left .leaflet-control, .leaflet-control-layers "
               "{ display: none !important; } .sbm-legend { max-height: none !important; }")


def _offline_route(route: Any) -> None:
    """Let file: and data: requests through; abort everything else."""
    if urlparse(route.request.url).scheme in ("file", "data", "blob", "about"):
        route.continue_()
    else:
        route.abort()


def _draw(browser: Any, page_file: Path, out: Path, fmt: str, width: int, height: int, scale: float) -> None:
    """Open ``page_file`` in a fresh offline context of ``browser`` and save the picture to ``out``."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
    try:
        context.route("**/*", _offline_route)
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_function("() => window.L && Object.values(window).some(v => v instanceof L.Map)",
                               timeout=DRAW_TIMEOUT_MS)
        page.wait_for_selector(".leaflet-overlay-pane canvas, .leaflet-overlay-pane path", timeout=DRAW_TIMEOUT_MS)
        page.add_style_tag(content=PICTURE_CSS)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        if fmt == "png":
            page.screenshot(path=str(out), type="png")
        else:
            page.emulate_media(media="screen")
            page.pdf(path=str(out), width=f"{width}px", height=f"{height}px", print_background=True,
                     page_ranges="1", margin={"top": "0", "right": "0", "bottom": "0", "left": "0"})
    finally:
        context.close()


def chromium_path() -> str:
    """The Chromium that renders PNG and PDF exports ($SAHEL_CHROMIUM, else Debian's)."""
    return os.environ.get("SAHEL_CHROMIUM", "/usr/bin/chromium")


def _with_own_browser(job: Callable[[Any], None]) -> None:
    """Run ``job(browser)`` with a Chromium of its own, in a worker thread (Playwright's sync API refuses
    to run where an asyncio loop or another Playwright is already running, e.g. inside Streamlit)."""
    chromium = chromium_path()
    if not Path(chromium).exists():
        raise ExportError(f"PNG and PDF exports need Chromium at {chromium}: install it (Debian: apt-get install "
                          "-y chromium) or set SAHEL_CHROMIUM to its path; HTML and data exports work without it")

    def run() -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
            try:
                job(browser)
            finally:
                browser.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def export_picture(options: MapOptions, mentions: gpd.GeoDataFrame | None, path: Path, fmt: str = "png",
                   width: int = 1920, height: int = 1080, scale: float = 2, browser: Any = None) -> Path:
    """Draw the self-contained map in Chromium and write a PNG (``width*scale`` x ``height*scale``
    pixels) or a one-page PDF of ``width`` x ``height`` CSS pixels.  ``browser``: a Playwright Browser to
    reuse (used from the calling thread); by default Debian's Chromium is started for this call."""
    _check_format(fmt, PICTURE_FORMATS)
    if width <= 0 or height <= 0 or scale <= 0:
        raise ExportError("width, height and scale must be positive")
    page = export_html(options, mentions)
    with tempfile.TemporaryDirectory(prefix="sbm-picture-") as folder:
        page_file = Path(folder) / "map.html"
        page_file.write_text(page, encoding="utf-8")
        with atomic_path(Path(path), "." + fmt) as temporary:
            def job(chromium: Any) -> None:
                _draw(chromium, page_file, temporary, fmt, width, height, scale)

            if browser is not None:
                job(browser)
            else:
                _with_own_browser(job)
    return Path(path)
