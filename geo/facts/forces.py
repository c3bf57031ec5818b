"""Foreign-force sites as of a date (operator, operation, place, dates, source), from data/layers/forces.csv:
written facts with a source on every row (schema: data/layers/README.md).

>>> import datetime as dt
>>> "fra-niamey-bap" in set(force_sites(dt.date(2023, 9, 16), operators=["France"])["site_id"])
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.facts.written import ISO3, SLUG, as_timestamp, bounds, check_common, date_bounds, fail, read_csv
from geo.resources import LAYERS_DIR

FORCES_CSV = LAYERS_DIR / "forces.csv"
FORCE_COLUMNS: tuple[str, ...] = (
    "site_id", "operator", "operator_iso3", "operation", "site_name", "country_iso3", "lat", "lon",
    "coord_precision", "coord_source", "site_type", "start", "start_precision", "end", "end_precision",
    "last_confirmed", "date_note", "source", "verified", "notes",
)


def _coordinate(path: Path, i: int, row: pd.Series) -> tuple[float, float] | None:
    if not row["lat"] and not row["lon"]:
        if row["coord_precision"] != "unknown":
            raise fail(path, i, "no coordinates: coord_precision must be 'unknown'")
        return None
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        raise fail(path, i, f"lat/lon {row['lat']!r}, {row['lon']!r} are not both numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise fail(path, i, f"lat/lon {lat}, {lon} out of range")
    if row["coord_precision"] in ("", "unknown") or not row["coord_source"]:
        raise fail(path, i, "coordinates need a coord_precision and a coord_source")
    return lat, lon


@lru_cache(maxsize=8)
def _forces(path: Path) -> pd.DataFrame:
    frame = read_csv(path, FORCE_COLUMNS)
    duplicated = frame["site_id"][frame["site_id"].duplicated()]
    if not duplicated.empty:
        raise ValueError(f"{path.name}: duplicate site_id {duplicated.iloc[0]!r}")
    parsed: dict[str, list[object]] = {k: [] for k in
                                       ("lat", "lon", "start_from", "start_to", "end_from", "end_to", "confirmed_to")}
    for i, row in frame.iterrows():
        assert isinstance(i, int)
        check_common(path, i, row)
        if not SLUG.match(row["site_id"]):
            raise fail(path, i, f"site_id {row['site_id']!r} is not a lower-case slug")
        if not ISO3.match(row["country_iso3"]):
            raise fail(path, i, f"country_iso3 {row['country_iso3']!r} is not three capital letters")
        point = _coordinate(path, i, row)
        parsed["lat"].append(point[0] if point else None)
        parsed["lon"].append(point[1] if point else None)

        start: tuple[dt.date | None, dt.date | None] = (None, None)
        if row["start"]:
            start = bounds(path, i, row["start"], row["start_precision"], "start")
        elif row["start_precision"] != "unknown":
            raise fail(path, i, "empty start needs start_precision 'unknown'")
        end: tuple[dt.date | None, dt.date | None] = (None, None)
        if row["end"]:
            end = bounds(path, i, row["end"], row["end_precision"], "end")
        elif row["end_precision"] not in ("unknown", "ongoing"):
            raise fail(path, i, "empty end needs end_precision 'unknown' or 'ongoing'")
        if start[0] and end[0] and end[0] < start[0]:
            raise fail(path, i, f"end {row['end']} is before start {row['start']}")
        confirmed = date_bounds(row["last_confirmed"])[1] if row["last_confirmed"] else None
        if confirmed and row["end"]:
            raise fail(path, i, "last_confirmed is only for sites whose end is unknown or ongoing")
        for key, value in zip(("start_from", "start_to", "end_from", "end_to", "confirmed_to"),
                              (*start, *end, confirmed)):
            parsed[key].append(value)
    frame["lat"] = pd.to_numeric(pd.Series(parsed["lat"], dtype="float64"))
    frame["lon"] = pd.to_numeric(pd.Series(parsed["lon"], dtype="float64"))
    for key in ("start_from", "start_to", "end_from", "end_to", "confirmed_to"):
        frame[key] = pd.to_datetime(pd.Series(parsed[key], dtype="object"))
    return frame


def load_forces(path: Path | None = None) -> pd.DataFrame:
    """Every force site, validated: lat/lon as floats (NaN when unknown) and the date windows
    ``start_from``/``start_to``, ``end_from``/``end_to`` and ``confirmed_to`` (NaT when unknown).

    Raises ValueError naming the file and line of the first bad row.
    """
    return _forces(path or FORCES_CSV).copy()


def _presence(site: pd.Series, day: pd.Timestamp) -> tuple[bool, list[str]]:
    """Whether a site can have been occupied on ``day``, and why that is uncertain (empty when certain).

    Imprecise start or end: the site is shown over the widest period its dates allow, and flagged while
    ``day`` is inside the imprecise window.  Unknown start: shown up to its end.  Unknown or ongoing end:
    shown from its start onwards, flagged after the last confirmation.
    """
    doubts: list[str] = []
    if pd.isna(site["start_from"]):
        doubts.append("start unknown (shown up to the end)")
    elif day < site["start_from"]:
        return False, []
    elif day < site["start_to"]:
        doubts.append(f"inside the imprecise start {site['start']}")
    if not pd.isna(site["end_to"]):
        if day > site["end_to"]:
            return False, []
        if day > site["end_from"]:
            doubts.append(f"inside the imprecise end {site['end']}")
    elif pd.isna(site["confirmed_to"]):
        doubts.append(f"end {site['end_precision']}, no confirmation on record")
    elif day > site["confirmed_to"]:
        doubts.append(f"end {site['end_precision']}, last confirmed {site['last_confirmed']}")
    return True, doubts


def force_sites(as_of: dt.date | str, operators: Iterable[str] | None = None,
                include_unlocated: bool = False) -> gpd.GeoDataFrame:
    """Force sites present on ``as_of`` as points (EPSG:4326), with every column of forces.csv plus
    ``presence`` ('certain' or 'uncertain') and ``presence_basis`` (why it is uncertain).

    A site is present from its start through its end day inclusive (the end is the day the last troops
    left or the site was handed over).  ``operators`` filters on ``operator`` or ``operator_iso3``
    (case-insensitive).  Sites without coordinates are left out unless ``include_unlocated`` is True;
    they then have an empty geometry.
    """
    day = as_timestamp(as_of)
    sites = load_forces()
    if operators is not None:
        wanted = {o.strip().casefold() for o in operators}
        known = set(sites["operator"].str.casefold()) | set(sites["operator_iso3"].str.casefold()) - {""}
        unknown = sorted(wanted - known)
        if unknown:
            raise ValueError(f"unknown operator(s) {', '.join(unknown)}; see list_operators()")
        chosen = sites["operator"].str.casefold().isin(wanted) | sites["operator_iso3"].str.casefold().isin(wanted)
        sites = sites[chosen]
    if not include_unlocated:
        sites = sites[sites["lat"].notna()]
    verdicts = [_presence(site, day) for _, site in sites.iterrows()]
    # A boolean Series, not a list: an empty list would select no *columns* (and lose "lat" and "lon").
    present = pd.Series([ok for ok, _ in verdicts], index=sites.index, dtype=bool)
    sites = sites.assign(
        presence=["uncertain" if doubts else "certain" for _, doubts in verdicts],
        presence_basis=["; ".join(doubts) for _, doubts in verdicts],
    )[present]
    geometry = [Point(lon, lat) if pd.notna(lat) else None for lat, lon in zip(sites["lat"], sites["lon"])]
    return gpd.GeoDataFrame(sites.reset_index(drop=True), geometry=geometry, crs="EPSG:4326")


def list_operators() -> list[str]:
    """Every operator named in forces.csv, sorted (e.g. 'France', 'Russia', 'UN')."""
    return sorted(set(load_forces()["operator"]))
