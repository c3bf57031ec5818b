"""Communes of Mali and Niger in the gazetteer (geoBoundaries ADM3 via geo/build/communes.py): real derived
data, real containment checks, and the parser finding the communes that GeoNames lacks."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.build.communes import _check_names_match
from geo.build.entry import GazetteerEntry
from geo.facts.boundaries import load_countries, load_regions
from geo.geoparse.parser import parse
from geo.resources import GAZETTEER_DIR

ENTRIES = pd.read_csv(GAZETTEER_DIR / "entries.csv", dtype=str, keep_default_na=False)
COMMUNES = ENTRIES[ENTRIES["feature"] == "commune"]


def test_communes_of_mali_and_niger_lie_in_their_country_and_region() -> None:
    counts = COMMUNES["iso3"].value_counts().to_dict()
    assert counts.get("MLI", 0) >= 600 and counts.get("NER", 0) >= 200 and "BFA" not in counts
    assert COMMUNES["source"].str.startswith("geoBoundaries ADM3 ").all()
    points = gpd.GeoDataFrame(COMMUNES, geometry=[shapely.Point(float(lon), float(lat)) for lat, lon in
                                                  zip(COMMUNES["lat"], COMMUNES["lon"])], crs=4326)
    countries = load_countries().set_index("iso3")
    inside = points.apply(lambda row: countries.loc[row["iso3"], "geometry"].contains(row.geometry), axis=1)
    assert inside.all()
    regions = load_regions(["MLI", "NER"]).set_index("region_id")
    placed = points[points["admin1"] != ""]
    assert len(placed) >= 0.99 * len(points)
    assert placed.apply(lambda row: regions.loc[row["admin1"], "geometry"].buffer(1e-6).contains(row.geometry),
                        axis=1).all()


# Communes no other entry is named after (Dargol, Kokorou, Tondikiwindi and Talataye, once here, now have a
# curated town point: tests/test_localities.py).
@pytest.mark.parametrize(("text", "surface", "region"), [
    ("Des hommes armés ont attaqué Dessa et Simiri, dans la région de Tillabéri.", "Dessa", "NER-tillaberi"),
    ("Des hommes armés ont attaqué Dessa et Simiri, dans la région de Tillabéri.", "Simiri", "NER-tillaberi"),
    ("L'armée a renforcé ses positions dans la commune de Tagazar.", "Tagazar", "NER-tillaberi"),
    ("Fighting was reported in Gounzoureye, east of Gao.", "Gounzoureye", "MLI-gao"),
])
def test_the_parser_finds_communes_geonames_lacks(text: str, surface: str, region: str) -> None:
    mention = next(m for m in parse(text) if m.surface == surface)
    assert mention.entry is not None and mention.entry.feature == "commune"
    entry = ENTRIES.set_index("id").loc[mention.entry.entry_id]
    assert entry["admin1"] == region


def test_a_bare_name_is_the_town_not_the_commune_named_after_it() -> None:
    ansongo = next(m for m in parse("Fighting in Tessit and Ansongo.") if m.surface == "Ansongo")
    assert ansongo.entry is not None and ansongo.entry.feature in ("city", "town")


def test_a_country_whose_names_do_not_match_their_polygons_is_refused() -> None:
    towns = [GazetteerEntry(id=f"gn:{i}", name=f"Town{i}", feature="city", lat=14.0, lon=-1.0 + i * 0.01,
                            iso3="BFA") for i in range(12)]
    shuffled = [GazetteerEntry(id=f"adm3:{i}", name=f"Town{i}", feature="commune", lat=11.0, lon=-3.0, iso3="BFA")
                for i in range(12)]
    with pytest.raises(ValueError, match="names and polygons do not match"):
        _check_names_match("BFA", shuffled, towns)
    _check_names_match("BFA", [GazetteerEntry(id=t.id + "c", name=t.name, feature="commune", lat=t.lat + 0.05,
                                              lon=t.lon, iso3="BFA") for t in towns], towns)
