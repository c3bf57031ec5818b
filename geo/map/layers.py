"""The map's layer builders: each draws one layer of `geo.map.registry.LAYERS` as a folium FeatureGroup
and returns its legend sections.  Every string that reaches HTML is escaped here or in `geo.map.popups`
(`geo.map.style.escape_text`).

- countries: always drawn, neutral fill and borders; tooltip ``Name [country:ISO3]``, popup with the
  AES and ECOWAS status on the date (source, certainty).
- alliance: AES members on the date filled in ochre.
- ecowas: ECOWAS member / suspended / withdrawn as an outline colour and dash pattern, plus a light fill
  of the same hue, except on AES members, whose fill shows the alliance ("AES fill + ECOWAS outline").
- labels: country names (DivIcon).  regions: first-level regions of MLI/BFA/NER.  rivers: major rivers.
- liptako: the chosen Liptako-Gourma polygon (or a custom union of regions) and the tripoint.
- forces: force sites on the date, a coloured tag with an operator code; dashed when presence is uncertain.
- mentions: one circle per resolved place (area ~ number of mentions); areas, regions and rivers are rings.
- country_mentions: a badge under the country's label with the number of mentions of its name and
  demonyms; organisation mentions are listed per member country but not added to the number.

Clickable objects have tooltips ending with ``[kind:key]`` (see `geo.map.details`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import folium
import geopandas as gpd
import pandas as pd
import shapely
from folium.utilities import JsCode

from geo.facts import boundaries
from geo.map import data as mapdata
from geo.map import style as mapstyle
from geo.map.label_elements import SiteFan
from geo.map.details import (
    TRIPOINT_KEY, country_rows, feature_key, liptako_rows, region_rows, site_rows, site_tooltip, tripoint_rows,
)
from geo.map.options import MapOptions
from geo.map.popups import (
    event_text, fan_tag, folium_popup, leader_swatch, liptako_swatch, place_popups, popup_html, site_tag, swatch,
)
from geo.map.style import (
    AES_FILL, BORDER_COLOUR, COUNTRY_FILL, ECOWAS_STYLES, ECOWAS_WEIGHT, EVENT_SYMBOLS, LIPTAKO_CASING,
    LIPTAKO_COLOUR, MENTION_COLOUR, SENTENCE_MAX_CHARS, SITE_TAG_HEIGHT, UNKNOWN_EVENT_SYMBOL,
    NEW_MENTION_COLOUR, REGION_COLOUR, RIVER_COLOUR, escape_text, operator_symbol,
)

if TYPE_CHECKING:  # the registry imports the builders; they only read a Layer's label and heading
    from geo.map.registry import Layer

Legend = list[tuple[str, list[tuple[str, str]]]]  # (heading, [(swatch HTML, escaped label)])
Drawn = tuple[folium.FeatureGroup, Legend]


@dataclass(frozen=True)
class Drawing:
    """What every builder may draw from: the options, the mentions and the country features of the date."""

    options: MapOptions
    mentions: gpd.GeoDataFrame | None
    countries: list[dict[str, Any]]
    events: gpd.GeoDataFrame | None = None  # a geo.events.table.events_table; None: no event coded


# --- helpers -----------------------------------------------------------------------------------------

# Each feature's tooltip and popup are its escaped 'tooltip'/'popup' properties, bound per feature.
# (folium's GeoJsonTooltip/GeoJsonPopup would add two elements whose templates are compiled again on
# every render, about a fifth of the dashboard's time per run.)  A tooltip bound to the clicked shape
# is what streamlit-folium returns as last_object_clicked_tooltip.
BIND_DETAILS = JsCode("""function(feature, layer) {
    var properties = feature.properties || {};
    if (properties.tooltip) { layer.bindTooltip(properties.tooltip, {sticky: true}); }
    if (properties.popup) { layer.bindPopup(properties.popup, {maxWidth: 400, autoPanPaddingTopLeft: [60, 64],
                                                               autoPanPaddingBottomRight: [60, 40]}); }
}""")



def _group(spec: Layer, name: str | None = None) -> folium.FeatureGroup:
    return folium.FeatureGroup(name=name or spec.label, control=True, show=True)


# --- countries, alliance, ECOWAS -----------------------------------------------------------------------

def country_features(options: MapOptions, status: pd.DataFrame) -> list[dict[str, Any]]:
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


def countries(drawing: Drawing, spec: Layer) -> Drawn:
    group = _group(spec)
    style = {"fillColor": COUNTRY_FILL, "fillOpacity": 1.0, "color": BORDER_COLOUR, "weight": 1.0}
    styles = {f["properties"]["iso3"]: style for f in drawing.countries}
    _country_geojson(drawing.countries, styles, "countries").add_to(group)
    return group, [(spec.heading, [(swatch(COUNTRY_FILL), escape_text("Country (Natural Earth 1:10m)"))])]


def alliance(drawing: Drawing, spec: Layer) -> Drawn:
    group = _group(spec)
    members = [f for f in drawing.countries if f["properties"]["aes"] == "member"]
    style = {"fillColor": AES_FILL, "fillOpacity": 0.75, "stroke": False, "weight": 0}
    if members:
        _country_geojson(members, {f["properties"]["iso3"]: style for f in members}, "alliance").add_to(group)
    names = ", ".join(f["properties"]["name"] for f in members) or "none on this date"
    legend = [(swatch(AES_FILL, AES_FILL), escape_text(f"AES member (fill): {names}"))]
    return group, [(spec.heading, legend)]


def ecowas(drawing: Drawing, spec: Layer) -> Drawn:
    group = _group(spec)
    shown = [f for f in drawing.countries if f["properties"]["ecowas"] in ECOWAS_STYLES]
    styles = {}
    for feature in shown:
        props = feature["properties"]
        look = ECOWAS_STYLES[props["ecowas"]]
        fill = props["aes"] != "member"  # AES members keep the alliance fill: ECOWAS shows as the outline
        styles[props["iso3"]] = {"color": look.outline, "weight": ECOWAS_WEIGHT, "dashArray": look.dash,
                                 "fillColor": look.fill, "fillOpacity": 0.8 if fill else 0.0, "lineCap": "round"}
    if shown:
        _country_geojson(shown, styles, "ecowas").add_to(group)
    drawn = {f["properties"]["ecowas"] for f in shown}
    legend = []
    for status, look in ECOWAS_STYLES.items():
        if status in drawn:
            names = ", ".join(f["properties"]["name"] for f in shown if f["properties"]["ecowas"] == status)
            label = look.label if len(names) > 60 else f"{look.label}: {names}"
            legend.append((swatch(look.fill, look.outline, look.dash, 2), escape_text(label)))
    if not legend:
        legend = [("", escape_text("No country with an ECOWAS status on this date"))]
    elif any(f["properties"]["aes"] == "member" for f in shown):
        legend.append(("", escape_text("Outline: ECOWAS status; AES members keep their own fill")))
    return group, [(spec.heading, legend)]


def labels(drawing: Drawing, spec: Layer) -> Drawn:
    group = _group(spec)
    shapes = mapdata.country_shapes()
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [shape["label_lon"], shape["label_lat"]]},
                 "properties": {"iso3": shape["iso3"], "style_index": index}} for index, shape in enumerate(shapes)]
    styles = [{"html": f"<div class='country-label'>{escape_text(shape['name'])}</div>"} for shape in shapes]
    marker = folium.Marker(icon=folium.DivIcon(html="", icon_size=(120, 14), icon_anchor=(60, 7)), interactive=False)
    folium.GeoJson({"type": "FeatureCollection", "features": features}, name="labels", marker=marker,
                   style_function=lambda feature: styles[feature["properties"]["style_index"]]).add_to(group)
    return group, []


# --- regions and Liptako-Gourma ------------------------------------------------------------------------

def regions(drawing: Drawing, spec: Layer) -> Drawn:
    group = _group(spec)
    status = mapdata.country_status(drawing.options.as_of)
    features = [{"type": "Feature", "id": shape["region_id"], "geometry": shape["geometry"],
                 "properties": {"tooltip": escape_text(f"{shape['name']} {feature_key('region', shape['region_id'])}"),
                                "popup": popup_html(*region_rows(shape["region_id"], drawing.options, status))}}
                for shape in mapdata.region_shapes()]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="regions",
        style_function=lambda _feature: {"fill": False, "color": REGION_COLOUR, "weight": 0.8, "dashArray": "3 3"},
        on_each_feature=BIND_DETAILS,
        zoom_on_click=False,
    ).add_to(group)
    legend = [(swatch("transparent", REGION_COLOUR, "3 3"), escape_text("Region boundary (Natural Earth, pre-2025)"))]
    return group, [(spec.heading, legend)]


def rivers(drawing: Drawing, spec: Layer) -> Drawn:
    """The Niger and the region's other major rivers: what makes a tile-less map read as a landscape."""
    group = _group(spec)
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
    legend = [(swatch("transparent", RIVER_COLOUR), escape_text("River (Natural Earth 1:10m)"))]
    return group, [(spec.heading, legend)]


