"""The dashboard in a real browser: `streamlit run` + Debian's Chromium, every non-local request aborted."""

from __future__ import annotations

import os
import re
import struct
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Error as PlaywrightError

from geo.map.style import AES_FILL, LIPTAKO_COLOUR
from tests.conftest import NetworkLog

# Everything Leaflet has drawn, read from the map object inside st_folium's iframe.
MAP_STATE_JS = """() => {
  const maps = [...new Set(Object.values(window).filter(v => window.L && v instanceof L.Map))];
  const state = {maps: maps.length, paths: 0, aesFills: 0, liptako: 0, tooltips: []};
  maps.forEach(m => m.eachLayer(l => {
    if (l.getLatLngs) {
      state.paths++;
      if (l.options.fillColor === '%(aes)s' && l.options.fillOpacity > 0) state.aesFills++;
      if (l.options.color === '%(liptako)s') state.liptako++;
    }
    if (l.feature && l.feature.properties && l.feature.properties.tooltip) {
      state.tooltips.push(String(l.feature.properties.tooltip));  // GeoJSON features carry their tooltip text
    } else if (l.getTooltip && l.getTooltip() && typeof l.getTooltip().getContent() === 'string') {
      state.tooltips.push(l.getTooltip().getContent());
    }
  }));
  return state;
}""" % {"aes": AES_FILL, "liptako": LIPTAKO_COLOUR}

SHOTS = os.environ.get("SCREENSHOT_DIR")  # set SCREENSHOT_DIR=docs to refresh the README's picture


