"""Assemble the briefing map from the layers: one function, pure (a new folium.Map every call).

The map is readable with no tiles at all (sea background, country fills, borders, labels): online tiles
are an option on top.  Every string that reaches HTML is escaped here (`geo.mapstyle.escape_text`).

Layers (``MapOptions.layers``, each a FeatureGroup in the layer control with a legend entry):

- Countries: always drawn, neutral fill and borders; tooltip ``Name [country:ISO3]``, popup with the
  AES and ECOWAS status on the date (source, certainty).
- ``alliance``: AES members on the date filled in ochre.
- ``ecowas``: ECOWAS member / suspended / withdrawn as an outline colour and dash pattern, plus a light
  fill of the same hue, except on AES members, whose fill shows the alliance.  So the two combine as
  "AES fill + ECOWAS outline"; with the alliance layer off, AES members show only their ECOWAS outline.
- ``labels``: country names (DivIcon).  ``regions``: first-level regions of MLI/BFA/NER.
- ``liptako``: the chosen Liptako-Gourma polygon (or a custom union of regions) and the tripoint.
- ``forces``: force sites on the date, a coloured tag with an operator code (FR, US, RU, UN...);
  dashed border when presence is uncertain.
- ``mentions``: one circle per resolved place (area ~ number of mentions); areas, regions and rivers
  (one approximate point for a large feature) are rings.  Whole countries are not points: see
  ``country_mentions``.
- ``country_mentions``: a badge under the country's label with the number of mentions of its name and
  demonyms; organisation mentions are listed per member country but not added to the number.

Controls: layer control (switching a layer off also hides its legend section), fullscreen, scale,
measure, a search over the map's own places and sites, and an offline locator inset (coarse outlines
embedded in the page, a rectangle that follows the view).

Clickable objects have tooltips ending with ``[kind:key]`` (see `geo.details`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Html, MacroElement
from folium.elements import JSCSSMixin
from folium.utilities import JsCode, escape_backticks
from jinja2 import Template

from geo.map import data as mapdata
from geo.map import style as mapstyle
from geo.map.details import (
    TRIPOINT_KEY, country_rows, feature_key, is_source_row, liptako_rows, region_rows, site_rows, site_tooltip,
    tripoint_rows,
)
from geo.map.options import CUSTOM_DEFINITION, DEFAULT_LAYERS, LAYER_KEYS, MapOptions
from geo.map.style import (
    ATTRIBUTION, AES_FILL, BADGE_COLOUR, BORDER_COLOUR, COUNTRY_FILL, ECOWAS_STYLES, ECOWAS_WEIGHT, LAYER_NAMES,
    LIPTAKO_COLOUR, MAX_ZOOM, MENTION_COLOUR, ONLINE_TILES, REGION_COLOUR, RIVER_COLOUR, SEA_COLOUR,
    WEST_AFRICA_BOUNDS,
    escape_text, operator_symbol,
)
from geo.facts import boundaries

__all__ = ["CUSTOM_DEFINITION", "DEFAULT_LAYERS", "LAYER_KEYS", "MapOptions", "ONLINE_TILES", "build_map", "build_map_parts",
           "layer_names", "popup_html", "title_text"]

AES_STATES = mapdata.AES_STATES
Legend = list[tuple[str, list[tuple[str, str]]]]  # (heading, [(swatch HTML, escaped label)])
LayerLegend = list[tuple[str, list[tuple[str, str]], str]]  # the same, with the layer-control name of its layer

CSS = f"""<style>
.leaflet-container {{ background: {SEA_COLOUR}; }}
.country-label {{ font: 600 11px/1.1 sans-serif; color: #333; text-align: center;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; pointer-events: none; }}
.sbm-site {{ font: 700 10px/16px sans-serif; text-align: center; border-radius: 3px; border: 1.5px solid #fff;
  box-shadow: 0 0 2px rgba(0,0,0,.6); white-space: nowrap; }}
.sbm-site.uncertain {{ border: 1.5px dashed #fff; opacity: .8; }}
.sbm-badge {{ font: 700 10px/15px sans-serif; text-align: center; color: #fff; background: {BADGE_COLOUR};
  border-radius: 8px; border: 1px solid #fff; }}
.sbm-title {{ position: absolute; top: 8px; left: 50%; transform: translateX(-50%); z-index: 800;
  background: rgba(255,255,255,.9); padding: 3px 12px; border-radius: 4px; font: 600 15px sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); pointer-events: none; white-space: nowrap; }}
.sbm-title.present {{ font-size: 26px; padding: 6px 18px; }}
.sbm-legend {{ background: rgba(255,255,255,.92); padding: 6px 8px; border-radius: 4px; font: 11px/1.35 sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 260px; max-height: 42vh; overflow-y: auto; }}
.sbm-legend.present {{ font-size: 15px; max-width: 380px; }}
.sbm-legend h4 {{ margin: 4px 0 2px; font-size: 1em; }}
.sbm-legend .sbm-row {{ display: flex; align-items: center; gap: 6px; margin: 1px 0; }}
.sbm-legend summary {{ cursor: pointer; }}
.sbm-locator {{ background: rgba(255,255,255,.92); border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  padding: 2px; }}
.sbm-locator-head {{ font: 600 10px/14px sans-serif; color: #333; padding: 0 4px; cursor: pointer; }}
.sbm-locator-map {{ width: 150px; height: 120px; background: {SEA_COLOUR}; }}
.sbm-locator.folded .sbm-locator-map {{ display: none; }}
.sbm-popup th {{ text-align: left; padding-right: 8px; vertical-align: top; }}
.sbm-popup {{ font-size: 12px; }}
</style>"""


# --- small elements ------------------------------------------------------------------------------------

# Each feature's tooltip and popup are its escaped 'tooltip'/'popup' properties, bound per feature.
# (folium's GeoJsonTooltip/GeoJsonPopup would add two elements whose templates are compiled again on
# every render, about a fifth of the dashboard's time per run.)  A tooltip bound to the clicked shape
# is what streamlit-folium returns as last_object_clicked_tooltip.
BIND_DETAILS = JsCode("""function(feature, layer) {
    var properties = feature.properties || {};
    if (properties.tooltip) { layer.bindTooltip(properties.tooltip, {sticky: true}); }
    if (properties.popup) { layer.bindPopup(properties.popup, {maxWidth: 400}); }
}""")


def _script_json(value: object) -> str:
    """JSON for inside a <script>: '</' and '<!--' cannot end or confuse the script element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


class Attribution(MacroElement):
    """Adds data credits to Leaflet's attribution control (there may be no tile layer to carry them)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


class MapPanel(MacroElement):
    """A block of (already escaped) HTML on the map: a Leaflet control at ``position``, or, with
    position 'topcenter', a box centred at the top of the map container (kept in fullscreen).

    It is a Leaflet layer: put on a map it shows at once; put in a FeatureGroup it shows while the
    group is on the map and goes with it (the dashboard replaces the dated groups without a new map).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                var html = {{ this.html_json }};
                {% if this.position == "topcenter" %}
                this._box = L.DomUtil.create('div', {{ this.css_class_json }}, map.getContainer());
                this._box.innerHTML = html;
                {% else %}
                this._control = L.control({position: {{ this.position_json }}});
                this._control.onAdd = function() {
                    var div = L.DomUtil.create('div', {{ this.css_class_json }});
                    div.innerHTML = html;
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                this._control.addTo(map);
                {% endif %}
            },
            onRemove: function() {
                if (this._box) { L.DomUtil.remove(this._box); }
                if (this._control) { this._control.remove(); }
            }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, css_class: str, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "MapPanel"
        self.html = html
        self.position = position
        self.html_json = _script_json(html)
        self.css_class_json = _script_json(css_class)
        self.position_json = _script_json(position)


class LegendFollowsLayers(MacroElement):
    """Hides a legend section while its layer is switched off in the map's own layer control (the
    sections carry the layer's control name in ``data-layer``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            function follow(event, shown) {
                map.getContainer().querySelectorAll('.sbm-legend [data-layer]').forEach(function(section) {
                    if (section.getAttribute('data-layer') === event.name) {
                        section.style.display = shown ? '' : 'none';
                    }
                });
            }
            map.on('overlayadd', function(event) { follow(event, true); });
            map.on('overlayremove', function(event) { follow(event, false); });
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "LegendFollowsLayers"


class Locator(MacroElement):
    """An offline locator: a small inset of the region's countries (coarse outlines embedded in the page,
    no tiles) with a rectangle showing the part the map shows; it follows every pan and zoom.  Click
    its heading to fold it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var control = L.control({position: 'bottomleft'});
            control.onAdd = function() {
                var box = L.DomUtil.create('div', 'sbm-locator');
                var head = L.DomUtil.create('div', 'sbm-locator-head', box);
                head.textContent = 'Locator';
                var inset = L.DomUtil.create('div', 'sbm-locator-map', box);
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                L.DomEvent.on(head, 'click', function() { L.DomUtil.hasClass(box, 'folded')
                    ? L.DomUtil.removeClass(box, 'folded') : L.DomUtil.addClass(box, 'folded'); });
                setTimeout(function() {
                    var overview = L.map(inset, {attributionControl: false, zoomControl: false, dragging: false,
                        scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false,
                        touchZoom: false, zoomSnap: 0.1});
                    L.geoJson({{ this.outlines_json }}, {interactive: false, style: {{ this.style_json }}})
                        .addTo(overview);
                    overview.fitBounds(L.latLngBounds({{ this.bounds_json }}).pad(0.2));
                    var shown = L.rectangle(map.getBounds(), {interactive: false, color: '#c0392b', weight: 2,
                        fill: true, fillOpacity: 0.15}).addTo(overview);
                    map.on('moveend zoomend resize', function() { shown.setBounds(map.getBounds()); });
                }, 0);
                return box;
            };
            control.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, outlines: dict[str, Any], bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "Locator"
        self.outlines_json = _script_json(outlines)
        self.bounds_json = _script_json(bounds)
        self.style_json = _script_json({"color": "#666", "weight": 0.6, "fillColor": COUNTRY_FILL,
                                        "fillOpacity": 1.0})


class PlaceSearch(JSCSSMixin, MacroElement):
    """A search box (leaflet-search, bundled by folium-offline) over the map's own places and sites.

    folium.plugins.Search indexes one layer; this indexes, when it is added, every feature on the map
    whose GeoJSON properties have ``search`` (force sites, mentioned places), zooms to the match and opens
    its popup.  No geocoder, no network.  Like `MapPanel` it is a layer, so it can live in a group that
    is replaced with the dated layers; add it after the layers it should find.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = new (L.Layer.extend({
            onAdd: function(map) {
                var index = L.layerGroup();
                map.eachLayer(function(layer) {
                    if (layer.feature && layer.feature.properties && layer.feature.properties.search) {
                        index.addLayer(layer);
                    }
                });
                this._control = new L.Control.Search({
                    layer: index, propertyName: 'search', initial: false, zoom: {{ this.zoom }},
                    collapsed: true, position: 'topleft', textPlaceholder: {{ this.placeholder_json }},
                    marker: {icon: false, animate: true, circle: {radius: 18, weight: 3, color: '#000', fill: false}}
                });
                this._control.on('search:locationfound', function(e) {
                    // The popups are bound to each feature: a click on the found marker opens its own.
                    if (e.layer && map.hasLayer(e.layer)) { e.layer.fire('click', {latlng: e.layer.getLatLng()}, true); }
                });
                map.addControl(this._control);
            },
            onRemove: function(map) { map.removeControl(this._control); }
        }))();
        {{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
        {% endmacro %}
    """)
    default_js = folium.plugins.Search.default_js
    default_css = folium.plugins.Search.default_css

    def __init__(self, placeholder: str = "Search places and sites", zoom: int = 8) -> None:
        super().__init__()
        self._name = "PlaceSearch"
        self.zoom = zoom
        self.placeholder_json = _script_json(placeholder)


def popup_html(title: str, rows: Iterable[tuple[str, str]], extra: str = "") -> str:
    """Escaped popup HTML: a bold title, a table of label/value rows (source rows as links) and
    ``extra`` (already escaped HTML)."""
    cells = "".join(
        f"<tr><th>{escape_text(label)}</th>"
        f"<td>{mapstyle.sources_html(value) if is_source_row(label) else escape_text(value)}</td></tr>"
        for label, value in rows
    )
    return f"<div class='sbm-popup'><b>{escape_text(title)}</b><table>{cells}</table>{extra}</div>"


def _popup(title: str, rows: Iterable[tuple[str, str]], extra: str = "") -> folium.Popup:
    html = Html(escape_backticks(popup_html(title, rows, extra)), script=True)  # what folium.Popup(str) makes
    # Named after its content, not at random: the same map then renders to the same script, and st_folium
    # leaves the layers on screen alone when a rerun changes nothing (it redrew them all: 0.3-0.5 s).
    html._id = hashlib.sha256(html.data.encode("utf-8")).hexdigest()[:32]
    return folium.Popup(html, max_width=380)


def _swatch(fill: str = "transparent", outline: str = BORDER_COLOUR, dash: str | None = None,
            width: int = 1, round_: bool = False) -> str:
    border = "dotted" if dash and dash.startswith("2 ") else "dashed" if dash else "solid"
    radius = "50%" if round_ else "2px"
    return (f"<span style='display:inline-block;width:16px;height:11px;background:{fill};"
            f"border:{width}px {border} {outline};border-radius:{radius}'></span>")


def _site_tag(code: str, colour: str, text: str, uncertain: bool = False) -> str:
    css = "sbm-site uncertain" if uncertain else "sbm-site"
    return f"<div class='{css}' style='background:{colour};color:{text}'>{escape_text(code)}</div>"


def _group(key: str, name: str | None = None) -> folium.FeatureGroup:
    return folium.FeatureGroup(name=name or LAYER_NAMES[key], control=True, show=True)


# --- base map ------------------------------------------------------------------------------------------

MAP_JS = frozenset({"leaflet", "jquery"})
MAP_CSS = frozenset({"leaflet_css"})


def _base_map(options: MapOptions) -> folium.Map:
    folium_map = folium.Map(location=[14.5, -2.0], zoom_start=5, tiles=None, prefer_canvas=True,
                            control_scale=True, min_zoom=3, max_zoom=MAX_ZOOM)
    # folium drops max_zoom when tiles=None; plugins such as MarkerCluster need it.
    folium_map.options["max_zoom"] = MAX_ZOOM
    # This map draws DivIcons and circles, never Bootstrap or Font Awesome markers: not loading those
    # (about 1 MB, mostly Font Awesome's embedded fonts) makes the map appear sooner and exports smaller.
    folium_map.default_js = [(name, url) for name, url in folium_map.default_js if name in MAP_JS]
    folium_map.default_css = [(name, url) for name, url in folium_map.default_css if name in MAP_CSS]
    folium_map.get_root().header.add_child(folium.Element(CSS))
    if options.tiles is not None:
        provider = ONLINE_TILES[options.tiles]
        folium.TileLayer(tiles=provider.build_url(), attr=provider.html_attribution, name=options.tiles,
                         max_zoom=MAX_ZOOM, overlay=False).add_to(folium_map)
    return folium_map


# --- countries, alliance, ECOWAS -----------------------------------------------------------------------

def _country_features(options: MapOptions, status: pd.DataFrame) -> list[dict[str, Any]]:
    features = []
    for shape in mapdata.country_shapes():
        title, rows = country_rows(shape["iso3"], options, status)
        features.append({
            "type": "Feature", "id": shape["iso3"], "geometry": shape["geometry"],
            "properties": {
                "iso3": shape["iso3"], "name": shape["name"],
                "aes": status.loc[shape["iso3"], "aes_status"],
                "ecowas": status.loc[shape["iso3"], "ecowas_status"],
                "tooltip": escape_text(f"{shape['name']} {feature_key('country', shape['iso3'])}"),
                "popup": popup_html(title, rows),
            },
        })
    return features


def _country_geojson(features: list[dict[str, Any]], styles: dict[str, dict[str, Any]], name: str) -> folium.GeoJson:
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name=name,
        style_function=lambda feature: styles[feature["properties"]["iso3"]],
        highlight_function=lambda _feature: {"weight": 3, "color": "#000"},
        on_each_feature=BIND_DETAILS,
        zoom_on_click=False,
    )


def _countries_layer(features: list[dict[str, Any]]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYER_NAMES["countries"], control=True)
    style = {"fillColor": COUNTRY_FILL, "fillOpacity": 1.0, "color": BORDER_COLOUR, "weight": 1.0}
    styles = {f["properties"]["iso3"]: style for f in features}
    _country_geojson(features, styles, "countries").add_to(group)
    return group


def _alliance_layer(features: list[dict[str, Any]], options: MapOptions) -> tuple[folium.FeatureGroup, Legend]:
    group = _group("alliance")
    members = [f for f in features if f["properties"]["aes"] == "member"]
    style = {"fillColor": AES_FILL, "fillOpacity": 0.75, "stroke": False, "weight": 0}
    if members:
        _country_geojson(members, {f["properties"]["iso3"]: style for f in members}, "alliance").add_to(group)
    names = ", ".join(f["properties"]["name"] for f in members) or "none on this date"
    legend = [(_swatch(AES_FILL, AES_FILL), escape_text(f"AES member (fill): {names}"))]
    return group, [(LAYER_NAMES["alliance"], legend)]


def _ecowas_layer(features: list[dict[str, Any]]) -> tuple[folium.FeatureGroup, Legend]:
    group = _group("ecowas")
    shown = [f for f in features if f["properties"]["ecowas"] in ECOWAS_STYLES]
    styles = {}
    for feature in shown:
        props = feature["properties"]
        look = ECOWAS_STYLES[props["ecowas"]]
        fill = props["aes"] != "member"  # AES members keep the alliance fill: ECOWAS shows as the outline
        styles[props["iso3"]] = {"color": look.outline, "weight": ECOWAS_WEIGHT, "dashArray": look.dash,
                                 "fillColor": look.fill, "fillOpacity": 0.8 if fill else 0.0, "lineCap": "round"}
    if shown:
        _country_geojson(shown, styles, "ecowas").add_to(group)
    legend = [(_swatch(look.fill, look.outline, look.dash, 2), escape_text(look.label))
              for look in ECOWAS_STYLES.values()]
    legend.append(("", escape_text("Outline = ECOWAS status; on AES members the fill stays AES")))
    return group, [(LAYER_NAMES["ecowas"], legend)]


def _labels_layer() -> tuple[folium.FeatureGroup, Legend]:
    group = _group("labels")
    shapes = mapdata.country_shapes()
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [shape["label_lon"], shape["label_lat"]]},
                 "properties": {"iso3": shape["iso3"], "style_index": index}} for index, shape in enumerate(shapes)]
    styles = [{"html": f"<div class='country-label'>{escape_text(shape['name'])}</div>"} for shape in shapes]
    marker = folium.Marker(icon=folium.DivIcon(html="", icon_size=(120, 14), icon_anchor=(60, 7)), interactive=False)
    folium.GeoJson({"type": "FeatureCollection", "features": features}, name="labels", marker=marker,
                   style_function=lambda feature: styles[feature["properties"]["style_index"]]).add_to(group)
    return group, []


# --- regions and Liptako-Gourma ------------------------------------------------------------------------

def _regions_layer() -> tuple[folium.FeatureGroup, Legend]:
    group = _group("regions")
    features = [{"type": "Feature", "id": shape["region_id"], "geometry": shape["geometry"],
                 "properties": {"tooltip": escape_text(f"{shape['name']} {feature_key('region', shape['region_id'])}"),
                                "popup": popup_html(*region_rows(shape["region_id"]))}}
                for shape in mapdata.region_shapes()]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="regions",
        style_function=lambda _feature: {"fill": False, "color": REGION_COLOUR, "weight": 0.8, "dashArray": "3 3"},
        on_each_feature=BIND_DETAILS,
        zoom_on_click=False,
    ).add_to(group)
    legend = [(_swatch("transparent", REGION_COLOUR, "3 3"), escape_text("Region boundary (Natural Earth, pre-2025)"))]
    return group, [(LAYER_NAMES["regions"], legend)]


