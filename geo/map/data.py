"""The data the briefing map shows, as plain frames and dicts (no folium): read by `geo.map.layers` and
`geo.map.details`, so the map and the details panel say the same things.

Loaded boundary data is cached (``lru_cache``); everything that depends on a date or on the mentions is
computed on each call and returned as a new object.

>>> import datetime as dt
>>> status = country_status(dt.date(2023, 9, 16))
>>> status.loc["NER", "aes_status"], status.loc["NER", "ecowas_status"]
('member', 'member')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

import geopandas as gpd
import pandas as pd
import numpy as np
import shapely

from geo.facts import boundaries
from geo.facts import forces, memberships
from geo.map.options import CUSTOM_DEFINITION, MapOptions

AES_STATES = ("MLI", "BFA", "NER")  # the founding states: the regions layer and the tripoint
# Geometry embedded in the page is simplified as a coverage (shared borders stay shared) by this
# tolerance, then snapped to this grid (degrees; ~2 km and ~100 m): the page stays small enough to
# reach the browser fast (a briefing map is read at country and region scale).
DISPLAY_TOLERANCE = 0.02


def display_geometries(geometries: Any, coverage: bool = True, tolerance: float = DISPLAY_TOLERANCE,
                       decimals: int = 3) -> Any:
    """Geometries simplified for display (topology-preserving) and rounded to `decimals` (3: ~100 m)."""
    if coverage:
        geometries = shapely.coverage_simplify(geometries, tolerance)
    else:
        geometries = shapely.simplify(geometries, tolerance / 2, preserve_topology=True)
    snapped = shapely.set_precision(geometries, 10.0 ** -decimals)
    return shapely.transform(snapped, lambda coords: np.round(coords, decimals))


@lru_cache(maxsize=1)
def country_shapes() -> tuple[dict[str, Any], ...]:
    """The covered countries for display: iso3, name, name_fr, label_lat/lon and a GeoJSON geometry."""
    countries = boundaries.load_countries()
    geometries = display_geometries(countries.geometry.values)
    return tuple(
        {"iso3": row.iso3, "name": row.name, "name_fr": row.name_fr, "label_lat": float(row.label_lat),
         "label_lon": float(row.label_lon), "geometry": shapely.geometry.mapping(geometry)}
        for row, geometry in zip(countries.itertuples(), geometries)
    )


LOCATOR_TOLERANCE = 0.25  # degrees (~25 km, about a pixel of the inset): a 150-pixel inset needs no more


@lru_cache(maxsize=1)
def locator_outlines() -> dict[str, Any]:
    """The covered countries as a coarse FeatureCollection (a few kB) for the map's offline locator.

    >>> outlines = locator_outlines()
    >>> len(outlines["features"]), len(str(outlines)) < 40_000
    (24, True)
    """
    coarse = display_geometries(boundaries.load_countries().geometry.values, tolerance=LOCATOR_TOLERANCE, decimals=2)
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(geometry)}
                         for geometry in coarse]}


@lru_cache(maxsize=1)
def region_shapes() -> tuple[dict[str, Any], ...]:
    """First-level regions of Mali, Burkina Faso and Niger for display (region_id, iso3, name, area_km2)."""
    regions = boundaries.load_regions(AES_STATES)
    geometries = display_geometries(regions.geometry.values)
    return tuple(
        {"region_id": row.region_id, "iso3": row.iso3, "name": row.name, "type": row.type,
         "area_km2": float(row.area_km2), "geometry": shapely.geometry.mapping(geometry)}
        for row, geometry in zip(regions.itertuples(), geometries)
    )


@lru_cache(maxsize=1)
def river_shapes() -> tuple[dict[str, Any], ...]:
    """Major rivers for display (name, scalerank), the largest first."""
    rivers = boundaries.load_rivers().sort_values(["scalerank", "name"])
    geometries = display_geometries(rivers.geometry.values, coverage=False)
    return tuple({"name": row.name, "scalerank": int(row.scalerank), "geometry": shapely.geometry.mapping(geometry)}
                 for row, geometry in zip(rivers.itertuples(), geometries))


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """region_id -> 'Name (ISO3)' for every region in the boundary data."""
    regions = boundaries.load_regions()
    return {rid: f"{name} ({iso3})" for rid, name, iso3 in zip(regions["region_id"], regions["name"], regions["iso3"])}


def _clean(value: object) -> object:
    """NaN/NaT/None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is pd.NaT:
        return ""
    return value


