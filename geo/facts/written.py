"""Written facts: dates at the precision the sources support, and the checks every facts file shares.

A date is written "2013", "2021-10", "2023-12-22" or as a range "2008/2009"; it is read as the first and last day
it can mean, so answers can say when a date falls inside such a window instead of rounding the uncertainty away.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

VERIFIED_VALUES: tuple[str, ...] = ("yes", "partial", "no")
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "range")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ISO3 = re.compile(r"^[A-Z]{3}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The dates a map can be drawn for, in the dashboard and on the command line alike: the facts start with
# Operation Serval (2013); the far end only keeps typing slips (year 20245) out.
EARLIEST_AS_OF = dt.date(2012, 1, 1)
LATEST_AS_OF = dt.date(2100, 1, 1)


def check_as_of(day: dt.date) -> dt.date:
    """``day`` if a map can be drawn for it, else ValueError saying the range.

    >>> check_as_of(dt.date(1990, 1, 1))
    Traceback (most recent call last):
    ...
    ValueError: 1990-01-01 is outside the dates the map covers (2012-01-01 to 2100-01-01)
    """
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise ValueError(f"{day.isoformat()} is outside the dates the map covers "
                         f"({EARLIEST_AS_OF.isoformat()} to {LATEST_AS_OF.isoformat()})")
    return day


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


def as_timestamp(as_of: dt.date | str) -> pd.Timestamp:
    return pd.Timestamp(as_of).normalize()


def read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    # Everything as text: empty cells stay "" (a blank iso3 or end is meaningful, not missing data).
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
    return frame


def fail(path: Path, index: int, message: str) -> ValueError:
    # index + 2: CSV line numbers count the header as line 1.
    return ValueError(f"{path.name} line {index + 2}: {message}")


def check_common(path: Path, i: int, row: pd.Series) -> None:
    urls = [u.strip() for u in row["source"].split(" ; ") if u.strip()]
    if not urls:
        raise fail(path, i, "no source")
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        raise fail(path, i, f"source {bad[0]!r} is not a URL (separate URLs with ' ; ')")
    if row["verified"] not in VERIFIED_VALUES:
        raise fail(path, i, f"verified {row['verified']!r} is not one of {', '.join(VERIFIED_VALUES)}")


def bounds(path: Path, i: int, text: str, precision: str, field: str) -> tuple[dt.date, dt.date]:
    try:
        lo, hi = date_bounds(text)
    except ValueError as exc:
        raise fail(path, i, f"{field} {text!r}: {exc}") from None
    if date_precision(text) != precision:
        raise fail(path, i, f"{field} {text!r} is written at {date_precision(text)} precision, "
                             f"but {field}_precision says {precision!r}")
    return lo, hi
