"""From a corpus of articles to a mentions table, and the `python -m geo mentions` command.

>>> from geo.text.readers import article_from_text
>>> table = mentions_table([article_from_text("Troops left Niamey for Gao.", title="t")])
>>> list(table["surface"]), list(table["article"].str.startswith("pasted-"))
(['Niamey', 'Gao'], [True, True])
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.text.article import Article
from geo.text.readers import load_corpus, read_jsonl
from geo.files import check_output_path, write_atomically
from geo.spreadsheet import csv_text
from geo.geoparse.model import Mention

Parser = Callable[[str], list[Mention]]
COLUMNS = ["article", "title", "date", "start", "end", "surface", "kind", "name", "feature", "lat", "lon",
           "iso3", "gazetteer_id", "confidence", "resolved", "countries", "organisation", "sentence", "reasons",
           "runner_up"]
FORMATS = ("jsonl", "csv", "geojson")
FILE_SUFFIXES = {"jsonl": (".jsonl", ".ndjson", ".json"), "csv": (".csv",), "geojson": (".geojson", ".json")}


def _default_parser() -> Parser:
    from geo.geoparse.parser import parse

    return parse


def article_records(article: Article, parser: Parser | None = None) -> list[dict[str, object]]:
    """One flat record per mention of one article (see Mention.to_record), with the article's metadata."""
    parse = parser or _default_parser()
    records = []
    for mention in parse(article.text):
        record = mention.to_record(article.id)
        record["title"] = article.title
        record["date"] = article.date.isoformat() if article.date else None
        records.append(record)
    return records


def mentions_table(articles: Iterable[Article], parser: Parser | None = None) -> gpd.GeoDataFrame:
    """Every mention of every article as a GeoDataFrame (EPSG:4326).

    Places resolved to the gazetteer are points; demonyms, organisations and unresolved places have an
    empty geometry (a map shows them by country, or lists them), so nothing is dropped.
    """
    return table_from_records([record for article in articles for record in article_records(article, parser)])


def table_from_records(records: list[dict[str, object]]) -> gpd.GeoDataFrame:
    """The GeoDataFrame of mention records (points where a place was resolved)."""
    return with_points(frame_from_records(records))


def frame_from_records(records: list[dict[str, object]]) -> pd.DataFrame:
    """The mentions table's columns (COLUMNS, countries ';'-joined) of mention records, without geometry."""
    frame = pd.DataFrame(records, columns=COLUMNS)
    frame["countries"] = frame["countries"].map(lambda codes: ";".join(codes) if isinstance(codes, list) else "")
    return frame


def with_points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """``frame`` (with lat and lon columns: mentions, events) as a GeoDataFrame (EPSG:4326): a point where lat
    and lon are known, else None."""
    lat, lon = (pd.to_numeric(frame[axis], errors="coerce").to_numpy(dtype=float) for axis in ("lat", "lon"))
    known = ~(np.isnan(lat) | np.isnan(lon))
    geometry = np.full(len(frame), None, dtype=object)
    geometry[known] = shapely.points(lon[known], lat[known])  # one call (the dashboard's may hold 100,000s)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=frame.index, crs="EPSG:4326"))


def write_mentions(table: gpd.GeoDataFrame, records: list[dict[str, object]], output_format: str,
                   out: Path | None) -> None:
    """Write the mentions as JSON lines, CSV or GeoJSON to `out` (stdout when None)."""
    if output_format == "jsonl":
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    elif output_format == "csv":
        text = csv_text(pd.DataFrame(table.drop(columns="geometry")))
    elif output_format == "geojson":
        text = table.to_json(drop_id=True, ensure_ascii=False)
    else:
        raise ValueError(f"unknown format {output_format!r}; choose one of {', '.join(FORMATS)}")
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomically(out, text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="article files (.txt, .md, .html) or folders of them")
    parser.add_argument("--input-jsonl", type=Path, metavar="FILE",
                        help='JSON lines of {"id": ..., "text": ...} (optional "title", "date")')
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here instead of standard output")


def load_articles(args: argparse.Namespace) -> list[Article] | None:
    """The articles the command's arguments name (files, folders, --input-jsonl), with --out checked first;
    None after printing why there are none (the caller exits 2).  Unreadable inputs are listed and skipped."""
    if not args.paths and args.input_jsonl is None:
        print("error: give article files or folders, or --input-jsonl FILE", file=sys.stderr)
        return None
    if args.out is not None:
        try:
            check_output_path(args.out, FILE_SUFFIXES[args.format])
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return None
    articles, errors = load_corpus(args.paths) if args.paths else ([], [])
    if args.input_jsonl is not None:
        if not args.input_jsonl.is_file():
            print(f"error: {args.input_jsonl} is not a file", file=sys.stderr)
            return None
        more, more_errors = read_jsonl(args.input_jsonl)
        articles, errors = articles + more, errors + more_errors
    for where, message in errors:
        print(f"skipped {where}: {message}", file=sys.stderr)
    if not articles:
        print("error: no readable article", file=sys.stderr)
        return None
    return articles


def cli(args: argparse.Namespace, parser: Parser | None = None) -> int:
    articles = load_articles(args)
    if articles is None:
        return 2
    records = [record for article in articles for record in article_records(article, parser)]
    table = table_from_records(records)
    try:
        write_mentions(table, records, args.format, args.out)
    except OSError as exc:  # written through a temporary file: an earlier file at --out is intact
        print(f"error: could not write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    unresolved = sum(1 for record in records if not record["resolved"])
    print(f"{len(articles)} article(s), {len(records)} mention(s), {unresolved} unresolved", file=sys.stderr)
    return 0

