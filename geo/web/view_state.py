"""The dashboard's logic, without Streamlit: the shareable view (URL query parameters), filters on the
mentions table, and an article's text with its mentions highlighted (escaped HTML).

>>> view = view_from_query({"asof": "2023-09-16", "layers": "alliance,forces", "def": "alg_2018"})
>>> view.as_of.isoformat(), sorted(view.layers), view.definition
('2023-09-16', ['alliance', 'forces'], 'alg_2018')
>>> view_from_query(view_to_query(view)) == view
True
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

import geopandas as gpd
import pandas as pd

from geo.facts.boundaries import DEFAULT_DEFINITION, LIPTAKO_DEFINITIONS, load_regions
from geo.facts.forces import list_operators
from geo.facts.written import EARLIEST_AS_OF, LATEST_AS_OF, check_as_of
from geo.map import registry
from geo.map.data import AES_STATES
from geo.map.views import SavedView, parse_views, views_text

CHARTER_SIGNED = dt.date(2023, 9, 16)
AES_LEFT_ECOWAS = dt.date(2025, 1, 29)
EARLIEST_DATE, LATEST_DATE = EARLIEST_AS_OF, LATEST_AS_OF
DEFINITIONS = tuple(d.id for d in LIPTAKO_DEFINITIONS) + ("custom",)
MENTION_KINDS = ("place", "demonym", "organisation")
MAX_QUERY_VALUE = 2_000  # characters: a shared URL is untrusted input too


def quick_dates(today: dt.date | None = None) -> dict[str, dt.date]:
    """The as-of dates a user picks most, by label."""
    return {
        "Today": today or dt.date.today(),
        "16 Sep 2023": CHARTER_SIGNED,  # the Liptako-Gourma Charter is signed
        "29 Jan 2025": AES_LEFT_ECOWAS,  # the AES states' exit from ECOWAS takes effect
    }


@dataclass(frozen=True)
class ViewState:
    """Everything that makes a view shareable through the URL."""

    as_of: dt.date = field(default_factory=dt.date.today)
    layers: frozenset[str] = field(default_factory=registry.default_keys)  # URL names: registry keys
    definition: str = DEFAULT_DEFINITION
    custom_regions: tuple[str, ...] = ()
    article: str | None = None
    operators: tuple[str, ...] | None = None
    tiles: str | None = None
    presentation: bool = False
    map_view: tuple[float, float, int] | None = None  # (lat, lon, zoom) of the map on screen; None: the default
    saved_views: tuple[SavedView, ...] = ()  # the briefing's "slides", in order (geo.map.views)


def _first(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    return str(value)[:MAX_QUERY_VALUE]


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _shown(value: str, limit: int = 60) -> str:
    """A URL value quoted for a message (cut, so a 2,000-character value does not fill the page)."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def parse_as_of(text: str) -> dt.date:
    """A typed or linked as-of date, or ValueError saying what is wrong with it (shown to the user).

    >>> parse_as_of(" 2023-09-16 ")
    datetime.date(2023, 9, 16)
    >>> parse_as_of("2023-13-45")
    Traceback (most recent call last):
    ...
    ValueError: is not a date (YYYY-MM-DD)
    """
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("is not a date (YYYY-MM-DD)") from None
    try:
        return check_as_of(day)
    except ValueError as exc:
        raise ValueError(str(exc).removeprefix(day.isoformat() + " ")) from None


def _known_only(asked: list[str], known: Mapping[str, str], unknown: str,
                fold: Callable[[str], str] = str) -> tuple[list[str], list[str]]:
    """The `asked` values that `known` maps (``fold(value)`` -> canonical value), and a note per other one."""
    kept = [known[fold(value)] for value in asked if fold(value) in known]
    return kept, [f"{unknown} {_shown(value)} ignored" for value in dict.fromkeys(asked) if fold(value) not in known]


def read_view(params: Mapping[str, str | list[str]], today: dt.date | None = None,
              tile_names: Iterable[str] = ()) -> tuple[ViewState, list[str]]:
    """A view from URL query parameters, and a note for every value that was ignored (never an error).

    A mistyped link must not silently present another date or hide a layer: the notes say what was replaced.

    >>> view, notes = read_view({"asof": "2023-13-45", "layers": "alliance,heatmap"}, today=dt.date(2024, 1, 1))
    >>> view.as_of, sorted(view.layers), notes
    (datetime.date(2024, 1, 1), ['alliance'], ["asof='2023-13-45' is not a date (YYYY-MM-DD): showing 2024-01-01", "layers: unknown 'heatmap' ignored"])
    """
    view = ViewState(as_of=today or dt.date.today())
    notes: list[str] = []
    as_of = _first(params.get("asof"))
    if as_of:
        try:
            view = replace(view, as_of=parse_as_of(as_of))
        except ValueError as exc:
            notes.append(f"asof={_shown(as_of)} {exc}: showing {view.as_of.isoformat()}")
    if "layers" in params:
        layers, ignored = _known_only(_split(_first(params.get("layers"))), {k: k for k in registry.keys()},
                                       "layers: unknown")
        view, notes = replace(view, layers=frozenset(layers)), notes + ignored
    definition = _first(params.get("def"))
    if definition in DEFINITIONS:
        view = replace(view, definition=definition)
    elif definition:
        notes.append(f"def={_shown(definition)} is not a Liptako-Gourma definition: showing {view.definition}")
    regions = _split(_first(params.get("regions")))
    if regions:
        offered = {r: r for r in load_regions(AES_STATES)["region_id"]}  # what the sidebar offers
        chosen, ignored = _known_only(regions, offered, "regions: unknown")
        view, notes = replace(view, custom_regions=tuple(sorted(set(chosen)))), notes + ignored
    article = _first(params.get("article"))
    if article:
        view = replace(view, article=article)
    if "ops" in params:
        operators, ignored = _known_only(_split(_first(params.get("ops"))),
                                         {o.casefold(): o for o in list_operators()}, "ops: unknown operator",
                                         fold=str.casefold)
        view, notes = replace(view, operators=tuple(operators)), notes + ignored
    tiles = _first(params.get("tiles"))
    if tiles in set(tile_names):
        view = replace(view, tiles=tiles)
    elif tiles:
        notes.append(f"tiles={_shown(tiles)} is not a known basemap: showing the offline map")
    map_text = _first(params.get("map"))
    if map_text:
        try:
            view = replace(view, map_view=parse_map_view(map_text))
        except ValueError as exc:
            notes.append(f"map={_shown(map_text)} {exc}: showing the default extent")
    if "views" in params:
        saved, ignored = parse_views(_first(params.get("views")))
        view, notes = replace(view, saved_views=tuple(saved)), notes + ignored
    present = _first(params.get("present"))
    if present in ("1", "true", "yes"):
        view = replace(view, presentation=True)
    elif present and present not in ("0", "false", "no"):
        notes.append(f"present={_shown(present)} is not 1 or 0: presentation mode off")
    return view, notes


