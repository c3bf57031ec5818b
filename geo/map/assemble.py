"""Assemble the briefing map from the registry's layers: pure functions (a new folium.Map every call).

The map is readable with no tiles at all (sea background, country fills, borders, labels): online tiles
are an option on top.  Controls: layer control (switching a layer off also hides its legend section),
fullscreen, scale, measure, a search over the map's own places and sites, and an offline locator inset.
"""

from __future__ import annotations

import folium
import folium.plugins
import geopandas as gpd

from geo.map import data as mapdata
from geo.map import registry
from geo.map.views import DEFAULT_MAP_VIEW
from geo.map.elements import Attribution, LegendFollowsLayers, Locator, MapPanel, PlaceSearch
from geo.map.label_elements import PlaceLabels
from geo.map.page_elements import FillFrame, FitExtent, NoPopups, SlideLayout
from geo.map.layers import Drawing, country_features
from geo.map.options import MapOptions
from geo.map.style import (
    ATTRIBUTION, BADGE_COLOUR, MAX_ZOOM, ONLINE_TILES, SEA_COLOUR, SOURCES_TEXT, WEST_AFRICA_BOUNDS, escape_text,
)

__all__ = ["build_map", "build_map_parts", "extent", "subtitle_text", "title_text"]

SIDE_PANEL_PERCENT = 24.0  # the slide's panel beside the map, in % of the page's width

LayerLegend = list[tuple[str, list[tuple[str, str]], str]]  # legend sections, with their layer's control name

