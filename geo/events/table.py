"""From articles to the events table, and the `python -m geo events` command.

Input handling (files, folders, --input-jsonl, exit code 2 with a message on bad input) follows
`python -m geo mentions` and reuses its readers, options and output checks.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from geo.events.coder import DEFAULT_OPTIONS, CoderOptions, Parser, code_articles
from geo.events.merge import merge_events
from geo.events.model import Event
from geo.files import write_atomically
from geo.geoparse.table import FORMATS
from geo.geoparse.table import add_arguments as add_input_arguments
from geo.geoparse.table import load_articles, with_points
from geo.spreadsheet import csv_text
from geo.text.article import Article

COLUMNS = ["article", "start", "end", "sentence", "type", "subtype", "place", "place_name", "lat", "lon", "iso3",
           "gazetteer_id", "place_rule", "actors", "date", "date_text", "fatalities", "fatalities_text", "triggers",
           "confidence", "sources", "rules"]


def event_row(event: Event) -> dict[str, object]:
    """One flat row of the events table (lists joined with ';')."""
    place = event.place
    return {
        "article": event.article, "start": event.start, "end": event.end, "sentence": event.sentence,
        "type": event.type, "subtype": event.subtype, "place": place.surface if place else None,
        "place_name": place.name if place else None, "lat": place.lat if place else None,
        "lon": place.lon if place else None, "iso3": place.iso3 if place else None,
        "gazetteer_id": place.gazetteer_id if place else None, "place_rule": event.place_rule,
        "actors": ";".join(event.actors), "date": event.date, "date_text": event.date_text,
        "fatalities": event.fatalities, "fatalities_text": event.fatalities_text,
        "triggers": ";".join(event.triggers), "confidence": round(event.confidence, 3),
        "sources": ";".join(event.sources or (event.article,)), "rules": ";".join(event.rules),
    }


def table_from_events(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """The events as a GeoDataFrame (EPSG:4326): a point where the place is resolved, else an empty geometry."""
    frame = pd.DataFrame([event_row(event) for event in events], columns=COLUMNS)
    frame["fatalities"] = frame["fatalities"].astype("Int64")
    return with_points(frame)


def events_of(articles: Iterable[Article], parser: Parser | None = None, merge: bool = True,
              options: CoderOptions = DEFAULT_OPTIONS) -> list[Event]:
    """Every event of the articles, reports of one event merged across articles unless `merge` is False."""
    events = code_articles(articles, options, parser)
    return merge_events(events) if merge else events


def events_table(articles: Iterable[Article], parser: Parser | None = None, merge: bool = True) -> gpd.GeoDataFrame:
    """The table the map, the exports and the dashboard read (columns: COLUMNS + geometry)."""
    return table_from_events(events_of(articles, parser, merge))


def events_text(events: list[Event], output_format: str) -> str:
    if output_format == "jsonl":
        return "".join(json.dumps(event.to_record(), ensure_ascii=False) + "\n" for event in events)
    table = table_from_events(events)
    if output_format == "csv":
        return csv_text(pd.DataFrame(table.drop(columns="geometry")))  # formula-safe cells
    if output_format == "geojson":
        return table.to_json(drop_id=True, ensure_ascii=False)
    raise ValueError(f"unknown format {output_format!r}; choose one of {', '.join(FORMATS)}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)  # the same PATH / --input-jsonl / --format / --out as `mentions`
    parser.add_argument("--no-merge", action="store_true",
                        help="keep every report apart (default: merge the same event across articles)")


def cli(args: argparse.Namespace, parser: Parser | None = None) -> int:
    articles = load_articles(args)
    if articles is None:
        return 2
    events = events_of(articles, parser, merge=not args.no_merge)
    text = events_text(events, args.format)
    try:
        if args.out is None:
            sys.stdout.write(text)
        else:
            write_atomically(args.out, text)
    except OSError as exc:
        print(f"error: could not write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{len(articles)} article(s), {len(events)} event(s)", file=sys.stderr)
    return 0