def liptako(drawing: Drawing, spec: Layer) -> Drawn:
    options = drawing.options
    feature = mapdata.liptako_feature(options)
    if feature is None:
        return _tripoint_only(spec)
    group = _group(spec, f"Liptako-Gourma: {feature['name']}")
    title, rows = liptako_rows(feature)
    shape = shapely.geometry.mapping(mapdata.display_geometries(feature["geometry"], coverage=False))
    # A white casing under the dashed outline: the outline stands out on the AES fill, the ECOWAS fills
    # and the plain country fill alike (and on satellite tiles).
    folium.GeoJson(shape, name="liptako_casing", interactive=False,
                   style_function=lambda _f: {"color": LIPTAKO_CASING, "weight": 6, "opacity": 0.95,
                                              "fill": False, "lineJoin": "round"}).add_to(group)
    folium.GeoJson(
        shape, name="liptako",
        style_function=lambda _f: {"color": LIPTAKO_COLOUR, "weight": 3, "fillColor": LIPTAKO_COLOUR,
                                   "fillOpacity": 0.12, "dashArray": "8 5", "lineJoin": "round"},
        tooltip=folium.Tooltip(escape_text(f"{feature['name']} {feature_key('liptako', feature['id'])}")),
        popup=folium_popup(title, rows),
        zoom_on_click=False,
    ).add_to(group)
    _tripoint(group)
    area = f"{feature['area_km2']:,.0f} km²"
    legend = [(liptako_swatch(), escape_text(f"{feature['name']} ({area}), dashed outline")),
              _TRIPOINT_LEGEND]
    return group, [(spec.heading, legend)]