CSS = f"""<style>
.leaflet-container {{ background: {SEA_COLOUR}; }}
.country-label {{ font: 600 11px/1.1 sans-serif; color: #333; text-align: center;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; pointer-events: none; }}
.sbm-site {{ font: 700 10px/16px sans-serif; text-align: center; border-radius: 3px; border: 1.5px solid #fff;
  box-shadow: 0 0 2px rgba(0,0,0,.6); white-space: nowrap; }}
.sbm-site.uncertain {{ border: 1.5px dashed #fff; opacity: .8; }}
.sbm-event {{ font: 700 10px/14px sans-serif; text-align: center; color: #fff; width: 14px; height: 14px;
  border: 1px solid #fff; border-radius: 2px; box-shadow: 0 0 2px rgba(0,0,0,.6); }}
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
.sbm-fan {{ pointer-events: none !important; }}
.sbm-fan .sbm-site {{ position: absolute; box-sizing: border-box; pointer-events: auto; cursor: pointer; line-height: 15px; }}
.sbm-fan .sbm-leader {{ position: absolute; left: 0; top: 0; overflow: visible; pointer-events: none; }}
.sbm-fan .sbm-leader line {{ stroke: #222; stroke-width: 1.5; }}
.sbm-fan .sbm-dot {{ display: none; position: absolute; left: -3px; top: -3px; width: 6px; height: 6px;
  border-radius: 50%; background: #222; box-shadow: 0 0 0 1.5px #fff; pointer-events: none; }}
.sbm-fan.sbm-fanned .sbm-dot {{ display: block; }}
.sbm-labels {{ position: absolute; left: 0; top: 0; pointer-events: none; }}
.sbm-label {{ position: absolute; white-space: nowrap; pointer-events: none; font: 700 12px/1.15 sans-serif;
  color: #111; padding: 0 1px; text-shadow: 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff, 1px 1px 0 #fff, -1px -1px 0 #fff,
  1px -1px 0 #fff, -1px 1px 0 #fff; paint-order: stroke fill; -webkit-text-stroke: 0; }}
.sbm-label-place {{ font-weight: 600; font-style: italic; color: #0c3b18; }}
.sbm-label-leader {{ position: absolute; left: 0; top: 0; overflow: visible; width: 1px; height: 1px; pointer-events: none; }}
.sbm-label-leader line {{ stroke: #333; stroke-width: 1; }}
.sbm-handling-inline {{ font: 700 11px sans-serif; color: #a50f15; text-align: center; letter-spacing: .05em; }}
.sbm-slide-map .sbm-label {{ font-size: 16px; }}
.sbm-slide-map .sbm-label-place {{ font-size: 15px; }}
.sbm-slide-map .country-label {{ font-size: 14px; }}
.sbm-side {{ position: absolute; top: 0; right: 0; height: 100%; box-sizing: border-box; padding: 12px 20px 10px;
  background: #fff; border-left: 1px solid #bbb; font: 16px/1.3 sans-serif; color: #111; overflow: hidden;
  display: flex; flex-direction: column; gap: 6px; z-index: 1000; }}
.sbm-side .sbm-handling {{ font: 700 17px/1.2 sans-serif; color: #a50f15; text-align: center; letter-spacing: .06em;
  border: 2px solid #a50f15; padding: 3px 4px; }}
.sbm-side-title {{ font: 700 42px/1.1 sans-serif; margin: 4px 0 0; overflow-wrap: anywhere; }}
.sbm-side-subtitle {{ font: 400 25px/1.2 sans-serif; color: #333; overflow-wrap: anywhere; }}
.sbm-side-date {{ font: 600 24px/1.2 sans-serif; color: #111; }}
.sbm-side .sbm-legend {{ flex: 1 1 auto; min-height: 0; max-height: none; max-width: none; overflow: hidden;
  background: none; box-shadow: none; border-radius: 0; padding: 2px 0 0; font-size: 14px; line-height: 1.2;
  border-top: 1px solid #ccc; }}
.sbm-side .sbm-legend h4 {{ margin: 5px 0 1px; font-size: 15px; }}
.sbm-side .sbm-legend .sbm-row {{ display: flex; align-items: center; gap: 6px; margin: 2px 0; }}
.sbm-side .sbm-rows.sbm-two {{ display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }}
.sbm-side .sbm-two .sbm-wide {{ grid-column: 1 / -1; }}
.sbm-side-tools {{ display: flex; align-items: flex-start; gap: 10px; border-top: 1px solid #ccc; padding-top: 6px; }}
.sbm-side-notes {{ display: flex; flex-direction: column; gap: 6px; min-width: 0; }}
.sbm-side-orient {{ display: flex; align-items: flex-end; gap: 10px; }}
.sbm-side-tools .leaflet-control {{ float: none; margin: 0; clear: none; }}
.sbm-side-tools .leaflet-control-scale-line {{ font-size: 14px; }}
.sbm-north {{ font: 700 15px sans-serif; text-align: center; line-height: 1; }}
.sbm-side-locator {{ flex: none; }}
.sbm-side-locator .sbm-locator {{ box-shadow: none; border: 1px solid #ccc; float: none; margin: 0; }}
.sbm-side-locator .sbm-locator-map {{ width: 170px; height: 112px; }}
.sbm-side-sources {{ font-size: 12px; color: #444; line-height: 1.2; }}
.sbm-popup th {{ text-align: left; padding-right: 8px; vertical-align: top; }}
.sbm-popup {{ font-size: 12px; }}
</style>"""


MAP_JS = frozenset({"leaflet", "jquery"})
MAP_CSS = frozenset({"leaflet_css"})


def _base_map(options: MapOptions) -> folium.Map:
    lat, lon, zoom = DEFAULT_MAP_VIEW
    folium_map = folium.Map(location=[lat, lon], zoom_start=zoom, tiles=None, prefer_canvas=True,
                            control_scale=True, min_zoom=3, max_zoom=MAX_ZOOM)
    if options.presentation:
        FillFrame().add_to(folium_map)
        folium_map.options["zoom_snap"] = 0.1  # a slide fills its frame more tightly than whole zoom levels
    if not options.popups:
        NoPopups().add_to(folium_map)
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


# --- title, legend, controls ---------------------------------------------------------------------------

def title_text(options: MapOptions) -> str:
    """'Sahel Briefing Map — as of 16 Sep 2023'."""
    return f"{options.title} — as of {options.as_of.day} {options.as_of:%b %Y}"


