"""The dashboard's trends view of an archive folder: where is reporting rising, compared with a baseline?

One call from the app, ``trends_view(folder, vendor_dir=..., vendor_url=...)``, draws for a time window (a week
or a month, chosen with a slider that can play): an admin-1 choropleth of place mentions coloured by their
change against the baseline (ACLED Trendfinder's idea, offline), the mentioned places as a heatmap or
clusters, a region's or place's trend chart and top articles when it is clicked, and the counts table as a
formula-safe CSV download.  "Only inside the tri-border area" keeps mentions inside the Liptako-Gourma polygon.

Every number comes from DuckDB over the archive's Parquet files (geo.archive.query), cached per archive
version (`geo.archive.layout.stamp`); the folium map is built fresh on every run from those results.
The pure functions (windows, tables, the map) are usable and tested without Streamlit.

>>> period_window(date(2025, 2, 3), "month")
Window(start=datetime.date(2025, 2, 1), end=datetime.date(2025, 2, 28))
>>> baseline_for("month", "4w"), baseline_for("week", "4w")
('52w', '4w')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import geopandas as gpd
import pandas as pd

from geo.archive.layout import ArchiveError, check_archive_folder, stamp
from geo.archive.query import Archive, QueryError, Window
from geo.archive.schema import ANY_EVENT
from geo.events.classify import EVENT_TYPES
from geo.facts.boundaries import DEFAULT_DEFINITION, load_countries, load_liptako_gourma, load_regions
from geo.map.elements import MapPanel
from geo.map.style import (BORDER_COLOUR, COUNTRY_FILL, LIPTAKO_COLOUR, MAX_ZOOM, SEA_COLOUR, WEST_AFRICA_BOUNDS,
                           escape_text)
from geo.spreadsheet import csv_text

FREQS = {"month": "Month", "week": "Week"}  # a month first: an archive's weeks are often sparse
BASELINES = {"4w": "previous 4 weeks", "52w": "a year earlier"}
PLACE_STYLES = ("Heatmap", "Clusters")
PLAY_SECONDS = 1.5  # one step of the time-lapse
MAX_CHANGE = 1.0  # +100% and above: the darkest red (and -100%: the darkest blue)
CHANGE_COLOURS = branca.colormap.LinearColormap(["#2166ac", "#f7f7f7", "#b2182b"], vmin=-MAX_CHANGE, vmax=MAX_CHANGE)
LEGEND_TITLE = "Change in place mentions against the baseline"
NO_DATA = "#e6e6e6"
TABLE_COLUMNS = ["key", "region", "country", "count", "baseline_count", "change", "change_pct"]


@dataclass(frozen=True)
class Only:
    """What the counts are narrowed to: inside Liptako-Gourma, places of events (an ACLED type or "any")."""

    liptako: bool = False
    event_type: str | None = None

    @property
    def suffix(self) -> str:
        """For the download's file name."""
        kind = "".join(c if c.isalnum() else "-" for c in (self.event_type or "").lower())
        return ("-liptako" if self.liptako else "") + (f"-{kind}" if kind else "")


# ---- windows --------------------------------------------------------------------------------------------

def period_start(day: date, freq: str) -> date:
    """The first day of the week (Monday, ISO, as DuckDB's date_trunc) or month holding `day`."""
    return day - timedelta(days=day.weekday()) if freq == "week" else day.replace(day=1)


def period_window(start: date, freq: str) -> Window:
    """The days of the week or month that starts at (or holds) `start`."""
    first = period_start(start, freq)
    if freq == "week":
        return Window(first, first + timedelta(days=6))
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Window(first, following - timedelta(days=1))


def period_starts(first: date, last: date, freq: str) -> list[date]:
    """Every week or month start from the one holding `first` to the one holding `last`: the slider's stops."""
    stops, current = [], period_start(first, freq)
    while current <= last:
        stops.append(current)
        current = period_window(current, freq).end + timedelta(days=1)
    return stops


def period_label(start: date, freq: str) -> str:
    return f"week of {start:%d %b %Y}" if freq == "week" else f"{start:%b %Y}"


def baseline_for(freq: str, wanted: str) -> str:
    """The baseline a window of `freq` can use: a month is longer than 4 weeks, so it compares with a year
    earlier (the query refuses a baseline shorter than its window)."""
    return "52w" if freq == "month" else wanted


# ---- tables ---------------------------------------------------------------------------------------------

