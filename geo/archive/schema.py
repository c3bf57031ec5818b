"""The archive's columns and their pandas dtypes (pandas 3: strings are "str").

Every file is written through `conform`, so all partitions share one Parquet schema whatever they contain
(a partition without any dated article or any event still writes typed, not null-typed, columns).

>>> sorted(set(MENTION_SCHEMA) & set(ARTICLE_SCHEMA))
['article_hash', 'article_id', 'date']
>>> conform(pd.DataFrame({"article_id": ["a"]}), ARTICLE_SCHEMA).dtypes["words"]
dtype('int64')
"""

from __future__ import annotations

import pandas as pd

DATE_DTYPE = "datetime64[ms]"
UNDATED_MONTH = "undated"  # the month partition of articles without a date
SENTENCE_CHARS = 300  # the sentence excerpt kept per mention

ARTICLE_SCHEMA: dict[str, str] = {
    "article_hash": "str",  # sha256 of the text: the archive's key, what makes a second run incremental
    "article_id": "str",
    "title": "str",
    "date": DATE_DTYPE,
    "source": "str",
    "language": "str",
    "origin": "str",  # the source file (and record number) it was read from
    "words": "int64",
    "mentions": "int64",
}

MENTION_SCHEMA: dict[str, str] = {
    "article_hash": "str",
    "article_id": "str",
    "date": DATE_DTYPE,
    "place_id": "str",  # the gazetteer id (org:<id> for organisations), null when unresolved
    "name": "str",
    "surface": "str",
    "kind": "str",  # place, demonym or organisation
    "feature": "str",
    "lat": "float64",
    "lon": "float64",
    "admin1": "str",  # region_id of data/boundaries/regions.geojson, null outside the covered regions
    "country": "str",  # ISO3 (';'-joined for organisations)
    "in_liptako": "bool",
    "confidence": "float64",
    "sentence": "str",
    "start": "int64",
    "end": "int64",
    # The event (geo.events) this mention is the place of, if any; null with `archive build --no-events`.
    "event_type": "str",
    "event_subtype": "str",
}
ANY_EVENT = "any"  # a query's event_type meaning: the place of an event of any type
# The hive partition column of mentions/ (month=YYYY-MM folders); not stored inside the files.
PARTITION_COLUMN = "month"


def conform(frame: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """`frame` with exactly the schema's columns, in order, with its dtypes (missing columns are null)."""
    out = pd.DataFrame(index=frame.index)
    for column, dtype in schema.items():
        values = frame[column] if column in frame else pd.Series([None] * len(frame), index=frame.index)
        if dtype == "int64":
            values = values.fillna(0)
        elif dtype == "bool":
            values = values.fillna(False)
        out[column] = values.astype(dtype)
    return out


def month_of(date: pd.Timestamp | None) -> str:
    """'2024-01' for a date, `UNDATED_MONTH` for none: the month partition's folder value."""
    return UNDATED_MONTH if date is None or pd.isna(date) else f"{date.year:04d}-{date.month:02d}"