def subtitle_text(options: MapOptions) -> str:
    """The slide's second line: ``options.subtitle``, or what the map shows.

    >>> subtitle_text(MapOptions(layers=frozenset({"alliance", "forces"})))
    'Sahel alliances and foreign forces'
    """
    if options.subtitle:
        return options.subtitle
    parts = [words for key, words in _SUBTITLE_PARTS if options.shows(key)]
    if not options.shows("alliance") and options.shows("ecowas"):
        parts.insert(0, "ECOWAS status")
    if not parts:
        return "West Africa and the Sahel"
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:]


_SUBTITLE_PARTS = (("alliance", "Sahel alliances"), ("liptako", "Liptako-Gourma"),
                   ("forces", "foreign forces"), ("mentions", "places in the news"))


def _sections_html(sections: LayerLegend, side: bool = False) -> str:
    body = []
    for heading, entries, layer in sections:
        if side and layer == "Countries":
            continue  # the plain country fill needs no words on a slide
        short = [len(label) <= 24 for _swatch, label in entries]
        two = side and sum(short) > 3  # a slide's panel: short rows in two columns, long ones across both
        rows = "".join(f"<div class='sbm-row{' sbm-wide' if two and not fits else ''}'>{swatch}<span>{label}</span></div>"
                       for (swatch, label), fits in zip(entries, short))
        if side:
            rows = f"<div class='sbm-rows{' sbm-two' if two else ''}'>{rows}</div>"
        # data-layer: the section hides when its layer is switched off in the map's layer control.
        body.append(f"<div data-layer=\"{escape_text(layer)}\"><h4>{escape_text(heading)}</h4>{rows}</div>")
    return "".join(body)


def _legend_html(sections: LayerLegend, options: MapOptions) -> str:
    stamp = escape_text(f"As of {options.as_of.isoformat()}")
    # <details open>: visible by default (slides, exports), and a user can fold it away on a small screen.
    return (f"<details open><summary><b>Legend</b> <span style='color:#555'>{stamp}</span></summary>"
            f"{_sections_html(sections)}</details>")


NORTH_ARROW = ("<div class='sbm-north' title='North is up'><svg width='22' height='30' viewBox='0 0 22 30'>"
               "<polygon points='11,1 20,27 11,21 2,27' fill='#111'/><polygon points='11,1 11,21 2,27' fill='#fff' "
               "stroke='#111' stroke-width='1'/></svg><div>N</div></div>")


def _side_html(sections: LayerLegend, options: MapOptions, mentions: gpd.GeoDataFrame | None) -> str:
    """The slide's panel: every string escaped here."""
    handling = f"<div class='sbm-handling'>{escape_text(options.handling)}</div>" if options.handling else ""
    when = f"Situation as of {options.as_of.day} {options.as_of:%B %Y}"
    sources = SOURCES_TEXT
    if mentions is not None and len(mentions) and "article" in mentions:
        count = mentions["article"].nunique()
        sources += f"; news: {count} article{'s' if count != 1 else ''}, places found automatically"
    return (f"{handling}<h1 class='sbm-side-title'>{escape_text(options.title)}</h1>"
            f"<div class='sbm-side-subtitle'>{escape_text(subtitle_text(options))}</div>"
            f"<div class='sbm-side-date'>{escape_text(when)}</div>"
            f"<div class='sbm-legend sbm-side-legend'>{_sections_html(sections, side=True)}</div>"
            f"<div class='sbm-side-tools'><div class='sbm-side-locator'></div><div class='sbm-side-notes'>"
            f"<div class='sbm-side-orient'>{NORTH_ARROW}<div class='sbm-scale'></div></div>"
            f"<div class='sbm-side-sources'>Sources: {escape_text(sources)}</div></div></div>{handling}")