_TRIPOINT_LEGEND = (swatch("#fff", "#000", None, 2, round_=True), escape_text("Mali–Burkina Faso–Niger tripoint"))


def _tripoint(group: folium.FeatureGroup) -> None:
    point = boundaries.tripoint()
    tri_title, tri_rows = tripoint_rows()
    folium.CircleMarker(
        [point.y, point.x], radius=5, color="#000", weight=1.5, fill=True, fill_color="#ffffff", fill_opacity=1,
        tooltip=folium.Tooltip(escape_text(f"{tri_title} {feature_key('tripoint', TRIPOINT_KEY)}")),
        popup=folium_popup(tri_title, tri_rows),
    ).add_to(group)


def _tripoint_only(spec: Layer) -> Drawn:
    """A custom polygon with no region chosen yet: the tripoint alone, and the legend says why."""
    group = _group(spec, "Liptako-Gourma: custom, no region chosen")
    _tripoint(group)
    legend = [("", escape_text("Custom Liptako-Gourma polygon: choose at least one region")), _TRIPOINT_LEGEND]
    return group, [(spec.heading, legend)]


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


def forces(drawing: Drawing, spec: Layer) -> Drawn:
    options = drawing.options
    group = _group(spec)
    present = mapdata.sites(options)
    features, styles = [], []
    for _, site in present.iterrows():
        record = {k: mapdata._clean(v) for k, v in site.drop(labels="geometry").items()}
        symbol = operator_symbol(str(site["operator"]))
        title, rows = site_rows(record)
        town = mapdata.town_name(str(site["site_name"]))
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [site["lon"], site["lat"]]},
                         "properties": {"site_id": site["site_id"], "operator": site["operator"], "town": town,
                                        "search": f"{site['site_name']} ({site['operator']})",
                                        "tooltip": escape_text(site_tooltip(site)), "popup": popup_html(title, rows)}})
        # A zero-size icon on the true point: the tag, the leader line and the dot are placed around it.
        styles.append({"html": fan_tag(symbol.code, symbol.colour, symbol.text, site["presence"] != "certain"),
                       "iconSize": [0, 0], "iconAnchor": [0, 0], "popupAnchor": [0, -SITE_TAG_HEIGHT // 2],
                       "className": "sbm-icon sbm-fan"})
    if features:
        marker = folium.Marker(icon=folium.DivIcon(html="", icon_size=(0, 0), icon_anchor=(0, 0)))
        _point_geojson(features, styles, marker, "forces").add_to(group)
        SiteFan().add_to(group)
    counts = present["operator"].value_counts()
    operators = sorted(counts.index, key=lambda o: (-counts[o], operator_symbol(o).code, o))
    legend = []
    for o in operators:
        symbol = operator_symbol(o)
        legend.append((site_tag(symbol.code, symbol.colour, symbol.text),
                       escape_text(f"{o}: {counts[o]} site{'s' if counts[o] != 1 else ''}")))
    if not operators:
        legend = [("", escape_text("No site on this date for the chosen operators"))]
    uncertain = present[present["presence"] != "certain"]
    if len(uncertain):
        first = operator_symbol(str(uncertain.iloc[0]["operator"]))
        legend.append((site_tag(first.code, first.colour, first.text, True),
                       escape_text("Dashed tag: presence on this date not certain")))
    if present.duplicated(["lat", "lon"]).any() or len(present) > 1:
        legend.append((leader_swatch(), escape_text("Tags fanned around a dot: several sites at one place")))
    return group, [(f"{spec.heading} ({options.as_of.day} {options.as_of:%b %Y})", legend)]


# --- mentions ------------------------------------------------------------------------------------------

def mentions(drawing: Drawing, spec: Layer) -> Drawn:
    mentions = drawing.mentions
    group = _group(spec)
    summary = mapdata.place_summary(mentions, drawing.options.new_articles)
    popups = place_popups(mapdata.place_mentions(mentions), summary)
    features, styles = [], []
    for place in summary.itertuples(index=False):
        extended = place.feature in mapstyle.EXTENDED_FEATURES
        label = f"{place.name} ({place.count} mention{'s' if place.count != 1 else ''})" + \
            (", in an article just added" if place.new else "")
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                         "properties": {"gazetteer_id": place.gazetteer_id, "count": int(place.count),
                                        "search": f"{place.name} ({place.gazetteer_id})",
                                        "tooltip": escape_text(f"{label} {feature_key('place', place.gazetteer_id)}"),
                                        "popup": popups[place.gazetteer_id]}})
        styles.append({"radius": mapstyle.mention_radius(int(place.count)),
                       "color": NEW_MENTION_COLOUR if place.new else MENTION_COLOUR,
                       "weight": 3 if place.new else 2 if extended else 1, "dashArray": "4 3" if extended else None,
                       "fillColor": MENTION_COLOUR, "fillOpacity": 0.08 if extended else 0.45})
    if features:
        marker = folium.CircleMarker(radius=6, fill=True)
        _point_geojson(features, styles, marker, "mentions").add_to(group)
    legend = []
    extended = summary["feature"].isin(list(mapstyle.EXTENDED_FEATURES))
    if (~extended).any():
        legend.append((swatch(MENTION_COLOUR + "73", MENTION_COLOUR, round_=True),
                       escape_text("Place named in the articles (the bigger the circle, the more often)")))
    if extended.any():
        legend.append((swatch("transparent", MENTION_COLOUR, "4 3", 2, round_=True),
                       escape_text("Area, region or river named in the articles (ring at its centre)")))
    if summary["new"].any():
        legend.append((swatch(MENTION_COLOUR + "73", NEW_MENTION_COLOUR, None, 3, round_=True),
                       escape_text("Named in an article just added")))
    if summary.empty:
        legend.append(("", escape_text("No resolved place in the chosen articles")))
    return group, [(f"{spec.heading} ({len(summary)})", legend)]