def _rivers_layer() -> tuple[folium.FeatureGroup, Legend]:
    """The Niger and the region's other major rivers: what makes a tile-less map read as a landscape."""
    group = _group("rivers")
    features = [{"type": "Feature", "id": str(index), "geometry": shape["geometry"],
                 "properties": {"tooltip": escape_text(f"{shape['name']} {feature_key('river', shape['name'])}"),
                                "weight": 2.6 if shape["scalerank"] <= 2 else 1.4}}
                for index, shape in enumerate(mapdata.river_shapes())]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="rivers",
        style_function=lambda feature: {"color": RIVER_COLOUR, "weight": feature["properties"]["weight"],
                                        "opacity": 0.9},
        on_each_feature=BIND_DETAILS, zoom_on_click=False,
    ).add_to(group)
    legend = [(_swatch("transparent", RIVER_COLOUR), escape_text("River (Natural Earth 1:10m)"))]
    return group, [(LAYER_NAMES["rivers"], legend)]


def _liptako_layer(options: MapOptions) -> tuple[folium.FeatureGroup, Legend]:
    feature = mapdata.liptako_feature(options)
    group = _group("liptako", f"Liptako-Gourma: {feature['name']}")
    title, rows = liptako_rows(feature)
    folium.GeoJson(
        shapely.geometry.mapping(mapdata.display_geometries(feature["geometry"], coverage=False)), name="liptako",
        style_function=lambda _f: {"color": LIPTAKO_COLOUR, "weight": 2.5, "fillColor": LIPTAKO_COLOUR,
                                   "fillOpacity": 0.12, "dashArray": "6 4"},
        tooltip=folium.Tooltip(escape_text(f"{feature['name']} {feature_key('liptako', feature['id'])}")),
        popup=_popup(title, rows),
        zoom_on_click=False,
    ).add_to(group)
    point = boundaries.tripoint()
    tri_title, tri_rows = tripoint_rows()
    folium.CircleMarker(
        [point.y, point.x], radius=5, color="#000", weight=1.5, fill=True, fill_color="#ffffff", fill_opacity=1,
        tooltip=folium.Tooltip(escape_text(f"{tri_title} {feature_key('tripoint', TRIPOINT_KEY)}")),
        popup=_popup(tri_title, tri_rows),
    ).add_to(group)
    area = f"{feature['area_km2']:,.0f} km²"
    legend = [(_swatch(LIPTAKO_COLOUR + "33", LIPTAKO_COLOUR, "6 4", 2), escape_text(f"{feature['name']} ({area})")),
              (_swatch("#fff", "#000", None, 2, round_=True), escape_text("Mali–Burkina Faso–Niger tripoint"))]
    return group, [("Liptako-Gourma", legend)]


