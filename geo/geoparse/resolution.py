"""Resolution: which of the same-named gazetteer entries an accepted place candidate refers to.

Evidence: each entry's prior (feature, population), the article's countries, cue words around the name ("river",
"région de", "town of") and, in a second pass, the article's sure places nearby.  Every weight is in
geo.geoparse.weights.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable

from geo.geodesy import distance_km
from geo.geoparse import cues
from geo.geoparse.context import Site
from geo.geoparse.gazetteer import Entry, Gazetteer
from geo.geoparse.recognition import RawCandidate
from geo.geoparse.weights import AREAL_FEATURES, MAJOR_FEATURES, MAX_CANDIDATES, SAHEL_FOCUS, WEIGHTS, prior

# What a "town of", "village de" cue cannot mean.
NOT_SETTLEMENTS = frozenset({"country", "region", "province", "continent", "river", "lake", "sea"})
# Demonyms often written for another country's people: "Nigerian" for Niger's ("Nigerien").
AMBIGUOUS_DEMONYMS = frozenset({"nigerian", "nigerians"})

Scored = list[tuple[float, Entry]]  # entries with their scores, best first
Anchor = tuple[str, str, float, float, str]  # key, iso3, lat, lon, name of a place the article is sure about


def context_countries(candidates: Iterable[RawCandidate], gazetteer: Gazetteer) -> Counter[str]:
    """Countries the article is about: unambiguous country, capital and demonym mentions."""
    counts: Counter[str] = Counter()
    for candidate in candidates:
        if candidate.kind == "demonym":
            if candidate.key not in AMBIGUOUS_DEMONYMS:
                counts.update(candidate.info.demonym_countries)
        elif candidate.kind == "place" and candidate.info.place_ids:
            best = gazetteer.lookup_ids(candidate.info.place_ids)[0]
            if best.feature in MAJOR_FEATURES or best.feature == "region" or best.iso3 in SAHEL_FOCUS:
                counts[best.iso3] += 1
    return counts


def resolve_all(sites: list[Site], context: Counter[str]) -> tuple[list[Scored], list[Anchor]]:
    """Each site's entries, best first: a first pass on cues and countries, then a second pass for ambiguous
    names that prefers entries near the article's sure places (the anchors, also returned)."""
    w = WEIGHTS
    cache: dict[tuple[str, str, str, str, bool], Scored] = {}
    scored = [_cached(site, context, (), cache) for site in sites]
    anchors = [(site.key, ranked[0][1].iso3, ranked[0][1].lat, ranked[0][1].lon, ranked[0][1].name)
               for site, ranked in zip(sites, scored)
               if ranked[0][1].feature not in AREAL_FEATURES and share(ranked) >= w.anchor_min_share]
    anchors = list(dict.fromkeys(anchors))[:w.max_anchors]
    if anchors:
        scored = [_cached(site, context, anchors, cache) if len(site.entries) > 1 else ranked
                  for site, ranked in zip(sites, scored)]
    _resolve_containers(sites, scored)
    return scored, anchors


CONTAINERS = frozenset({"country", "region", "province"})


def _resolve_containers(sites: list[Site], scored: list[Scored]) -> None:
    """"Parkland, Florida", "Klamath Falls, Oregon", "Téra, Niger": a place written right before ", Y" lies in Y.
    Among the pairs of their entries where Y's is a country or region, the closest pair wins on both sides
    (in place; a country holds the places of its own ISO3 code).  The text's other mentions of the same name
    follow ("the Parkland students" further down)."""
    decided: dict[str, Entry] = {}
    paired: set[int] = set()
    for index in range(len(sites) - 1):
        place, container = sites[index], sites[index + 1]
        if place.text[place.candidate.end:container.candidate.start] != ", ":
            continue
        if len(place.entries) == 1 and len(container.entries) == 1:
            continue
        if scored[index][0][1].feature in MAJOR_FEATURES:
            continue  # "the capital of Mali, Bamako": an apposition, not a place inside a region
        best: tuple[float, Entry, Entry] | None = None
        for _, inner in scored[index]:
            for _, outer in scored[index + 1]:
                if outer.feature not in CONTAINERS or inner.feature in CONTAINERS and outer.feature != "country":
                    continue
                if outer.feature == "country":
                    km = 0.0 if inner.iso3 == outer.iso3 else math.inf
                else:
                    km = distance_km(inner.lat, inner.lon, outer.lat, outer.lon)
                if km <= WEIGHTS.container_max_km and (best is None or km < best[0]):
                    best = (km, inner, outer)
        if best is None:
            continue
        _, inner, outer = best
        scored[index] = _first(scored[index], inner)
        scored[index + 1] = _first(scored[index + 1], outer)
        decided.setdefault(place.key, inner)
        paired.update((index, index + 1))
        if len(scored[index]) > 1:
            place.candidate.reasons.append(f"in {outer.name}, written right after it")
    for index, site in enumerate(sites):
        entry = decided.get(site.key)
        if entry is not None and index not in paired and scored[index][0][1] is not entry \
                and any(candidate is entry for _, candidate in scored[index]):
            scored[index] = _first(scored[index], entry)
            site.candidate.reasons.append(f"the {entry.name} written with its region elsewhere in this text")


