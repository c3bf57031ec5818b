"""Saved views ("slides"): a named date, set of layers and map extent that a user steps through in the
dashboard's presentation mode, that the URL carries and that the deck turns into one map slide each.

In the URL a view is ``name~date~layer.layer~lat,lon,zoom`` and views are joined by ``;`` (the extent may be
empty: the default one).  A shared URL is untrusted: every part is checked, names are cut and cleaned, and
what could not be read is said, never guessed.

>>> views, notes = parse_views("Charter~2023-09-16~alliance.liptako~14.9110,0.2185,6;Exit~2025-01-29~alliance~")
>>> [(v.name, v.as_of.isoformat(), sorted(v.layers), v.map_view) for v in views], notes
([('Charter', '2023-09-16', ['alliance', 'liptako'], (14.911, 0.2185, 6)), ('Exit', '2025-01-29', ['alliance'], None)], [])
>>> parse_views(views_text(views))[0] == views
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from geo.facts.written import check_as_of
from geo.map import registry

__all__ = ["DEFAULT_MAP_VIEW", "MAX_VIEWS", "SavedView", "clean_view_name", "parse_views", "view_bounds", "views_text"]

DEFAULT_MAP_VIEW: tuple[float, float, int] = (14.5, -2.0, 5)  # West Africa: where every map opens
MAX_VIEWS = 20  # the URL holds 2,000 characters of views: about 20
NAME_MAX_CHARS = 60
MIN_ZOOM, MAX_ZOOM = 3, 18
_SEPARATORS = re.compile(r"[~;\x00-\x1f\x7f]+")  # the URL form's own separators and control characters


@dataclass(frozen=True)
class SavedView:
    """One slide of a briefing: what the map shows and where it looks."""

    name: str
    as_of: dt.date
    layers: frozenset[str]
    map_view: tuple[float, float, int] | None = None  # (lat, lon, zoom); None: the default extent


def clean_view_name(name: str) -> str:
    """A view name as typed, made safe for the URL form: separators and control characters become spaces,
    runs of spaces one, at most NAME_MAX_CHARS characters.  Empty stays empty (the caller names it)."""
    return " ".join(_SEPARATORS.sub(" ", name).split())[:NAME_MAX_CHARS]


def _map_view(text: str) -> tuple[float, float, int] | None:
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 3:
        raise ValueError("extent is not lat,lon,zoom")
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), float(parts[2])
    except ValueError:
        raise ValueError("extent is not three numbers") from None
    if not (-85 <= lat <= 85 and -180 <= lon <= 180) or not zoom.is_integer() or not MIN_ZOOM <= zoom <= MAX_ZOOM:
        raise ValueError(f"extent is outside lat -85..85, lon -180..180, zoom {MIN_ZOOM}..{MAX_ZOOM}")
    return lat, lon, int(zoom)


def _view(text: str) -> SavedView:
    parts = text.split("~")
    if len(parts) != 4:
        raise ValueError("is not name~date~layers~extent")
    name = clean_view_name(parts[0])
    if not name:
        raise ValueError("has no name")
    try:
        as_of = check_as_of(dt.date.fromisoformat(parts[1].strip()))
    except ValueError as exc:
        raise ValueError(f"date: {exc}") from None
    layers = [layer for layer in parts[2].split(".") if layer]
    unknown = sorted(set(layers) - set(registry.keys()))
    if unknown:
        raise ValueError(f"unknown layer(s) {', '.join(repr(u[:20]) for u in unknown[:3])}")
    return SavedView(name, as_of, frozenset(layers), _map_view(parts[3].strip()))


def parse_views(text: str | None) -> tuple[list[SavedView], list[str]]:
    """The views of a URL value, and a note for each one that was left out (bad, repeated or too many)."""
    views: list[SavedView] = []
    notes: list[str] = []
    for number, part in enumerate((text or "").split(";"), start=1):
        if not part.strip():
            continue
        if len(views) == MAX_VIEWS:
            notes.append(f"views: only the first {MAX_VIEWS} are kept")
            break
        try:
            view = _view(part)
        except ValueError as exc:
            notes.append(f"views: view {number} {exc}: left out")
            continue
        if any(v.name == view.name for v in views):
            notes.append(f"views: a second view named {view.name!r} left out")
            continue
        views.append(view)
    return views, notes


def views_text(views: Iterable[SavedView]) -> str:
    """The URL form of views (the inverse of parse_views)."""
    return ";".join(
        "~".join((clean_view_name(v.name), v.as_of.isoformat(), ".".join(sorted(v.layers)),
                  "" if v.map_view is None else f"{v.map_view[0]:.4f},{v.map_view[1]:.4f},{v.map_view[2]}"))
        for v in views)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def view_bounds(map_view: tuple[float, float, int], width_px: int, height_px: int
                ) -> tuple[float, float, float, float]:
    """(south, west, north, east) that a ``width_px`` x ``height_px`` web-Mercator map centred on (lat, lon) at
    ``zoom`` shows: what a slide drawn from a saved view must fit to look the same.

    >>> [round(v, 2) for v in view_bounds((0.0, 0.0, 3), 256 * 8, 256 * 8)]
    [-85.05, -180.0, 85.05, 180.0]
    """
    lat, lon, zoom = map_view
    world_px = 256 * 2 ** zoom
    half_lon = width_px / 2 * 360 / world_px
    centre_y = _mercator_y(lat)
    half_y = height_px / 2 * 2 * math.pi / world_px
    south = math.degrees(2 * math.atan(math.exp(centre_y - half_y)) - math.pi / 2)
    north = math.degrees(2 * math.atan(math.exp(centre_y + half_y)) - math.pi / 2)
    return south, max(-180.0, lon - half_lon), north, min(180.0, lon + half_lon)
