"""Sahel Briefing Map: the dashboard.  Widgets and layout only; every decision is a call into geo/."""

from __future__ import annotations

import datetime as dt
import gc
import tempfile
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.events.classify import EVENT_TYPES
from geo.events.filters import EventFilter, actor_ids, filter_events
from geo.export.common import DECK_FORMATS, EVENTS_CSV, FORMATS, PICTURE_FORMATS, safe_export_name
from geo.export.dispatch import export
from geo.export.picture import chromium_path
from geo.facts import boundaries, forces, memberships
from geo.map import registry
from geo.map.assemble import build_map_parts
from geo.map.assets import bundle_map_scripts, write_static_assets
from geo.map.data import AES_STATES
from geo.map.details import feature_details, parse_feature_key
from geo.map.options import MapOptions
from geo.map.style import ONLINE_TILES
from geo.map.views import DEFAULT_MAP_VIEW, SavedView, clean_view_name
from geo.text.article import Article, ArticleError
from geo.text.readers import article_from_text, read_article_bytes
from geo.text.store import CorpusStore, default_store_dir
from geo.web.errors import guarded
from geo.web.event_cache import EventCache
from geo.web.linked_layers import link_layer_data
from geo.web.markdown import literal
from geo.web.analysis_log import EventLog, MentionSnapshot
from geo.web.mention_cache import MentionCache
from geo.web.page_loading import PageLoading
from geo.web.slides import step, with_saved, without
from geo.web.trends import trends_view
from geo.web.view_state import (EARLIEST_DATE, LATEST_DATE, MENTION_KINDS, ViewState, filter_mentions,
                                highlight_mentions, map_view_text, parse_as_of, parse_map_view, quick_dates, read_view,
                                view_to_query)

STATIC_VENDOR_DIR = Path(__file__).parent / "static" / "vendor"
ARCHIVE_SOURCE = "Archive folder"
SOURCES = ("Working set", ARCHIVE_SOURCE)
STATIC_VENDOR_URL = "/app/static/vendor"  # where Streamlit serves ./static (server.enableStaticServing)
STATIC_LAYERS_DIR = Path(__file__).parent / "static" / "layers"
STATIC_LAYERS_URL = "/app/static/layers"
OFFLINE = "Offline (no tiles)"
UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm"]

start_view, link_notes = read_view(st.query_params.to_dict(), tile_names=ONLINE_TILES)
st.set_page_config(page_title="Sahel Briefing Map", page_icon="🗺️", layout="wide",
                   initial_sidebar_state="collapsed" if start_view.presentation else "expanded")


# ---------------------------------------------------------------- cached data


@st.cache_resource
def prepare_offline_assets() -> int:
    return write_static_assets(STATIC_VENDOR_DIR)


@st.cache_resource
def exempt_loaded_data_from_gc() -> bool:
    """Once per server process, after the first whole page: what is loaded by now (boundaries, gazetteer,
    caches) lives as long as the process.  Frozen, it is no longer scanned by Python's full garbage
    collections, which otherwise held up every run (measured: README, "The dashboard").  The cost: the few
    objects of this one run that are garbage later are never freed."""
    gc.collect()
    gc.freeze()
    return True


@st.cache_resource
def corpus_store(folder: str) -> CorpusStore:
    return CorpusStore(Path(folder))


@st.cache_resource
def analyses(folder: str) -> tuple[MentionCache, EventCache]:
    """Every session's mentions and events, made once per article and kept beside the stored articles
    (see geo.web.mention_cache, geo.web.analysis_log): a restarted server reads them instead."""
    return MentionCache(snapshot=MentionSnapshot(Path(folder))), EventCache(log=EventLog(Path(folder)))


def mention_cache() -> MentionCache:
    return analyses(str(default_store_dir()))[0]


def event_cache() -> EventCache:
    return analyses(str(default_store_dir()))[1]


@st.cache_data
def liptako_names() -> dict[str, str]:
    features = boundaries.load_liptako_gourma()
    polygons = features[features["id"] != "tripoint"]
    return {**dict(zip(polygons["id"], polygons["name"])), "custom": "Custom: regions of your choice"}


@st.cache_data
def region_names() -> dict[str, str]:
    """The regions a custom Liptako-Gourma polygon is made of (Mali, Burkina Faso, Niger), by country."""
    regions = boundaries.load_regions(AES_STATES)
    countries = boundaries.load_countries().set_index("iso3")["name"]
    return {row.region_id: f"{row.name} ({countries.get(row.iso3, row.iso3)})"
            for row in regions.sort_values(["iso3", "name"]).itertuples()}


