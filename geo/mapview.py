"""Assemble a folium.Map from the layers: one function, pure (returns a new map every call).

The map is readable with no tiles at all (country fills, borders, labels): online tiles are an option on
top.  Every string that reaches HTML is escaped here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import folium
import geopandas as gpd
import xyzservices.providers as xyz
from branca.element import MacroElement
from jinja2 import Template

from geo import boundaries

ATTRIBUTION = (
    'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain) · '
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)
SEA_COLOUR = "#dde6ee"
COUNTRY_FILL = "#f4f1ea"
BORDER_COLOUR = "#5b5b5b"
REGION_COLOUR = "#9a9a9a"
LIPTAKO_COLOUR = "#b2182b"
AES_STATES = ("MLI", "BFA", "NER")
WEST_AFRICA_BOUNDS = [[4.0, -18.0], [25.0, 16.0]]  # [[south, west], [north, east]]

# Online basemaps a user may add when there is a network (definitions from xyzservices).
ONLINE_TILES = {
    "OpenStreetMap": xyz.OpenStreetMap.Mapnik,
    "CartoDB Positron": xyz.CartoDB.Positron,
    "Esri World Imagery (satellite)": xyz.Esri.WorldImagery,
}


class Attribution(MacroElement):
    """Adds data credits to Leaflet's attribution control (there is no tile layer to carry them)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


@dataclass(frozen=True)
class MapOptions:
    """What the user chose to see."""

    liptako_definition: str = boundaries.DEFAULT_DEFINITION
    show_regions: bool = True
    show_labels: bool = True
    tiles: str | None = None  # a key of ONLINE_TILES, or None for the offline base map


def _popup(rows: list[tuple[str, object]], title: str) -> folium.Popup:
    """A popup of escaped label/value rows (values may come from data files or users)."""
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:8px;vertical-align:top'>{html.escape(label)}</th>"
        f"<td>{html.escape(str(value))}</td></tr>"
        for label, value in rows
        if value not in (None, "") and str(value) != "nan"
    )
    body = f"<b>{html.escape(title)}</b><table style='font-size:12px'>{cells}</table>"
    return folium.Popup(body, max_width=360)


def _base_map(options: MapOptions) -> folium.Map:
    folium_map = folium.Map(location=[14.5, -2.0], zoom_start=5, tiles=None, prefer_canvas=True,
                            control_scale=True, min_zoom=3, max_zoom=12)
    # folium drops max_zoom when tiles=None; plugins such as MarkerCluster need it.
    folium_map.options["max_zoom"] = 12
    folium_map.get_root().header.add_child(folium.Element(
        f"<style>.leaflet-container {{ background: {SEA_COLOUR}; }}"
        ".country-label { font: 600 11px/1.1 sans-serif; color: #333; text-align: center;"
        " text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; pointer-events: none; }</style>"))
    if options.tiles is not None:
        provider = ONLINE_TILES[options.tiles]
        folium.TileLayer(tiles=provider.build_url(), attr=provider.html_attribution, name=options.tiles,
                         max_zoom=12, overlay=False).add_to(folium_map)
    return folium_map


def _countries_layer(countries: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Countries", control=True)
    for row in countries.itertuples():
        is_aes = row.iso3 in AES_STATES
        style = {"fillColor": COUNTRY_FILL, "fillOpacity": 1.0, "color": BORDER_COLOUR,
                 "weight": 1.6 if is_aes else 1.0}
        folium.GeoJson(
            row.geometry.__geo_interface__, name=row.name,
            style_function=lambda _feature, style=style: style,
            tooltip=html.escape(f"{row.name} / {row.name_fr}"),
            popup=_popup([("ISO3", row.iso3), ("French", row.name_fr), ("Area (km²)", f"{row.area_km2:,.0f}")],
                         row.name),
        ).add_to(group)
    return group


def _labels_layer(countries: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Country labels", control=True)
    for row in countries.itertuples():
        folium.Marker(
            [row.label_lat, row.label_lon],
            icon=folium.DivIcon(html=f"<div class='country-label'>{html.escape(row.name)}</div>",
                                icon_size=(120, 14), icon_anchor=(60, 7)),
        ).add_to(group)
    return group


def _regions_layer(regions: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Regions (Mali, Burkina Faso, Niger)", control=True)
    data = regions[["region_id", "name", "area_km2", "geometry"]]
    folium.GeoJson(
        data.to_json(),
        style_function=lambda _feature: {"fill": False, "color": REGION_COLOUR, "weight": 0.8, "dashArray": "3 3"},
        tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=["Region"]),
    ).add_to(group)
    return group


def _liptako_layer(definition: str) -> folium.FeatureGroup:
    feature = boundaries.load_liptako_gourma(definition).iloc[0]
    group = folium.FeatureGroup(name=f"Liptako-Gourma: {feature['name']}", control=True)
    official = feature["official_area_km2"]
    rows: list[tuple[str, object]] = [
        ("Definition", feature["definition"]),
        ("Area (computed)", f"{feature['area_km2']:,.0f} km²"),
        ("Area (official)", f"{official:,.0f} km²" if official == official and official else ""),
        ("Why they differ", feature["area_note"]),
        ("Regions", feature["regions"]),
        ("Sources", feature["sources"]),
    ]
    folium.GeoJson(
        feature.geometry.__geo_interface__,
        style_function=lambda _f: {"color": LIPTAKO_COLOUR, "weight": 2.5, "fillColor": LIPTAKO_COLOUR,
                                   "fillOpacity": 0.12, "dashArray": "6 4"},
        tooltip=html.escape(str(feature["name"])),
        popup=_popup(rows, str(feature["name"])),
    ).add_to(group)
    point = boundaries.tripoint()
    folium.CircleMarker(
        [point.y, point.x], radius=5, color="#000", weight=1.5, fill=True, fill_color="#ffffff", fill_opacity=1,
        tooltip="Mali–Burkina Faso–Niger tripoint",
        popup=_popup([("Latitude", f"{point.y:.4f}"), ("Longitude", f"{point.x:.4f}"),
                      ("Note", "Computed from Natural Earth 1:10m polygons; approximate")],
                     "Mali–Burkina Faso–Niger tripoint"),
    ).add_to(group)
    return group


def build_map(options: MapOptions | None = None) -> folium.Map:
    """A new folium.Map with the base layers, the chosen Liptako-Gourma polygon and the tripoint."""
    options = options or MapOptions()
    folium_map = _base_map(options)
    countries = boundaries.load_countries()
    _countries_layer(countries).add_to(folium_map)
    if options.show_regions:
        _regions_layer(boundaries.load_regions(AES_STATES)).add_to(folium_map)
    _liptako_layer(options.liptako_definition).add_to(folium_map)
    if options.show_labels:
        _labels_layer(countries).add_to(folium_map)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    Attribution(ATTRIBUTION).add_to(folium_map)
    folium_map.fit_bounds(WEST_AFRICA_BOUNDS)
    return folium_map
