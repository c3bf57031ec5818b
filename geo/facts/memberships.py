"""Alliance memberships and foreign-force sites as of a date, read from data/layers/.

Both files are written facts with a source on every row (schema: data/layers/README.md).  Dates are
written at the precision the sources support ("2013", "2021-10", "2023-12-22") or as a range
("2008/2009"); each is read as the first and last day it can mean, and the answers say when a date
falls inside such a window instead of rounding the uncertainty away.

>>> import datetime as dt
>>> members("AES", dt.date(2023, 9, 16))
['BFA', 'MLI', 'NER']
>>> membership_status("ECOWAS", dt.date(2023, 12, 15)).set_index("iso3").loc["NER", "status"]
'suspended'
>>> "fra-niamey-bap" in set(force_sites(dt.date(2023, 9, 16), operators=["France"])["site_id"])
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.resources import LAYERS_DIR

MEMBERSHIPS_CSV = LAYERS_DIR / "memberships.csv"
FORCES_CSV = LAYERS_DIR / "forces.csv"

ORGANISATIONS: dict[str, str] = {
    "AES": "Alliance of Sahel States (Confederation of Sahel States from 6 Jul 2024)",
    "ECOWAS": "Economic Community of West African States",
    "G5S": "G5 Sahel",
    "ALG": "Liptako-Gourma Authority",
}
# Events that change a country's status, and the status they leave it in.
STATUS_AFTER_EVENT: dict[str, str] = {
    "founding": "member",
    "join": "member",
    "reinstate": "member",
    "suspend": "suspended",
    "withdraw": "withdrawn",
    "dissolve": "dissolved",
}
# Events recorded for context that leave the status as it was.
CONTEXT_EVENTS: frozenset[str] = frozenset({
    "withdraw_announced", "transition_end", "sanctions", "sanctions_lifted",
    "treaty", "summit", "statement", "associate_agreement",
})
STATUSES: tuple[str, ...] = ("member", "suspended", "withdrawn", "dissolved", "not_yet_member")
VERIFIED_VALUES: tuple[str, ...] = ("yes", "partial", "no")
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "range")

MEMBERSHIP_COLUMNS: tuple[str, ...] = (
    "org", "iso3", "country", "event", "date", "date_precision", "status_after",
    "description", "source", "verified", "note",
)
FORCE_COLUMNS: tuple[str, ...] = (
    "site_id", "operator", "operator_iso3", "operation", "site_name", "country_iso3", "lat", "lon",
    "coord_precision", "coord_source", "site_type", "start", "start_precision", "end", "end_precision",
    "last_confirmed", "date_note", "source", "verified", "notes",
)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- written dates --------------------------------------------------------------------------------------

def date_bounds(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a written date can mean.

    >>> date_bounds("2013")
    (datetime.date(2013, 1, 1), datetime.date(2013, 12, 31))
    >>> date_bounds("2008-12/2009-01")
    (datetime.date(2008, 12, 1), datetime.date(2009, 1, 31))
    """
    if "/" in text:
        first, last = text.split("/", 1)
        lo, hi = date_bounds(first)[0], date_bounds(last)[1]
        if hi < lo:
            raise ValueError(f"range {text!r} ends before it starts")
        return lo, hi
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or a range A/B of those")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        first_day = dt.date(year, month, 1)
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        return first_day, next_month - dt.timedelta(days=1)
    day_date = dt.date(year, month, day)
    return day_date, day_date


def date_precision(text: str) -> str:
    """'day', 'month', 'year' or 'range', from how a date is written."""
    if "/" in text:
        return "range"
    return {1: "year", 2: "month", 3: "day"}[len(text.split("-"))]


def _as_timestamp(as_of: dt.date | str) -> pd.Timestamp:
    return pd.Timestamp(as_of).normalize()


# --- loading and validation -----------------------------------------------------------------------------

def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    # Everything as text: empty cells stay "" (a blank iso3 or end is meaningful, not missing data).
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
    return frame


def _fail(path: Path, index: int, message: str) -> ValueError:
    # index + 2: CSV line numbers count the header as line 1.
    return ValueError(f"{path.name} line {index + 2}: {message}")


def _check_common(path: Path, i: int, row: pd.Series) -> None:
    urls = [u.strip() for u in row["source"].split(" ; ") if u.strip()]
    if not urls:
        raise _fail(path, i, "no source")
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        raise _fail(path, i, f"source {bad[0]!r} is not a URL (separate URLs with ' ; ')")
    if row["verified"] not in VERIFIED_VALUES:
        raise _fail(path, i, f"verified {row['verified']!r} is not one of {', '.join(VERIFIED_VALUES)}")


def _bounds(path: Path, i: int, text: str, precision: str, field: str) -> tuple[dt.date, dt.date]:
    try:
        lo, hi = date_bounds(text)
    except ValueError as exc:
        raise _fail(path, i, f"{field} {text!r}: {exc}") from None
    if date_precision(text) != precision:
        raise _fail(path, i, f"{field} {text!r} is written at {date_precision(text)} precision, "
                             f"but {field}_precision says {precision!r}")
    return lo, hi