# ---------------------------------------------------------------- state shared with the URL


def page_loading() -> PageLoading:
    """This session's loading phase (see geo.web.page_loading)."""
    return st.session_state.setdefault("_page_loading", PageLoading())


def seed_widgets(view: ViewState, notes: list[str]) -> None:
    """On a session's first run, widgets start from the URL's view; what the link asked for and did not get
    is said once, with the page's first notices."""
    if not page_loading().is_new:
        return
    if notes:
        st.session_state.setdefault("_notices", []).append(
            ("warning", "Some values in the link were not used: " + "; ".join(notes) + "."))
    st.session_state.update({
        "as_of": view.as_of, "as_of_text": view.as_of.isoformat(),
        "layers": [k for k in registry.keys() if k in view.layers],
        "definition": view.definition, "custom_regions": list(view.custom_regions),
        "tiles": view.tiles or OFFLINE, "presentation": view.presentation,
        "operators": list(view.operators) if view.operators is not None else forces.list_operators(),
        "article_view": view.article,
        # The link's map view, given to the map once: later pans and zooms are the user's, kept in map_view.
        "map_view": view.map_view, "_map_start": view.map_view,
        "saved_views": list(view.saved_views), "_slide": None,
    })


WIDGET_KEYS = ("as_of_text", "layers", "definition", "custom_regions", "tiles", "presentation", "operators")


def keep_widget_state() -> None:
    """Streamlit forgets a widget's value when the widget is not drawn (presentation mode hides them all)."""
    for key in WIDGET_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def current_view() -> ViewState:
    operators = st.session_state["operators"]
    return ViewState(
        as_of=st.session_state["as_of"], layers=frozenset(st.session_state["layers"]),
        definition=st.session_state["definition"], custom_regions=tuple(st.session_state["custom_regions"]),
        article=st.session_state.get("article_view"),
        operators=None if set(operators) == set(forces.list_operators()) else tuple(operators),
        tiles=None if st.session_state["tiles"] == OFFLINE else st.session_state["tiles"],
        presentation=st.session_state["presentation"],
        map_view=st.session_state.get("map_view"),
        saved_views=tuple(st.session_state.get("saved_views", ())),
    )


def set_as_of(day: dt.date) -> None:
    st.session_state["as_of"] = day
    st.session_state["as_of_text"] = day.isoformat()
    st.session_state.pop("_as_of_problem", None)


def typed_as_of() -> None:
    """The typed date takes effect on Enter; a bad one is said, and the map stays on the date it shows."""
    text = st.session_state["as_of_text"]
    try:
        day = parse_as_of(text)
    except ValueError as exc:
        shown = st.session_state["as_of"].isoformat()
        st.session_state["_as_of_problem"] = f"{text.strip()!r} {exc}: the map still shows {shown}."
        return
    set_as_of(day)


def picked_as_of() -> None:
    set_as_of(st.session_state["as_of_calendar"])


# ---------------------------------------------------------------- sidebar


def sidebar_controls() -> None:
    st.sidebar.header("View")
    # Typed, not a date picker's field: Enter applies it, and a bad date is refused in words instead of being
    # rolled over (2023-13-45) or outlined in red while the map stays on another date.
    typed, calendar = st.sidebar.columns([4, 1], vertical_alignment="bottom")
    typed.text_input("As of (YYYY-MM-DD)", key="as_of_text", on_change=typed_as_of, max_chars=10,
                     help="Type a date and press Enter, pick one of the dates below, or open the calendar.")
    with calendar.popover("📅", help="Calendar"):
        st.session_state["as_of_calendar"] = st.session_state["as_of"]
        st.date_input("As of", key="as_of_calendar", min_value=EARLIEST_DATE, max_value=LATEST_DATE,
                      format="YYYY-MM-DD", on_change=picked_as_of, label_visibility="collapsed")
    if "_as_of_problem" in st.session_state:
        st.sidebar.error(literal(st.session_state["_as_of_problem"]))
    helps = ["Today", "Liptako-Gourma Charter signed", "AES exit from ECOWAS takes effect"]
    picks = [*st.sidebar.columns(2), st.sidebar]  # two buttons on a row, the third below: labels stay whole
    for place, (label, day), help_text in zip(picks, quick_dates().items(), helps):
        place.button(label, key=f"pick-{day.isoformat()}", on_click=set_as_of, args=(day,),
                     width="stretch", help=help_text)
    st.sidebar.multiselect("Layers", registry.keys(), key="layers", format_func=lambda key: registry.layer(key).label)
    names = liptako_names()
    st.sidebar.selectbox("Liptako-Gourma definition", list(names), key="definition", format_func=names.get)
    if st.session_state["definition"] == "custom":
        regions = region_names()
        # Exact choices only: fuzzy matching and "Select N matches" once picked 12 regions for "Gao".
        st.sidebar.multiselect("Regions of the custom polygon", list(regions), key="custom_regions",
                               format_func=regions.get, filter_mode="contains", select_all=False,
                               placeholder="Type a region's name, e.g. Gao")
        if not st.session_state["custom_regions"]:
            st.sidebar.info("Choose at least one region: until then no Liptako-Gourma polygon is drawn.")
    st.sidebar.multiselect("Force-site operators", forces.list_operators(), key="operators")
    st.sidebar.selectbox("Basemap", [OFFLINE, *ONLINE_TILES], key="tiles",
                         help="Online tiles need a network; the map stays readable without them.")
    st.sidebar.toggle("Presentation mode", key="presentation", on_change=keep_the_view_on_screen,
                      help="Hides the sidebar and tables: the map fills the screen, with title, as-of stamp and "
                           "legend; PageDown / PageUp step through the saved views.")
    saved_views_controls()