def _first(ranked: Scored, entry: Entry) -> Scored:
    """A copy of `ranked` with `entry` first (the lists may be shared between mentions through the cache)."""
    if ranked[0][1] is entry:
        return ranked
    rest = [pair for pair in ranked if pair[1] is not entry]
    return [(ranked[0][0] + WEIGHTS.town_first_margin, entry), *rest]


def _cached(site: Site, context: Counter[str], anchors: list[Anchor] | tuple[()],
            cache: dict[tuple[str, str, str, str, bool], Scored]) -> Scored:
    """Repeated mentions with the same cue words share the work."""
    # The generic before the name ("région de", "ville de") decides too: it is part of the key.
    cache_key = (site.key, site.before1, site.after1, site.generic, bool(anchors))
    scored = cache.get(cache_key)
    if scored is None:
        scored = resolve(site, context, anchors)
        cache[cache_key] = scored
    return scored


def resolve(site: Site, context: Counter[str], anchors: list[Anchor] | tuple[()] = ()) -> Scored:
    """The site's entries (up to MAX_CANDIDATES), scored, best first."""
    w = WEIGHTS
    entries = site.entries
    after, before = site.after1, site.before1
    region_before = site.generic in cues.REGION_CUES
    populated_before = site.generic in cues.POPULATED_PLACE_CUES  # "le village de Bani", "the city of Gao"
    total = sum(context.values()) or 1
    # "The Sahel" is the belt across Africa far more often than Burkina Faso's Sahel region: a region
    # that shares its name with a wider area needs an explicit cue ("Sahel region of Burkina Faso").
    shadowed = any(entry.feature == "area" for entry in entries)
    scored = []
    for entry in entries[:MAX_CANDIDATES]:
        score = prior(entry)
        if shadowed and entry.feature == "region":
            scored.append((score + w.shadowed_region, entry))
            continue
        if entry.iso3 and context[entry.iso3]:
            score += w.context_share * context[entry.iso3] / total + w.context_present
        if after in cues.RIVER_CUES or before in cues.RIVER_CUES:
            score += w.river_cue if entry.feature in ("river", "lake") else 0.0
        if after in cues.REGION_CUES or region_before:  # "Mopti region", "la région de Tombouctou"
            score += w.region_cue if entry.feature in ("region", "province") else 0.0
        if after in cues.POPULATED_PLACE_CUES or before in cues.POPULATED_PLACE_CUES or populated_before:
            score += w.populated_cue if entry.feature not in NOT_SETTLEMENTS else 0.0
            score += w.water_after_settlement_cue if entry.feature in ("river", "lake", "sea") else 0.0
        if anchors and len(entries) > 1:
            # Places in one article tend to be near each other ("Parkland" near "Florida"); a country or
            # region counts as near when an anchor lies in its country.
            others = [(iso3, lat, lon) for key, iso3, lat, lon, _ in anchors if key != site.key]
            if entry.feature in AREAL_FEATURES or entry.feature in ("region", "province"):
                near = any(iso3 == entry.iso3 for iso3, _, _ in others)
                score += w.anchor_near_area if near else 0.0
            else:
                nearest = min((distance_km(entry.lat, entry.lon, lat, lon) for _, lat, lon in others), default=math.inf)
                score += w.anchor_near_point * math.exp(-nearest / w.anchor_distance_km)
        scored.append((score, entry))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    names_region = any(word in cues.REGION_CUES for word in site.key.split())
    if (scored[0][1].feature in ("region", "province") and after not in cues.REGION_CUES and not region_before
            and not names_region
            and not any(entry.feature == "country" for entry in entries)):
        # A region named after its city ("Kabul", "Tillabéri"): a bare name means the city, which lies in
        # the region anyway and gives the more precise point.
        _town_first(scored, lambda town, _area: town.feature in ("capital", "city", "town")
                    and town.population >= w.region_town_min_population)
    if scored[0][1].feature == "commune" and after not in cues.POPULATED_PLACE_CUES:
        # A commune named after its main town: the town's point is the more precise answer.
        _town_first(scored, lambda town, area: town.feature in ("capital", "city", "town", "village")
                    and distance_km(town.lat, town.lon, area.lat, area.lon) < w.commune_town_max_km)
    return scored