def view_from_query(params: Mapping[str, str | list[str]], today: dt.date | None = None,
                    tile_names: Iterable[str] = ()) -> ViewState:
    """Read a view from URL query parameters; a bad value falls back to its default (see `read_view`)."""
    return read_view(params, today, tile_names)[0]


def view_to_query(view: ViewState) -> dict[str, str]:
    """The query parameters of a view (the inverse of view_from_query)."""
    query = {"asof": view.as_of.isoformat(), "layers": ",".join(sorted(view.layers)), "def": view.definition}
    if view.custom_regions:
        query["regions"] = ",".join(view.custom_regions)
    if view.article:
        query["article"] = view.article
    if view.operators is not None:
        query["ops"] = ",".join(view.operators)
    if view.tiles:
        query["tiles"] = view.tiles
    if view.presentation:
        query["present"] = "1"
    if view.map_view is not None:
        query["map"] = map_view_text(view.map_view)
    if view.saved_views:
        query["views"] = views_text(view.saved_views)
    return query


MIN_ZOOM, MAX_ZOOM = 3, 18


def map_view_text(map_view: tuple[float, float, int]) -> str:
    """``lat,lon,zoom`` for the URL: four decimals (about 10 m) are enough to reopen the same view.

    >>> map_view_text((14.91096, 0.21851, 7))
    '14.9110,0.2185,7'
    """
    lat, lon, zoom = map_view
    return f"{lat:.4f},{lon:.4f},{zoom}"


def parse_map_view(text: str) -> tuple[float, float, int]:
    """``lat,lon,zoom`` -> (lat, lon, zoom), or ValueError saying what is wrong."""
    parts = text.split(",")
    if len(parts) != 3:
        raise ValueError("is not lat,lon,zoom")
    try:
        lat, lon, zoom_value = float(parts[0]), float(parts[1]), float(parts[2])
    except ValueError:
        raise ValueError("is not lat,lon,zoom (three numbers)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not zoom_value.is_integer() \
            or not MIN_ZOOM <= zoom_value <= MAX_ZOOM:
        raise ValueError(f"is outside lat -90..90, lon -180..180, zoom {MIN_ZOOM}..{MAX_ZOOM}")
    return lat, lon, int(zoom_value)


def filter_mentions(table: gpd.GeoDataFrame, articles: Iterable[str] | None = None,
                    kinds: Iterable[str] | None = None, countries: Iterable[str] | None = None,
                    dates: tuple[dt.date, dt.date] | None = None) -> gpd.GeoDataFrame:
    """The mentions of the chosen articles, kinds and countries, from articles dated within `dates`
    (undated articles are kept: a missing date is not a reason to hide a report)."""
    keep = pd.Series(True, index=table.index)
    if articles is not None:
        keep &= table["article"].isin(list(articles))
    if kinds is not None:
        keep &= table["kind"].isin(list(kinds))
    if countries is not None:
        wanted = set(countries)
        keep &= table["countries"].fillna("").map(lambda codes: bool(wanted & set(codes.split(";"))))
    if dates is not None:
        day = pd.to_datetime(table["date"], errors="coerce").dt.date
        keep &= day.isna() | day.between(dates[0], dates[1])
    return table[keep]


def _mention_label(row: object) -> str:
    """What a mention was linked to, in the words the mentions table uses (the same answer as the CLI's)."""
    name, organisation = getattr(row, "name", ""), getattr(row, "organisation", "")
    countries = getattr(row, "countries", "")
    if isinstance(name, str) and name:
        return name
    if isinstance(organisation, str) and organisation:
        return f"{organisation} ({countries.replace(';', ', ')})" if isinstance(countries, str) and countries \
            else organisation
    return "unresolved"


def highlight_mentions(text: str, mentions: pd.DataFrame) -> str:
    """The article's text as HTML, every character escaped, each mention wrapped in <mark> with a tooltip.

    Mentions are (start, end) spans into `text`; overlapping or out-of-range spans are skipped.
    """
    parts: list[str] = []
    position = 0
    for row in mentions.sort_values(["start", "end"]).itertuples():
        start, end = int(row.start), int(row.end)
        if start < position or end > len(text) or start >= end:
            continue
        title = html.escape(f"{row.kind}: {_mention_label(row)}", quote=True)
        css = "mention-" + (row.kind if row.resolved else "unresolved")
        parts.append(html.escape(text[position:start]))
        parts.append(f'<mark class="{css}" title="{title}">{html.escape(text[start:end])}</mark>')
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts).replace("\n", "<br>")