def country_status(as_of: dt.date) -> pd.DataFrame:
    """AES and ECOWAS status of every covered country on ``as_of``, indexed by iso3.

    Columns per organisation (prefix ``aes_`` / ``ecowas_``): status ('' when the country never had a
    status in it), since (written date), event, description, source, verified, certain, note,
    latest_event, latest_event_date.  Cached per date (a copy is returned).
    """
    return _country_status(as_of).copy()


@lru_cache(maxsize=256)
def _country_status(as_of: dt.date) -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.Index([c["iso3"] for c in country_shapes()], name="iso3"))
    for org, prefix in (("AES", "aes_"), ("ECOWAS", "ecowas_")):
        status = memberships.membership_status(org, as_of).set_index("iso3")
        for column, source in (("status", "status"), ("since", "since_written"), ("event", "event"),
                               ("description", "description"), ("source", "source"), ("verified", "verified"),
                               ("certain", "certain"), ("note", "note"), ("latest_event", "latest_event"),
                               ("latest_event_date", "latest_event_date")):
            frame[prefix + column] = status[source].reindex(frame.index)
    text_columns = [c for c in frame.columns if not c.endswith("certain")]
    frame[text_columns] = frame[text_columns].fillna("")
    return frame


def liptako_feature(options: MapOptions) -> dict[str, Any] | None:
    """The Liptako-Gourma polygon chosen in ``options``: id, name, definition, area_km2,
    official_area_km2 (None when there is none), area_note, regions, sources and geometry; None for a
    custom polygon with no region chosen yet."""
    if options.liptako_definition == CUSTOM_DEFINITION and not options.custom_regions:
        return None
    if options.liptako_definition == CUSTOM_DEFINITION:
        union = boundaries.region_union(options.custom_regions).iloc[0]
        names = region_names()
        chosen = [names.get(rid, rid) for rid in union["regions"].split(";")]
        return {
            "id": CUSTOM_DEFINITION,
            "name": f"Liptako-Gourma (custom: {len(chosen)} region{'s' if len(chosen) != 1 else ''})",
            "definition": "A union of regions chosen by the user: " + ", ".join(chosen) + ".",
            "area_km2": float(union["area_km2"]),
            "official_area_km2": None,
            "area_note": "No official area: a user-chosen union; computed in an equal-area projection "
                         f"({boundaries.EQUAL_AREA_CRS}).",
            "regions": union["regions"],
            "sources": boundaries.NATURAL_EARTH,
            "geometry": union.geometry,
        }
    feature = boundaries.load_liptako_gourma(options.liptako_definition).iloc[0]
    official = _clean(feature["official_area_km2"])
    return {
        "id": str(feature["id"]),
        "name": str(feature["name"]),
        "definition": str(feature["definition"]),
        "area_km2": float(feature["area_km2"]),
        "official_area_km2": float(official) if official not in ("", 0) else None,  # type: ignore[arg-type]
        "area_note": str(_clean(feature["area_note"])),
        "regions": str(_clean(feature["regions"])),
        "sources": str(_clean(feature["sources"])),
        "geometry": feature.geometry,
    }


def sites(options: MapOptions) -> gpd.GeoDataFrame:
    """Force sites present on ``options.as_of`` for ``options.operators`` (see geo.forces.force_sites)."""
    return forces.force_sites(options.as_of, operators=options.operators)


