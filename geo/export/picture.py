"""PNG and PDF slides: the self-contained HTML map drawn by Chromium (Playwright), every request that is not
``file:``/``data:`` aborted.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import math
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import geopandas as gpd

from geo.export.common import PICTURE_FORMATS, ExportError, _check_format
from geo.export.html import export_html
from geo.files import atomic_path
from geo.map.options import MapOptions

__all__ = ["DRAW_TIMEOUT_MS", "PICTURE_CSS", "check_picture_size", "chromium_path", "export_picture"]

# How long Chromium may take to draw the map: generous, a draw takes about a second (README, "Exports").
DRAW_TIMEOUT_MS = 60_000
# Controls that are for interaction, not for a picture (title, legend, scale bar, attribution stay).
PICTURE_CSS = (".leaflet-top.leaflet-left .leaflet-control, .leaflet-control-layers "
               "{ display: none !important; } .sbm-legend { max-height: none !important; }")


SETTLE_MS = 300

MAX_SIDE_PX = 10_000  # CSS pixels per side
MAX_SCALE = 8.0
MAX_PICTURE_PIXELS = 120_000_000  # device pixels: a 4K slide at scale 3 is 75 M
# Each picture starts a Chromium of its own (~300 MB): a few at a time, the others wait their turn.
MAX_CONCURRENT_PICTURES = 2
_PICTURE_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_PICTURES)


def check_picture_size(width: object, height: object, scale: object) -> tuple[int, int, float]:
    """(width, height, scale) if Chromium can draw such a picture, else ExportError saying the limits.

    >>> check_picture_size(1920, 1080, 2)
    (1920, 1080, 2.0)
    >>> check_picture_size(1920, 1080, float("nan"))
    Traceback (most recent call last):
    ...
    geo.export.common.ExportError: scale must be a number above 0 and at most 8 (got nan)
    """
    sides = []
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SIDE_PX:
            raise ExportError(f"{name} must be a whole number of CSS pixels from 1 to {MAX_SIDE_PX:,} (got {value!r})")
        sides.append(value)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not math.isfinite(scale) \
            or not 0 < scale <= MAX_SCALE:
        raise ExportError(f"scale must be a number above 0 and at most {MAX_SCALE:g} (got {scale!r})")
    if sides[0] * sides[1] * scale * scale > MAX_PICTURE_PIXELS:
        raise ExportError(f"a {sides[0]}x{sides[1]} picture at scale {scale:g} has more than "
                          f"{MAX_PICTURE_PIXELS / 1e6:.0f} million pixels; lower the scale or the size")
    return sides[0], sides[1], float(scale)


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
        page.wait_for_timeout(SETTLE_MS)  # the labels and fanned tags are placed after the first draw
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
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=chromium,
                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
            except PlaywrightError as exc:
                first_line = (str(exc).strip().splitlines() or ["no message"])[0][:200]
                raise ExportError(f"could not start Chromium at {chromium} ({first_line}); install it (Debian: "
                                  "apt-get install -y chromium) or set SAHEL_CHROMIUM to a working Chromium") from None
            try:
                job(browser)
            except PlaywrightError as exc:  # a draw that timed out, a page that crashed
                first_line = (str(exc).strip().splitlines() or ["no message"])[0][:200]
                raise ExportError(f"Chromium could not draw the picture ({first_line})") from None
            finally:
                browser.close()

    with _PICTURE_SLOTS, concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def export_picture(options: MapOptions, mentions: gpd.GeoDataFrame | None, path: Path, fmt: str = "png",
                   width: int = 1920, height: int = 1080, scale: float = 2, browser: Any = None, *,
                   events: gpd.GeoDataFrame | None = None) -> Path:
    """Draw the self-contained map as a slide (``presentation=True``) in Chromium and write a PNG (``width*scale`` x ``height*scale``
    pixels) or a one-page PDF of ``width`` x ``height`` CSS pixels.  ``browser``: a Playwright Browser to
    reuse (used from the calling thread); by default Debian's Chromium is started for this call.
    ``events``: drawn when the events layer is on (see `geo.export.html.export_html`)."""
    _check_format(fmt, PICTURE_FORMATS)
    width, height, scale = check_picture_size(width, height, scale)
    # A picture is a slide: the map in its frame, title, legend and notes in the panel beside it.
    page = export_html(dataclasses.replace(options, presentation=True), mentions, events=events)
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