# --- force sites ---------------------------------------------------------------------------------------

def _point_geojson(features: list[dict[str, Any]], styles: list[dict[str, Any]], marker: folium.Marker | folium.CircleMarker,
                   name: str) -> folium.GeoJson:
    """One GeoJson for a layer of points: per-feature style (radius, or DivIcon html/size), tooltip and
    popup HTML come from the feature's properties (escaped when they were built)."""
    for index, feature in enumerate(features):
        feature["id"] = str(index)
        feature["properties"]["style_index"] = index
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name=name, marker=marker,
        style_function=lambda feature: styles[feature["properties"]["style_index"]],
        on_each_feature=BIND_DETAILS,
        zoom_on_click=False,
    )


def _forces_layer(options: MapOptions) -> tuple[folium.FeatureGroup, Legend]:
    group = _group("forces")
    present = mapdata.sites(options)
    # Several operators share one point (Niamey airport): spread their tags side by side.
    where = [present["lat"].round(3), present["lon"].round(3)]
    slot = present.groupby(where).cumcount() if len(present) else []
    crowd = present.groupby(where)["site_id"].transform("size") if len(present) else []
    features, styles = [], []
    for (_, site), index, size in zip(present.iterrows(), slot, crowd):
        record = {k: mapdata._clean(v) for k, v in site.drop(labels="geometry").items()}
        symbol = operator_symbol(str(site["operator"]))
        width = 10 + 7 * len(symbol.code)
        offset = (index - (size - 1) / 2) * (width + 2)
        title, rows = site_rows(record)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [site["lon"], site["lat"]]},
                         "properties": {"site_id": site["site_id"], "operator": site["operator"],
                                        "search": f"{site['site_name']} ({site['operator']})",
                                        "tooltip": escape_text(site_tooltip(site)), "popup": popup_html(title, rows)}})
        styles.append({"html": _site_tag(symbol.code, symbol.colour, symbol.text, site["presence"] != "certain"),
                       "iconSize": [width, 18], "iconAnchor": [round(width / 2 - offset), 9], "className": "sbm-icon"})
    if features:
        marker = folium.Marker(icon=folium.DivIcon(html="", icon_size=(24, 18), icon_anchor=(12, 9)))
        _point_geojson(features, styles, marker, "forces").add_to(group)
    operators = sorted(set(present["operator"]), key=lambda o: (operator_symbol(o).code, o))
    legend = [(_site_tag(operator_symbol(o).code, operator_symbol(o).colour, operator_symbol(o).text), escape_text(o))
              for o in operators]
    if not operators:
        legend = [("", escape_text("No site on this date for the chosen operators"))]
    legend.append((_site_tag("XX", "#888", "#fff", True), escape_text("Dashed: presence uncertain on this date")))
    return group, [(f"{LAYER_NAMES['forces']} ({options.as_of.day} {options.as_of:%b %Y})", legend)]


