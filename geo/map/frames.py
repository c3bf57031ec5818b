"""The frames GIS exports write, one per exported layer (read through `geo.map.registry`): the same data
the map draws, with ``as_of`` and ``source`` on every row; EPSG:4326.

Every frame function takes ``(options, mentions, events)``: the map's options and the articles' mentions and
events tables (`geo.geoparse.table.mentions_table`, `geo.events.table.events_table`; None when not made)."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from geo.facts import boundaries
from geo.geoparse.table import table_from_records
from geo.map import data as mapdata
from geo.map.options import MapOptions

COUNTRY_SOURCE = "Natural Earth admin-0 1:10m v5.1.1 (public domain)"
MENTION_SOURCE = "places: GeoNames (CC BY 4.0) and the project's gazetteer facts"
EVENT_SOURCE = "coded from the sentence by geo.events rules; " + MENTION_SOURCE


def _stamp(frame: pd.DataFrame, options: MapOptions, source: Sequence[str] | str) -> pd.DataFrame:
    frame = frame.copy()
    frame["as_of"] = options.as_of.isoformat()
    frame["source"] = list(source) if not isinstance(source, str) else source
    return frame


def countries(options: MapOptions, mentions: gpd.GeoDataFrame | None = None,
              events: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Every covered country with its AES and ECOWAS status on the date."""
    status = mapdata.country_status(options.as_of)
    shapes = boundaries.load_countries()[["iso3", "name", "name_fr", "geometry"]]
    keep = ["aes_status", "aes_since", "aes_source", "ecowas_status", "ecowas_since", "ecowas_source"]
    frame = shapes.merge(status[keep], left_on="iso3", right_index=True, how="left")
    sources = [f"{COUNTRY_SOURCE}; AES: {aes or 'no status'}; ECOWAS: {ecowas or 'no status'}"
               for aes, ecowas in zip(frame["aes_source"].fillna(""), frame["ecowas_source"].fillna(""))]
    return gpd.GeoDataFrame(_stamp(frame, options, sources), geometry="geometry", crs="EPSG:4326")


def liptako(options: MapOptions, mentions: gpd.GeoDataFrame | None = None,
            events: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The chosen Liptako-Gourma polygon, one row."""
    feature = mapdata.liptako_feature(options)
    if feature is None:  # a custom polygon with no region chosen: nothing to export
        empty = gpd.GeoDataFrame({"id": [], "name": []}, geometry=[], crs="EPSG:4326")
        return gpd.GeoDataFrame(_stamp(empty, options, []), geometry="geometry", crs="EPSG:4326")
    row = {k: v for k, v in feature.items() if k not in ("geometry", "sources")}
    row["official_area_km2"] = float(row["official_area_km2"]) if row["official_area_km2"] else float("nan")
    frame = gpd.GeoDataFrame([row], geometry=[feature["geometry"]], crs="EPSG:4326")
    return gpd.GeoDataFrame(_stamp(frame, options, str(feature["sources"])), geometry="geometry", crs="EPSG:4326")


def forces(options: MapOptions, mentions: gpd.GeoDataFrame | None = None,
           events: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The force sites present on the date for the chosen operators."""
    sites = mapdata.sites(options)
    frame = sites.drop(columns=["start_from", "start_to", "end_from", "end_to", "confirmed_to"], errors="ignore")
    frame = frame.assign(as_of=options.as_of.isoformat())
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def mention_rows(mentions: gpd.GeoDataFrame | None, options: MapOptions) -> gpd.GeoDataFrame:
    """Every mention (points where resolved), with as_of and source columns."""
    if mentions is None or len(mentions) == 0:
        mentions = table_from_records([])
    sources = [f"article {article}: {title}; {MENTION_SOURCE}"
               for article, title in zip(mentions["article"].fillna(""), mentions["title"].fillna(""))]
    return gpd.GeoDataFrame(_stamp(mentions, options, sources), geometry="geometry", crs="EPSG:4326")


def _placed(rows: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The rows with a point; start/end renamed: character offsets here, not dates as in forces (distinct
    names in a shared file)."""
    located = rows.geometry.notna() & ~rows.geometry.is_empty
    return rows[located].rename(columns={"start": "char_start", "end": "char_end"})


def mentions(options: MapOptions, mentions: gpd.GeoDataFrame | None = None,
             events: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The resolved mentions, one point each (every mention is in the CSV, `mention_rows`)."""
    return _placed(mention_rows(mentions, options))


def event_rows(events: gpd.GeoDataFrame | None, options: MapOptions) -> gpd.GeoDataFrame:
    """Every event (points where placed), with as_of and source columns."""
    if events is None or len(events) == 0:
        from geo.events.table import table_from_events  # here: the coder's modules load only when needed (~80 ms)

        events = table_from_events([])
    sources = [f"articles {articles}; {EVENT_SOURCE}" for articles in events["sources"].fillna("")]
    return gpd.GeoDataFrame(_stamp(events, options, sources), geometry="geometry", crs="EPSG:4326")


def events(options: MapOptions, mentions: gpd.GeoDataFrame | None = None,
           events: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The placed events, one point each, as the map draws them (every event is in the events CSV,
    `event_rows`; the same split as mentions)."""
    return _placed(event_rows(events, options))
