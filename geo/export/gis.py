"""The map's layers as data: GeoJSON, GeoPackage, KML (see `geo.export.kml`), and the mentions or the events
table as CSV.

The layers are the countries with their AES and ECOWAS status on the date, the chosen Liptako-Gourma polygon,
the force sites on the date, the mentions and, with the events layer on, the events.  Like the mentions, the
layers hold the placed events (a point each) and the events CSV every event.  Every row carries ``as_of`` and
``source``; every file says where its data comes from (GeoJSON ``metadata`` member, GeoPackage ``metadata``
table, KML document description).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geo.export.common import DATA_FORMATS, EVENTS_CSV, _check_format, _plain, _write_text
from geo.export.kml import kml_text
from geo.files import atomic_path
from geo.map import registry
from geo.map.frames import event_rows, mention_rows
from geo.map.options import MapOptions
from geo.map.style import ATTRIBUTION
from geo.spreadsheet import csv_text

__all__ = ["export_layers", "layer_frames", "metadata"]


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


def layer_frames(options: MapOptions, mentions: gpd.GeoDataFrame | None = None,
                 events: gpd.GeoDataFrame | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The exported layers in the registry's order (countries always, then liptako, forces, mentions, events
    as far as ``options.layers`` shows them).  Attributes are tidied (see `_tidy`); EPSG:4326."""
    frames = {spec.key: spec.frame(options, mentions, events) for spec in registry.shown(options)
              if spec.frame is not None}
    return {name: _tidy(frame) for name, frame in frames.items() if frame is not None}


def metadata(options: MapOptions, layers: Sequence[str]) -> dict[str, str]:
    """What a data file says about itself: title, date, layers, Liptako-Gourma definition and sources."""
    events = (" · Events: coded from the articles' sentences (geo.events); only events at a known place are in "
              "this file's events layer, every event is in the events CSV") if "events" in layers else ""
    return {
        "title": options.title,
        "as_of": options.as_of.isoformat(),
        "layers": ", ".join(layers),
        "liptako_definition": options.liptako_definition,
        "source": (f"{_plain(ATTRIBUTION)} · Memberships and force sites: data/layers (a source on every row) · "
                   "Mentions: the articles named on each row" + events),
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


def _csv(rows: gpd.GeoDataFrame) -> str:
    return csv_text(pd.DataFrame(_tidy(rows).drop(columns="geometry")))  # formula-safe cells


def export_layers(options: MapOptions, mentions: gpd.GeoDataFrame | None, path: Path, fmt: str, *,
                  events: gpd.GeoDataFrame | None = None) -> Path:
    """Write the layers (see `layer_frames`) to ``path``: one GeoJSON FeatureCollection with a ``layer``
    property, one GeoPackage with a table per layer plus ``metadata``, one KML with a Folder per layer;
    or a table as CSV: every mention ("csv") or every event, placed or not ("events-csv")."""
    _check_format(fmt, DATA_FORMATS)
    path = Path(path)
    if fmt == "csv":
        return _write_text(path, _csv(mention_rows(mentions, options)))
    if fmt == EVENTS_CSV:
        return _write_text(path, _csv(event_rows(events, options)))
    frames = layer_frames(options, mentions, events)
    if fmt == "geojson":
        return _write_text(path, _geojson(frames, options))
    if fmt == "kml":
        return _write_text(path, kml_text(frames, options, metadata(options, list(frames))))
    _write_gpkg(frames, options, path)
    return path