def events(drawing: Drawing, spec: Layer) -> Drawn:
    """Events (geo.events) at their place: a lettered square per ACLED type; the tooltip says what, where and
    when ("date unknown" when the text does not say), the popup keeps the sentence as evidence."""
    group = _group(spec)
    table = drawing.events
    located = table[table.geometry.notna() & ~table.geometry.is_empty] if table is not None else None
    if located is None or located.empty:
        unplaced = 0 if table is None else len(table)
        text = f"No event at a known place in the chosen articles ({unplaced} without a place)" if unplaced \
            else "No event in the chosen articles"
        return group, [(spec.heading, [("", escape_text(text))])]
    features, styles = [], []
    for row in located.itertuples(index=False):
        letter, colour = EVENT_SYMBOLS.get(row.type, UNKNOWN_EVENT_SYMBOL)
        when = event_text(row.date) or "date unknown"
        deaths = event_text(row.fatalities)
        rows = [("Type", f"{row.type} ({row.subtype})"), ("Place", event_text(row.place_name)), ("Date", when),
                ("Actors", event_text(row.actors).replace(";", ", ")),
                ("Fatalities", f"{deaths} ({event_text(row.fatalities_text)})" if deaths else "not stated"),
                ("Sentence", event_text(row.sentence)[:SENTENCE_MAX_CHARS]),
                ("Articles", event_text(row.sources).replace(";", ", "))]
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
                         "properties": {"type": row.type,
                                        "tooltip": escape_text(f"{row.type}: {event_text(row.place_name)}, {when} "
                                                               f"{feature_key('events', str(row.gazetteer_id))}"),
                                        "popup": popup_html(f"{row.type} at {event_text(row.place_name)}", rows)}})
        styles.append({"html": f"<div class='sbm-event' style='background:{colour}'>{letter}</div>",
                       "iconSize": [16, 16], "iconAnchor": [8, 8], "className": "sbm-icon"})
    marker = folium.Marker(icon=folium.DivIcon(html="", icon_size=(16, 16), icon_anchor=(8, 8)))
    _point_geojson(features, styles, marker, "events").add_to(group)
    counts = located["type"].value_counts()
    legend = [(f"<div class='sbm-event' style='display:inline-block;background:{EVENT_SYMBOLS.get(kind, UNKNOWN_EVENT_SYMBOL)[1]}'>"
               f"{EVENT_SYMBOLS.get(kind, UNKNOWN_EVENT_SYMBOL)[0]}</div>", escape_text(f"{kind}: {int(n)}"))
              for kind, n in counts.items()]
    return group, [(f"{spec.heading} ({len(located)})", legend)]


