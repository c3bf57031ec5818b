"""data/boundaries/rivers.geojson: Natural Earth river centrelines, derived by geo/build/rivers.py."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
import shapely

from geo.build.rivers import RIVERS_BBOX
from geo.resources import BOUNDARIES_DIR

RIVERS_PATH = BOUNDARIES_DIR / "rivers.geojson"

# (name, lat, lon, km): riverside towns (GeoNames coordinates, as in data/gazetteer/entries.csv) and the
# most the Niger may lie from them.  Timbuktu's centre is about 10 km from the river (Kabara / Korioumé).
NIGER_TOWNS = [
    ("Niamey", 13.5137, 2.1098, 5.0),
    ("Gao", 16.2717, -0.0447, 5.0),
    ("Bamako", 12.6392, -8.0029, 5.0),
    ("Timbuktu", 16.7735, -3.0074, 30.0),
]


@pytest.fixture(scope="module")
def rivers() -> gpd.GeoDataFrame:
    assert RIVERS_PATH.exists(), "run `python -m geo build-data` (geo/build/rivers.py)"
    return gpd.read_file(RIVERS_PATH)


def km_from(geometry: shapely.Geometry, lat: float, lon: float) -> float:
    """Shortest distance in km from the point to the geometry, in an equidistant projection centred on it."""
    crs = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    projected = gpd.GeoSeries([geometry], crs="EPSG:4326").to_crs(crs).iloc[0]
    return projected.distance(shapely.Point(0, 0)) / 1000


def test_file_is_small(rivers: gpd.GeoDataFrame) -> None:
    assert RIVERS_PATH.stat().st_size < 300_000


def test_geometries_are_valid_lines(rivers: gpd.GeoDataFrame) -> None:
    assert len(rivers) > 10
    assert set(rivers.geom_type) <= {"LineString", "MultiLineString"}
    assert rivers.is_valid.all()
    assert not rivers.is_empty.any()


def test_properties(rivers: gpd.GeoDataFrame) -> None:
    for column in ("name", "scalerank", "source"):
        assert rivers[column].notna().all(), column
    assert (rivers["name"].str.strip() != "").all()
    # The 1:10m source lost its accented letters ("S?n?gal"): the build restores them.
    assert not rivers["name"].str.contains("?", regex=False).any()
    assert rivers["source"].str.contains("Natural Earth").all()


@pytest.mark.parametrize("name", ["Niger", "Benue", "Sénégal", "Volta", "Bani", "Chari", "Logone", "Gambia"])
def test_major_rivers_present(rivers: gpd.GeoDataFrame, name: str) -> None:
    assert (rivers["name"] == name).sum() == 1


@pytest.mark.parametrize("town,lat,lon,max_km", NIGER_TOWNS)
def test_niger_passes_riverside_towns(rivers: gpd.GeoDataFrame, town: str, lat: float, lon: float,
                                      max_km: float) -> None:
    niger = rivers.loc[rivers["name"] == "Niger"].geometry.iloc[0]
    assert km_from(niger, lat, lon) <= max_km, town


def test_everything_inside_bbox(rivers: gpd.GeoDataFrame) -> None:
    box = shapely.box(*RIVERS_BBOX)
    assert rivers.geometry.apply(box.covers).all()
    minx, miny, maxx, maxy = rivers.total_bounds
    assert minx >= RIVERS_BBOX[0] and miny >= RIVERS_BBOX[1]
    assert maxx <= RIVERS_BBOX[2] and maxy <= RIVERS_BBOX[3]


def test_coordinates_have_five_decimals() -> None:
    text = RIVERS_PATH.read_text(encoding="utf-8")
    decimals = {len(m) for m in re.findall(r"-?\d+\.(\d+)", text.split('"features"', 1)[1])}
    assert max(decimals) <= 5