def open_map(page: object, url: str, whole_page: bool = True) -> object:
    """Open the dashboard and wait for the drawn map and, with `whole_page`, for the controls that follow it."""
    page.goto(url)  # type: ignore[attr-defined]
    if whole_page:
        page.wait_for_selector("[data-testid=stSidebar] .st-key-as_of_text input", timeout=120_000)  # type: ignore[attr-defined]
        return wait_for_new_map(page, "s.paths > 0")
    iframe = page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=120_000)  # type: ignore[attr-defined]
    frame = iframe.content_frame()
    frame.wait_for_function("() => window.L && Object.values(window).some(v => v instanceof L.Map)", timeout=60_000)
    frame.wait_for_selector(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas", timeout=60_000)
    return frame


def upload(page: object, path: Path) -> None:
    """Choose a file in the uploader and wait until the browser has sent it to the server."""
    with page.expect_response(lambda response: "upload_file" in response.url, timeout=60_000):  # type: ignore[attr-defined]
        page.locator("input[type=file]").first.set_input_files(str(path))  # type: ignore[attr-defined]


def choose_option(page: object, key: str, name: str, attempts: int = 3) -> None:
    """Pick `name` in the selectbox with widget key `key`. A rerun can close the open list under the
    pointer, so the choice is retried until the box shows it."""
    box = page.locator(f".st-key-{key}")  # type: ignore[attr-defined]
    for _ in range(attempts):
        box.locator("input").first.click()
        page.keyboard.type(name)  # type: ignore[attr-defined]  # filters the list: the option may be scrolled out
        option = page.get_by_role("option", name=name, exact=True)  # type: ignore[attr-defined]
        try:
            option.click(timeout=10_000)
        except PlaywrightError:
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
            continue
        try:
            # the chosen value is the input's value once the list has closed
            page.wait_for_function(  # type: ignore[attr-defined]
                f"() => {{ const box = document.querySelector('.st-key-{key}'); const input = box.querySelector('input');"
                f" return !document.querySelector('[role=listbox]') && (input ? input.value : box.innerText)"
                f".includes({name!r}); }}", timeout=10_000)
            return
        except PlaywrightError:
            continue
    raise AssertionError(f"could not choose {name!r} in {key}")


def wait_for_state(frame: object, predicate: str, timeout: int = 60_000) -> dict[str, object]:
    """Wait until the map state satisfies a JS predicate over `s` (the map is redrawn after a rerun)."""
    frame.wait_for_function(f"() => {{ const s = ({MAP_STATE_JS})(); return {predicate}; }}",  # type: ignore[attr-defined]
                            timeout=timeout)
    return frame.evaluate(MAP_STATE_JS)  # type: ignore[attr-defined]


def wait_for_new_map(page: object, predicate: str, timeout_s: float = 60.0) -> object:
    """The map frame on the page (a rerun may replace it) once it satisfies a JS predicate over `s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for iframe in page.query_selector_all("iframe[title*='streamlit_folium']"):  # type: ignore[attr-defined]
            frame = iframe.content_frame()
            try:
                if frame and frame.evaluate(f"() => {{ if (!window.L) return false; const s = ({MAP_STATE_JS})(); "
                                            f"return {predicate}; }}"):
                    return frame
            except PlaywrightError:  # the frame went away while we read it: look again
                continue
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
    raise TimeoutError(f"no map frame with {predicate} within {timeout_s} s")


def test_map_draws_the_alliance_and_the_tri_border_polygon_offline(
        streamlit_url: str, offline_page: tuple[object, NetworkLog], tmp_path: Path) -> None:
    page, network = offline_page
    frame = open_map(page, streamlit_url + "/?asof=2023-09-16")
    state = wait_for_state(frame, "s.aesFills >= 3 && s.liptako >= 1")
    assert state["aesFills"] == 3  # Mali, Burkina Faso and Niger filled as AES members
    assert state["liptako"] == 1
    assert any("tripoint" in tip for tip in state["tooltips"])
    assert any("[site:fra-niamey-bap]" in tip for tip in state["tooltips"])  # French base still there
    assert network.blocked == [], f"the page tried to reach the network: {network.blocked}"
    page.wait_for_selector("[data-testid=stDataFrame]", timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_function("() => !document.querySelector('[data-testid*=Skeleton]')", timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(1_000)  # type: ignore[attr-defined]
    page.screenshot(path=str((Path(SHOTS) if SHOTS else tmp_path) / "dashboard.png"))  # type: ignore[attr-defined]


def test_the_map_comes_first_and_stays_while_the_page_completes(
        streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, network = offline_page
    frame = open_map(page, streamlit_url + "/?asof=2023-09-16", whole_page=False)
    frame.evaluate("() => { window.drawnBeforeTheControls = true; }")
    # The map's first report completes the page: controls and tables arrive, the map's frame is kept
    # (not reloaded, so no flicker and no second download).
    page.wait_for_selector("[data-testid=stSidebar] .st-key-as_of_text input", timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=stDataFrame]", timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(1_000)  # type: ignore[attr-defined]
    assert frame.evaluate("() => window.drawnBeforeTheControls === true")
    assert wait_for_state(frame, "s.aesFills >= 3")["aesFills"] == 3
    assert network.blocked == []


def test_a_new_date_redraws_the_layers_in_the_same_map_and_view(
        streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, network = offline_page
    frame = open_map(page, streamlit_url + "/?asof=2023-09-01")  # before the Charter: no AES member yet
    assert wait_for_state(frame, "s.liptako >= 1")["aesFills"] == 0
    frame.evaluate("() => { window.sameMap = true; Object.values(window).find(v => v instanceof L.Map)"
                   ".setView([14.9, 0.2], 8); }")
    page.wait_for_timeout(1_000)  # type: ignore[attr-defined]
    page.locator(".st-key-pick-2023-09-16 button").first.click()  # type: ignore[attr-defined]
    state = wait_for_state(frame, "s.aesFills >= 3 && document.querySelector('.sbm-legend').textContent"
                                  ".includes('As of 2023-09-16')")
    assert state["aesFills"] == 3 and state["liptako"] == 1
    assert frame.evaluate("() => window.sameMap === true")  # the same map, not a reloaded frame
    view = frame.evaluate("() => { const m = Object.values(window).find(v => v instanceof L.Map);"
                          " return {zoom: m.getZoom(), centre: m.getCenter()}; }")
    assert view["zoom"] == 8 and abs(view["centre"]["lat"] - 14.9) < 0.01 and abs(view["centre"]["lng"] - 0.2) < 0.01
    assert network.blocked == []


def test_uploaded_article_gets_markers(streamlit_url: str, offline_page: tuple[object, NetworkLog],
                                       tmp_path: Path) -> None:
    page, network = offline_page
    open_map(page, streamlit_url)
    article = tmp_path / "raid-on-tongo-tongo.txt"
    article.write_text("Gunmen attacked Tongo Tongo and Abala in western Niger on Monday, officials in "
                       "Niamey said.", encoding="utf-8")
    page.get_by_text("Add or remove articles").click()  # type: ignore[attr-defined]
    upload(page, article)
    page.get_by_role("button", name="Add uploaded files").click()  # type: ignore[attr-defined]
    page.get_by_text(re.compile("Added .*raid-on-tongo-tongo|Added 'Gunmen attacked")).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    state = wait_for_new_map(page, "s.tooltips.some(t => t.includes('Tongo Tongo'))").evaluate(MAP_STATE_JS)  # type: ignore[attr-defined]
    assert any("Abala" in tip for tip in state["tooltips"])
    assert network.blocked == []


def test_a_bad_upload_is_refused_and_the_map_stays(streamlit_url: str, offline_page: tuple[object, NetworkLog],
                                                   tmp_path: Path) -> None:
    page, _network = offline_page
    open_map(page, streamlit_url)
    fake = tmp_path / "report.txt"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)  # an image renamed .txt
    page.get_by_text("Add or remove articles").click()  # type: ignore[attr-defined]
    upload(page, fake)
    page.get_by_role("button", name="Add uploaded files").click()  # type: ignore[attr-defined]
    alert = page.locator("[data-testid='stAlertContentError']").first  # type: ignore[attr-defined]
    alert.wait_for(timeout=60_000)
    assert "report.txt" in alert.inner_text()
    assert wait_for_new_map(page, "s.liptako >= 1")  # the session and its map survive


def click_marker(page: object, frame: object, key: str, dy: float = 0) -> None:
    """Click the marker whose tooltip ends with ``key``: its LatLng through the map's own projection, plus
    the iframe's offset (``dy``: where the icon is drawn below its anchor)."""
    wait_for_state(frame, f"s.tooltips.some(t => t.includes('{key}'))")
    point = frame.evaluate("""(key) => {
      const m = [...new Set(Object.values(window).filter(v => v instanceof L.Map))][0];
      let found = null;
      m.eachLayer(l => {
        const text = l.feature && l.feature.properties ? String(l.feature.properties.tooltip) : '';
        if (!found && l.getLatLng && text.includes(key)) found = l; });
      const p = m.latLngToContainerPoint(found.getLatLng());
      return {x: p.x, y: p.y};
    }""", key)  # type: ignore[attr-defined]
    box = page.locator("iframe[title*='streamlit_folium']").bounding_box()  # type: ignore[attr-defined]
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"] + dy)  # type: ignore[attr-defined]


def test_clicking_a_country_badge_shows_its_mentions(streamlit_url: str,
                                                     offline_page: tuple[object, NetworkLog]) -> None:
    page, _network = offline_page
    frame = open_map(page, streamlit_url + "/?asof=2023-09-16&layers=country_mentions")
    click_marker(page, frame, "[country_mentions:MLI]", dy=16)  # the badge hangs 8-24 px below its point
    panel = page.locator(".st-key-details")  # type: ignore[attr-defined]
    panel.locator("table").first.wait_for(timeout=60_000)
    details = panel.inner_text()
    assert "Mali" in details and "Direct mentions" in details and "Malian" in details, details


def test_clicking_a_site_shows_its_details(streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, _network = offline_page
    frame = open_map(page, streamlit_url + "/?asof=2023-09-16&layers=forces")
    click_marker(page, frame, "[site:usa-agadez-ab201]")
    panel = page.locator(".st-key-details")  # type: ignore[attr-defined]
    panel.locator("table").first.wait_for(timeout=60_000)
    details = panel.inner_text()
    assert "Agadez" in details and "USA" in details and "2024-08-05" in details  # operator and end date
    # Said once: beside the map, not again in a popup (whose auto-pan would also move the map).
    assert frame.evaluate("() => document.querySelectorAll('.leaflet-popup').length") == 0


def test_url_restores_a_view(streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, _network = offline_page
    frame = open_map(page, streamlit_url + "/?asof=2025-01-29&def=alg_2018&layers=alliance,liptako")
    state = wait_for_state(frame, "s.liptako >= 1")
    assert any("[liptako:alg_2018]" in tip for tip in state["tooltips"])
    assert not any("[site:" in tip for tip in state["tooltips"])  # forces layer off, as the URL says
    shown = page.locator(".st-key-as_of_text input").first.input_value()  # type: ignore[attr-defined]
    assert shown == "2025-01-29"
    assert "asof=2025-01-29" in page.url  # type: ignore[attr-defined]


def test_no_console_errors_from_the_map(streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, _network = offline_page
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: errors.append(str(error)))  # type: ignore[attr-defined]
    open_map(page, streamlit_url)
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    assert not [e for e in errors if "favicon" not in e], errors


def test_export_buttons_download_the_map_and_a_slide(streamlit_url: str, offline_page: tuple[object, NetworkLog],
                                                    tmp_path: Path) -> None:
    page, network = offline_page
    open_map(page, streamlit_url + "/?asof=2023-09-16")
    page.get_by_text("Export for a briefing").click()  # type: ignore[attr-defined]
    with page.expect_download(timeout=120_000) as download_info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download HTML").click()  # type: ignore[attr-defined]
    download = download_info.value
    assert download.suggested_filename.endswith("-2023-09-16.html")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "as of 16 Sep 2023" in text and "<script src=" not in text

    choose_option(page, "export_format", "png")
    with page.expect_download(timeout=180_000) as download_info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download PNG").click()  # type: ignore[attr-defined]
    slide = tmp_path / "slide.png"
    download_info.value.save_as(slide)
    header = slide.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (3840, 2160)
    assert network.blocked == []


def test_export_panel_downloads_a_deck_with_a_second_date(streamlit_url: str,
                                                          offline_page: tuple[object, NetworkLog],
                                                          tmp_path: Path) -> None:
    from pptx import Presentation

    page, network = offline_page
    open_map(page, streamlit_url + "/?asof=2025-01-29")
    page.get_by_text("Export for a briefing").click()  # type: ignore[attr-defined]
    choose_option(page, "export_format", "pptx")
    second = page.locator(".st-key-deck_second_date input").first  # type: ignore[attr-defined]
    second.fill("2023-09-16")
    second.press("Enter")
    page.locator(".st-key-deck_zoom").get_by_text("Liptako-Gourma zoom slide").click()  # type: ignore[attr-defined]
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    with page.expect_download(timeout=240_000) as download_info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download PPTX").click()  # type: ignore[attr-defined]
    download = download_info.value
    assert download.suggested_filename.endswith("-2025-01-29.pptx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    deck = Presentation(str(saved))
    titles = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes
              if shape.has_text_frame and shape.text_frame.text]
    text = "\n".join(titles)
    assert "as of 29 Jan 2025" in text and "as of 16 Sep 2023" in text, text[:2000]
    assert "Liptako-Gourma — as of" not in text  # the zoom slide was switched off
    assert network.blocked == []


def test_titles_and_file_names_are_shown_as_text_never_as_markdown(
        streamlit_url: str, offline_page: tuple[object, NetworkLog], tmp_path: Path) -> None:
    """An uploaded title that is Markdown for a remote image (a tracking pixel) is shown as written and
    fetches nothing; so is a file name in an error notice."""
    page, network = offline_page
    open_map(page, streamlit_url)
    pixel = "![p](http://pixel.example.invalid/t.png) **bold** :red[x]"
    article = tmp_path / "pixel.md"
    article.write_text(f'---\ntitle: "{pixel}"\n---\n\nTroops reached Gao on Monday.\n', encoding="utf-8")
    page.get_by_text("Add or remove articles").click()  # type: ignore[attr-defined]
    upload(page, article)
    page.get_by_role("button", name="Add uploaded files").click()  # type: ignore[attr-defined]
    notice = page.locator("[data-testid='stToast']").filter(has_text="Added").first  # type: ignore[attr-defined]
    notice.wait_for(timeout=60_000)
    assert pixel in notice.inner_text()  # every character shown, none of it markup
    assert notice.locator("img, strong").count() == 0
    bad = tmp_path / "![q](http:pixel.example.invalid) x.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    upload(page, bad)
    page.get_by_role("button", name="Add uploaded files").click()  # type: ignore[attr-defined]
    alert = page.locator("[data-testid='stAlertContentError']").filter(has_text="![q]").first  # type: ignore[attr-defined]
    alert.wait_for(timeout=60_000)
    assert alert.locator("img").count() == 0
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert not [url for url in network.requested if "pixel.example.invalid" in url]


def test_typing_a_region_and_enter_picks_that_region_only(
        streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, _network = offline_page
    open_map(page, streamlit_url + "/?def=custom")
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text="Regions of the custom polygon")  # type: ignore[attr-defined]
    box.locator("input").fill("Gao")
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    options = [o.strip() for o in page.locator("[role='option']").all_inner_texts()]  # type: ignore[attr-defined]
    assert options and all("gao" in o.lower() for o in options), options  # no loose matches, no bulk action
    box.locator("input").press("Enter")
    page.wait_for_function("() => location.search.includes('regions=')", timeout=60_000)  # type: ignore[attr-defined]
    assert parse_qs(urlparse(page.url).query)["regions"] == ["MLI-gao"], page.url  # type: ignore[attr-defined]


LEAFLET_MAP_JS = "() => Object.values(window).find(v => v instanceof L.Map)"


def test_the_link_keeps_the_maps_zoom_and_centre(streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, _network = offline_page
    frame = open_map(page, streamlit_url + "/?map=14.9110,0.2185,7")
    frame.wait_for_function(f"() => ({LEAFLET_MAP_JS})().getZoom() === 7", timeout=60_000)  # type: ignore[attr-defined]
    lat, lng = frame.evaluate(f"() => {{ const c = ({LEAFLET_MAP_JS})().getCenter(); return [c.lat, c.lng]; }}")  # type: ignore[attr-defined]
    assert abs(lat - 14.911) < 0.05 and abs(lng - 0.2185) < 0.05
    frame.evaluate(f"() => {{ ({LEAFLET_MAP_JS})().setView([13.5, 2.1], 8); }}")  # type: ignore[attr-defined]
    page.wait_for_function("() => (new URLSearchParams(location.search).get('map') || '').endsWith(',8')",  # type: ignore[attr-defined]
                           timeout=60_000)
    lat, lon, zoom = parse_qs(urlparse(page.url).query)["map"][0].split(",")  # type: ignore[attr-defined]
    assert abs(float(lat) - 13.5) < 0.05 and abs(float(lon) - 2.1) < 0.05 and zoom == "8"


def test_layers_are_chosen_in_one_place(streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    """The map carries no layer list of its own: the sidebar, the URL and the exports cannot disagree with it."""
    page, _network = offline_page
    frame = open_map(page, streamlit_url + "/?layers=alliance,forces")
    assert frame.locator(".leaflet-control-layers").count() == 0  # type: ignore[attr-defined]
    state = wait_for_state(frame, "s.tooltips.some(t => t.includes('[site:'))")
    assert not any("[region:" in tip for tip in state["tooltips"])  # what the sidebar (and URL) say, only


def test_a_typed_date_applies_on_enter_and_a_bad_one_is_said(
        streamlit_url: str, offline_page: tuple[object, NetworkLog]) -> None:
    page, _network = offline_page
    open_map(page, streamlit_url + "/?asof=2024-06-01")
    field = page.locator(".st-key-as_of_text input").first  # type: ignore[attr-defined]
    field.fill("2023-09-16")
    field.press("Enter")
    wait_for_new_map(page, "document.querySelector('.sbm-legend').textContent.includes('As of 2023-09-16')")
    field = page.locator(".st-key-as_of_text input").first  # type: ignore[attr-defined]
    field.fill("2023-13-45")
    field.press("Enter")
    alert = page.locator("[data-testid='stSidebar'] [data-testid='stAlertContentError']").first  # type: ignore[attr-defined]
    alert.wait_for(timeout=60_000)
    assert "is not a date" in alert.inner_text() and "the map still shows 2023-09-16" in alert.inner_text()
    assert wait_for_new_map(page, "document.querySelector('.sbm-legend').textContent.includes('As of 2023-09-16')")