def country_mentions(drawing: Drawing, spec: Layer) -> Drawn:
    mentions = drawing.mentions
    group = _group(spec)
    summary = mapdata.country_mentions(mentions)
    features, styles = [], []
    for row in summary[summary["direct"] > 0].itertuples(index=False):
        point = mapdata.country_point(row.iso3, mentions)
        if point is None:
            continue
        name, lat, lon = point
        text = mapdata.country_mention_label(row.iso3, row._asdict(), mentions)
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
    legend = []
    if features:
        top = max(features, key=lambda f: f["properties"]["direct"])["properties"]
        name = mapdata.country_point(top["iso3"], mentions)[0]  # type: ignore[index]
        legend.append((f"<div class='sbm-badge' style='display:inline-block;min-width:20px;padding:0 3px'>"
                       f"{top['direct']}</div>",
                       escape_text(f"Times a country or its people are named in the articles (e.g. {name}: "
                                   f"{top['direct']})")))
    unplaced = mapdata.unplaced_organisations(mentions)
    if unplaced:
        listed = ", ".join(f"{org} ×{n}" for org, n in unplaced.most_common(6))
        legend.append(("", escape_text(f"Also named, but not tied to one country, so not on the map: {listed}")))
    if not legend:
        legend = [("", escape_text("No country named in the chosen articles"))]
    return group, [(spec.heading, legend)]