# --- mentions ------------------------------------------------------------------------------------------

def _place_popup(name: str, count: int, records: list[dict[str, Any]]) -> str:
    """Escaped popup HTML for a place: its articles (title, date) and up to SENTENCES_PER_PLACE
    distinct sentences, each truncated."""
    articles: dict[tuple[str, str], list[str]] = {}
    for record in records:
        title = record["title"] if isinstance(record["title"], str) else "Untitled"
        date = record["date"] if isinstance(record["date"], str) else ""
        sentences = articles.setdefault((title, date), [])
        sentence = record["sentence"] if isinstance(record["sentence"], str) else ""
        if sentence and sentence not in sentences:
            sentences.append(sentence)
    parts, budget = [], mapstyle.SENTENCES_PER_PLACE
    total = sum(len(sentences) for sentences in articles.values())
    for (title, date), sentences in articles.items():
        items = "".join(f"<li>“{escape_text(mapstyle.truncate(s))}”</li>" for s in sentences[:budget])
        budget -= min(budget, len(sentences))
        when = f" ({escape_text(date)})" if date else ""
        parts.append(f"<div><b>{escape_text(title)}</b>{when}<ul style='margin:2px 0 6px 16px;padding:0'>{items}</ul></div>")
    shown = mapstyle.SENTENCES_PER_PLACE - budget
    more = f"<i>… {total - shown} more sentence(s) in the details panel</i>" if total > shown else ""
    head = f"<b>{escape_text(name)}</b> — {count} mention(s) in {len(articles)} article(s)"
    return f"<div class='sbm-popup' style='max-height:260px;overflow-y:auto'>{head}{''.join(parts)}{more}</div>"


