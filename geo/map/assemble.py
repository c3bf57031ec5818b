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
from geo.map.elements import Attribution, LegendFollowsLayers, Locator, MapPanel, PlaceSearch
from geo.map.layers import Drawing, country_features
from geo.map.options import MapOptions
from geo.map.style import (
    ATTRIBUTION, BADGE_COLOUR, MAX_ZOOM, ONLINE_TILES, SEA_COLOUR, WEST_AFRICA_BOUNDS, escape_text,
)

__all__ = ["build_map", "build_map_parts", "title_text"]

LayerLegend = list[tuple[str, list[tuple[str, str]], str]]  # legend sections, with their layer's control name

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
    drawing = Drawing(options, mentions, country_features(options, status))
    groups: list[folium.FeatureGroup] = []
    legend: LayerLegend = []
    for spec in registry.shown(options):
        group, entries = spec.build(drawing, spec)
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

    ``mentions`` is a `geo.geoparse.table.mentions_table` (possibly filtered); without it the mention layers
    are empty.  Loaded boundary data is cached; the Map is built fresh every call (never cache it).
    """
    folium_map, groups, layer_control = build_map_parts(options, mentions)
    for group in groups:
        group.add_to(folium_map)
    layer_control.add_to(folium_map)
    return folium_map
