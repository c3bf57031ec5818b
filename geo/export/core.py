"""Exports for briefings: a self-contained HTML map, a PNG/PDF picture, and the layers as data.

- `export_html(options, mentions)`: one HTML file with Leaflet and its plugins inlined (from
  folium-offline, see `geo.map.assets`); opening it fetches nothing, except the online tile layer when
  ``options.tiles`` is set.
- `export_picture(options, mentions, path, "png"|"pdf")`: that file drawn by Chromium (Playwright) with
  every non-``file:``/``data:`` request aborted.
- `export_layers(options, mentions, path, "geojson"|"gpkg"|"kml"|"csv")`: countries with their AES and
  ECOWAS status on the date, the chosen Liptako-Gourma polygon, force sites on the date and the mentions
  (CSV: the mentions table).  Every row carries ``as_of`` and ``source``; every file says where its data
  comes from (GeoJSON ``metadata`` member, GeoPackage ``metadata`` table, KML document description).
- `safe_export_name(title, as_of, fmt)`: a file name for download buttons.
- `add_arguments` / `cli` / `main`: ``python -m geo export ...``.

Every file is written atomically (a temporary file in the target folder, then ``os.replace``).

>>> safe_export_name("Sahel / Liptako: ../etc", dt.date(2023, 9, 16), "gpkg")
'sahel-liptako-etc-2023-09-16.gpkg'
>>> try:
...     safe_export_name("x", dt.date(2023, 9, 16), "docx")
... except ValueError as exc:  # ExportError is a ValueError
...     print(exc)
unknown export format 'docx'; choose one of html, png, pdf, geojson, gpkg, kml, csv
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import html
import json
import os
import re
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geo.facts import boundaries
from geo.map import registry
from geo.map.assets import bundled_assets
from geo.files import atomic_path, write_atomically
from geo.map.frames import mention_rows
from geo.map.options import MapOptions
from geo.map.style import AES_FILL, ATTRIBUTION, ECOWAS_STYLES, LIPTAKO_COLOUR, MENTION_COLOUR, operator_symbol
from geo.map.assemble import build_map, title_text

__all__ = ["DATA_FORMATS", "FORMATS", "PICTURE_FORMATS", "ExportError", "add_arguments", "cli", "export",
           "export_html", "export_layers", "export_picture", "inline_assets", "layer_frames", "main",
           "metadata", "safe_export_name"]

PICTURE_FORMATS: tuple[str, ...] = ("png", "pdf")
DATA_FORMATS: tuple[str, ...] = ("geojson", "gpkg", "kml", "csv")
FORMATS: tuple[str, ...] = ("html", *PICTURE_FORMATS, *DATA_FORMATS)
NAME_MAX_CHARS = 60
# Chromium draws the map within this many milliseconds on this machine (~1 s); the limit is generous.
DRAW_TIMEOUT_MS = 60_000
# Controls that are for interaction, not for a picture (title, legend, scale bar, attribution stay).
PICTURE_CSS = (".leaflet-top.leaflet-left .leaflet-control, .leaflet-control-layers "
               "{ display: none !important; } .sbm-legend { max-height: none !important; }")


class ExportError(ValueError):
    """An export cannot be made as asked (bad format, or the HTML would fetch something)."""


def _check_format(fmt: str, allowed: Sequence[str] = FORMATS) -> str:
    if fmt not in allowed:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(allowed)}")
    return fmt


# --- names and atomic writes ---------------------------------------------------------------------------

def safe_export_name(title: str, as_of: dt.date, fmt: str) -> str:
    """'<ascii-slug-of-title>-<YYYY-MM-DD>.<fmt>': no path separators, at most NAME_MAX_CHARS of slug."""
    _check_format(fmt)
    ascii_text = unicodedata.normalize("NFKD", str(title)).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text[: NAME_MAX_CHARS * 4])
    slug = "-".join(words)[:NAME_MAX_CHARS].strip("-") or "sahel-briefing-map"
    return f"{slug}-{as_of.isoformat()}.{fmt}"


def _write_text(path: Path, text: str) -> Path:
    write_atomically(Path(path), text)
    return Path(path)


# --- self-contained HTML -------------------------------------------------------------------------------

_ASSET_TAG = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*[\"']([^\"']*)[\"'][^>]*>\s*</script\s*>|<link\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""\b([a-z-]+)\s*=\s*["']([^"']*)["']""", re.I)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.I)
_REMOTE_LEFT = re.compile(r"<(?:script|img|iframe|embed|source|audio|video|object)\b[^>]*?\b(?:src|data)\s*=|<link\b[^>]*?\bhref\s*="
                          r"|@import\b|url\(\s*[\"']?\s*(?:https?:)?//", re.I)


