"""The project's data agrees with the checked reference facts in ../shared/reference/.

These read ../shared (present in CI, next to the clone); on a clone without it they skip, saying why.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from geo.geodesy import distance_km
from geo.facts import boundaries
from geo.facts import forces as force_facts
from geo.facts import memberships as membership_facts
from geo.facts.written import date_bounds
from geo.geoparse.gazetteer import default_gazetteer
from tests.conftest import REPO_ROOT

REFERENCE = REPO_ROOT.parent / "shared" / "reference"
pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"{REFERENCE} is absent (it is beside the clone in CI)")


def read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_reference_site_with_coordinates_is_in_forces_at_the_same_point() -> None:
    forces = force_facts.load_forces()
    located = forces.dropna(subset=["lat", "lon"])
    for row in read("sites.csv"):
        if not row["lat"]:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        same_operator = located[located["operator"] == row["operator"]]
        distances = [distance_km(lat, lon, r.lat, r.lon) for r in same_operator.itertuples()]
        assert distances and min(distances) < 0.01, f"{row['operator']} {row['name']} missing or moved"


def test_reference_membership_events_carry_over_with_their_dates() -> None:
    events = membership_facts.load_memberships()
    org_codes = {"AES": "AES", "ECOWAS": "ECOWAS", "G5 Sahel": "G5S", "ALG (Liptako-Gourma Authority)": "ALG"}
    written = [(org, iso3, *date_bounds(str(text)))
               for org, iso3, text in zip(events["org"], events["iso3"].fillna(""), events["date"])]
    missing = []
    for row in read("memberships.csv"):
        code = org_codes[row["org"]]
        day = row["date"].strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            continue  # free-text or month-only reference dates are checked by hand (data/layers/README.md)
        reference_day = dt.date.fromisoformat(day)
        if not any(org == code and iso3 == row["member_iso3"] and first <= reference_day <= last
                   for org, iso3, first, last in written):
            missing.append((row["org"], row["member_iso3"], day))
    assert not missing, missing


def test_reference_capitals_resolve_within_10_km() -> None:
    gazetteer = default_gazetteer()
    for row in read("places.csv"):
        if "capital" not in row["kind"] or not row["lat"]:
            continue
        candidates = gazetteer.lookup(row["name"])
        assert candidates, row["name"]
        best = min(distance_km(float(row["lat"]), float(row["lon"]), e.lat, e.lon) for e in candidates)
        assert best < 10, f"{row['name']}: nearest entry {best:.1f} km away"


def test_tripoint_agrees_with_reference_notes() -> None:
    point = boundaries.tripoint()
    assert distance_km(point.y, point.x, 14.9110, 0.2185) < 1.0
