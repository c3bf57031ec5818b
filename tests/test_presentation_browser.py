"""Presentation mode in a real browser: the map fills the screen, the saved views ("slides") step with
PageDown / PageUp and carry their date, layers and extent, and leaving keeps the view on screen."""

from __future__ import annotations

import time
from urllib.parse import quote

from tests.conftest import NetworkLog
from tests.test_app_browser import wait_for_new_map

VIEWS = "Charter~2023-09-16~alliance.liptako~14.9110,0.2185,7;Exit~2025-01-29~alliance.forces~13.5000,2.1000,6"
MAP_JS = "[...new Set(Object.values(window).filter(v => window.L && v instanceof L.Map))][0]"
LEGEND_DATE = "(document.querySelector('.sbm-side') || document.body).textContent"


def _open_presenting(page: object, url: str) -> object:
    page.goto(url)  # type: ignore[attr-defined]
    return wait_for_new_map(page, "s.paths > 0", timeout_s=120)


def _zoom(page: object, expected: float | None = None, timeout_s: float = 30.0) -> float:
    """The map's zoom; with ``expected``, read again until it is that or `timeout_s` passed (the view of a
    step is applied by the map's own script after the rerun: on a busy machine it may lag the legend)."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            frame = wait_for_new_map(page, "s.paths > 0")
            zoom = float(frame.evaluate(f"() => {MAP_JS}.getZoom()"))  # type: ignore[attr-defined]
        except PlaywrightError:  # the frame was replaced meanwhile: read the new one
            zoom = float("nan")
        if expected is None or zoom == expected or time.monotonic() > deadline:
            return zoom
        page.wait_for_timeout(250)  # type: ignore[attr-defined]


def test_presentation_fills_the_viewport_and_steps_through_saved_views(
        streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, network = offline_page
    page.set_viewport_size({"width": 1600, "height": 900})  # type: ignore[attr-defined]
    _open_presenting(page, f"{streamlit_url}/?asof=2024-06-01&present=1&views={quote(VIEWS)}")
    iframe = page.locator("iframe[title*='streamlit_folium']").first  # type: ignore[attr-defined]
    page.wait_for_function("() => { const f = document.querySelector(\"iframe[title*='streamlit_folium']\");"
                           " return f && f.getBoundingClientRect().height > 700; }", timeout=30_000)
    box = iframe.bounding_box()
    assert box["height"] > 0.75 * 900 and box["y"] + box["height"] <= 900 + 1, box
    assert box["width"] > 0.9 * 1600, box
    # The map inside the frame follows the frame's height (not the pixel height it was created with).
    frame = wait_for_new_map(page, "s.paths > 0")
    inner = frame.evaluate(f"() => {MAP_JS}.getContainer().getBoundingClientRect().height")
    assert abs(inner - box["height"]) < 4, (inner, box)
    assert page.get_by_text("2 saved view(s)").count() == 1  # type: ignore[attr-defined]

    page.keyboard.press("PageDown")  # type: ignore[attr-defined]
    page.get_by_text("1/2 · Charter").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    frame = wait_for_new_map(page, f"{LEGEND_DATE}.includes('16 September 2023')")
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    assert _zoom(page, 7) == 7
    centre = frame.evaluate(f"() => {MAP_JS}.getCenter()")
    assert abs(centre["lat"] - 14.911) < 0.05 and abs(centre["lng"] - 0.2185) < 0.05, centre

    page.keyboard.press("PageDown")  # type: ignore[attr-defined]
    page.get_by_text("2/2 · Exit").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    wait_for_new_map(page, f"{LEGEND_DATE}.includes('29 January 2025')")
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    assert _zoom(page, 6) == 6

    page.keyboard.press("PageUp")  # type: ignore[attr-defined]
    page.get_by_text("1/2 · Charter").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    assert _zoom(page, 7) == 7

    # Leaving keeps the view the presenter was on; the controls come back with the saved views listed.
    page.get_by_role("button", name="Leave presentation mode").click()  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=stSidebar] .st-key-as_of_text input", timeout=120_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(2000)  # type: ignore[attr-defined]
    assert _zoom(page, 7) == 7
    assert page.locator(".st-key-as_of_text input").first.input_value() == "2023-09-16"  # type: ignore[attr-defined]
    assert "views=" in page.url and "Charter" in page.url  # type: ignore[attr-defined]
    assert network.blocked == []
