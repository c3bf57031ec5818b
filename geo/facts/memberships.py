"""Alliance memberships as of a date (AES, ECOWAS, G5 Sahel, Liptako-Gourma Authority), from
data/layers/memberships.csv: written facts with a source on every row (schema: data/layers/README.md).

>>> import datetime as dt
>>> members("AES", dt.date(2023, 9, 16))
['BFA', 'MLI', 'NER']
>>> membership_status("ECOWAS", dt.date(2023, 12, 15)).set_index("iso3").loc["NER", "status"]
'suspended'
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.facts.written import ISO3, as_timestamp, bounds, check_common, fail, read_csv
from geo.resources import LAYERS_DIR

MEMBERSHIPS_CSV = LAYERS_DIR / "memberships.csv"

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

MEMBERSHIP_COLUMNS: tuple[str, ...] = (
    "org", "iso3", "country", "event", "date", "date_precision", "status_after",
    "description", "source", "verified", "note",
)

@lru_cache(maxsize=8)
def _memberships(path: Path) -> pd.DataFrame:
    frame = read_csv(path, MEMBERSHIP_COLUMNS)
    date_from, date_to = [], []
    for i, row in frame.iterrows():
        assert isinstance(i, int)
        check_common(path, i, row)
        if row["org"] not in ORGANISATIONS:
            raise fail(path, i, f"org {row['org']!r} is not one of {', '.join(ORGANISATIONS)}")
        event, status = row["event"], row["status_after"]
        if event in STATUS_AFTER_EVENT:
            if status != STATUS_AFTER_EVENT[event]:
                raise fail(path, i, f"event {event!r} must have status_after {STATUS_AFTER_EVENT[event]!r}")
            if not ISO3.match(row["iso3"]):
                raise fail(path, i, f"status-changing event {event!r} needs an ISO3 code, got {row['iso3']!r}")
        elif event in CONTEXT_EVENTS:
            if status:
                raise fail(path, i, f"event {event!r} does not change status; leave status_after empty")
        else:
            known = sorted(STATUS_AFTER_EVENT) + sorted(CONTEXT_EVENTS)
            raise fail(path, i, f"event {event!r} is not one of {', '.join(known)}")
        if row["iso3"] and not ISO3.match(row["iso3"]):
            raise fail(path, i, f"iso3 {row['iso3']!r} is not three capital letters")
        lo, hi = bounds(path, i, row["date"], row["date_precision"], "date")
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
    day = as_timestamp(as_of)
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