@lru_cache(maxsize=8)
def _memberships(path: Path) -> pd.DataFrame:
    frame = _read_csv(path, MEMBERSHIP_COLUMNS)
    date_from, date_to = [], []
    for i, row in frame.iterrows():
        assert isinstance(i, int)
        _check_common(path, i, row)
        if row["org"] not in ORGANISATIONS:
            raise _fail(path, i, f"org {row['org']!r} is not one of {', '.join(ORGANISATIONS)}")
        event, status = row["event"], row["status_after"]
        if event in STATUS_AFTER_EVENT:
            if status != STATUS_AFTER_EVENT[event]:
                raise _fail(path, i, f"event {event!r} must have status_after {STATUS_AFTER_EVENT[event]!r}")
            if not _ISO3.match(row["iso3"]):
                raise _fail(path, i, f"status-changing event {event!r} needs an ISO3 code, got {row['iso3']!r}")
        elif event in CONTEXT_EVENTS:
            if status:
                raise _fail(path, i, f"event {event!r} does not change status; leave status_after empty")
        else:
            known = sorted(STATUS_AFTER_EVENT) + sorted(CONTEXT_EVENTS)
            raise _fail(path, i, f"event {event!r} is not one of {', '.join(known)}")
        if row["iso3"] and not _ISO3.match(row["iso3"]):
            raise _fail(path, i, f"iso3 {row['iso3']!r} is not three capital letters")
        lo, hi = _bounds(path, i, row["date"], row["date_precision"], "date")
        date_from.append(lo)
        date_to.append(hi)
    frame["date_from"] = pd.to_datetime(date_from)
    frame["date_to"] = pd.to_datetime(date_to)
    frame["row_order"] = range(len(frame))  # file order breaks ties between events of the same day
    return frame


def load_memberships(path: Path | None = None) -> pd.DataFrame:
    """Every membership event, validated, with ``date_from``/``date_to`` (the window its date can mean).

    Raises ValueError naming the file and line of the first bad row.
    """
    return _memberships(path or MEMBERSHIPS_CSV).copy()