def keep_the_view_on_screen() -> None:
    """Entering or leaving presentation mode redraws the map's frame: it reopens where the user was."""
    st.session_state["_map_start"] = st.session_state.get("map_view")


def show_saved_view(saved: SavedView) -> None:
    set_as_of(saved.as_of)
    st.session_state["layers"] = [key for key in registry.keys() if key in saved.layers]
    st.session_state["map_view"] = st.session_state["_map_start"] = saved.map_view or DEFAULT_MAP_VIEW
    st.session_state["_slide"] = saved.name


def step_saved_view(delta: int) -> None:
    views = st.session_state.get("saved_views") or []
    if views:
        show_saved_view(step(views, st.session_state.get("_slide"), delta))


def save_current_view() -> None:
    try:
        views = with_saved(st.session_state.get("saved_views", []), st.session_state.get("view_name", ""),
                           st.session_state["as_of"], frozenset(st.session_state["layers"]),
                           st.session_state.get("map_view") or DEFAULT_MAP_VIEW)
    except ValueError as exc:
        st.session_state.setdefault("_notices", []).append(("warning", str(exc)))
        return
    st.session_state["saved_views"] = list(views)
    st.session_state["_slide"] = views[-1].name if not st.session_state.get("view_name") else \
        clean_view_name(st.session_state["view_name"])
    st.session_state["view_name"] = ""


def saved_views_controls() -> None:
    """Named views (date, layers, extent): the slides of a briefing, kept in the URL and in the deck."""
    with st.sidebar.expander("Saved views (slides)"):
        st.text_input("Name", key="view_name", max_chars=60, placeholder="e.g. Tri-border, Sep 2023")
        st.button("Save this view", key="save_view", on_click=save_current_view, width="stretch")
        views: list[SavedView] = st.session_state.get("saved_views") or []
        if not views:
            st.caption("No view saved yet. A saved view keeps the date, the layers and the map's extent.")
            return
        names = [v.name for v in views]
        picked = st.selectbox("Saved views", names, key="view_pick")
        show, delete = st.columns(2)
        show.button("Show", key="view_show", width="stretch",
                    on_click=lambda: show_saved_view(views[names.index(st.session_state["view_pick"])]))
        delete.button("Delete", key="view_delete", width="stretch",
                      on_click=lambda: st.session_state.update(saved_views=list(without(views, picked))))


