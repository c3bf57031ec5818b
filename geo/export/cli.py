"""Exports for briefings: a self-contained HTML map, a PNG/PDF picture, and the layers as data.

``python -m geo export --format FMT --out FILE [--as-of YYYY-MM-DD] [--articles PATH ...] ...``: `add_arguments`
declares the options, `cli` runs them (exit 0, or 2 on a bad argument), `main` parses ``argv`` itself.

Events are coded from the same articles (`geo.events.table.events_table`) only when they are asked for: the
events layer in ``--layers`` (drawn and exported with the map) or ``--format events-csv`` (the events table).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo.export.common import DECK_FORMATS, EVENTS_CSV, FILE_SUFFIXES, FORMATS, PICTURE_FORMATS, _check_format
from geo.export.dispatch import export
from geo.export.picture import check_picture_size
from geo.facts import boundaries
from geo.facts.written import check_as_of
from geo.files import check_output_path
from geo.map import registry
from geo.map.options import MapOptions

__all__ = ["add_arguments", "cli", "main"]


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc
    try:
        return check_as_of(day)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``python -m geo export``."""
    parser.add_argument("--as-of", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                        help="the date the map shows (default: today)")
    parser.add_argument("--format", required=True, choices=FORMATS,
                        help="output format (csv: the mentions table; events-csv: the events table, every event "
                             "coded from the articles, placed or not)")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    parser.add_argument("--articles", nargs="+", type=Path, metavar="PATH",
                        help="article files or folders (default: the dashboard's articles, bundled samples first)")
    parser.add_argument("--layers", metavar="A,B,...",
                        help=f"layers to show: {', '.join(registry.keys())} (default: all but "
                             f"{', '.join(s.key for s in registry.LAYERS if s.optional and not s.default)}); with "
                             "events, the articles' events are coded and go into the map and the data files "
                             "(GeoJSON, GeoPackage, KML: the events at a known place)")
    parser.add_argument("--title", default=MapOptions.title, help="map title")
    parser.add_argument("--definition", default=boundaries.DEFAULT_DEFINITION,
                        choices=[d.id for d in boundaries.LIPTAKO_DEFINITIONS],
                        help="Liptako-Gourma definition")
    parser.add_argument("--width", type=int, default=1920, help="picture width in CSS pixels (png, pdf)")
    parser.add_argument("--height", type=int, default=1080, help="picture height in CSS pixels (png, pdf)")
    parser.add_argument("--scale", type=float, default=None,
                        help="device pixels per CSS pixel (default: 2 for png, 1 for the pictures of a pptx deck)")
    parser.add_argument("--bounds", type=_bounds, metavar="S,W,N,E",
                        help="extent to show, in degrees: south,west,north,east (default: West Africa)")
    deck = parser.add_argument_group("briefing deck (--format pptx)")
    deck.add_argument("--second-date", type=_date, metavar="YYYY-MM-DD",
                      help="a second date for a before/after pair of maps (e.g. 2023-09-16 with --as-of 2025-01-29)")
    deck.add_argument("--no-liptako-zoom", dest="liptako_zoom", action="store_false",
                      help="leave out the Liptako-Gourma zoom slide")
    deck.add_argument("--no-notes", dest="notes", action="store_false",
                      help="leave out the speaker notes (article sentences) on the map slides")
    deck.add_argument("--handling", default="UNCLASSIFIED // FOR BRIEFING",
                      help="handling line on the title slide and every slide's footer")


def _options(args: argparse.Namespace) -> MapOptions:
    layers = frozenset(part.strip() for part in args.layers.split(",") if part.strip()) \
        if getattr(args, "layers", None) else registry.default_keys()
    return MapOptions(as_of=args.as_of, liptako_definition=getattr(args, "definition", boundaries.DEFAULT_DEFINITION),
                      layers=layers, title=getattr(args, "title", None) or MapOptions.title,
                      bounds=getattr(args, "bounds", None))


def _bounds(text: str) -> tuple[float, float, float, float]:
    """``--bounds 10,-6,18,5`` as (south, west, north, east)."""
    parts = text.split(",")
    try:
        south, west, north, east = (float(part) for part in parts)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected four numbers south,west,north,east, got {text!r}") from exc
    return south, west, north, east


def _articles(paths: Sequence[Path] | None) -> list[Any]:
    """Articles from ``paths`` (or the dashboard's store); unreadable files are reported on stderr."""
    from geo.text.readers import load_corpus
    from geo.text.store import CorpusStore

    if paths:
        articles, errors = load_corpus(paths)
    else:
        store = CorpusStore()
        articles, errors = store.list(), store.errors
    for where, message in errors:
        print(f"skipped {where}: {message}", file=sys.stderr)
    return articles


def cli(args: argparse.Namespace) -> int:
    """Run ``python -m geo export`` with parsed ``args``; 0 on success, 2 on a bad argument."""
    try:
        fmt = _check_format(str(args.format))
        options = _options(args)
        out_path = check_output_path(Path(args.out), FILE_SUFFIXES[fmt])
        scale = getattr(args, "scale", None)
        scale = scale if scale is not None else (1 if fmt in DECK_FORMATS else 2)
        if fmt in PICTURE_FORMATS or fmt in DECK_FORMATS:
            check_picture_size(getattr(args, "width", 1920), getattr(args, "height", 1080), scale)
        second = getattr(args, "second_date", None)
        if second is not None and second == options.as_of:
            raise ValueError(f"--second-date {second.isoformat()} is the --as-of date; choose another date")
    except ValueError as exc:  # OutputPathError included
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from geo.geoparse.table import mentions_table

    articles = _articles(getattr(args, "articles", None))
    if getattr(args, "articles", None) and not articles:
        print("error: no readable article in --articles; nothing was written", file=sys.stderr)
        return 2
    table = mentions_table(articles)
    events = None
    if options.shows("events") or fmt == EVENTS_CSV:  # coding costs about twice the geoparsing: only when asked
        from geo.events.table import events_table

        events = events_table(articles)
    picture = {"width": getattr(args, "width", 1920), "height": getattr(args, "height", 1080),
               "scale": scale} if fmt in PICTURE_FORMATS else {}
    if fmt in DECK_FORMATS:
        # Deck pictures default to 1920x1080 pixels (scale 1); --scale 2 makes them sharper and the file larger.
        picture = {"width": getattr(args, "width", 1920), "height": getattr(args, "height", 1080), "scale": scale,
                   "second_date": getattr(args, "second_date", None),
                   "liptako_zoom": getattr(args, "liptako_zoom", True), "notes": getattr(args, "notes", True),
                   "handling": getattr(args, "handling", "UNCLASSIFIED // FOR BRIEFING"), "articles": articles}
    try:
        out = export(options, table, out_path, fmt, events=events, **picture)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the disk filled up, the folder vanished...: the old file, if any, is intact
        print(f"error: could not write {out_path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{out}: {fmt}, as of {options.as_of.isoformat()}, {len(articles)} article(s), "
          f"{len(table)} mention(s){'' if events is None else f', {len(events)} event(s)'}, "
          f"{out.stat().st_size:,} bytes", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -c 'from geo.export.cli import main; main()'`` equivalent of ``python -m geo export``."""
    parser = argparse.ArgumentParser(prog="python -m geo export", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return cli(parser.parse_args(argv))