def _mentions_layer(mentions: gpd.GeoDataFrame | None) -> tuple[folium.FeatureGroup, Legend]:
    group = _group("mentions")
    summary = mapdata.place_summary(mentions)
    frame = mapdata.place_mentions(mentions)
    by_place: dict[str, list[dict[str, Any]]] = {}
    for record in frame[["gazetteer_id", "title", "date", "sentence"]].to_dict("records"):
        by_place.setdefault(record["gazetteer_id"], []).append(record)
    features, styles = [], []
    for place in summary.itertuples(index=False):
        extended = place.feature in mapstyle.EXTENDED_FEATURES
        label = f"{place.name} ({place.count} mention{'s' if place.count != 1 else ''})"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                         "properties": {"gazetteer_id": place.gazetteer_id, "count": int(place.count),
                                        "search": f"{place.name} ({place.gazetteer_id})",
                                        "tooltip": escape_text(f"{label} {feature_key('place', place.gazetteer_id)}"),
                                        "popup": _place_popup(place.name, int(place.count), by_place[place.gazetteer_id])}})
        styles.append({"radius": mapstyle.mention_radius(int(place.count)), "color": MENTION_COLOUR,
                       "weight": 2 if extended else 1, "dashArray": "4 3" if extended else None,
                       "fillColor": MENTION_COLOUR, "fillOpacity": 0.08 if extended else 0.45})
    if features:
        marker = folium.CircleMarker(radius=6, fill=True)
        _point_geojson(features, styles, marker, "mentions").add_to(group)
    legend = [
        (_swatch(MENTION_COLOUR + "73", MENTION_COLOUR, round_=True), escape_text("Place named in the articles (area ~ mentions)")),
        (_swatch("transparent", MENTION_COLOUR, "4 3", 2, round_=True),
         escape_text("Area, region or river: one approximate point")),
    ]
    if summary.empty:
        legend.append(("", escape_text("No resolved place in the chosen articles")))
    return group, [(f"{LAYER_NAMES['mentions']} ({len(summary)})", legend)]


