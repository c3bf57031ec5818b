"""Merge one run's staged mention files of a month into one file sorted by place, then date.

Why: every task writes one small file per month it touches (2,000 articles spread over years give a few
hundred rows per month), so a large build would leave thousands of tiny files, and DuckDB pays per file.
One file per month and run, sorted by place_id with row groups of `ROW_GROUP` rows, lets DuckDB skip every
row group whose place_id range cannot match: a place's trend reads a few row groups per month, not all.
It runs inside the staging folder, before the commit, so the commit stays "add files only".

>>> import tempfile; folder = Path(tempfile.mkdtemp())
>>> import pandas as pd; from geo.archive.geoparquet import points_table
>>> for n, ids in enumerate((["b", "a"], ["c"])):
...     pq.write_table(points_table(pd.DataFrame({"place_id": ids, "date": [1] * len(ids),
...                                               "lat": [1.0] * len(ids), "lon": [2.0] * len(ids)})),
...                    folder / f"part-{n}.parquet")
>>> name = compact_month(folder, "part-run-month.parquet")
>>> sorted(p.name for p in folder.iterdir()), pq.read_table(folder / name)["place_id"].to_pylist()
(['part-run-month.parquet'], ['a', 'b', 'c'])
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from geo.archive.geoparquet import GEOMETRY

ROW_GROUP = 16_384  # measured on 10M rows: a place trend reads ~4x less than with 64k groups
SORT_KEYS = [("place_id", "ascending"), ("date", "ascending"), ("article_hash", "ascending"), ("start", "ascending")]


def _merged_bbox(tables: list[pa.Table]) -> list[float] | None:
    boxes = []
    for table in tables:
        geo = json.loads((table.schema.metadata or {}).get(b"geo", b"{}"))
        box = geo.get("columns", {}).get(GEOMETRY, {}).get("bbox")
        if box:
            boxes.append(box)
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def compact_month(folder: Path, name: str) -> str:
    """Replace the Parquet files of `folder` by one file `name`, sorted; returns `name`.

    The "geo" metadata of the first file is kept, with the bounding box of all of them."""
    paths = sorted(folder.glob("*.parquet"))
    tables = [pq.read_table(path) for path in paths]
    merged = pa.concat_tables(tables, promote_options="none")
    keys = [(column, order) for column, order in SORT_KEYS if column in merged.column_names]
    merged = merged.sort_by(keys)
    metadata = dict(tables[0].schema.metadata or {})
    if b"geo" in metadata:
        geo = json.loads(metadata[b"geo"])
        column = geo["columns"][GEOMETRY]
        column.pop("bbox", None)
        if (box := _merged_bbox(tables)) is not None:
            column["bbox"] = box
        metadata[b"geo"] = json.dumps(geo).encode()
    merged = merged.replace_schema_metadata(metadata)
    target = folder / name
    pq.write_table(merged, target.with_suffix(".tmp"), row_group_size=ROW_GROUP)
    target.with_suffix(".tmp").replace(target)  # a reader of staging never sees half a file
    for path in paths:
        if path != target:
            path.unlink()
    return name