def _local_css(css: str, refused: list[str]) -> str:
    """CSS whose url(...) references are data: or in-document (#...) only; others become an empty
    data: URL and are listed in ``refused`` (folium-offline lacks some Font Awesome fonts)."""
    def replace(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if target.startswith(("data:", "#")):
            return match.group(0)
        refused.append(target)
        return "url(data:,)"

    return _CSS_URL.sub(replace, css)


def _inline_script(code: str) -> str:
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", code, flags=re.I) + "</script>"


def _inline_style(css: str) -> str:
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", css, flags=re.I) + "</style>"


def inline_assets(page: str) -> tuple[str, list[str]]:
    """Replace each ``<script src>`` / ``<link rel=stylesheet href>`` of a bundled asset with the inline
    asset (each asset once).  Returns (HTML, references refused inside the inlined CSS).

    Raises ExportError if any other script, style sheet, font or image reference is left in the page's
    own markup (the inlined assets are checked by `_local_css`, not rescanned).
    """
    assets, done, refused = bundled_assets(), set(), []

    def inline(match: re.Match[str]) -> str:
        if _kept(match, assets):
            return match.group(0)
        url = match.group(1) or _attributes(match.group(0))["href"]
        if url in done:
            return ""
        done.add(url)
        if match.group(1) is not None:
            return _inline_script(assets[url])
        return _inline_style(_local_css(assets[url], refused))

    result = _ASSET_TAG.sub(inline, page)  # re.sub never rescans what it inserted
    own_markup = _ASSET_TAG.sub(lambda m: m.group(0) if _kept(m, assets) else "", page)
    left = sorted({m.group(0)[:120] for m in _REMOTE_LEFT.finditer(own_markup)})
    if left:
        raise ExportError("the HTML would still fetch these (no bundled copy): " + "; ".join(left))
    return result, refused


def _attributes(tag: str) -> dict[str, str]:
    return {k.lower(): v for k, v in _ATTRIBUTE.findall(tag)}


def _kept(match: re.Match[str], assets: dict[str, str]) -> bool:
    """Whether `inline_assets` leaves this tag as it is (not a bundled script or style sheet)."""
    if match.group(1) is not None:
        return match.group(1) not in assets
    attributes = _attributes(match.group(0))
    return "stylesheet" not in attributes.get("rel", "").lower() or attributes.get("href", "") not in assets


def _head_extras(options: MapOptions) -> str:
    stamp = html.escape(options.as_of.isoformat(), quote=True)
    sources = html.escape(_plain(ATTRIBUTION), quote=True)
    return (f"<title>{html.escape(title_text(options))}</title>"
            f'<meta name="dcterms.date" content="{stamp}"><meta name="dcterms.source" content="{sources}">')


def export_html(options: MapOptions, mentions: gpd.GeoDataFrame | None = None, path: Path | None = None) -> str:
    """The briefing map as ONE self-contained HTML page (also written to ``path`` when given).

    Nothing is fetched when it opens, except the online tile layer if ``options.tiles`` is set.  The
    title, the as-of stamp, the legend and the data credits are on the map.
    """
    page = build_map(options, mentions).get_root().render()
    page, _refused = inline_assets(page)
    page = page.replace("<head>", "<head>" + _head_extras(options), 1)
    if path is not None:
        _write_text(Path(path), page)
    return page


# --- pictures ------------------------------------------------------------------------------------------

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


# --- layers as data ------------------------------------------------------------------------------------

def _plain(markup: str) -> str:
    """Text of a small HTML fragment (the attribution line)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _tidy(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Attributes every format stores alike: text ('' for missing), int, float or bool; dates as ISO text."""
    out = frame.copy()
    for column in out.columns:
        if column == out.geometry.name:
            continue
        values = out[column]
        if pd.api.types.is_bool_dtype(values):
            out[column] = values.astype(bool)
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d").fillna("").astype(object)
        elif pd.api.types.is_numeric_dtype(values):
            continue
        else:
            out[column] = [("" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v))
                           for v in values]
            out[column] = out[column].astype(object)
    polygons = out.geometry.geom_type == "Polygon"
    if polygons.any():  # one geometry type per layer: GeoPackage would promote them anyway
        out.loc[polygons, out.geometry.name] = [shapely.MultiPolygon([g]) for g in out.geometry[polygons]]
    return out.reset_index(drop=True)


