"""Time each export format and report the file size, for the default export (bundled articles, 2023-09-16).

    .venv/bin/python bench/export_bench.py

The mentions table is built once (its time is reported separately); one warm-up HTML export loads the
boundary and membership caches.  Each format is then exported once into a temporary folder; PNG and PDF
start their own Chromium (as the CLI does), which is part of their time.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.text.store import CorpusStore  # noqa: E402
from geo.export.common import FORMATS  # noqa: E402
from geo.export.dispatch import export  # noqa: E402
from geo.export.html import export_html  # noqa: E402
from geo.map.options import MapOptions  # noqa: E402
from geo.geoparse.table import mentions_table  # noqa: E402

AS_OF = dt.date(2023, 9, 16)


def main() -> None:
    started = time.perf_counter()
    articles = CorpusStore().list()
    table = mentions_table(articles)
    parse_s = time.perf_counter() - started
    options = MapOptions(as_of=AS_OF)
    export_html(options, table)  # warm-up
    rows = []
    with tempfile.TemporaryDirectory(prefix="sbm-bench-") as folder:
        for fmt in FORMATS:
            path = Path(folder) / f"map.{fmt}"
            started = time.perf_counter()
            export(options, table, path, fmt)
            rows.append((fmt, time.perf_counter() - started, path.stat().st_size))
    print(f"{len(articles)} articles, {len(table)} mentions (parsed in {parse_s:.2f} s), as of {AS_OF}\n")
    print("| format | time (s) | size (bytes) |")
    print("|---|---:|---:|")
    for fmt, seconds, size in rows:
        print(f"| {fmt} | {seconds:.2f} | {size:,} |")


if __name__ == "__main__":
    main()
