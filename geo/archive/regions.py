"""Which admin-1 region, and whether inside the Liptako-Gourma area, each mention's point falls in.

The polygons are read once per process (a worker builds them on its first task) and joined with geopandas'
spatial index (`sjoin`), never point by point in Python.

>>> frame = locate(pd.Series([14.9, None]), pd.Series([0.4, None]))
>>> frame["admin1"].iloc[0], bool(frame["admin1"].isna().iloc[1]), list(frame["in_liptako"])
('NER-tillaberi', True, [True, False])
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.facts.boundaries import DEFAULT_DEFINITION, load_liptako_gourma, load_regions


@lru_cache(maxsize=1)
def _polygons() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    regions = load_regions()[["region_id", "geometry"]]
    liptako = load_liptako_gourma(DEFAULT_DEFINITION)[["geometry"]]
    return regions, liptako


def points(lat: pd.Series, lon: pd.Series) -> gpd.GeoSeries:
    """Points (EPSG:4326) from latitudes and longitudes; None where either is missing."""
    valid = lat.notna() & lon.notna()
    geometry = gpd.GeoSeries([None] * len(lat), index=lat.index, crs="EPSG:4326")
    geometry[valid] = gpd.points_from_xy(lon[valid], lat[valid], crs="EPSG:4326")
    return geometry


def locate(lat: pd.Series, lon: pd.Series) -> pd.DataFrame:
    """admin1 (region_id or None) and in_liptako (bool) for each point, on the index of `lat`."""
    regions, liptako = _polygons()
    frame = gpd.GeoDataFrame(geometry=points(lat, lon).reset_index(drop=True))
    located = frame[frame.geometry.notna()]
    admin1: list[str | None] = [None] * len(frame)
    inside = pd.Series(False, index=frame.index)
    if not located.empty:
        # Why "within" and first match: a point on a shared border belongs to one region, deterministically.
        joined = gpd.sjoin(located, regions, how="left", predicate="within")
        joined = joined[~joined.index.duplicated(keep="first")]
        for position, region in zip(joined.index, joined["region_id"]):
            admin1[position] = region if isinstance(region, str) else None
        hits = gpd.sjoin(located, liptako, how="inner", predicate="within").index.unique()
        inside[hits] = True
    return pd.DataFrame({"admin1": admin1, "in_liptako": inside.values}, index=lat.index)
