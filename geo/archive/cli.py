"""`python -m geo archive build|query ...`: the archive pipeline from the command line.

Every expected problem (a missing source, a folder that is not an archive, a bad date, an unknown column)
is one line on standard error and exit status 2; a failure during a build leaves the archive as it was.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from geo.archive.schema import ANY_EVENT
from geo.events.classify import EVENT_TYPES
from geo.files import OutputPathError, check_output_path, write_atomically
from geo.spreadsheet import csv_text
from geo.text.article import parse_date

OUTPUT_SUFFIXES = {"csv": (".csv",), "jsonl": (".jsonl", ".ndjson")}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="archive_command", required=True)
    build = actions.add_parser("build", help="geoparse articles into an archive folder (incremental)")
    build.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                       help="JSON lines (.jsonl, .jsonl.gz), Parquet, CSV, or .txt/.md/.html files or folders")
    build.add_argument("--out", type=Path, required=True, metavar="DIR", help="the archive folder")
    engine = build.add_mutually_exclusive_group()
    engine.add_argument("--workers", type=int, metavar="N",
                        help="local worker processes (default: the machine's cores; 0: in this process)")
    engine.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on an existing Dask cluster")
    for name in ("id", "text", "title", "date", "source", "url", "language"):
        build.add_argument(f"--{name}-field", metavar="F", help=f"input field holding the {name} (default: {name})")
    build.add_argument("--partition-size", type=int, default=2000, metavar="N",
                       help="records per task (default 2000; a .gz or CSV file is always one task)")
    build.add_argument("--no-progress", action="store_true", help="no progress bar")
    build.add_argument("--no-events", action="store_true",
                       help="leave event_type/event_subtype empty (no event coding: about three times faster)")

    query = actions.add_parser("query", help="counts, change against a baseline, a place's trend, top articles")
    query.add_argument("archive", type=Path, metavar="DIR")
    query.add_argument("--by", choices=("place", "admin1", "country"), default="admin1")
    query.add_argument("--freq", choices=("day", "week", "month"), default="month")
    query.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD)")
    query.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD)")
    query.add_argument("--baseline", choices=("4w", "52w"),
                       help="counts in the window against the same window 4 or 52 weeks earlier")
    query.add_argument("--place", metavar="ID", help="one place's trend per --freq (a gazetteer id)")
    query.add_argument("--top", type=int, metavar="N", help="with --place: its N top articles and sentences")
    query.add_argument("--liptako", action="store_true", help="only mentions inside the Liptako-Gourma area")
    query.add_argument("--event-type", choices=(ANY_EVENT, *EVENT_TYPES), metavar="TYPE",
                       help=f"only places of events of this ACLED type ({', '.join(EVENT_TYPES)}) or of "
                            f"'{ANY_EVENT}' type (needs an archive built with events, the default)")
    query.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    query.add_argument("--out", type=Path, metavar="FILE", help="write here instead of standard output")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def cli(args: argparse.Namespace) -> int:
    try:
        return _build(args) if args.archive_command == "build" else _query(args)
    except KeyboardInterrupt:
        print("interrupted: the archive is as it was before this run", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    from geo.archive.build import build_archive
    from geo.archive.ingest import FieldMap, SourceError
    from geo.archive.layout import ArchiveError

    if args.workers is not None and args.workers < 0:
        return _fail("--workers must be 0 or more")
    if args.partition_size < 1:
        return _fail("--partition-size must be 1 or more")
    mapping = {name: getattr(args, f"{name}_field") for name in ("id", "text", "title", "date", "source", "url",
                                                                  "language") if getattr(args, f"{name}_field")}
    try:
        summary = build_archive(args.sources, args.out, workers=args.workers, scheduler=args.scheduler,
                                fields=FieldMap(**mapping), show_progress=False if args.no_progress else None,
                                partition_size=args.partition_size, events=not args.no_events)
    except (SourceError, ArchiveError) as exc:
        return _fail(str(exc))
    except OSError as exc:  # TimeoutError included: an unreachable --scheduler
        if args.scheduler is not None and exc.filename is None:
            return _fail(f"could not reach the Dask scheduler {args.scheduler}: {exc}")
        return _fail(f"{exc.strerror or exc}: {exc.filename or args.out}")
    for line in summary.lines():
        print(line, file=sys.stderr)
    return 0


def _date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"{flag} {value!r} is not a date (YYYY-MM-DD)")
    return parsed


def _query(args: argparse.Namespace) -> int:
    from geo.archive.layout import ArchiveError, check_archive_folder
    from geo.archive.query import Archive, QueryError, Window

    try:
        window = Window(_date(args.start, "--from"), _date(args.end, "--to"))
        if window.start and window.end and window.start > window.end:
            raise ValueError(f"--from {window.start} is after --to {window.end}")
        if args.top is not None and (args.place is None or args.top < 1):
            raise ValueError("--top N needs --place ID and N >= 1")
        if args.out is not None:
            check_output_path(args.out, OUTPUT_SUFFIXES[args.format])
        check_archive_folder(args.archive, create=False)
        archive = Archive(args.archive)
        if args.place is not None and args.top is not None:
            frame = archive.top_articles(args.place, args.top, window, args.liptako, event_type=args.event_type)
        elif args.place is not None:
            frame = archive.trend(args.place, args.freq, window, args.liptako, event_type=args.event_type)
        elif args.baseline is not None:
            frame = archive.change(args.by, window, args.baseline, args.liptako, event_type=args.event_type)
        else:
            frame = archive.counts(args.by, args.freq, window, args.liptako, event_type=args.event_type)
    except (ValueError, QueryError, ArchiveError, OutputPathError) as exc:
        return _fail(str(exc))
    text = _render(frame, args.format)
    if args.out is None:
        sys.stdout.write(text)
    else:
        try:
            write_atomically(args.out, text)
        except OSError as exc:
            return _fail(f"could not write {args.out}: {exc.strerror or exc}")
    print(f"{len(frame)} row(s)", file=sys.stderr)
    return 0


def _render(frame: pd.DataFrame, output_format: str) -> str:
    """CSV or JSON lines; days and periods as ISO dates ("2024-03-01") in both, as the CSV always had them."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d").astype(object).where(frame[column].notna(), None)
    if output_format == "jsonl":
        return "".join(line + "\n" for line in frame.to_json(orient="records", lines=True, date_format="iso",
                                                             force_ascii=False).splitlines() if line)
    flat = frame.copy()
    if "sentences" in flat:
        flat["sentences"] = flat["sentences"].map(lambda items: " | ".join(items))
    return csv_text(flat)

