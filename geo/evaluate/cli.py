"""Command line of `python -m geo evaluate`: options, input checks, running the scores and printing the report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.evaluate.gold import (
    BENCHMARK_CORPORA,
    DEFAULT_BENCHMARK_DIR,
    DEFAULT_SEEDS_GOLD,
    GOLD_CORPORA,
    SEEDS_CORPUS,
    select_corpora,
)
from geo.evaluate.report import format_details, format_table, write_errors
from geo.evaluate.scoring import Parser, evaluate_all


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m geo evaluate`."""
    parser.add_argument("--benchmarks", type=Path, default=DEFAULT_BENCHMARK_DIR, metavar="DIR",
                        help=f"directory of the benchmark JSON-lines files (default: {DEFAULT_BENCHMARK_DIR})")
    parser.add_argument("--seeds-gold", type=Path, default=None, metavar="FILE",
                        help=f"gold annotation of the seed articles (default: {DEFAULT_SEEDS_GOLD} when present)")
    parser.add_argument("--corpus", nargs="+", action="extend", metavar="NAME",
                        help=f"corpora to score (default: all of {', '.join((*BENCHMARK_CORPORA, SEEDS_CORPUS, *GOLD_CORPORA))})")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents of each corpus")
    parser.add_argument("--half", choices=("dev", "test", "all"), default="all",
                        help="benchmark half to score: dev (tune on it, read its errors), test (report it), or all "
                             "(default); the seeds are scored whole, the French and English gold split like the benchmarks")
    parser.add_argument("--errors", type=Path, default=None, metavar="FILE",
                        help="write false positives / negatives / resolution errors as JSON lines to FILE")
    parser.add_argument("--events", action="store_true",
                        help="score the event coder on tests/gold/events.jsonl instead (with --half, --errors)")
    parser.add_argument("--events-gold", type=Path, default=None, metavar="FILE",
                        help="event gold file (default: tests/gold/events.jsonl)")


def _check_inputs(args: argparse.Namespace) -> tuple[list[str], Path | None]:
    """The selected corpora and the seeds gold file; raises ValueError with a user-facing message."""
    selected = select_corpora(args.corpus)
    if args.limit is not None and args.limit < 1:
        raise ValueError("--limit must be at least 1")
    if any(name in BENCHMARK_CORPORA for name in selected) and not args.benchmarks.is_dir():
        raise ValueError(f"benchmark directory not found: {args.benchmarks} (use --benchmarks DIR)")
    seeds_gold: Path | None = args.seeds_gold
    if seeds_gold is None and DEFAULT_SEEDS_GOLD.is_file():
        seeds_gold = DEFAULT_SEEDS_GOLD
    if SEEDS_CORPUS in selected:
        if seeds_gold is None and args.corpus is not None:
            raise ValueError(f"seeds requested but no gold annotation at {DEFAULT_SEEDS_GOLD} (use --seeds-gold)")
        if seeds_gold is None:
            print(f"note: no seeds gold annotation at {DEFAULT_SEEDS_GOLD}; seeds not scored", file=sys.stderr)
        elif not seeds_gold.is_file():
            raise ValueError(f"seeds gold annotation not found: {seeds_gold}")
    return selected, seeds_gold


def cli(args: argparse.Namespace, parser: Parser | None = None) -> int:
    """Run the evaluation and print the table; exit code 2 on missing inputs or a bad corpus name.

    ``parser`` defaults to ``geo.geoparse.parse``, imported only now (after the inputs are checked).
    """
    if getattr(args, "events", False):
        return _events_cli(args, parser)
    try:
        selected, seeds_gold = _check_inputs(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if parser is None:
        from geo.geoparse.parser import parse

        parser = parse
    try:
        half = None if getattr(args, "half", "all") == "all" else args.half
        scores = evaluate_all(parser, args.benchmarks, seeds_gold, corpora=selected, limit=args.limit, half=half)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    half_note = "" if getattr(args, "half", "all") == "all" else f", {args.half} halves of the benchmarks"
    print(f"Geoparser evaluation, {dt.date.today().isoformat()}{half_note}"
          + (f" (first {args.limit} documents per corpus)" if args.limit else ""))
    print()
    print(format_table(scores))
    details = format_details(scores)
    if details:
        print()
        print(details)
    if args.errors is not None:
        count = write_errors(scores, args.errors)
        print(f"\n{count} error records written to {args.errors}")
    return 0


def _events_cli(args: argparse.Namespace, parser: Parser | None) -> int:
    """`--events`: the event coder's scores (geo/evaluate/events.py) beside the keyword baseline."""
    import json

    from geo.evaluate.events import DEFAULT_EVENTS_GOLD, events_report

    gold = args.events_gold or DEFAULT_EVENTS_GOLD
    if not gold.is_file():
        print(f"error: event gold not found: {gold}", file=sys.stderr)
        return 2
    if parser is None:
        from geo.geoparse.parser import parse

        parser = parse
    half = None if args.half == "all" else args.half
    try:
        text, scores = events_report(parser, gold, half)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Event coder evaluation, {dt.date.today().isoformat()}, {args.half} passages of {gold.name}")
    print()
    print(text)
    if args.errors is not None:
        args.errors.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in scores.errors),
                               encoding="utf-8")
        print(f"\n{len(scores.errors)} error records written to {args.errors}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m geo.evaluate [options]` (the same as `python -m geo evaluate`)."""
    parser = argparse.ArgumentParser(
        prog="python -m geo evaluate",
        description="Score the geoparser on the public geoparsing benchmarks and on the seed articles' gold annotation.",
    )
    add_arguments(parser)
    return cli(parser.parse_args(argv))