def _country_mentions_layer(mentions: gpd.GeoDataFrame | None) -> tuple[folium.FeatureGroup, Legend]:
    group = _group("country_mentions")
    summary = mapdata.country_mentions(mentions)
    features, styles = [], []
    for row in summary[summary["direct"] > 0].itertuples(index=False):
        point = mapdata.country_point(row.iso3)
        if point is None:
            continue
        name, lat, lon = point
        text = mapdata.country_mention_label(row.iso3, row._asdict())
        width = 12 + 7 * len(str(row.direct))
        rows = [("Mentions", text), ("Counting", "name and demonyms; organisations listed, not added")]
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": {"iso3": row.iso3, "direct": int(row.direct),
                                        "tooltip": escape_text(f"{text} {feature_key('country_mentions', row.iso3)}"),
                                        "popup": popup_html(f"{name} in the articles", rows)}})
        styles.append({"html": f"<div class='sbm-badge'>{int(row.direct)}</div>", "iconSize": [width, 16],
                       "iconAnchor": [width // 2, -8], "className": "sbm-icon"})
    if features:
        marker = folium.Marker(icon=folium.DivIcon(html="", icon_size=(20, 16), icon_anchor=(10, -8)))
        _point_geojson(features, styles, marker, "country_mentions").add_to(group)
    legend = [("<div class='sbm-badge' style='width:20px'>n</div>",
               escape_text("Mentions of a country's name or demonym (organisations: in the tooltip)"))]
    unplaced = mapdata.unplaced_organisations(mentions)
    if unplaced:
        listed = ", ".join(f"{org} ×{n}" for org, n in unplaced.most_common(6))
        legend.append(("", escape_text(f"Not on the map (no member countries): {listed}")))
    return group, [(LAYER_NAMES["country_mentions"], legend)]


# --- title, legend, controls ---------------------------------------------------------------------------

def title_text(options: MapOptions) -> str:
    """'Sahel Briefing Map — as of 16 Sep 2023'."""
    return f"{options.title} — as of {options.as_of.day} {options.as_of:%b %Y}"


def _legend_html(sections: LayerLegend, options: MapOptions) -> str:
    body = []
    for heading, entries, layer in sections:
        rows = "".join(f"<div class='sbm-row'>{swatch}<span>{label}</span></div>" for swatch, label in entries)
        # data-layer: the section hides when its layer is switched off in the map's layer control.
        body.append(f"<div data-layer=\"{escape_text(layer)}\"><h4>{escape_text(heading)}</h4>{rows}</div>")
    stamp = escape_text(f"As of {options.as_of.isoformat()}")
    # <details open>: visible by default (slides, exports), and a user can fold it away on a small screen.
    return (f"<details open><summary><b>Legend</b> <span style='color:#555'>{stamp}</span></summary>"
            f"{''.join(body)}</details>")


def _controls(folium_map: folium.Map) -> None:
    """The map's own controls: the same on every date."""
    Attribution(ATTRIBUTION).add_to(folium_map)
    folium.plugins.Fullscreen(position="topleft").add_to(folium_map)
    folium.plugins.MeasureControl(position="topleft", primary_length_unit="kilometers",
                                  secondary_length_unit="miles", primary_area_unit="sqkilometers",
                                  secondary_area_unit="hectares").add_to(folium_map)
    Locator(mapdata.locator_outlines(), [list(corner) for corner in WEST_AFRICA_BOUNDS]).add_to(folium_map)
    LegendFollowsLayers().add_to(folium_map)


def build_map_parts(options: MapOptions | None = None, mentions: gpd.GeoDataFrame | None = None
                    ) -> tuple[folium.Map, list[folium.FeatureGroup], folium.LayerControl]:
    """The map in two parts: a base (the map, its controls and extent; nothing that depends on the date,
    the layers chosen or the articles) and the groups drawn on it in order (every layer, then the title,
    legend and search), plus the layer control for them.

    The dashboard hands the groups to st_folium separately (``feature_group_to_add``): a new date or
    layer choice then replaces the groups in the map already on screen, which keeps its view.
    `build_map` puts them together.
    """
    options = options or MapOptions()
    base = _base_map(options)
    _controls(base)
    south, west, north, east = options.bounds or (*WEST_AFRICA_BOUNDS[0], *WEST_AFRICA_BOUNDS[1])
    base.fit_bounds([[south, west], [north, east]])

    status = mapdata.country_status(options.as_of)
    features = _country_features(options, status)
    groups = [_countries_layer(features)]
    legend: LayerLegend = [(LAYER_NAMES["countries"], [(_swatch(COUNTRY_FILL), escape_text("Country (Natural Earth 1:10m)"))],
                            LAYER_NAMES["countries"])]
    builders = {
        "alliance": lambda: _alliance_layer(features, options),
        "ecowas": lambda: _ecowas_layer(features),
        "regions": _regions_layer,
        "rivers": _rivers_layer,
        "liptako": lambda: _liptako_layer(options),
        "labels": _labels_layer,
        "forces": lambda: _forces_layer(options),
        "mentions": lambda: _mentions_layer(mentions),
        "country_mentions": lambda: _country_mentions_layer(mentions),
    }
    for key in ("alliance", "ecowas", "regions", "rivers", "liptako", "labels", "forces", "mentions",
                "country_mentions"):
        if options.shows(key):
            group, entries = builders[key]()
            groups.append(group)
            legend += [(heading, rows, group.layer_name) for heading, rows in entries]

    # Title, legend and search belong to the date and layers shown: a group of their own, not in the layer control.
    annotations = folium.FeatureGroup(name="Title and legend", control=False)
    present = " present" if options.presentation else ""
    MapPanel(escape_text(title_text(options)), "sbm-title" + present, "topcenter").add_to(annotations)
    MapPanel(_legend_html(legend, options), "sbm-legend" + present, "bottomright").add_to(annotations)
    if options.shows("forces") or options.shows("mentions"):
        PlaceSearch().add_to(annotations)
    groups.append(annotations)
    return base, groups, folium.LayerControl(collapsed=not options.presentation)


def build_map(options: MapOptions | None = None, mentions: gpd.GeoDataFrame | None = None) -> folium.Map:
    """A new folium.Map with the chosen layers as of ``options.as_of`` (for exports and tests: one page).

    ``mentions`` is a `geo.mentions.mentions_table` (possibly filtered); without it the mention layers
    are empty.  Loaded boundary data is cached; the Map is built fresh every call (never cache it).
    """
    folium_map, groups, layer_control = build_map_parts(options, mentions)
    for group in groups:
        group.add_to(folium_map)
    layer_control.add_to(folium_map)
    return folium_map


def layer_names(options: MapOptions) -> list[str]:
    """The layer-control names a map built with ``options`` has (for tests and the app's help text)."""
    names = [LAYER_NAMES["countries"]]
    for key in LAYER_KEYS:
        if options.shows(key):
            names.append(f"Liptako-Gourma: {mapdata.liptako_feature(options)['name']}" if key == "liptako"
                         else LAYER_NAMES[key])
    return names

