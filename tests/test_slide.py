"""The slide: map in its own frame, a side panel with title, legend and notes, labels that never overlap,
co-located sites fanned out and each clickable, an extent that holds what is shown (real Chromium)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest

from geo.export import html as export_html
from geo.export import picture
from geo.geoparse.table import mentions_table
from geo.map import data as mapdata
from geo.map.assemble import build_map
from geo.map.options import MapOptions
from geo.map.style import LIPTAKO_CASING, LIPTAKO_COLOUR
from geo.text.readers import load_corpus
from tests.conftest import REPO_ROOT, offline_file_page

AS_OF = dt.date(2023, 9, 16)
HOSTILE = "<img src=x onerror=alert(1)>"
HANDLING = "UNCLASSIFIED // FOR BRIEFING"
SHOTS = os.environ.get("SCREENSHOT_DIR")  # SCREENSHOT_DIR=docs refreshes the README's slide picture

MAP_JS = "[...new Set(Object.values(window).filter(v => window.L && v instanceof L.Map))][0]"

BOXES_JS = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom,
                                                                   w: r.width, h: r.height}; };
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  return {
    labels: [...document.querySelectorAll('.sbm-label')].filter(visible)
      .map(e => ({text: e.textContent, kind: e.dataset.kind, font: parseFloat(getComputedStyle(e).fontSize), ...box(e)})),
    tags: [...document.querySelectorAll('.sbm-fan .sbm-site')].filter(visible).map(e => ({text: e.textContent, ...box(e)})),
  };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


@pytest.fixture(scope="module")
def mentions() -> gpd.GeoDataFrame:
    articles, _errors = load_corpus([REPO_ROOT / "data" / "articles"])
    return mentions_table(articles)


@pytest.fixture(scope="module")
def slide_file(mentions: gpd.GeoDataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("slide") / "slide.html"
    options = MapOptions(as_of=AS_OF, presentation=True, title=f"Sahel {HOSTILE}", handling=f"{HANDLING} {HOSTILE}")
    export_html.export_html(options, mentions, path)
    return path


@pytest.fixture(scope="module")
def dashboard_file(mentions: gpd.GeoDataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dash") / "map.html"
    export_html.export_html(MapOptions(as_of=AS_OF), mentions, path)
    return path


def _open(chromium: object, path: Path, width: int, height: int) -> Iterator[tuple[object, dict[str, list[str]]]]:
    for page, log in offline_file_page(chromium, width, height):
        page.goto(path.as_uri())  # type: ignore[attr-defined]
        page.wait_for_selector(".leaflet-overlay-pane canvas, .leaflet-overlay-pane path")  # type: ignore[attr-defined]
        page.wait_for_selector(".sbm-label")  # type: ignore[attr-defined]
        page.wait_for_timeout(600)  # type: ignore[attr-defined]  # the first fit, the fan and the labels
        yield page, log


@pytest.fixture()
def slide(chromium: object, slide_file: Path) -> Iterator[tuple[object, dict[str, list[str]]]]:
    yield from _open(chromium, slide_file, 1920, 1080)


@pytest.fixture()
def dashboard(chromium: object, dashboard_file: Path) -> Iterator[tuple[object, dict[str, list[str]]]]:
    yield from _open(chromium, dashboard_file, 1400, 900)


# --- without a browser --------------------------------------------------------------------------------

def test_slide_options_are_validated_and_texts_escaped() -> None:
    with pytest.raises(ValueError, match="label_top_places"):
        MapOptions(label_top_places=-1)
    with pytest.raises(ValueError, match="label_top_places"):
        MapOptions(label_top_places=True)  # type: ignore[arg-type]
    page = build_map(MapOptions(as_of=AS_OF, presentation=True, handling=HOSTILE, title=HOSTILE,
                                subtitle=HOSTILE)).get_root().render()
    assert HOSTILE not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.replace("\\u0026", "&")


def test_legend_explains_only_what_is_on_the_map(mentions: gpd.GeoDataFrame) -> None:
    page = build_map(MapOptions(as_of=AS_OF), mentions).get_root().render()
    assert ">XX<" not in page and ">n<" not in page and "Not on the map" not in page
    assert "Dashed tag: presence on this date not certain" in page
    assert "Times a country or its people are named" in page
    assert "{spec.heading}" not in page


def test_liptako_outline_has_a_white_casing() -> None:
    page = build_map(MapOptions(as_of=AS_OF, layers=frozenset({"alliance", "liptako"}))).get_root().render()
    casing, outline = page.find(f'"color": "{LIPTAKO_CASING}"'), page.find(f'"color": "{LIPTAKO_COLOUR}"')
    assert casing != -1 and outline != -1 and casing < outline  # the casing is drawn first, under the outline


def test_labels_name_every_site_town_and_the_top_places(mentions: gpd.GeoDataFrame) -> None:
    labels = mapdata.map_labels(MapOptions(as_of=AS_OF, label_top_places=3), mentions)
    sites = mapdata.sites(MapOptions(as_of=AS_OF))
    towns = {mapdata.town_name(name) for name in sites["site_name"]}
    assert {label["text"] for label in labels if label["kind"] == "site"} == towns
    assert "N'Djamena" in towns and "Niamey" in towns and "Ménaka" not in towns  # no French Ménaka base in 2023
    assert len([label for label in labels if label["kind"] == "place"]) == 3
    assert not [label for label in mapdata.map_labels(MapOptions(as_of=AS_OF, label_top_places=0), mentions)
                if label["kind"] == "place"]


def test_extent_holds_chad_and_the_user_bounds_win() -> None:
    south, west, north, east = mapdata.shown_extent(MapOptions(as_of=AS_OF))  # type: ignore[misc]
    assert east >= 20.8 and west <= -17.4 and south <= 5.3  # Abéché, Dakar, Abidjan
    from geo.map.assemble import extent

    assert extent(MapOptions(as_of=AS_OF, bounds=(10, -5, 20, 10))) == [[10, -5], [20, 10]]


# --- in Chromium ----------------------------------------------------------------------------------------

def test_panel_is_beside_the_map_with_big_title_and_escaped_handling(slide: tuple[object, dict[str, list[str]]]) -> None:
    page, log = slide
    frame = page.locator(".folium-map").bounding_box()  # type: ignore[attr-defined]
    for selector in (".sbm-side", ".sbm-side .sbm-legend", ".sbm-side-title", ".sbm-side-locator .sbm-locator",
                     ".sbm-side .leaflet-control-scale", ".sbm-north"):
        box = page.locator(selector).first.bounding_box()  # type: ignore[attr-defined]
        assert box is not None and box["width"] > 0, selector
        assert box["x"] >= frame["x"] + frame["width"] - 0.5, f"{selector} lies over the map frame"
    assert frame["x"] == 0 and frame["height"] == 1080 and frame["width"] >= 1920 * 0.7
    sizes = page.evaluate("""() => Object.fromEntries(['.sbm-side-title', '.sbm-side-subtitle', '.sbm-side-date']
        .map(s => [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)]))""")  # type: ignore[attr-defined]
    assert sizes[".sbm-side-title"] >= 40 and sizes[".sbm-side-subtitle"] >= 24 and sizes[".sbm-side-date"] >= 24
    assert page.locator(".sbm-title").count() == 0  # no title box over the map  # type: ignore[attr-defined]
    handling = page.locator(".sbm-side .sbm-handling")  # type: ignore[attr-defined]
    assert handling.count() == 2 and handling.first.inner_text() == f"{HANDLING} {HOSTILE}"
    assert page.locator(".sbm-side-title").inner_text() == f"Sahel {HOSTILE}"  # type: ignore[attr-defined]
    assert "16 September 2023" in page.locator(".sbm-side-date").inner_text()  # type: ignore[attr-defined]
    assert "Natural Earth" in page.locator(".sbm-side-sources").inner_text()  # type: ignore[attr-defined]
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0  # type: ignore[attr-defined]
    legend = page.locator(".sbm-side .sbm-legend").inner_text()  # type: ignore[attr-defined]
    assert "France: " in legend and "XX" not in legend
    fits = page.evaluate("() => { const l = document.querySelector('.sbm-side .sbm-legend'); "
                         "return l.scrollHeight <= l.clientHeight + 2; }")  # type: ignore[attr-defined]
    assert fits, "the legend is cut off in its panel"
    assert log["dialogs"] == [] and log["errors"] == [] and log["blocked"] == []


def test_slide_labels_name_every_site_and_never_overlap(slide: tuple[object, dict[str, list[str]]]) -> None:
    page, log = slide
    boxes = page.evaluate(BOXES_JS)  # type: ignore[attr-defined]
    labels = boxes["labels"]
    towns = {mapdata.town_name(name) for name in mapdata.sites(MapOptions(as_of=AS_OF))["site_name"]}
    assert towns <= {label["text"] for label in labels if label["kind"] == "site"}
    assert [label for label in labels if label["kind"] == "place"]  # the most-mentioned places too
    assert min(label["font"] for label in labels) >= 14  # readable on a projector
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _overlap(a, b), f"labels {a['text']!r} and {b['text']!r} overlap"
        for tag in boxes["tags"]:
            assert not _overlap(a, tag), f"label {a['text']!r} covers the tag {tag['text']!r}"
    frame = page.locator(".folium-map").bounding_box()  # type: ignore[attr-defined]
    assert all(label["r"] <= frame["width"] and label["b"] <= frame["height"] for label in labels)
    halo = page.evaluate("() => getComputedStyle(document.querySelector('.sbm-label')).textShadow")  # type: ignore[attr-defined]
    assert "255, 255, 255" in halo
    assert log["errors"] == []


def test_slide_extent_holds_every_site(slide: tuple[object, dict[str, list[str]]]) -> None:
    page, _log = slide
    outside = page.evaluate(f"""() => {{
        const map = {MAP_JS}, bounds = map.getBounds(), out = [];
        map.eachLayer(l => {{ if (l.feature && l.feature.properties && l.feature.properties.site_id && l.getLatLng
                                   && !bounds.contains(l.getLatLng())) out.push(l.feature.properties.site_id); }});
        return out;
    }}""")  # type: ignore[attr-defined]
    assert outside == []
    assert page.evaluate(f"() => {MAP_JS}.getBounds().getEast()") > 20.8  # type: ignore[attr-defined]  # Abéché, Chad


def test_user_bounds_win(chromium: object, tmp_path: Path) -> None:
    path = tmp_path / "bounds.html"
    export_html.export_html(MapOptions(as_of=AS_OF, presentation=True, bounds=(12.0, -2.0, 16.0, 4.0)), None, path)
    for page, _log in _open(chromium, path, 1920, 1080):
        south, west, north, east = page.evaluate(f"""() => {{ const b = {MAP_JS}.getBounds();
            return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }}""")  # type: ignore[attr-defined]
        assert south <= 12.0 and north >= 16.0 and west <= -2.0 and east >= 4.0
        assert east - west < 15  # not the whole of West Africa


def _fanned(page: object) -> list[dict[str, object]]:
    return page.evaluate(f"""() => {{
        const map = {MAP_JS}, out = [];
        map.eachLayer(l => {{
            if (!(l.feature && l.feature.properties && l.feature.properties.site_id && l._icon)) return;
            if (!l._icon.classList.contains('sbm-fanned')) return;
            const r = l._icon.querySelector('.sbm-site').getBoundingClientRect();
            out.push({{id: l.feature.properties.site_id, operator: l.feature.properties.operator,
                       town: l.feature.properties.town, x: r.left + r.width / 2, y: r.top + r.height / 2,
                       l: r.left, t: r.top, r: r.right, b: r.bottom}});
        }});
        return out.sort((a, b) => a.id < b.id ? -1 : 1);
    }}""")  # type: ignore[attr-defined]


@pytest.mark.parametrize("which", ["dashboard", "slide"])
def test_colocated_sites_are_fanned_and_each_opens_its_own_details(which: str, request: pytest.FixtureRequest) -> None:
    page, log = request.getfixturevalue(which)
    fanned = _fanned(page)
    niamey = [site for site in fanned if site["town"] == "Niamey"]
    assert len(niamey) >= 6  # France, USA, Germany, Italy, Belgium, EUCAP, EUMPM on 16 Sep 2023
    assert {"fra-niamey-bap", "eu-eucap-niamey", "usa-niamey-ab101"} <= {site["id"] for site in niamey}
    for i, a in enumerate(fanned):
        for b in fanned[i + 1:]:
            assert not _overlap(a, b), f"the tags of {a['id']} and {b['id']} overlap"  # type: ignore[arg-type]
    names = dict(zip(mapdata.sites(MapOptions(as_of=AS_OF))["site_id"], mapdata.sites(MapOptions(as_of=AS_OF))["site_name"]))
    for site in fanned:
        page.evaluate(f"() => {{ {MAP_JS}.closePopup(); }}")  # type: ignore[attr-defined]
        page.wait_for_timeout(400)  # type: ignore[attr-defined]  # the last popup's pan ends
        where = next(s for s in _fanned(page) if s["id"] == site["id"])  # popups may have panned the map
        on_top = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y); "
                               "const m = e && e.closest('.sbm-fan'); return m ? m.textContent : (e ? e.className : ''); }",
                               [where["x"], where["y"]])  # type: ignore[attr-defined]
        assert on_top == page.evaluate(f"""() => {{ let t = ''; {MAP_JS}.eachLayer(l => {{
            if (l.feature && l.feature.properties && l.feature.properties.site_id === {str(site['id'])!r}) t = l._icon.textContent; }});
            return t; }}"""), f"{site['id']}: something else is on top of its tag: {on_top}"  # type: ignore[attr-defined]
        page.mouse.click(where["x"], where["y"])  # type: ignore[attr-defined]
        popup = page.locator(".leaflet-popup-content")  # type: ignore[attr-defined]
        popup.wait_for()
        text = popup.inner_text()
        assert names[site["id"]] in text and str(site["operator"]) in text, (site["id"], text[:200])
    assert log["errors"] == [] and log["dialogs"] == []


def test_png_slide_is_written_and_not_blank(chromium: object, mentions: gpd.GeoDataFrame, tmp_path: Path) -> None:
    options = MapOptions(as_of=AS_OF, handling=HANDLING)
    path = picture.export_picture(options, mentions, tmp_path / "slide.png", "png", scale=1, browser=chromium)
    if SHOTS:
        shutil.copyfile(path, Path(SHOTS) / "export.png")
    header = path.read_bytes()[:24]
    assert struct.unpack(">II", header[16:24]) == (1920, 1080)
    from PIL import Image, ImageStat

    with Image.open(path) as image:
        right = image.convert("L").crop((1500, 0, 1920, 1080))
        assert ImageStat.Stat(right).var[0] > 100  # the panel has text on it