SMALL_PLACES = frozenset({"city", "town", "village", "commune"})


def far_namesake(site: Site, scored: Scored, context: Counter[str], anchors: list[Anchor]) -> str | None:
    """Why the best entry is doubtful (None when it is not): a small place of a country the text never names,
    farther than `far_namesake_km` from every other sure place of the text, the nearest of which lies in Mali,
    Burkina Faso or Niger (whose villages GeoNames often lacks) — a namesake of a local place the gazetteer
    lacks, more likely than a leap to another continent.  Curated entries are spared."""
    best = scored[0][1]
    if best.feature not in SMALL_PLACES or context[best.iso3] or best.id.startswith("fact:"):
        return None
    others = [(name, iso3, lat, lon) for key, iso3, lat, lon, name in anchors if key != site.key]
    if not others:
        return None
    distance, name, iso3 = min((distance_km(best.lat, best.lon, lat, lon), name, iso3)
                               for name, iso3, lat, lon in others)
    # Only where the gazetteer is known to lack villages: next to the product's own region's places.
    if distance <= WEIGHTS.far_namesake_km or iso3 not in SAHEL_FOCUS:
        return None
    return (f"the only namesakes are far away ({best.name}, {best.iso3 or 'no country'}: {distance:,.0f} km from "
            f"{name}, the nearest other place of this text): probably a local place the gazetteer lacks")


def _town_first(scored: Scored, is_namesake: Callable[[Entry, Entry], bool]) -> None:
    """Move the first entry that `is_namesake(entry, best)` in the best entry's country to the front (in place):
    an area named after its town is answered with the town's point."""
    area = scored[0][1]
    town = next((pair for pair in scored[1:] if pair[1].iso3 == area.iso3 and is_namesake(pair[1], area)), None)
    if town is not None:
        scored.remove(town)
        scored.insert(0, (scored[0][0] + WEIGHTS.town_first_margin, town[1]))


def entry_weights(scored: Scored) -> list[float]:
    """The evidence each entry gets: scores made positive and sharpened (a softmax's numerators)."""
    return [math.exp(WEIGHTS.sharpness * score) for score, _ in scored]


def share(scored: Scored) -> float:
    """How much of the evidence goes to the best entry (1.0 when the name is unambiguous)."""
    weights = entry_weights(scored)
    return weights[0] / sum(weights)


def why_chosen(site: Site, scored: Scored, context: Counter[str], anchors: list[Anchor]) -> tuple[str, ...]:
    """What made the best entry win over the runner-up, in words an analyst can check ("in MLI, a country
    this text names"; "12 km from Ménaka in the same text"); nothing when the name has one entry."""
    if len(scored) < 2:
        return ()
    best, runner = scored[0][1], scored[1][1]
    reasons = []
    if best.iso3 != runner.iso3 and context[best.iso3] > context[runner.iso3]:
        reasons.append(f"in {best.iso3}, a country this text names")
    others = [(name, lat, lon) for key, _, lat, lon, name in anchors if key != site.key]
    if others and best.feature not in AREAL_FEATURES and best.feature not in ("region", "province"):
        distance, name = min((distance_km(best.lat, best.lon, lat, lon), name) for name, lat, lon in others)
        if distance < WEIGHTS.anchor_distance_km:  # farther, nearness did not decide
            reasons.append(f"{distance:.0f} km from {name} in the same text")
    if best.feature != runner.feature and prior(best) > prior(runner):
        reasons.append(f"a {best.feature} is likelier than a {runner.feature} of that name")
    elif best.population > runner.population > 0 or (best.population and not runner.population):
        reasons.append(f"more populous than the {runner.feature} in {runner.iso3 or 'another country'}")
    return tuple(reasons)