def _coordinate(path: Path, i: int, row: pd.Series) -> tuple[float, float] | None:
    if not row["lat"] and not row["lon"]:
        if row["coord_precision"] != "unknown":
            raise _fail(path, i, "no coordinates: coord_precision must be 'unknown'")
        return None
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        raise _fail(path, i, f"lat/lon {row['lat']!r}, {row['lon']!r} are not both numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _fail(path, i, f"lat/lon {lat}, {lon} out of range")
    if row["coord_precision"] in ("", "unknown") or not row["coord_source"]:
        raise _fail(path, i, "coordinates need a coord_precision and a coord_source")
    return lat, lon


@lru_cache(maxsize=8)
def _forces(path: Path) -> pd.DataFrame:
    frame = _read_csv(path, FORCE_COLUMNS)
    duplicated = frame["site_id"][frame["site_id"].duplicated()]
    if not duplicated.empty:
        raise ValueError(f"{path.name}: duplicate site_id {duplicated.iloc[0]!r}")
    parsed: dict[str, list[object]] = {k: [] for k in
                                       ("lat", "lon", "start_from", "start_to", "end_from", "end_to", "confirmed_to")}
    for i, row in frame.iterrows():
        assert isinstance(i, int)
        _check_common(path, i, row)
        if not _SLUG.match(row["site_id"]):
            raise _fail(path, i, f"site_id {row['site_id']!r} is not a lower-case slug")
        if not _ISO3.match(row["country_iso3"]):
            raise _fail(path, i, f"country_iso3 {row['country_iso3']!r} is not three capital letters")
        point = _coordinate(path, i, row)
        parsed["lat"].append(point[0] if point else None)
        parsed["lon"].append(point[1] if point else None)

        start: tuple[dt.date | None, dt.date | None] = (None, None)
        if row["start"]:
            start = _bounds(path, i, row["start"], row["start_precision"], "start")
        elif row["start_precision"] != "unknown":
            raise _fail(path, i, "empty start needs start_precision 'unknown'")
        end: tuple[dt.date | None, dt.date | None] = (None, None)
        if row["end"]:
            end = _bounds(path, i, row["end"], row["end_precision"], "end")
        elif row["end_precision"] not in ("unknown", "ongoing"):
            raise _fail(path, i, "empty end needs end_precision 'unknown' or 'ongoing'")
        if start[0] and end[0] and end[0] < start[0]:
            raise _fail(path, i, f"end {row['end']} is before start {row['start']}")
        confirmed = date_bounds(row["last_confirmed"])[1] if row["last_confirmed"] else None
        if confirmed and row["end"]:
            raise _fail(path, i, "last_confirmed is only for sites whose end is unknown or ongoing")
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


# --- memberships as of a date ---------------------------------------------------------------------------

def _org_code(org: str) -> str:
    code = {"G5 SAHEL": "G5S", "G5": "G5S"}.get(org.strip().upper(), org.strip().upper())
    if code not in ORGANISATIONS:
        raise ValueError(f"unknown organisation {org!r}; choose one of {', '.join(ORGANISATIONS)}")
    return code


def membership_status(org: str, as_of: dt.date | str) -> pd.DataFrame:
    """Each country's status in ``org`` on ``as_of``: one row per country with a status-changing event.

    The status is the one left by the last status-changing event on or before the date; a country whose
    first such event is later is ``not_yet_member``.  An event with an imprecise date counts from the
    first day it can mean, and ``certain`` is False while the date is inside any event's window.
    Columns: iso3, country, status, since, since_written, event, description, source, verified, note,
    certain, latest_event, latest_event_date, latest_description (the latest event of any kind, such as a
    withdrawal announced but not yet effective).
    """
    code = _org_code(org)
    day = _as_timestamp(as_of)
    events = load_memberships()
    events = events[events["org"] == code].sort_values(["date_from", "date_to", "row_order"])
    changing = events[events["status_after"] != ""]
    rows = []
    for iso3, history in changing.groupby("iso3", sort=True):
        happened = history[history["date_from"] <= day]
        # Inside an event's window we cannot tell whether it has happened yet.
        certain = not ((history["date_from"] <= day) & (day < history["date_to"])).any()
        country_events = events[(events["iso3"] == iso3) & (events["date_from"] <= day)]
        latest = country_events.iloc[-1] if not country_events.empty else None
        if happened.empty:
            first = history.iloc[0]
            rows.append({
                "iso3": iso3, "country": first["country"], "status": "not_yet_member",
                "since": pd.NaT, "since_written": "", "event": "",
                "description": f"first recorded event: {first['event']} on {first['date']}",
                "source": first["source"], "verified": first["verified"], "note": first["note"],
                "certain": certain,
            })
        else:
            last = happened.iloc[-1]
            rows.append({
                "iso3": iso3, "country": last["country"], "status": last["status_after"],
                "since": last["date_from"], "since_written": last["date"], "event": last["event"],
                "description": last["description"], "source": last["source"], "verified": last["verified"],
                "note": last["note"], "certain": certain,
            })
        rows[-1].update({
            "latest_event": latest["event"] if latest is not None else "",
            "latest_event_date": latest["date"] if latest is not None else "",
            "latest_description": latest["description"] if latest is not None else "",
        })
    return pd.DataFrame(rows).reset_index(drop=True)


def members(org: str, as_of: dt.date | str) -> list[str]:
    """ISO3 codes of the members of ``org`` on ``as_of``, suspended members included.

    A suspended state is still a member (it is barred from decision-making bodies, not expelled); use
    :func:`active_members` for the members not suspended.
    """
    status = membership_status(org, as_of)
    return sorted(status.loc[status["status"].isin(["member", "suspended"]), "iso3"])


def active_members(org: str, as_of: dt.date | str) -> list[str]:
    """ISO3 codes of the members of ``org`` on ``as_of`` that are not suspended."""
    status = membership_status(org, as_of)
    return sorted(status.loc[status["status"] == "member", "iso3"])


def membership_layer(org: str, as_of: dt.date | str,
                     countries: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Country polygons (EPSG:4326) of every country with a status in ``org``, joined with that status.

    ``countries`` defaults to :func:`geo.boundaries.load_countries`.  Countries that never had a
    status-changing event in ``org`` are not included.
    """
    if countries is None:
        from geo.facts.boundaries import load_countries  # imported late: boundary files are only read when needed

        countries = load_countries()
    status = membership_status(org, as_of)
    unknown = sorted(set(status["iso3"]) - set(countries["iso3"]))
    if unknown:
        raise ValueError(f"no boundary for {', '.join(unknown)} in the countries layer")
    layer = countries.merge(status, on="iso3", how="inner")
    layer.insert(0, "org", _org_code(org))
    return gpd.GeoDataFrame(layer, geometry="geometry", crs=countries.crs)


# --- force sites as of a date ---------------------------------------------------------------------------

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
    day = _as_timestamp(as_of)
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
    present = [ok for ok, _ in verdicts]
    sites = sites.assign(
        presence=["uncertain" if doubts else "certain" for _, doubts in verdicts],
        presence_basis=["; ".join(doubts) for _, doubts in verdicts],
    )[present]
    geometry = [Point(lon, lat) if pd.notna(lat) else None for lat, lon in zip(sites["lat"], sites["lon"])]
    return gpd.GeoDataFrame(sites.reset_index(drop=True), geometry=geometry, crs="EPSG:4326")


def list_operators() -> list[str]:
    """Every operator named in forces.csv, sorted (e.g. 'France', 'Russia', 'UN')."""
    return sorted(set(load_forces()["operator"]))