def layer_frames(options: MapOptions, mentions: gpd.GeoDataFrame | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The exported layers in the registry's order (countries always, then liptako, forces, mentions as far
    as ``options.layers`` shows them).  Attributes are tidied (see `_tidy`); EPSG:4326."""
    frames = {spec.key: spec.frame(options, mentions) for spec in registry.shown(options) if spec.frame is not None}
    return {name: _tidy(frame) for name, frame in frames.items() if frame is not None}


def metadata(options: MapOptions, layers: Sequence[str]) -> dict[str, str]:
    """What a data file says about itself: title, date, layers, Liptako-Gourma definition and sources."""
    return {
        "title": options.title,
        "as_of": options.as_of.isoformat(),
        "layers": ", ".join(layers),
        "liptako_definition": options.liptako_definition,
        "source": (f"{_plain(ATTRIBUTION)} · Memberships and force sites: data/layers (a source on every row) · "
                   "Mentions: the articles named on each row"),
        "generated_by": "Sahel Briefing Map (geo.export)",
    }


def _geojson(frames: dict[str, gpd.GeoDataFrame], options: MapOptions) -> str:
    features: list[dict[str, Any]] = []
    for name, frame in frames.items():
        for feature in json.loads(frame.to_json(drop_id=True, na="null", ensure_ascii=False))["features"]:
            feature["properties"] = {"layer": name, **feature["properties"]}
            features.append(feature)
    collection = {"type": "FeatureCollection", "name": options.title, "metadata": metadata(options, list(frames)),
                  "features": features}
    return json.dumps(collection, ensure_ascii=False)


def _write_gpkg(frames: dict[str, gpd.GeoDataFrame], options: MapOptions, path: Path) -> None:
    with atomic_path(path, ".gpkg") as temporary:
        for name, frame in frames.items():
            pyogrio.write_dataframe(frame, temporary, layer=name, driver="GPKG", append=temporary.exists())
        table = pd.DataFrame(list(metadata(options, list(frames)).items()), columns=["key", "value"])
        pyogrio.write_dataframe(table, temporary, layer="metadata", driver="GPKG", append=True)


def _csv(mentions: gpd.GeoDataFrame | None, options: MapOptions) -> str:
    rows = _tidy(mention_rows(mentions, options))
    return pd.DataFrame(rows.drop(columns="geometry")).to_csv(index=False)


# --- KML -----------------------------------------------------------------------------------------------

KML_NS = "http://www.opengis.net/kml/2.2"
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: object) -> str:
    """Text that XML 1.0 can hold (ElementTree escapes <, & and >; control characters are dropped)."""
    return _XML_INVALID.sub("", str(value))


def _kml_colour(hex_colour: str, alpha: float) -> str:
    """'#rrggbb' -> KML's 'aabbggrr'."""
    rr, gg, bb = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{round(alpha * 255):02x}{bb}{gg}{rr}".lower()