def presentation_header() -> None:
    """Full-screen map controls: step through the saved views (PageDown / PageUp, what clickers send)."""
    views: list[SavedView] = st.session_state.get("saved_views") or []
    back, name, forward, leave = st.columns([1, 4, 1, 2], vertical_alignment="center")
    if views:
        back.button("◀", key="slide_back", on_click=step_saved_view, args=(-1,), shortcut="PageUp",
                    help="Previous saved view (PageUp)")
        forward.button("▶", key="slide_next", on_click=step_saved_view, args=(1,), shortcut="PageDown",
                       help="Next saved view (PageDown)")
        current = st.session_state.get("_slide")
        position = f"{[v.name for v in views].index(current) + 1}/{len(views)} · {current}" \
            if current in [v.name for v in views] else f"{len(views)} saved view(s): ▶ or PageDown to start"
        name.markdown(f"**{literal(position)}**")
    if leave.button("Leave presentation mode", key="leave_presentation", shortcut="Esc"):
        st.session_state["presentation"] = False
        keep_the_view_on_screen()
        st.rerun()
    # The map fills the rest of the screen (its frame's own height is a number of pixels, not the viewport).
    st.markdown("<style>iframe[title='streamlit_folium.st_folium']{height:calc(100vh - 7rem)!important}"
                "[data-testid='stMainBlockContainer']{padding:0.75rem 1rem 0!important;max-width:none!important}"
                # Streamlit's own top bar would lie over these controls once the page's top padding is gone.
                "header[data-testid='stHeader']{display:none!important}"
                "</style>",
                unsafe_allow_html=True)


def article_filters(articles: list[Article]) -> tuple[list[str], tuple[dt.date, dt.date] | None, list[str],
                                                          list[str]]:
    st.sidebar.header("Filters")
    titles = {a.id: a.title for a in articles}
    # Nothing chosen means every article (a list of 10,000 chosen titles would fill the sidebar).  A newly
    # added article is shown at once, also when a few were chosen; a removed one leaves the selection.
    known = st.session_state.get("_known_articles")
    picked_before = [i for i in st.session_state.get("filter_articles", []) if i in titles]
    if known is not None and picked_before:
        known_ids = set(known)
        picked_before += [i for i in titles if i not in known_ids]
    st.session_state["filter_articles"] = picked_before
    known_ids = set(known or ())
    new_dates = [a.date for a in articles if a.date and known is not None and a.id not in known_ids]
    st.session_state["_known_articles"] = list(titles)
    chosen = st.sidebar.multiselect("Articles (empty: all)", list(titles), key="filter_articles",
                                    format_func=lambda i: titles.get(i, i)) or list(titles)
    dated = sorted(a.date for a in articles if a.date)
    dates = None
    if dated:
        current = st.session_state.get("filter_dates")
        if new_dates and isinstance(current, (tuple, list)) and len(current) == 2:
            # A newly added article is shown at once: the range widens to its date.
            st.session_state["filter_dates"] = (min(current[0], *new_dates), max(current[1], *new_dates))
        picked = st.sidebar.date_input("Article dates", value=(dated[0], dated[-1]), key="filter_dates",
                                       format="YYYY-MM-DD")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            dates = (picked[0], picked[1])
    kinds = st.sidebar.multiselect("Mention kinds", MENTION_KINDS, default=list(MENTION_KINDS), key="filter_kinds")
    countries = st.sidebar.multiselect("Countries (empty: all)", sorted(boundaries.load_countries()["iso3"]),
                                       key="filter_countries")
    return chosen, dates, kinds, countries


def add_articles(store: CorpusStore, articles: list[Article]) -> list[Article]:
    """The sidebar's upload, paste and remove forms; `articles` with those added on this run."""
    articles = list(articles)

    def save(article: Article) -> None:
        stored = store.add(article, existing=articles)
        mention_cache().of(stored)  # parsed now (and its events coded and logged), not on the next page
        event_cache().of(stored)
        if all(stored.id != other.id for other in articles):
            articles.append(stored)
        st.session_state.setdefault("_added_this_session", []).append(stored.id)  # marked on the map
        st.session_state.setdefault("_notices", []).append(("success", f"Added {stored.title!r}"))

    with st.sidebar.expander("Add or remove articles"):
        with st.form("upload", clear_on_submit=True):
            files = st.file_uploader("Upload articles (.txt, .md, .html)", type=UPLOAD_TYPES,
                                     accept_multiple_files=True)
            if st.form_submit_button("Add uploaded files") and files:
                for upload in files:
                    try:
                        save(read_article_bytes(upload.getvalue(), upload.name))
                    except ArticleError as error:
                        st.session_state.setdefault("_notices", []).append(("error", str(error)))
        with st.form("paste", clear_on_submit=True):
            text = st.text_area("Or paste an article's text", height=150)
            title = st.text_input("Title (optional)")
            date = st.date_input("Date (optional)", value=None, format="YYYY-MM-DD")
            if st.form_submit_button("Add pasted text") and text.strip():
                try:
                    save(article_from_text(text, title=title or None, date=date))
                except ArticleError as error:
                    st.session_state.setdefault("_notices", []).append(("error", str(error)))
        added = [a for a in articles if not store.is_bundled(a.id)]
        if added:
            titles = {a.id: a.title for a in added}
            doomed = st.selectbox("Remove an added article", list(titles), format_func=titles.get,
                                  index=None, placeholder="Choose an article")
            if doomed and st.button("Remove", type="secondary"):
                store.remove(doomed)
                st.session_state.setdefault("_notices", []).append(("success", f"Removed {titles[doomed]!r}"))
                st.rerun()
    return articles


