"""Every number the resolver weighs evidence with, in one place, as data.

Recognition rules carry their own score change (geo.geoparse.rules); the weights here say how likely a bare name
is the place (priors), choose among same-named gazetteer entries, and turn scores into confidences.

>>> WEIGHTS.feature_prior["country"], WEIGHTS.region_cue, WEIGHTS.anchor_distance_km
(1.0, 0.4, 250)
>>> round(prior_of("village", population=0, iso3="MLI"), 2)  # a village of the product's own region
0.85
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from geo.geoparse.gazetteer import Entry

# Same-named entries considered per mention, best-ranked first ("San José" has dozens).
MAX_CANDIDATES = 25
# Below this recognition score a gazetteer match is not reported as a place.
ACCEPT_SCORE = 0.5
MAJOR_FEATURES = frozenset({"continent", "country", "capital"})
# Features too large for their point to say where an article is.
AREAL_FEATURES = frozenset({"continent", "country", "sea", "area"})
# The product's own region: small towns there are what analysts look for.
SAHEL_FOCUS = frozenset({"MLI", "BFA", "NER"})


def _feature_prior() -> Mapping[str, float]:
    # How likely a bare name of this kind, in a news text, is the place.
    return MappingProxyType({
        "continent": 1.0, "country": 1.0, "capital": 0.95, "region": 0.8, "province": 0.75, "area": 0.9,
        "river": 0.85, "lake": 0.85, "sea": 0.9, "base": 0.9, "airport": 0.9, "landmark": 0.85, "town": 0.75,
        "village": 0.7,
        # A commune is an area named after its main town: a town of the same name (a point) wins when GeoNames
        # has one of some size; the commune answers for the many that GeoNames lacks.
        "commune": 0.45,
    })


@dataclass(frozen=True)
class Weights:
    """The resolver's weights, named.  Scores are on the scale of the priors (about 0..1.5)."""

    feature_prior: Mapping[str, float] = field(default_factory=_feature_prior)
    # Populated places without a feature prior: by population, from 0.35 (500 people) to 0.85 (30 million).
    population_floor: int = 500
    population_prior_base: float = 0.35
    population_prior_per_decade: float = 0.1
    population_prior_max: float = 0.85
    focus_bonus: float = 0.15  # an entry in SAHEL_FOCUS

    # Choosing among same-named entries.
    shadowed_region: float = -0.2  # "the Sahel": a region named like a wider area needs a cue
    context_share: float = 0.4  # times the share of the article's country mentions in the entry's country
    context_present: float = 0.1  # the entry's country is mentioned at all
    river_cue: float = 0.6  # "Niger river", "fleuve Niger" for a river or lake
    region_cue: float = 0.4  # "Mopti region", "région de Tombouctou" for a region or province
    populated_cue: float = 0.3  # "town of", "ville de" for a populated place
    water_after_settlement_cue: float = -1.0  # "le village de Bani" is not the Bani river
    anchor_near_area: float = 0.3  # a country or region holding one of the article's sure places
    anchor_near_point: float = 0.3  # times exp(-km / anchor_distance_km) to the nearest sure place
    anchor_distance_km: int = 250
    anchor_min_share: float = 0.6  # a place is an anchor when its best entry has this share of the evidence
    max_anchors: int = 20
    # A small place in a country the text never names, this far from every sure place of the text, is more
    # likely a local place the gazetteer lacks ("le village de Bani, près de Dori" -> not Baní, Dominican Rep.).
    far_namesake_km: int = 2000
    # "X, Y": X's entry closest to Y's region (country: same ISO3), when they lie at most this far apart.
    container_max_km: int = 1500
    # A region or commune named after its town is answered with the town's point.
    region_town_min_population: int = 10_000
    commune_town_max_km: int = 150
    town_first_margin: float = 0.01

    # From scores to confidences.
    sharpness: int = 6  # entry weight = exp(sharpness * score)
    agreeing_km: int = 150  # a same-country region this near the best city supports it
    recognition_slope: int = 8  # logistic over (recognition score - ACCEPT_SCORE)
    organisation_confidence: float = 0.95
    demonym_confidence: float = 0.9
    nigerian_for_niger_confidence: float = 0.6
    unresolved_confidence: float = 0.5
    spelling_variant_confidence: float = 0.6  # a place found under another spelling of its name


WEIGHTS = Weights()


def prior_of(feature: str, population: int, iso3: str, weights: Weights = WEIGHTS) -> float:
    """How likely a bare name of this feature (and population, for populated places) is the place."""
    if feature in weights.feature_prior:
        prior = weights.feature_prior[feature]
    else:
        prior = min(weights.population_prior_max, weights.population_prior_base + weights.population_prior_per_decade
                    * math.log10(max(population, weights.population_floor) / weights.population_floor))
    if iso3 in SAHEL_FOCUS:
        prior += weights.focus_bonus
    return prior


@lru_cache(maxsize=65536)
def prior(entry: Entry) -> float:
    """`prior_of` an entry (cached: the same entries come back in every article)."""
    return prior_of(entry.feature, entry.population, entry.iso3)