def region_table(change: pd.DataFrame, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every region with its count, baseline count, change and change_pct (0 / null where not mentioned)."""
    columns = ["key", "count", "baseline_count", "change", "change_pct"]
    values = change[columns] if not change.empty else pd.DataFrame(columns=columns)
    table = regions.merge(values, left_on="region_id", right_on="key", how="left")
    for column in ("count", "baseline_count", "change"):
        table[column] = table[column].fillna(0).astype("int64")
    table["change_pct"] = table["change_pct"].astype("float64")
    return table.drop(columns="key")


def counts_table(regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """The download: regions with mentions in the window or its baseline, largest rise first."""
    table = regions[(regions["count"] > 0) | (regions["baseline_count"] > 0)]
    table = pd.DataFrame(table.drop(columns="geometry")).rename(columns={"region_id": "key", "name": "region",
                                                                         "iso3": "country"})
    return table[TABLE_COLUMNS].sort_values(["change", "count", "key"], ascending=[False, False, True]
                                            ).reset_index(drop=True)


def region_colour(count: int, baseline: int, change_pct: float | None) -> str:
    if count == 0 and baseline == 0:
        return NO_DATA
    if baseline == 0:  # new: nothing to compare with, shown as the largest rise
        return CHANGE_COLOURS(MAX_CHANGE)
    return CHANGE_COLOURS(max(-MAX_CHANGE, min(MAX_CHANGE, float(change_pct or 0.0))))


def _change_text(row: pd.Series) -> str:
    if row["count"] == 0 and row["baseline_count"] == 0:
        return "no mentions"
    pct = "new" if row["baseline_count"] == 0 else f"{row['change_pct']:+.0%}"
    return f"{row['count']} mentions ({row['change']:+d}, {pct} against {row['baseline_count']})"


# ---- the map --------------------------------------------------------------------------------------------

def _display(frame: gpd.GeoDataFrame, tolerance: float = 0.02) -> gpd.GeoDataFrame:
    """Lighter geometry for the browser (topology kept: neighbours still share their borders)."""
    out = frame.copy()
    out["geometry"] = out.geometry.simplify(tolerance, preserve_topology=True)
    return out


def trends_map(regions: gpd.GeoDataFrame, places: pd.DataFrame, *, style: str = "Heatmap",
               countries: gpd.GeoDataFrame | None = None, liptako: gpd.GeoDataFrame | None = None) -> folium.Map:
    """A new map: countries (offline base), the admin-1 choropleth (`region_table`), the Liptako-Gourma outline
    and `places` (place_id, name, lat, lon, count) as a heatmap or clusters.  Region features carry their
    region_id in their properties: a click on one (st_folium's last_active_drawing) names it."""
    (south, west), (north, east) = WEST_AFRICA_BOUNDS
    fmap = folium.Map(location=[15.0, 0.0], zoom_start=5, tiles=None, prefer_canvas=True, min_zoom=3,
                      max_zoom=MAX_ZOOM, control_scale=True)
    fmap.options["max_zoom"] = MAX_ZOOM  # folium drops it with tiles=None; the heat and cluster plugins need it
    fmap.get_root().header.add_child(folium.Element(
        # The heat canvas lies over the regions' canvas: let clicks through to the regions below.
        f"<style>.leaflet-container{{background:{SEA_COLOUR}}}.leaflet-heatmap-layer{{pointer-events:none}}</style>"))
    if countries is not None:
        folium.GeoJson(_display(countries[["iso3", "geometry"]]), name="Countries", control=False,
                       style_function=lambda _: {"fillColor": COUNTRY_FILL, "fillOpacity": 1, "color": BORDER_COLOUR,
                                                 "weight": 1}).add_to(fmap)
    shown = regions[(regions["count"] > 0) | (regions["baseline_count"] > 0)].copy()
    if not shown.empty:
        shown["fill"] = [region_colour(c, b, p) for c, b, p in
                         zip(shown["count"], shown["baseline_count"], shown["change_pct"])]
        shown["label"] = [escape_text(f"{n} ({i})") for n, i in zip(shown["name"], shown["iso3"])]
        shown["change_text"] = [escape_text(_change_text(row)) for _, row in shown.iterrows()]
        data = _display(shown[["region_id", "label", "change_text", "fill", "geometry"]])
        folium.GeoJson(
            data, name="Mentions by region", highlight_function=lambda _: {"weight": 3, "color": "#222"},
            style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.75,
                                      "color": "#666", "weight": 0.6},
            tooltip=folium.GeoJsonTooltip(["label", "change_text"], aliases=["", ""], labels=False),
        ).add_to(fmap)
    if liptako is not None:
        folium.GeoJson(_display(liptako[["geometry"]], 0.01), name="Liptako-Gourma", control=False,
                       interactive=False, style_function=lambda _: {"fill": False, "color": LIPTAKO_COLOUR,
                                                                     "weight": 2.5, "dashArray": "6 4"}).add_to(fmap)
    points = places.dropna(subset=["lat", "lon"])
    if not points.empty and style == "Heatmap":
        weights = points["count"] / points["count"].max()
        folium.plugins.HeatMap([[la, lo, w] for la, lo, w in zip(points["lat"], points["lon"], weights)],
                               name="Places (heatmap)", radius=14, blur=12, min_opacity=0.3).add_to(fmap)
    elif not points.empty:
        # FastMarkerCluster builds the markers in the browser from one array: fast at 50,000 places.
        callback = ("function (row) { var m = L.marker(new L.LatLng(row[0], row[1]));"
                    " m.bindTooltip(row[2] + ': ' + row[3] + ' mentions'); return m; }")
        rows = [[la, lo, escape_text(n), int(c)] for la, lo, n, c in
                zip(points["lat"], points["lon"], points["name"], points["count"])]
        folium.plugins.FastMarkerCluster(rows, callback=callback, name="Places (clusters)").add_to(fmap)
    # Our own legend (branca's colormap legend loads d3 from a CDN: blank offline).
    MapPanel(_legend_html(), "sbm-trends-legend", "bottomright").add_to(fmap)
    fmap.fit_bounds([[max(south, 9.0), max(west, -12.5)], [min(north, 24.0), min(east, 16.5)]])
    return fmap


def _legend_html() -> str:
    stops = ", ".join(CHANGE_COLOURS(v) for v in (-MAX_CHANGE, 0.0, MAX_CHANGE))
    return (f"<div style='background:#fff;padding:6px 8px;font:12px sans-serif;border-radius:4px;"
            f"box-shadow:0 1px 4px rgba(0,0,0,.3)'><b>{escape_text(LEGEND_TITLE)}</b>"
            f"<div style='height:10px;width:180px;margin:4px 0;background:linear-gradient(to right, {stops})'></div>"
            "<div style='display:flex;justify-content:space-between;width:180px'><span>-100%</span><span>0</span>"
            f"<span>+100% / new</span></div><div><span style='display:inline-block;width:10px;height:10px;"
            f"background:{NO_DATA}'></span> no mentions · <span style='border-bottom:2px dashed {LIPTAKO_COLOUR}'>"
            "&nbsp;&nbsp;&nbsp;</span> Liptako-Gourma</div></div>")


def clicked_region(returned: dict[str, object] | None) -> str | None:
    """The region_id of the feature st_folium reports as last clicked (last_active_drawing), if any."""
    drawing = (returned or {}).get("last_active_drawing")
    if isinstance(drawing, dict):
        region = (drawing.get("properties") or {}).get("region_id")
        return region if isinstance(region, str) else None
    return None


def clicked_place(returned: dict[str, object] | None, places: pd.DataFrame) -> str | None:
    """The place whose marker was clicked last (st_folium's last_object_clicked, matched to the points)."""
    point = (returned or {}).get("last_object_clicked")
    if not isinstance(point, dict) or places.empty or "lat" not in point:
        return None
    near = places[((places["lat"] - float(point["lat"])).abs() < 1e-6)
                  & ((places["lon"] - float(point["lng"])).abs() < 1e-6)]
    return str(near["place_id"].iloc[0]) if not near.empty else None


# ---- Streamlit --------------------------------------------------------------------------------------------

def _st():  # type: ignore[no-untyped-def]
    import streamlit as st  # here, so the pure functions above import without a Streamlit runtime

    return st


def _cached():  # type: ignore[no-untyped-def]
    """The cached queries, created once per process (st.cache_data keys on folder, archive stamp and args)."""
    st = _st()
    if "queries" in _CACHE:
        return _CACHE["queries"]

    @st.cache_data(show_spinner=False, max_entries=64)
    def date_range(folder: str, version: str) -> tuple[date | None, date | None]:
        window = Archive(Path(folder)).date_range()
        return window.start, window.end

    @st.cache_data(show_spinner=False, max_entries=512)
    def change(folder: str, version: str, window: Window, baseline: str, only: Only) -> pd.DataFrame:
        return Archive(Path(folder)).change("admin1", window, baseline, only.liptako, event_type=only.event_type)

    @st.cache_data(show_spinner=False, max_entries=512)
    def places(folder: str, version: str, window: Window, only: Only) -> pd.DataFrame:
        return Archive(Path(folder)).places(window, only.liptako, event_type=only.event_type)

    @st.cache_data(show_spinner=False, max_entries=256)
    def trend(folder: str, version: str, by: str, key: str, freq: str, only: Only) -> pd.DataFrame:
        return Archive(Path(folder)).trend(key, freq, Window(), only.liptako, by=by, event_type=only.event_type)

    @st.cache_data(show_spinner=False, max_entries=256)
    def top(folder: str, version: str, by: str, key: str, window: Window, only: Only) -> pd.DataFrame:
        return Archive(Path(folder)).top_articles(key, 5, window, only.liptako, by=by, event_type=only.event_type)

    _CACHE["queries"] = {"date_range": date_range, "change": change, "places": places, "trend": trend, "top": top}
    return _CACHE["queries"]


_CACHE: dict[str, object] = {}


def _geography() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return (load_regions()[["region_id", "iso3", "name", "geometry"]], load_countries(),
            load_liptako_gourma(DEFAULT_DEFINITION))


def trends_view(folder: str | Path, *, vendor_dir: Path | None = None, vendor_url: str | None = None) -> None:
    """Draw the whole trends view of the archive `folder` where it is called (the app's main area).

    `vendor_dir`/`vendor_url`: the app's static folder for Leaflet and plugin scripts (offline maps); without
    them the map links folium's CDNs.  Widgets use keys starting with "trends_"."""
    st = _st()
    text = str(folder).strip()
    if not text:
        st.info("Type the path of an archive folder (built with `python -m geo archive build`).")
        return
    try:
        check_archive_folder(Path(text), create=False)
        version = stamp(Path(text))
        first, last = _cached()["date_range"](text, version)
    except (ArchiveError, QueryError, OSError) as exc:
        st.warning(f"Cannot open that archive: {exc}")
        return
    if first is None or last is None:
        st.warning("That archive has no dated mentions yet.")
        return
    playing = bool(st.session_state.get("trends_play"))
    st.fragment(_panel, run_every=PLAY_SECONDS if playing else None)(text, version, first, last, playing,
                                                                       vendor_dir, vendor_url)


def _advance(stops: list[date]) -> None:
    """One time-lapse step; at the last stop the play ends (a full rerun, to stop the fragment's timer)."""
    st = _st()
    at = stops.index(st.session_state["trends_period"])
    if at + 1 < len(stops):
        st.session_state["trends_period"] = stops[at + 1]
    else:
        st.session_state["trends_play"] = False
        st.rerun()


def _panel(folder: str, version: str, first: date, last: date, playing: bool, vendor_dir: Path | None,
           vendor_url: str | None) -> None:
    st = _st()
    queries = _cached()
    step, base, look, inside = st.columns([1, 1.3, 1, 1.6], vertical_alignment="bottom")
    freq = step.radio("Step", list(FREQS), format_func=FREQS.get, key="trends_freq", horizontal=True)
    offered = [b for b in BASELINES if baseline_for(freq, b) == b]  # a month: only a year earlier
    if st.session_state.get("trends_baseline") not in offered:
        st.session_state["trends_baseline"] = offered[0]
    wanted = base.radio("Baseline", offered, format_func=BASELINES.get, key="trends_baseline", horizontal=True)
    style = look.radio("Places", PLACE_STYLES, key="trends_style", horizontal=True)
    liptako = inside.checkbox("Only inside the tri-border area (Liptako-Gourma)", key="trends_liptako")
    baseline = baseline_for(freq, wanted)
    stops = period_starts(first, last, freq)
    if st.session_state.get("trends_period") not in stops:
        st.session_state["trends_period"] = stops[-1]
    elif playing:
        _advance(stops)
    play, slider, kind = st.columns([1, 6, 2], vertical_alignment="bottom")
    # In the slider's row: a taller first row would push the map below a laptop's fold.
    event_type = kind.selectbox("Only places of events", (ANY_EVENT, *EVENT_TYPES), index=None,
                                placeholder="Every mention", key="trends_event_type",
                                format_func=lambda value: "an event of any type" if value == ANY_EVENT else value,
                                help="Count only the mentions that are the place of an event (geo.events), of one "
                                     "ACLED type or any; empty: every place mention.")
    only = Only(liptako, event_type)
    if play.toggle("▶ Play", key="trends_play") != playing:
        st.rerun()  # start or stop the time-lapse timer (set when the view is drawn)
    start = slider.select_slider("Window", options=stops, key="trends_period",
                                 format_func=lambda d: period_label(d, freq))
    window = period_window(start, freq)
    with st.spinner("Querying the archive…"):
        change = queries["change"](folder, version, window, baseline, only)
        places = queries["places"](folder, version, window, only)
    regions, countries, outline = _geography()
    table = region_table(change, regions)
    st.caption(f"{period_label(start, freq)}: {int(table['count'].sum()):,} place mentions in "
               f"{int((table['count'] > 0).sum())} regions, against {int(table['baseline_count'].sum()):,} "
               f"{BASELINES[baseline]} · {len(places):,} places")
    map_column, details = st.columns([3, 2])
    with map_column:
        fmap = trends_map(table, places, style=style, countries=countries, liptako=outline)
        if vendor_dir is not None and vendor_url is not None:
            from geo.map.assets import bundle_map_scripts

            bundle_map_scripts(fmap, vendor_dir, vendor_url)
        from streamlit_folium import st_folium

        returned = st_folium(fmap, key="trends_map", height=560, use_container_width=True,
                             returned_objects=["last_active_drawing", "last_object_clicked"])
    _select_from_click(returned, places)
    with details:
        _details(folder, version, table, places, freq, window, only)
    counts = counts_table(table)
    st.dataframe(counts, hide_index=True, width="stretch",
                 column_config={"change_pct": st.column_config.NumberColumn("change %", format="percent")})
    name = f"trends-admin1-{window.start}-{window.end}-{baseline}{only.suffix}.csv"
    st.download_button("Download the counts (CSV)", data=csv_text(counts), file_name=name, mime="text/csv",
                       key="trends_download")


def _select_from_click(returned: dict[str, object] | None, places: pd.DataFrame) -> None:
    """A click on the map picks the region (or, in clusters, the place) shown in the details; only a new
    click changes the choice, so the selectbox stays usable."""
    st = _st()
    signature = json.dumps(returned or {}, sort_keys=True, default=str)
    if signature == st.session_state.get("_trends_last_click"):
        return
    st.session_state["_trends_last_click"] = signature
    place = clicked_place(returned, places)
    region = clicked_region(returned)
    if place is not None:
        st.session_state["trends_selected"] = f"place:{place}"
    elif region is not None:
        st.session_state["trends_selected"] = f"admin1:{region}"


def _details(folder: str, version: str, table: gpd.GeoDataFrame, places: pd.DataFrame, freq: str,
             window: Window, only: Only) -> None:
    st = _st()
    queries = _cached()
    names = {f"admin1:{r}": f"{n} ({i})" for r, n, i in zip(table["region_id"], table["name"], table["iso3"])}
    mentioned = table[table["count"] > 0].sort_values("change", ascending=False)["region_id"]
    choices = [f"admin1:{r}" for r in mentioned]
    selected = st.session_state.get("trends_selected")
    if selected and selected.startswith("place:"):
        found = places[places["place_id"] == selected.split(":", 1)[1]]
        names[selected] = f"{found['name'].iloc[0]} (place)" if not found.empty else selected
    if selected and selected not in choices:
        choices = [selected, *choices]
    if not choices:
        st.caption("No mentions in this window.")
        return
    if st.session_state.get("trends_selected") not in choices:
        st.session_state["trends_selected"] = choices[0]
    chosen = st.selectbox("Region or place (or click the map)", choices, key="trends_selected",
                          format_func=lambda c: names.get(c, c))
    by, key = chosen.split(":", 1)
    with st.spinner("Querying the archive…"):
        trend = queries["trend"](folder, version, by, key, freq, only)
        top = queries["top"](folder, version, by, key, window, only)
    st.markdown(f"**{escape_text(names.get(chosen, key))}**: mentions per {freq}")
    st.altair_chart(_trend_chart(trend, window), width="stretch")
    st.markdown("**Top articles in this window**")
    if top.empty:
        st.caption("None in this window.")
    from geo.web.markdown import literal

    for _, row in top.iterrows():
        day = pd.Timestamp(row["date"]).date() if pd.notna(row["date"]) else "undated"
        st.markdown(f"- {literal(row['title'] or row['article_id'])} · {literal(day)} · "
                    f"{int(row['mentions'])} mention(s)")
        for sentence in list(row["sentences"])[:3]:
            st.caption(literal(sentence))


def _trend_chart(trend: pd.DataFrame, window: Window):  # type: ignore[no-untyped-def]
    """Vega-Lite (Altair, as Streamlit draws it): the line of counts and the current window shaded."""
    import altair as alt

    data = trend.assign(period=pd.to_datetime(trend["period"]))
    line = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("period:T", title=None), y=alt.Y("count:Q", title="mentions"),
        tooltip=[alt.Tooltip("period:T"), alt.Tooltip("count:Q")])
    band = alt.Chart(pd.DataFrame({"start": [pd.Timestamp(window.start)], "end": [pd.Timestamp(window.end)]})
                     ).mark_rect(opacity=0.15, color=LIPTAKO_COLOUR).encode(x="start:T", x2="end:T")
    return (band + line).properties(height=220)