EXPORT_MIME = {"html": "text/html", "png": "image/png", "pdf": "application/pdf", "geojson": "application/geo+json",
               "gpkg": "application/geopackage+sqlite3", "kml": "application/vnd.google-earth.kml+xml",
               "csv": "text/csv", EVENTS_CSV: "text/csv",
               "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def view_bounds(returned: dict | None) -> tuple[float, float, float, float] | None:
    """st_folium's {"_southWest": {lat, lng}, "_northEast": {...}} as (south, west, north, east), or None."""
    try:
        south_west, north_east = returned["_southWest"], returned["_northEast"]  # type: ignore[index]
        south, west = float(south_west["lat"]), max(-180.0, float(south_west["lng"]))
        north, east = float(north_east["lat"]), min(180.0, float(north_east["lng"]))
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        return None
    return south, west, north, east


def export_bytes(options: MapOptions, mentions: gpd.GeoDataFrame, fmt: str, **deck: object) -> bytes:
    """The export file's content; called only when the user clicks the download button (``deck``: the
    pptx options of geo.export.deck.export_deck)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{fmt}"
        export(options, mentions, path, fmt, **deck)
        return path.read_bytes()


def deck_controls(options: MapOptions) -> dict[str, object]:
    """The deck's own choices: a second date for a before/after pair, the zoom slide, notes, handling line."""
    second = st.date_input("Second date (before/after pair)", value=None, min_value=EARLIEST_DATE,
                           max_value=LATEST_DATE, format="YYYY-MM-DD",
                           key="deck_second_date", help="Leave empty for one date only.")
    if second == options.as_of:
        st.caption("The second date is the map's date: the deck shows one date.")
        second = None
    zoom = st.checkbox("Liptako-Gourma zoom slide", value=True, key="deck_zoom")
    notes = st.checkbox("Speaker notes with the articles' sentences", value=True, key="deck_notes")
    handling = st.text_input("Handling line", value="UNCLASSIFIED // FOR BRIEFING", max_chars=120,
                             key="deck_handling")
    saved = tuple(st.session_state.get("saved_views") or ())
    with_views = bool(saved) and st.checkbox(f"One slide per saved view ({len(saved)})", value=True,
                                             key="deck_views")
    return {"second_date": second, "liptako_zoom": zoom, "notes": notes, "handling": handling,
            "saved_views": saved if with_views else ()}


@guarded("prepare the exports")
def export_panel(options: MapOptions, mentions: gpd.GeoDataFrame, events: gpd.GeoDataFrame | None = None) -> None:
    """``events``: the events the map shows (None when the events layer is off): every export carries them."""
    with st.sidebar.expander("Export for a briefing"):
        fmt = st.selectbox("Format", FORMATS, key="export_format",
                           help="html: the interactive map in one file that opens with no network; png/pdf: a "
                                "16:9 slide picture; pptx: a PowerPoint briefing deck (maps, tables, sources, "
                                "notes); geojson/gpkg/kml/csv: the layers as data (csv: the mentions); "
                                "events-csv: the events table (with the events layer on).")
        needs_browser = fmt in PICTURE_FORMATS or fmt in DECK_FORMATS
        missing_browser = needs_browser and not Path(chromium_path()).exists()
        if missing_browser:
            st.warning(literal(f"PNG, PDF and PPTX need Chromium at {chromium_path()} (apt-get install -y chromium)."))
        no_events = fmt == EVENTS_CSV and events is None  # events are coded only with their layer on
        if no_events:
            st.caption("Turn on the layer 'Events in the articles' to export its events.")
        deck = deck_controls(options) if fmt in DECK_FORMATS else {}
        # The export shows what the user is looking at: the map's current extent, kept by the map panel.
        # The events ride in export_bytes's keywords to geo.export.dispatch.export.
        st.download_button(f"Download {fmt.upper()}",
                           data=lambda: export_bytes(replace(options, bounds=st.session_state.get("map_bounds"),
                                                             keep_view=False, popups=True),
                                                     mentions, fmt, events=events, **deck),
                           file_name=safe_export_name(options.title, options.as_of, fmt),
                           mime=EXPORT_MIME.get(fmt),
                           on_click="ignore", key="export_download", disabled=missing_browser or no_events)


def show_notices() -> None:
    for level, message in st.session_state.pop("_notices", []):
        if level == "success":  # a toast: the map does not move down for a confirmation
            st.toast(literal(message), icon="✅")
            continue
        show = st.warning if level == "warning" else st.error
        show(literal(message))  # titles, file names and link values: as text


# ---------------------------------------------------------------- the map first, the rest right after
# The quick first run and what completes the page: geo.web.page_loading.
QUICK_RUN_FALLBACK_S = 4.0


def note_map_reported() -> None:
    page_loading().map_reported()


def complete_the_page_once_drawn() -> None:
    """At the start of the map fragment: after the quick first run, the map's first report reruns the whole
    app at once."""
    if page_loading().should_complete_page():
        st.rerun(scope="app")


@st.fragment(run_every=QUICK_RUN_FALLBACK_S)
def complete_the_page_if_the_map_is_silent() -> None:
    """Drawn only on the quick first run; a timed run completes the page if nothing else has."""
    if page_loading().timer_fired():
        st.rerun(scope="app")


# ---------------------------------------------------------------- main panels


def keep_map_view_in_link(reported: dict[str, object]) -> None:
    """The map's centre and zoom into the session and the URL (this fragment reruns alone on a pan)."""
    center, zoom = reported.get("center"), reported.get("zoom")
    if not isinstance(center, dict) or not isinstance(zoom, (int, float)):
        return
    try:
        map_view = parse_map_view(map_view_text((float(center["lat"]), float(center["lng"]), int(zoom))))
    except (KeyError, TypeError, ValueError):  # a view the link could not hold (zoomed out past the world)
        return
    if map_view != st.session_state.get("map_view"):
        st.session_state["map_view"] = map_view
        st.query_params["map"] = map_view_text(map_view)


def map_options(view: ViewState) -> MapOptions:
    return MapOptions(as_of=view.as_of, liptako_definition=view.definition, custom_regions=view.custom_regions,
                      layers=view.layers, operators=view.operators, tiles=view.tiles,
                      presentation=view.presentation, keep_view=True, popups=view.presentation,
                      new_articles=frozenset(st.session_state.get("_added_this_session", [])))


@st.fragment
@guarded("draw the map")
def map_panel(options: MapOptions, mentions: gpd.GeoDataFrame, events: gpd.GeoDataFrame | None, height: int) -> None:
    """The map and the details of what was clicked; a click reruns only this fragment."""
    complete_the_page_once_drawn()  # before building the map again: that run would be thrown away
    if options.presentation:
        map_column, details_column = st.container(), None
    else:
        map_column, details_column = st.columns([3, 1])
    with map_column:
        # The base map is the same on every date and layer choice, so the map on screen (and its view) stays;
        # the groups (layers, title, legend, search) are replaced in it.
        # No layer list inside the map: the sidebar is the one place layers are chosen, so the URL and the
        # exports always agree with what is shown (the exported HTML keeps its own list: it has no sidebar).
        base, groups, _layer_control = build_map_parts(options, mentions, events)
        bundle_map_scripts(base, STATIC_VENDOR_DIR, STATIC_VENDOR_URL, groups)  # one script file: one round trip
        link_layer_data(groups, STATIC_LAYERS_DIR, STATIC_LAYERS_URL)  # geometry as files: a light page
        start = st.session_state.get("_map_start")  # the link's view: the same value every run, so set once
        clicked = st_folium(base, key="map", height=height, use_container_width=True, feature_group_to_add=groups,
                            layer_control=None, center=start[:2] if start else None,
                            zoom=start[2] if start else None,
                            returned_objects=["last_object_clicked_tooltip", "bounds", "center", "zoom"],
                            on_change=note_map_reported)
    st.session_state["map_bounds"] = view_bounds((clicked or {}).get("bounds"))
    keep_map_view_in_link(clicked or {})
    if details_column is None:
        return
    with details_column, st.container(key="details"):
        st.subheader("Details")
        found = parse_feature_key((clicked or {}).get("last_object_clicked_tooltip"))
        if found is None:
            st.caption("Click a country, a site, the polygon, a mention or an event on the map.")
            return
        try:
            details = feature_details(found[0], found[1], options, mentions, events)
        except KeyError:
            st.caption("That object is not on the current map any more (date or filters changed).")
            return
        st.markdown(f"**{literal(details['title'])}**")
        rows = details.get("rows") or {}
        st.table(pd.DataFrame({"field": list(rows), "value": [str(v) for v in rows.values()]}).set_index("field"))
        table = details.get("table")
        if isinstance(table, pd.DataFrame) and not table.empty:
            st.dataframe(table, hide_index=True, width="stretch")
        happened = details.get("events")
        if isinstance(happened, pd.DataFrame) and not happened.empty:
            st.markdown(f"**Events here** ({len(happened)})")
            st.dataframe(happened, hide_index=True, width="stretch")


TABLES = ("Mentions", "Unresolved", "Events", "Article", "Force sites", "Memberships")


@st.fragment
@guarded("show the tables")
def tables(view: ViewState, articles: list[Article], chosen: list[str], mentions: gpd.GeoDataFrame,
           chosen_events: EventFilter) -> None:
    """One table at a time (drawing all five held up the page); switching reruns only this fragment."""
    shown = st.segmented_control("Table", TABLES, key="table_view", default=TABLES[0],
                                 label_visibility="collapsed") or TABLES[0]
    if shown == "Mentions":
        columns = ["title", "surface", "kind", "name", "feature", "iso3", "confidence", "sentence"]
        st.dataframe(pd.DataFrame(mentions[columns]), hide_index=True, width="stretch")
    elif shown == "Unresolved":
        missing = mentions[~mentions["resolved"].astype(bool)]
        st.caption(f"{len(missing)} mention(s) the gazetteer could not resolve.")
        st.dataframe(pd.DataFrame(missing[["title", "surface", "sentence"]]), hide_index=True, width="stretch")
    elif shown == "Events":
        events_view(chosen_articles(articles, chosen), chosen_events)
    elif shown == "Article":
        article_view(view, articles)
    elif shown == "Force sites":
        sites = forces.force_sites(view.as_of, operators=view.operators, include_unlocated=True)
        st.dataframe(pd.DataFrame(sites.drop(columns="geometry")), hide_index=True, width="stretch")
    else:
        for org in ("AES", "ECOWAS"):
            st.markdown(f"**{org}** as of {view.as_of:%d %b %Y}")
            status = memberships.membership_status(org, view.as_of)
            st.dataframe(status[["iso3", "country", "status", "since", "source"]], hide_index=True, width="stretch")


def event_filter_controls() -> EventFilter:
    """The sidebar's event filters: they narrow the events layer, its exports and the Events table alike."""
    with st.sidebar.expander("Event filters (type, actor, date)"):
        types = st.multiselect("Event types (empty: all)", EVENT_TYPES, key="event_types")
        actors = st.multiselect("Actors (empty: all)", actor_ids(), key="event_actors",
                                help="Events with at least one of these actors, as the coder names them.")
        picked = st.date_input("Event dates (empty: all)", value=(), key="event_dates", format="YYYY-MM-DD",
                               min_value=dt.date(1960, 1, 1), max_value=dt.date.today())
        undated = st.checkbox("Keep events with no date in the text", value=True, key="event_undated",
                              disabled=not (isinstance(picked, (tuple, list)) and len(picked) == 2))
    dates = (picked[0], picked[1]) if isinstance(picked, (tuple, list)) and len(picked) == 2 else None
    return EventFilter(frozenset(types), frozenset(actors), dates, undated)


def chosen_articles(articles: list[Article], chosen: list[str]) -> list[Article]:
    ids = set(chosen)  # once: a membership test per article on a list of 10,000 ids would be quadratic
    return [article for article in articles if article.id in ids]


EVENT_COLUMNS = ["type", "subtype", "place_name", "date", "actors", "fatalities", "fatalities_text", "confidence",
                 "triggers", "sentence", "sources"]


def events_view(articles: list[Article], chosen_events: EventFilter) -> None:
    """What happened, where and when (geo.events), with the sentence as evidence; filtered as the sidebar says."""
    events = event_cache().table(articles)
    if events.empty:
        st.caption("No event found in the chosen articles.")
        return
    shown = filter_events(events, chosen_events)
    undated = int(shown["date"].isna().sum())
    hidden = f" ({len(events) - len(shown)} hidden by the sidebar's event filters)" if len(shown) < len(events) else ""
    st.caption(f"{len(shown)} event(s){hidden}; {undated} with no date in the text (never given the publication "
               "date). Reports of one event in several articles are merged (sources).")
    st.dataframe(pd.DataFrame(shown[EVENT_COLUMNS]), hide_index=True, width="stretch")


def article_view(view: ViewState, articles: list[Article]) -> None:
    """An article's text with its mentions highlighted; the choice is kept in the URL."""
    by_id = {a.id: a for a in articles}
    if not by_id:
        st.caption("No article loaded.")
        return
    ids = list(by_id)
    # The widget owns its value (a key, no `index`): an index computed from the last choice made each
    # choice a new widget, and every second pick was lost.
    if st.session_state.get("article_view") not in by_id:
        st.session_state["article_view"] = view.article if view.article in by_id else ids[0]
    chosen = st.selectbox("Article", ids, key="article_view", format_func=lambda i: by_id[i].title)
    st.query_params["article"] = chosen  # this fragment reruns alone: the URL is updated here
    article = by_id[chosen]
    st.caption(literal(f"{article.date or 'undated'} · {article.source or article.origin}"))
    st.markdown(f"<div class='article-text'>{highlight_mentions(article.text, mention_cache().of(article))}</div>",
                unsafe_allow_html=True)  # every character of the article is escaped


def trends_page() -> None:
    """Source "Archive folder": the trends of an archive built by `python -m geo archive build`."""
    archive_folder = st.sidebar.text_input("Archive folder", key="archive_dir",
                                           placeholder="/path/to/archive (python -m geo archive build … --out DIR)")
    st.title("Sahel Briefing Map — trends")
    trends_view(archive_folder, vendor_dir=STATIC_VENDOR_DIR, vendor_url=STATIC_VENDOR_URL)


def articles_page() -> None:
    """Source "Articles": the working set's map, its controls, exports and tables."""
    store = corpus_store(str(default_store_dir()))
    whole_page = page_loading().begin_run()
    presenting = st.session_state["presentation"]
    with_controls = whole_page and not presenting
    articles = store.list()  # the one read of the store on this run
    if with_controls:
        sidebar_controls()
        articles = add_articles(store, articles)  # an article added on this run is on this run's map
    if with_controls:
        chosen, dates, kinds, countries = article_filters(articles)
    else:
        chosen, dates, kinds, countries = [a.id for a in articles], None, list(MENTION_KINDS), []
    view = current_view()
    st.query_params.from_dict(view_to_query(view))

    mentions = filter_mentions(mention_cache().table(articles), articles=chosen, kinds=kinds,
                               countries=countries or None, dates=dates)
    st.markdown("<style>mark.mention-place{background:#fde68a}mark.mention-demonym{background:#bfdbfe}"
                "mark.mention-organisation{background:#ddd6fe}mark.mention-unresolved{background:#fecaca}"
                ".article-text{line-height:1.6}</style>", unsafe_allow_html=True)
    # Fixed slots: the map keeps its place in the page whatever appears above it (notices, the quick first
    # run's short page), so Streamlit keeps its frame instead of drawing it again.
    header, map_area = st.container(), st.container()
    with header:
        if view.presentation:
            presentation_header()
        else:
            st.title("Sahel Briefing Map")
            if with_controls:
                show_notices()
                if store.errors:
                    st.warning(literal("Some saved articles could not be read: "
                                       + "; ".join(f"{p}: {m}" for p, m in store.errors)))
    # Events are coded only when their layer is on (coding costs about twice the geoparsing); the map and the
    # exports share them.
    chosen_events = event_filter_controls() if with_controls else EventFilter()
    events = filter_events(event_cache().table(chosen_articles(articles, chosen)), chosen_events) \
        if "events" in view.layers else None
    if with_controls:
        export_panel(map_options(view), mentions, events)
    elif not view.presentation:
        st.sidebar.caption("Loading the controls…")
    with map_area:
        map_panel(map_options(view), mentions, events, height=820 if view.presentation else 620)
    if with_controls:
        tables(view, articles, chosen, mentions, chosen_events)
    if not whole_page:
        complete_the_page_if_the_map_is_silent()
    page_loading().end_run()
    if whole_page:
        exempt_loaded_data_from_gc()


# ---------------------------------------------------------------- the page

prepare_offline_assets()
seed_widgets(start_view, link_notes)
keep_widget_state()
# The source first, on every run: the working set of articles or an archive folder's trends. Each branch
# runs to the end of the script (no st.stop()): Streamlit forgets the fragments of the previous page only
# after a run that ends normally, and a stale map fragment's rerun otherwise blanked the page.
if st.sidebar.radio("Source", SOURCES, key="source", horizontal=True) == ARCHIVE_SOURCE:
    trends_page()
else:
    articles_page()