def extent(options: MapOptions, mentions: gpd.GeoDataFrame | None = None) -> list[list[float]]:
    """[[south, west], [north, east]] the map opens on: ``options.bounds`` when the user chose one, else
    everything it shows (`geo.map.data.shown_extent`), else West Africa."""
    if options.bounds is not None:
        south, west, north, east = options.bounds
    else:
        shown = mapdata.shown_extent(options, mentions)
        if shown is None:
            return [list(corner) for corner in WEST_AFRICA_BOUNDS]
        south, west, north, east = shown
    return [[south, west], [north, east]]


def _controls(folium_map: folium.Map) -> None:
    """The map's own controls: the same on every date."""
    Attribution(ATTRIBUTION).add_to(folium_map)
    folium.plugins.Fullscreen(position="topleft").add_to(folium_map)
    folium.plugins.MeasureControl(position="topleft", primary_length_unit="kilometers",
                                  secondary_length_unit="miles", primary_area_unit="sqkilometers",
                                  secondary_area_unit="hectares").add_to(folium_map)
    Locator(mapdata.locator_outlines(), [list(corner) for corner in WEST_AFRICA_BOUNDS]).add_to(folium_map)
    LegendFollowsLayers().add_to(folium_map)


def build_map_parts(options: MapOptions | None = None, mentions: gpd.GeoDataFrame | None = None,
                    events: gpd.GeoDataFrame | None = None
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
    drawing = Drawing(options, mentions, country_features(options, status), events)
    groups: list[folium.FeatureGroup] = []
    legend: LayerLegend = []
    for spec in registry.shown(options):
        group, entries = spec.build(drawing, spec)
        groups.append(group)
        legend += [(heading, rows, group.layer_name) for heading, rows in entries]

    # Title, legend, labels and search belong to the date and layers shown: a group of their own, not in
    # the layer control.
    annotations = folium.FeatureGroup(name="Title and legend", control=False)
    if options.presentation:
        # A slide: the map in its own frame, everything else in a panel beside it (nothing over the map).
        SlideLayout(_side_html(legend, options, mentions), None if options.keep_view else extent(options, mentions),
                    SIDE_PANEL_PERCENT).add_to(annotations)
    else:
        title = escape_text(title_text(options))
        if options.handling:
            title = f"<div class='sbm-handling-inline'>{escape_text(options.handling)}</div>{title}"
        MapPanel(title, "sbm-title", "topcenter").add_to(annotations)
        MapPanel(_legend_html(legend, options), "sbm-legend", "bottomright").add_to(annotations)
    labels = mapdata.map_labels(options, mentions)
    if labels:
        PlaceLabels(labels).add_to(annotations)
    if options.shows("forces") or options.shows("mentions"):
        PlaceSearch().add_to(annotations)
    groups.append(annotations)
    return base, groups, folium.LayerControl(collapsed=True)


def build_map(options: MapOptions | None = None, mentions: gpd.GeoDataFrame | None = None,
              events: gpd.GeoDataFrame | None = None) -> folium.Map:
    """A new folium.Map with the chosen layers as of ``options.as_of`` (for exports and tests: one page).

    ``mentions`` is a `geo.geoparse.table.mentions_table` (possibly filtered); without it the mention layers
    are empty; ``events`` (a `geo.events.table.events_table`) feeds the events layer.  Loaded boundary data is cached; the Map is built fresh every call (never cache it).
    """
    options = options or MapOptions()
    folium_map, groups, layer_control = build_map_parts(options, mentions, events)
    for group in groups:
        group.add_to(folium_map)
    layer_control.add_to(folium_map)
    # One page (exports, slides): it opens on what it shows (the user's bounds win).  The dashboard keeps
    # the view the user is looking at, so build_map_parts leaves its extent alone.
    # The base's own fit goes: an animated zoom it started would end after, and undo, this one.
    for name, child in list(folium_map._children.items()):
        if isinstance(child, folium.map.FitBounds):
            del folium_map._children[name]
    FitExtent(extent(options, mentions)).add_to(folium_map)
    return folium_map
