"""`export(options, mentions, path, fmt, events=...)`: any format of FORMATS, handed to the module that writes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.export.common import DECK_FORMATS, PICTURE_FORMATS, _check_format
from geo.export.gis import export_layers
from geo.export.html import export_html
from geo.export.picture import export_picture
from geo.map.options import MapOptions

__all__ = ["export"]


def export(options: MapOptions, mentions: gpd.GeoDataFrame | None, path: Path, fmt: str, *,
           events: gpd.GeoDataFrame | None = None, **picture: Any) -> Path:
    """Any format of FORMATS to ``path`` (``picture``: width/height/scale/browser for png and pdf; for pptx
    the keyword arguments of `geo.export.deck.export_deck`).  ``events`` (a `geo.events.table.events_table`)
    goes wherever the map goes when ``options`` shows the events layer, and is the table of "events-csv"."""
    _check_format(fmt)
    if fmt in DECK_FORMATS:
        from geo.export.deck import export_deck  # python-pptx is loaded only for decks

        return export_deck(options, mentions, Path(path), events=events, **picture)
    if fmt == "html":
        export_html(options, mentions, Path(path), events=events)
        return Path(path)
    if fmt in PICTURE_FORMATS:
        return export_picture(options, mentions, Path(path), fmt, events=events, **picture)
    return export_layers(options, mentions, Path(path), fmt, events=events)