def _sub(parent: ET.Element, tag: str, text: object | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = _xml_text(text)
    return element


def _style(document: ET.Element, style_id: str, line: str | None, fill: str | None, icon: str | None) -> None:
    style = ET.SubElement(document, "Style", id=style_id)
    if icon:
        icon_style = _sub(style, "IconStyle")
        _sub(icon_style, "color", _kml_colour(icon, 1.0))
        _sub(icon_style, "scale", "1.0")
    if line:
        line_style = _sub(style, "LineStyle")
        _sub(line_style, "color", _kml_colour(line, 1.0))
        _sub(line_style, "width", "2")
    poly = _sub(style, "PolyStyle")
    _sub(poly, "color", _kml_colour(fill or "#ffffff", 0.6 if fill else 0.0))
    _sub(poly, "fill", "1" if fill else "0")


def _kml_styles(document: ET.Element, frames: dict[str, gpd.GeoDataFrame]) -> None:
    _style(document, "country", "#5b5b5b", None, None)
    _style(document, "country-aes", "#5b5b5b", AES_FILL, None)
    for status, look in ECOWAS_STYLES.items():
        _style(document, f"country-ecowas-{status}", look.outline, look.fill, None)
        _style(document, f"country-aes-ecowas-{status}", look.outline, AES_FILL, None)
    _style(document, "liptako", LIPTAKO_COLOUR, LIPTAKO_COLOUR, None)
    _style(document, "mention", None, None, MENTION_COLOUR)
    for operator in sorted(set(frames.get("forces", pd.DataFrame({"operator": []}))["operator"])):
        _style(document, _operator_style(operator), None, None, operator_symbol(operator).colour)


def _operator_style(operator: str) -> str:
    return "site-" + (re.sub(r"[^a-z0-9]+", "-", operator.lower()).strip("-") or "other")


def _placemark_style(layer: str, row: pd.Series) -> str:
    if layer == "countries":
        aes = "country-aes" if row["aes_status"] == "member" else "country"
        ecowas = row["ecowas_status"]
        if ecowas in ECOWAS_STYLES:
            return f"{aes}-ecowas-{ecowas}" if aes == "country-aes" else f"country-ecowas-{ecowas}"
        return aes
    if layer == "forces":
        return _operator_style(str(row["operator"]))
    return {"liptako": "liptako", "mentions": "mention"}[layer]


def _placemark_name(layer: str, row: pd.Series) -> str:
    return str({"countries": row.get("name"), "liptako": row.get("name"), "forces": row.get("site_name"),
                "mentions": row.get("surface")}[layer])


def _description(row: pd.Series) -> str:
    """An HTML table of the attributes, every value escaped (ElementTree then escapes it again for XML)."""
    cells = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                    for k, v in row.items())
    return f"<table>{cells}</table>"


def _coordinates(parent: ET.Element, coords: Any) -> None:
    _sub(parent, "coordinates", " ".join(f"{x:.6f},{y:.6f}" for x, y, *_ in coords))


def _kml_geometry(parent: ET.Element, geometry: Any) -> None:
    if geometry is None or geometry.is_empty:
        return
    if isinstance(geometry, shapely.Point):
        _coordinates(_sub(parent, "Point"), geometry.coords)
    elif isinstance(geometry, shapely.Polygon):
        polygon = _sub(parent, "Polygon")
        _coordinates(_sub(_sub(polygon, "outerBoundaryIs"), "LinearRing"), geometry.exterior.coords)
        for ring in geometry.interiors:
            _coordinates(_sub(_sub(polygon, "innerBoundaryIs"), "LinearRing"), ring.coords)
    else:  # MultiPolygon, GeometryCollection, ...
        multi = _sub(parent, "MultiGeometry")
        for part in geometry.geoms:
            _kml_geometry(multi, part)


def _placemark(folder: ET.Element, layer: str, row: pd.Series, geometry: Any) -> None:
    placemark = _sub(folder, "Placemark")
    _sub(placemark, "name", _placemark_name(layer, row))
    _sub(placemark, "description", _description(row))
    _sub(placemark, "styleUrl", "#" + _placemark_style(layer, row))
    extended = _sub(placemark, "ExtendedData")
    for key, value in row.items():
        data = ET.SubElement(extended, "Data", name=_xml_text(key))
        _sub(data, "value", value)
    _kml_geometry(placemark, geometry)


def _kml(frames: dict[str, gpd.GeoDataFrame], options: MapOptions) -> str:
    ET.register_namespace("", KML_NS)
    root = ET.Element("kml", xmlns=KML_NS)
    document = _sub(root, "Document")
    _sub(document, "name", title_text(options))
    meta = metadata(options, list(frames))
    _sub(document, "description", "".join(f"<p><b>{html.escape(k)}</b>: {html.escape(v)}</p>" for k, v in meta.items()))
    _kml_styles(document, frames)
    for name, frame in frames.items():
        folder = _sub(document, "Folder")
        _sub(folder, "name", name)
        attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        for (_, row), geometry in zip(attributes.iterrows(), frame.geometry):
            _placemark(folder, name, row, geometry)
    # Plain ElementTree output: the default namespace is written as the xmlns attribute set above.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def export_layers(options: MapOptions, mentions: gpd.GeoDataFrame | None, path: Path, fmt: str) -> Path:
    """Write the layers (see `layer_frames`) to ``path``: one GeoJSON FeatureCollection with a ``layer``
    property, one GeoPackage with a table per layer plus ``metadata``, one KML with a Folder per layer,
    or the mentions table as CSV."""
    _check_format(fmt, DATA_FORMATS)
    path = Path(path)
    if fmt == "csv":
        return _write_text(path, _csv(mentions, options))
    frames = layer_frames(options, mentions)
    if fmt == "geojson":
        return _write_text(path, _geojson(frames, options))
    if fmt == "kml":
        return _write_text(path, _kml(frames, options))
    _write_gpkg(frames, options, path)
    return path


