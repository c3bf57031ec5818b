"""The layers as one KML document: a shared Style per look (country status, Liptako, mention, force operator,
event type) on the Document, a Folder per layer, a Placemark per row (name, an HTML table of the attributes as
description, the attributes again as ExtendedData, the geometry) and the file's metadata as the document
description.  A Placemark needs a place: rows without a geometry (an event at no known place) are left out,
and the document description says so when events are in it.

Written with the standard library's ElementTree, so every text is escaped when it is serialised; characters
XML 1.0 cannot hold are dropped first.  Why not a KML library: simplekml 1.3.6 joins strings without escaping
ExtendedData values, copies anything after ``<![CDATA[`` verbatim, keeps its state on a class and writes all
holes of a polygon in one boundary (GDAL then reads only the first); fastkml 1.4 silently drops an IconStyle
that has no remote icon image, so coloured pins would need a fetched icon.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.map.assemble import title_text
from geo.map.options import MapOptions
from geo.map.style import (
    AES_FILL,
    ECOWAS_STYLES,
    EVENT_SYMBOLS,
    LIPTAKO_COLOUR,
    MENTION_COLOUR,
    UNKNOWN_EVENT_SYMBOL,
    operator_symbol,
)

__all__ = ["KML_NS", "kml_text"]

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
    for kind in sorted(set(frames.get("events", pd.DataFrame({"type": []}))["type"])):
        _style(document, _event_style(kind), None, None, EVENT_SYMBOLS.get(kind, UNKNOWN_EVENT_SYMBOL)[1])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "other"


def _operator_style(operator: str) -> str:
    return "site-" + _slug(operator)


def _event_style(kind: str) -> str:
    """'Explosions/Remote violence' -> 'event-explosions-remote-violence': the map's colour per ACLED type."""
    return "event-" + _slug(str(kind))


def _placemark_style(layer: str, row: pd.Series) -> str:
    if layer == "countries":
        aes = "country-aes" if row["aes_status"] == "member" else "country"
        ecowas = row["ecowas_status"]
        if ecowas in ECOWAS_STYLES:
            return f"{aes}-ecowas-{ecowas}" if aes == "country-aes" else f"country-ecowas-{ecowas}"
        return aes
    if layer == "forces":
        return _operator_style(str(row["operator"]))
    if layer == "events":
        return _event_style(row["type"])
    return {"liptako": "liptako", "mentions": "mention"}[layer]


def _placemark_name(layer: str, row: pd.Series) -> str:
    if layer == "events":  # what and where, as the map's tooltip says it
        return f"{row.get('type')}: {row.get('place_name')}"
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



def kml_text(frames: dict[str, gpd.GeoDataFrame], options: MapOptions, meta: dict[str, str]) -> str:
    """The KML document of ``frames`` (a Folder per layer, in order), described by ``meta``."""
    ET.register_namespace("", KML_NS)
    root = ET.Element("kml", xmlns=KML_NS)
    document = _sub(root, "Document")
    _sub(document, "name", title_text(options))
    _sub(document, "description", "".join(f"<p><b>{html.escape(k)}</b>: {html.escape(v)}</p>"
                                          for k, v in meta.items()))
    _kml_styles(document, frames)
    for name, frame in frames.items():
        folder = _sub(document, "Folder")
        _sub(folder, "name", name)
        attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        for (_, row), geometry in zip(attributes.iterrows(), frame.geometry):
            if geometry is not None and not geometry.is_empty:  # nothing to place; the CSV has such rows
                _placemark(folder, name, row, geometry)
    # Plain ElementTree output: the default namespace is written as the xmlns attribute set above.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