def site_record(site_id: str, as_of: dt.date) -> dict[str, Any] | None:
    """One force site as a dict: present on ``as_of`` (with presence/presence_basis) or, if not present,
    its forces.csv row with presence 'not present on this date'.  None for an unknown site_id."""
    present = forces.force_sites(as_of, include_unlocated=True)
    match = present[present["site_id"] == site_id]
    if not match.empty:
        return {k: _clean(v) for k, v in match.iloc[0].drop(labels="geometry").items()}
    every = forces.load_forces()
    match = every[every["site_id"] == site_id]
    if match.empty:
        return None
    record = {k: _clean(v) for k, v in match.iloc[0].items()}
    record.update(presence="not present on this date", presence_basis=f"outside its dates on {as_of.isoformat()}")
    return record


# --- mentions ---------------------------------------------------------------------------------------------

# Site names begin with their town ("Niamey - German camp at Air Base 101"); these words after it name the
# installation, not the place ("Koulikoro Training Centre", "Menaka forward operating base (BOA)").
_INSTALLATION_WORDS = re.compile(r"(?:\s+(?:forward|operating|tactical|base|camp|airstrip|air|training|centre|center|"
                                 r"hub|supercamp|command|post|detachment))+$", re.IGNORECASE)
_TOWN_SPELLINGS = {"N Djamena": "N'Djamena", "Menaka": "Ménaka", "Abeche": "Abéché", "Sevare": "Sévaré",
                   "Tillaberi": "Tillabéri"}


def town_name(site_name: str) -> str:
    """The place a force site is at, for its label on the map.

    >>> town_name("Niamey - German camp at Air Base 101 / Niamey airport")
    'Niamey'
    >>> town_name("Koulikoro Training Centre (~60 km NE of Bamako)"), town_name("Menaka forward operating base (BOA)")
    ('Koulikoro', 'Ménaka')
    >>> town_name("N Djamena - Base aerienne 172"), town_name("Timbuktu camp"), town_name("Dirkou airstrip (NE Niger)")
    ("N'Djamena", 'Timbuktu', 'Dirkou')
    """
    head = re.split(r"\s+-\s+|\s*\(", str(site_name).strip(), maxsplit=1)[0].strip()
    head = _INSTALLATION_WORDS.sub("", head).strip() or head
    return _TOWN_SPELLINGS.get(head, head)


def _mentions_of(mentions: pd.DataFrame | None) -> pd.DataFrame:
    if mentions is None or len(mentions) == 0:
        return pd.DataFrame(columns=["article", "title", "date", "surface", "kind", "name", "feature", "lat",
                                     "lon", "iso3", "gazetteer_id", "resolved", "countries", "organisation",
                                     "sentence"])
    return pd.DataFrame(mentions.drop(columns="geometry", errors="ignore"))


def _is_true(values: pd.Series) -> pd.Series:
    return values.fillna(False).astype(bool)


def place_mentions(mentions: pd.DataFrame | None) -> pd.DataFrame:
    """Mentions of resolved places with coordinates, except whole countries (those are summarised by
    country, see country_mentions)."""
    frame = _mentions_of(mentions)
    chosen = ((frame["kind"] == "place") & _is_true(frame["resolved"]) & frame["lat"].notna()
              & frame["lon"].notna() & (frame["feature"] != "country") & frame["gazetteer_id"].notna())
    return frame[chosen]


