"""Exports: the self-contained HTML in an offline Chromium, hostile text, data files read back, pictures, CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from geopandas.testing import assert_geodataframe_equal

from geo.export import cli as export_cli
from geo.export import gis, kml, picture
from geo.export import html as export_html
from geo.export.common import ExportError, safe_export_name
from geo.text.readers import article_from_text
from geo.map.options import MapOptions
from geo.map.style import AES_FILL, LIPTAKO_COLOUR
from geo.geoparse.table import mentions_table
from tests.conftest import REPO_ROOT, offline_file_page

AS_OF = dt.date(2023, 9, 16)
OPTIONS = MapOptions(as_of=AS_OF)
KML = "{http://www.opengis.net/kml/2.2}"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RTL = "\u202eevil\u202c \u200fمرحبا\u200f"
HOSTILE = f"Troops in Niamey {SCRIPT} {IMG} {RTL} " + "x" * 20_000

MAP_STATE_JS = """() => {
  const maps = [...new Set(Object.values(window).filter(v => window.L && v instanceof L.Map))];
  const state = {maps: maps.length, aesFills: 0, liptako: 0, mentions: 0};
  maps.forEach(m => m.eachLayer(l => {
    if (l.getLatLngs && l.options.fillColor === '%(aes)s' && l.options.fillOpacity > 0) state.aesFills++;
    if (l.getLatLngs && l.options.color === '%(liptako)s') state.liptako++;
    if (l.feature && l.feature.properties && l.feature.properties.gazetteer_id && l.getLatLng) state.mentions++;
  }));
  return state;
}""" % {"aes": AES_FILL, "liptako": LIPTAKO_COLOUR}


@pytest.fixture(scope="module")
def mentions() -> gpd.GeoDataFrame:
    """The mentions of a few small articles, one with a hostile title and sentence."""
    table = mentions_table([article_from_text("French troops left Niamey for Gao, then Ouagadougou and Menaka.",
                                              title="Sample", date="2023-09-10")])
    hostile = mentions_table([article_from_text("Troops left Niamey for Gao.", title="x")])
    hostile["sentence"] = HOSTILE
    hostile["title"] = f"{SCRIPT}{IMG}"
    hostile["article"] = "hostile"
    both = pd.concat([table, hostile], ignore_index=True)
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")


@pytest.fixture(scope="module")
def html_file(mentions: gpd.GeoDataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "map.html"
    export_html.export_html(OPTIONS, mentions, path)
    return path


@pytest.fixture()
def file_page(chromium: object) -> Iterator[tuple[object, dict[str, list[str]]]]:
    """A page where file:/data: requests pass and every other request is aborted and counted; console
    errors, page errors and dialogs are recorded."""
    yield from offline_file_page(chromium, 1400, 900)


# --- HTML ------------------------------------------------------------------------------------------------

def test_html_is_self_contained_and_draws_offline(html_file: Path, file_page: tuple[object, dict[str, list[str]]]) -> None:
    page, log = file_page
    assert html_file.stat().st_size < 3_000_000
    page.goto(html_file.as_uri())  # type: ignore[attr-defined]
    page.wait_for_function("() => window.L && Object.values(window).some(v => v instanceof L.Map)")  # type: ignore[attr-defined]
    page.wait_for_selector(".leaflet-overlay-pane canvas, .leaflet-overlay-pane path")  # type: ignore[attr-defined]
    state = page.evaluate(MAP_STATE_JS)  # type: ignore[attr-defined]
    assert state["maps"] == 1
    assert state["aesFills"] == 3  # Mali, Burkina Faso, Niger
    assert state["liptako"] == 1
    assert state["mentions"] >= 4  # Niamey, Gao, Ouagadougou, Menaka
    assert "as of 16 Sep 2023" in page.inner_text(".sbm-title")  # type: ignore[attr-defined]
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")  # type: ignore[attr-defined]
    assert log["blocked"] == [], f"the page tried to reach the network: {log['blocked']}"
    assert log["files"] == [html_file.as_uri()]  # no stray local fetch either (fonts, images)
    assert log["errors"] == []
    assert log["dialogs"] == []


def test_locator_follows_the_view_and_legend_follows_the_layer_control(
        html_file: Path, file_page: tuple[object, dict[str, list[str]]]) -> None:
    page, log = file_page
    page.goto(html_file.as_uri())  # type: ignore[attr-defined]
    page.wait_for_selector(".sbm-locator-map path")  # type: ignore[attr-defined]
    outlines = page.locator(".sbm-locator-map path").count()  # type: ignore[attr-defined]
    assert outlines >= 25  # the 24 countries and the rectangle of the view

    def shown_rectangle() -> dict[str, float]:
        return page.evaluate("""() => {
            const paths = [...document.querySelectorAll('.sbm-locator-map path')];
            const box = paths[paths.length - 1].getBBox();
            return {width: box.width, height: box.height};
        }""")  # type: ignore[attr-defined]

    before = shown_rectangle()
    page.evaluate("() => { Object.values(window).find(v => v instanceof L.Map).setZoom(9); }")  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    after = shown_rectangle()
    assert after["width"] < before["width"] / 4  # zoomed in: the rectangle of the view shrinks

    forces = page.locator('.sbm-legend [data-layer="Foreign force sites"]')  # type: ignore[attr-defined]
    assert forces.is_visible()
    page.locator(".leaflet-control-layers").hover()  # type: ignore[attr-defined]
    page.get_by_label("Foreign force sites").uncheck()  # type: ignore[attr-defined]
    assert not forces.is_visible()  # switched off in the map: its legend section goes
    page.get_by_label("Foreign force sites").check()  # type: ignore[attr-defined]
    assert forces.is_visible()
    assert log["errors"] == [] and log["blocked"] == []


def test_html_keeps_hostile_text_inert(html_file: Path, file_page: tuple[object, dict[str, list[str]]]) -> None:
    text = html_file.read_text(encoding="utf-8")
    assert SCRIPT not in text and "<img src=x onerror" not in text
    assert re.search(r"(&lt;|\\u0026lt;)script(&gt;|\\u0026gt;)alert\(1\)", text)  # escaped, inside JSON
    page, log = file_page
    page.goto(html_file.as_uri())  # type: ignore[attr-defined]
    page.wait_for_selector(".leaflet-overlay-pane canvas, .leaflet-overlay-pane path")  # type: ignore[attr-defined]
    opened = page.evaluate("""() => {
      const m = [...new Set(Object.values(window).filter(v => v instanceof L.Map))][0];
      let n = 0;
      m.eachLayer(l => { if (l.feature && l.feature.properties && String(l.feature.properties.popup).includes('alert(1)') && l.getLatLng) { l.fire('click', {latlng: l.getLatLng()}, true); n++; } });
      return n;
    }""")  # type: ignore[attr-defined]
    assert opened > 0
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    assert log["dialogs"] == [] and log["errors"] == []
    assert page.evaluate("() => document.querySelectorAll('.leaflet-popup img, .leaflet-popup script').length") == 0  # type: ignore[attr-defined]
    assert SCRIPT in page.inner_text(".leaflet-popup-content")  # type: ignore[attr-defined]  # shown as text


def test_remaining_remote_reference_is_refused() -> None:
    with pytest.raises(ExportError, match="would still fetch"):
        export_html.inline_assets('<html><head><script src="https://example.org/x.js"></script></head></html>')
    with pytest.raises(ExportError):
        export_html.inline_assets("<style>@font-face { src: url(https://example.org/f.woff2) }</style>")
    page, refused = export_html.inline_assets(
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css"/>'
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css"/>')
    assert page.count("<style>") == 1  # inlined once
    assert refused and all(ref.startswith("../webfonts/") for ref in refused)  # the fonts folium-offline lacks
    assert "url(data:font/woff2" in page  # embedded fonts kept


# --- data files ------------------------------------------------------------------------------------------

def _same(read: gpd.GeoDataFrame, written: gpd.GeoDataFrame) -> None:
    """Same rows, values and geometries; dtypes and the spelling of "missing" may differ by format."""
    def comparable(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        frame = frame[list(written.columns)].reset_index(drop=True)
        values = {column: object for column in frame.columns if column != frame.geometry.name}
        return frame.astype(values).where(lambda f: f.notna(), None)

    assert_geodataframe_equal(comparable(read), comparable(written), check_dtype=False)


def test_geopackage_reads_back_identical(mentions: gpd.GeoDataFrame, tmp_path: Path) -> None:
    frames = gis.layer_frames(OPTIONS, mentions)
    path = gis.export_layers(OPTIONS, mentions, tmp_path / "map.gpkg", "gpkg")
    assert [name for name, _ in pyogrio.list_layers(path)] == [*frames, "metadata"]
    for name, frame in frames.items():
        _same(gpd.read_file(path, layer=name), frame)
        assert (frame["as_of"] == "2023-09-16").all() and (frame["source"] != "").all()
    meta = dict(gpd.read_file(path, layer="metadata")[["key", "value"]].values)
    assert meta["as_of"] == "2023-09-16" and "Natural Earth" in meta["source"]


def test_geojson_reads_back_identical(mentions: gpd.GeoDataFrame, tmp_path: Path) -> None:
    frames = gis.layer_frames(OPTIONS, mentions)
    path = gis.export_layers(OPTIONS, mentions, tmp_path / "map.geojson", "geojson")
    back = gpd.read_file(path, DATE_AS_STRING="YES")  # GeoJSON has no types: keep '2023-09-16' as written
    for name, frame in frames.items():
        _same(back[back["layer"] == name], frame)
    aes = frames["countries"].set_index("iso3")["aes_status"]
    assert sorted(aes[aes == "member"].index) == ["BFA", "MLI", "NER"]
    assert json.loads(path.read_text(encoding="utf-8"))["metadata"]["as_of"] == "2023-09-16"


def test_kml_parses_holds_every_site_and_escapes_text(mentions: gpd.GeoDataFrame, tmp_path: Path) -> None:
    frames = gis.layer_frames(OPTIONS, mentions)
    path = gis.export_layers(OPTIONS, mentions, tmp_path / "map.kml", "kml")
    root = ET.parse(path).getroot()
    folders = {f.findtext(f"{KML}name"): f for f in root.iter(f"{KML}Folder")}
    assert set(folders) == set(frames)
    for name, frame in frames.items():
        assert len(folders[name].findall(f"{KML}Placemark")) == len(frame)
    assert len(frames["forces"]) > 10
    assert {e.tag for e in root.iter()}.isdisjoint({"script", "img", f"{KML}script", f"{KML}img"})
    hostile = [p for p in folders["mentions"].findall(f"{KML}Placemark")
               if "hostile" in (p.findtext(f"{KML}description") or "")]
    assert hostile
    description = hostile[0].findtext(f"{KML}description")
    assert SCRIPT not in description and "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    assert SCRIPT in html.unescape(description) and "\u202e" in description
    assert [child.tag for child in hostile[0]] == [f"{KML}{t}" for t in
                                                   ("name", "description", "styleUrl", "ExtendedData", "Point")]
    assert "2023-09-16" in (root.find(f"{KML}Document/{KML}description").text or "")


CDATA_TRICK = "<![CDATA[x]]></name><script>alert(2)</script><![CDATA[ ]]> & ]]> \x00\x07\x1b\ufffe end"


def test_kml_keeps_cdata_tricks_and_control_characters_inert(tmp_path: Path) -> None:
    """CDATA sections and end tags in untrusted text stay text (the name, ExtendedData values and the HTML
    description alike), and characters XML 1.0 cannot hold are dropped."""
    import shapely

    frame = gpd.GeoDataFrame({"site_name": [CDATA_TRICK], "operator": [CDATA_TRICK], "note": [f"{SCRIPT}{IMG}"]},
                             geometry=[shapely.Point(2.1, 13.5)], crs="EPSG:4326")
    text = kml.kml_text({"forces": frame}, OPTIONS, {"title": CDATA_TRICK, "as_of": "2023-09-16"})
    root = ET.fromstring(text)
    assert {e.tag.removeprefix(KML) for e in root.iter()}.isdisjoint({"script", "img"})
    kept = "<![CDATA[x]]></name><script>alert(2)</script><![CDATA[ ]]> & ]]>  end"  # \x00 \x07 \x1b \ufffe gone
    placemark = root.find(f"{KML}Document/{KML}Folder/{KML}Placemark")
    assert placemark.findtext(f"{KML}name") == kept
    values = {d.get("name"): d.findtext(f"{KML}value") for d in placemark.iter(f"{KML}Data")}
    assert values == {"site_name": kept, "operator": kept, "note": f"{SCRIPT}{IMG}"}
    description = placemark.findtext(f"{KML}description")
    assert "<script>" not in description and html.unescape(description).count(kept) == 2
    assert kept in html.unescape(root.find(f"{KML}Document/{KML}description").text)


def test_kml_polygons_keep_every_hole_and_part(tmp_path: Path) -> None:
    import shapely

    holes = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(1, 1), (2, 1), (2, 2)], [(5, 5), (6, 5), (6, 6)]])
    multi = shapely.MultiPolygon([holes, shapely.Polygon([(20, 20), (21, 20), (21, 21)])])
    frame = gpd.GeoDataFrame({"name": ["holes", "multi"], "aes_status": ["member", ""], "ecowas_status": ["", ""]},
                             geometry=[holes, multi], crs="EPSG:4326")
    path = tmp_path / "holes.kml"
    path.write_text(kml.kml_text({"countries": frame}, OPTIONS, {}), encoding="utf-8")
    placemarks = ET.parse(path).getroot().findall(f"{KML}Document/{KML}Folder/{KML}Placemark")
    assert [len(p.findall(f".//{KML}innerBoundaryIs")) for p in placemarks] == [2, 2]  # one per hole (KML 2.2)
    assert all(len(b.findall(f"{KML}LinearRing")) == 1 for b in placemarks[0].iter(f"{KML}innerBoundaryIs"))
    assert len(placemarks[1].findall(f"{KML}MultiGeometry/{KML}Polygon")) == 2
    back = gpd.read_file(path)  # GDAL's reading: every hole and part survives
    assert back.geometry[0].equals(holes) and back.geometry[1].equals(multi)


def test_kml_styles_are_shared_document_styles(mentions: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = gis.export_layers(OPTIONS, mentions, tmp_path / "map.kml", "kml")
    document = ET.parse(path).getroot().find(f"{KML}Document")
    styles = {s.get("id"): s for s in document.findall(f"{KML}Style")}  # children of Document, not of Folders
    assert not [s for folder in document.iter(f"{KML}Folder") for s in folder.iter(f"{KML}Style")]
    assert {"country", "country-aes", "liptako", "mention", "site-france"} <= set(styles)
    # KML's aabbggrr of AES_FILL at 60 % and LIPTAKO_COLOUR opaque, as the earlier ElementTree writer had them.
    assert styles["country-aes"].findtext(f"{KML}PolyStyle/{KML}color") == "993ca5e3"
    assert styles["liptako"].findtext(f"{KML}LineStyle/{KML}color") == "ff2b18b2"
    assert styles["site-france"].findtext(f"{KML}IconStyle/{KML}color") == "ffa45500"
    assert styles["mention"].find(f"{KML}IconStyle/{KML}Icon") is None  # no remote icon image
    used = {p.findtext(f"{KML}styleUrl") for p in document.iter(f"{KML}Placemark")}
    assert used and {u.removeprefix("#") for u in used} <= set(styles)
    again = gis.export_layers(OPTIONS, mentions, tmp_path / "again.kml", "kml")
    assert again.read_bytes() == path.read_bytes()  # the same export gives the same file


def test_csv_is_the_mentions_table(mentions: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = gis.export_layers(OPTIONS, mentions, tmp_path / "m.csv", "csv")
    table = pd.read_csv(path, keep_default_na=False)
    assert len(table) == len(mentions)
    assert set(table["as_of"]) == {"2023-09-16"} and table["source"].str.contains("GeoNames").all()


def test_bad_format_and_safe_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        gis.export_layers(OPTIONS, None, tmp_path / "x.shp", "shp")
    with pytest.raises(ValueError):
        picture.export_picture(OPTIONS, None, tmp_path / "x.gif", "gif")
    name = safe_export_name("../Côte d'Ivoire / <Sahel>\\" + "y" * 300, AS_OF, "png")
    assert re.fullmatch(r"[a-z0-9-]+\.png", name) and len(name) <= 80 and name.endswith("-2023-09-16.png")
    assert safe_export_name("///", AS_OF, "kml") == "sahel-briefing-map-2023-09-16.kml"
    assert list(tmp_path.iterdir()) == []  # nothing half-written


# --- pictures --------------------------------------------------------------------------------------------

def test_png_has_the_size_and_is_not_blank(chromium: object, tmp_path: Path) -> None:
    path = picture.export_picture(OPTIONS, None, tmp_path / "map.png", "png", browser=chromium)
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (3840, 2160)
    from PIL import Image, ImageStat

    with Image.open(path) as image:
        variance = ImageStat.Stat(image.convert("L").resize((480, 270))).var[0]
    assert variance > 100


@pytest.mark.browser
def test_pdf_has_one_page_with_its_own_browser(tmp_path: Path) -> None:
    # browser=None: export_picture starts Chromium in a worker thread, next to the test session's.
    path = picture.export_picture(MapOptions(as_of=AS_OF, layers=frozenset({"alliance", "liptako"})), None,
                                 tmp_path / "map.pdf", "pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1


# --- command line ----------------------------------------------------------------------------------------

def test_cli_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "briefing.html"
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from geo.export.cli import main; sys.exit(main(sys.argv[1:]))",
         "--as-of", "2023-09-16", "--format", "html", "--out", str(out), "--articles", str(tmp_path / "missing.md"),
         str(REPO_ROOT / "data" / "articles")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "missing.md" in done.stderr  # reported, not fatal
    assert out.stat().st_size < 3_000_000 and "as of 16 Sep 2023" in out.read_text(encoding="utf-8")


def test_cli_bad_arguments_exit_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from geo.export.cli import main; sys.exit(main(sys.argv[1:]))",
         "--as-of", "2023-09-16", "--format", "docx", "--out", str(tmp_path / "x")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "invalid choice" in done.stderr
    args = argparse.Namespace(as_of=AS_OF, format="html", out=tmp_path / "x.html", articles=[tmp_path],
                              layers="alliance,heatmap", title="t", definition="tri_border")
    assert export_cli.cli(args) == 2
    assert export_cli.cli(argparse.Namespace(**{**vars(args), "layers": None, "format": "shp"})) == 2
    assert not (tmp_path / "x.html").exists()


def test_a_popup_opened_under_the_title_is_on_top_and_clear_of_it(
        html_file: Path, file_page: tuple[object, dict[str, list[str]]]) -> None:
    """The title box never covers an open popup, and a map popup opened at the top edge pans clear of it."""
    page, log = file_page
    page.goto(html_file.as_uri())  # type: ignore[attr-defined]
    page.wait_for_selector(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas")  # type: ignore[attr-defined]
    stacking = page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const box = document.querySelector('.sbm-title');
        box.style.pointerEvents = 'auto';  // so that elementFromPoint can see it (it ignores clicks otherwise)
        const title = box.getBoundingClientRect();
        const middle = [title.left + title.width / 2, title.top + title.height / 2];
        // A popup drawn right over the title (no panning): whichever is on top shows at the title's middle.
        L.popup({autoPan: false, maxWidth: 600}).setLatLng(map.containerPointToLatLng([middle[0], title.bottom + 120]))
            .setContent('<div style="width:500px;height:160px">probe</div>').openOn(map);
        const top = document.elementFromPoint(middle[0], middle[1]);
        map.closePopup();
        const back = getComputedStyle(box).visibility !== 'hidden';  // the title is back once it is closed
        return !!top && !!top.closest('.leaflet-popup') && back;
    }""")  # type: ignore[attr-defined]
    assert stacking, "the title box draws over an open popup"
    page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const layer = Object.values(map._layers).find(l => l.getPopup && l.getPopup() && l.getLatLng);
        const title = document.querySelector('.sbm-title').getBoundingClientRect();
        map.panBy([0, map.latLngToContainerPoint(layer.getLatLng()).y - title.bottom], {animate: false});
        layer.openPopup();
    }""")  # type: ignore[attr-defined]
    page.wait_for_timeout(800)  # type: ignore[attr-defined]  # the pan animation
    clear = page.evaluate("""() => {
        const popup = document.querySelector('.leaflet-popup').getBoundingClientRect();
        return popup.top >= document.querySelector('.sbm-title').getBoundingClientRect().bottom;
    }""")  # type: ignore[attr-defined]
    assert clear, "a popup opened at the top edge stays under the title"
    assert log["errors"] == []