def export(options: MapOptions, mentions: gpd.GeoDataFrame | None, path: Path, fmt: str, **picture: Any) -> Path:
    """Any format of FORMATS to ``path`` (``picture``: width/height/scale/browser for png and pdf)."""
    _check_format(fmt)
    if fmt == "html":
        export_html(options, mentions, Path(path))
        return Path(path)
    if fmt in PICTURE_FORMATS:
        return export_picture(options, mentions, Path(path), fmt, **picture)
    return export_layers(options, mentions, Path(path), fmt)


# --- command line --------------------------------------------------------------------------------------

def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``python -m geo export``."""
    parser.add_argument("--as-of", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                        help="the date the map shows (default: today)")
    parser.add_argument("--format", required=True, choices=FORMATS, help="output format")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    parser.add_argument("--articles", nargs="+", type=Path, metavar="PATH",
                        help="article files or folders (default: the dashboard's articles, bundled samples first)")
    parser.add_argument("--layers", metavar="A,B,...",
                        help=f"layers to show (default: all): {', '.join(registry.keys())}")
    parser.add_argument("--title", default=MapOptions.title, help="map title")
    parser.add_argument("--definition", default=boundaries.DEFAULT_DEFINITION,
                        choices=[d.id for d in boundaries.LIPTAKO_DEFINITIONS],
                        help="Liptako-Gourma definition")
    parser.add_argument("--width", type=int, default=1920, help="picture width in CSS pixels (png, pdf)")
    parser.add_argument("--height", type=int, default=1080, help="picture height in CSS pixels (png, pdf)")
    parser.add_argument("--scale", type=float, default=2, help="device pixels per CSS pixel (png)")
    parser.add_argument("--bounds", type=_bounds, metavar="S,W,N,E",
                        help="extent to show, in degrees: south,west,north,east (default: West Africa)")


def _options(args: argparse.Namespace) -> MapOptions:
    layers = frozenset(part.strip() for part in args.layers.split(",") if part.strip()) \
        if getattr(args, "layers", None) else registry.default_keys()
    return MapOptions(as_of=args.as_of, liptako_definition=getattr(args, "definition", boundaries.DEFAULT_DEFINITION),
                      layers=layers, title=getattr(args, "title", None) or MapOptions.title,
                      bounds=getattr(args, "bounds", None))


def _bounds(text: str) -> tuple[float, float, float, float]:
    """``--bounds 10,-6,18,5`` as (south, west, north, east)."""
    parts = text.split(",")
    try:
        south, west, north, east = (float(part) for part in parts)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected four numbers south,west,north,east, got {text!r}") from exc
    return south, west, north, east


def _articles(paths: Sequence[Path] | None) -> list[Any]:
    """Articles from ``paths`` (or the dashboard's store); unreadable files are reported on stderr."""
    from geo.text.corpus import CorpusStore, load_corpus

    if paths:
        articles, errors = load_corpus(paths)
    else:
        store = CorpusStore()
        articles, errors = store.list(), store.errors
    for where, message in errors:
        print(f"skipped {where}: {message}", file=sys.stderr)
    return articles


def cli(args: argparse.Namespace) -> int:
    """Run ``python -m geo export`` with parsed ``args``; 0 on success, 2 on a bad argument."""
    try:
        fmt = _check_format(str(args.format))
        options = _options(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from geo.geoparse.table import mentions_table

    articles = _articles(getattr(args, "articles", None))
    table = mentions_table(articles)
    picture = {"width": getattr(args, "width", 1920), "height": getattr(args, "height", 1080),
               "scale": getattr(args, "scale", 2)} if fmt in PICTURE_FORMATS else {}
    try:
        out = export(options, table, Path(args.out), fmt, **picture)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{out}: {fmt}, as of {options.as_of.isoformat()}, {len(articles)} article(s), "
          f"{len(table)} mention(s), {out.stat().st_size:,} bytes", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -c 'from geo.export.core import main; main()'`` equivalent of ``python -m geo export``."""
    parser = argparse.ArgumentParser(prog="python -m geo export", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return cli(parser.parse_args(argv))