def place_summary(mentions: pd.DataFrame | None, new_articles: frozenset[str] = frozenset()) -> pd.DataFrame:
    """One row per resolved place (gazetteer_id): name, feature, lat, lon, iso3, count, articles
    (distinct article ids), new (named by one of `new_articles`), sorted by count (descending) then name."""
    frame = place_mentions(mentions)
    if frame.empty:
        return pd.DataFrame(columns=["gazetteer_id", "name", "feature", "lat", "lon", "iso3", "count", "articles",
                                     "new"])
    frame = frame.assign(new=frame["article"].isin(list(new_articles)))
    grouped = frame.groupby("gazetteer_id", sort=False)
    summary = grouped.agg(name=("name", "first"), feature=("feature", "first"), lat=("lat", "first"),
                          lon=("lon", "first"), iso3=("iso3", "first"), count=("surface", "size"),
                          articles=("article", "nunique"), new=("new", "any")).reset_index()
    summary["name"] = summary["name"].fillna(summary["gazetteer_id"])
    summary[["feature", "iso3"]] = summary[["feature", "iso3"]].fillna("")
    return summary.sort_values(["count", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _word_counts(words: pd.Series) -> Counter[str]:
    """Counts of words, case-insensitively, each shown as its first spelling."""
    first: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for word in words.dropna().astype(str):
        key = word.casefold()
        first.setdefault(key, word)
        counts[first[key]] += 1
    return counts


def country_mentions(mentions: pd.DataFrame | None) -> pd.DataFrame:
    """Mentions summarised by country, one row per ISO3, sorted by direct mentions.

    ``direct`` counts the country's name (a place resolved to the country itself) and its demonyms
    ('French', 'maliennes'); ``words`` details them ({'French': 9, 'France': 3}).  Organisations count
    separately in ``organisations`` ({'ECOWAS': 5}) for each of their member countries, and are not
    added to ``direct``: one ECOWAS mention is not a mention of each of its twelve members.
    """
    frame = _mentions_of(mentions)
    rows: dict[str, dict[str, Any]] = {}

    def row(iso3: str) -> dict[str, Any]:
        return rows.setdefault(iso3, {"iso3": iso3, "direct": 0, "words": Counter(), "organisations": Counter()})

    direct = frame[((frame["kind"] == "demonym") | ((frame["kind"] == "place") & (frame["feature"] == "country")))
                   & _is_true(frame["resolved"])]
    for iso3, group in direct.groupby(direct["iso3"].fillna("").astype(str)):
        for code in [c for c in iso3.split(";") if c]:
            entry = row(code)
            entry["direct"] += len(group)
            entry["words"].update(_word_counts(group["surface"]))
    orgs = frame[(frame["kind"] == "organisation") & frame["organisation"].notna()]
    for org, countries in zip(orgs["organisation"].astype(str), orgs["countries"].fillna("").astype(str)):
        for code in [c for c in countries.split(";") if c]:
            row(code)["organisations"][org] += 1
    result = pd.DataFrame(list(rows.values()), columns=["iso3", "direct", "words", "organisations"])
    result["organisation_total"] = [sum(c.values()) for c in result["organisations"]]
    return result.sort_values(["direct", "organisation_total", "iso3"], ascending=[False, False, True],
                              kind="stable").reset_index(drop=True)


def unplaced_organisations(mentions: pd.DataFrame | None) -> Counter[str]:
    """Organisations mentioned that have no member countries on record (UN, MINUSMA, Wagner...)."""
    frame = _mentions_of(mentions)
    orgs = frame[(frame["kind"] == "organisation") & frame["organisation"].notna()
                 & (frame["countries"].fillna("").astype(str) == "")]
    return Counter(orgs["organisation"].astype(str))


def country_point(iso3: str, mentions: pd.DataFrame | None = None) -> tuple[str, float, float] | None:
    """(name, lat, lon) where a country's badge goes: its label point when covered, else where the
    mentions themselves place the country (a country name or demonym resolved to its country entry);
    None if neither knows it."""
    for shape in country_shapes():
        if shape["iso3"] == iso3:
            return shape["name"], shape["label_lat"], shape["label_lon"]
    frame = _mentions_of(mentions)
    placed = frame[(frame["iso3"] == iso3) & (frame["feature"] == "country") & frame["lat"].notna()
                   & frame["lon"].notna()]
    if placed.empty:
        return None
    first = placed.iloc[0]
    return str(first["name"]), float(first["lat"]), float(first["lon"])


def country_mention_label(iso3: str, summary_row: pd.Series | dict[str, Any],
                          mentions: pd.DataFrame | None = None) -> str:
    """'France: 12 mentions (French ×9, France ×3)', with organisations when there are any."""
    point = country_point(iso3, mentions)
    name = point[0] if point else iso3
    words = ", ".join(f"{w} ×{n}" for w, n in summary_row["words"].most_common())
    text = f"{name}: {summary_row['direct']} mention{'s' if summary_row['direct'] != 1 else ''}"
    if words:
        text += f" ({words})"
    if summary_row["organisations"]:
        text += "; via " + ", ".join(f"{o} ×{n}" for o, n in summary_row["organisations"].most_common())
    return text


# --- labels and extent of a map ------------------------------------------------------------------------

def map_labels(options: MapOptions, mentions: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """The names written on the map, most important first (the browser places them in this order):
    every force site's town (one label per town), then the ``options.label_top_places`` most-mentioned
    places not already named by a site.  Each: text, lat, lon, kind ('site' or 'place'), count.

    >>> labels = map_labels(MapOptions(as_of=dt.date(2023, 9, 16), layers=frozenset({"forces"})))
    >>> [label["text"] for label in labels][:3], {label["kind"] for label in labels}
    (['Niamey', 'Bamako', 'Gao'], {'site'})
    """
    labels: list[dict[str, Any]] = []
    seen: set[str] = set()
    if options.shows("forces"):
        present = sites(options)
        present = present[present["lat"].notna() & present["lon"].notna()]
        towns: dict[str, dict[str, Any]] = {}
        for row in present.itertuples(index=False):
            town = town_name(str(row.site_name))
            entry = towns.setdefault(town, {"text": town, "lat": float(row.lat), "lon": float(row.lon),
                                            "kind": "site", "count": 0})
            entry["count"] += 1
        for entry in sorted(towns.values(), key=lambda e: (-e["count"], e["text"])):
            labels.append(entry)
            seen.add(_fold(entry["text"]))
    if options.shows("mentions") and options.label_top_places > 0:
        chosen = 0
        for place in place_summary(mentions).itertuples(index=False):
            if chosen >= options.label_top_places:
                break
            name = str(place.name)
            if _fold(name) in seen:
                continue
            seen.add(_fold(name))
            labels.append({"text": name, "lat": float(place.lat), "lon": float(place.lon), "kind": "place",
                           "count": int(place.count)})
            chosen += 1
    return labels


def _fold(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def shown_extent(options: MapOptions, mentions: pd.DataFrame | None = None) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) holding everything the map shows: every force site, the Liptako-Gourma
    polygon and tripoint, the AES members and the countries with an ECOWAS status drawn, and the places
    named in the articles that lie in the covered region (Paris or Washington would shrink Africa to a
    strip).  None when the map shows none of these.  ``options.bounds`` is not looked at: the caller
    lets the user's extent win.
    """
    boxes: list[tuple[float, float, float, float]] = []  # (west, south, east, north)
    countries = boundaries.load_countries()
    if options.shows("alliance") or options.shows("ecowas"):
        status = country_status(options.as_of)
        chosen = set()
        if options.shows("alliance"):
            chosen |= set(status.index[status["aes_status"] == "member"])
        if options.shows("ecowas"):
            chosen |= set(status.index[status["ecowas_status"].isin(["member", "suspended", "withdrawn"])])
        picked = countries[countries["iso3"].isin(chosen)]
        if len(picked):
            boxes.append(tuple(picked.total_bounds))
    if options.shows("liptako"):
        feature = liptako_feature(options)
        if feature is not None:
            boxes.append(tuple(shapely.bounds(feature["geometry"])))
        point = boundaries.tripoint()
        boxes.append((point.x, point.y, point.x, point.y))
    if options.shows("forces"):
        present = sites(options)
        present = present[present["lat"].notna() & present["lon"].notna()]
        if len(present):
            boxes.append((present["lon"].min(), present["lat"].min(), present["lon"].max(), present["lat"].max()))
    if options.shows("mentions"):
        west, south, east, north = countries.total_bounds
        places = place_summary(mentions)
        inside = places[places["lat"].between(south, north) & places["lon"].between(west, east)]
        if len(inside):
            boxes.append((inside["lon"].min(), inside["lat"].min(), inside["lon"].max(), inside["lat"].max()))
    if not boxes:
        return None
    west = min(b[0] for b in boxes)
    south = min(b[1] for b in boxes)
    east = max(b[2] for b in boxes)
    north = max(b[3] for b in boxes)
    return float(south), float(west), float(north), float(east)
