"""What the user chose to see on the briefing map (validated against `geo.map.registry`).

>>> MapOptions(layers=frozenset({"forces"})).layers
frozenset({'forces'})
>>> MapOptions(layers=frozenset({"heatmap"}))
Traceback (most recent call last):
...
ValueError: unknown layer(s) heatmap; choose from alliance, ecowas, regions, rivers, liptako, labels, forces, mentions, events, country_mentions
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from geo.facts import boundaries
from geo.map.style import ONLINE_TILES

CUSTOM_DEFINITION = "custom"
MAX_TEXT_CHARS = 200  # title, subtitle and handling line: one line each on a slide
MAX_PLACE_LABELS = 100


def _default_layers() -> frozenset[str]:
    from geo.map import registry  # here, not at the top: the registry's builders read MapOptions

    return registry.default_keys()


@dataclass(frozen=True)
class MapOptions:
    """What the user chose to see.  Validated on creation (ValueError names the bad value)."""

    as_of: datetime.date = field(default_factory=datetime.date.today)
    liptako_definition: str = boundaries.DEFAULT_DEFINITION  # a LIPTAKO_DEFINITIONS id, or "custom"
    custom_regions: tuple[str, ...] = ()  # region ids for "custom" (geo.facts.boundaries.region_union)
    layers: frozenset[str] = field(default_factory=_default_layers)  # keys of geo.map.registry
    operators: tuple[str, ...] | None = None  # force-site operators to show (None = all)
    tiles: str | None = None  # a key of ONLINE_TILES, or None (offline)
    title: str = "Sahel Briefing Map"
    presentation: bool = False  # a slide: the map in its frame, title, legend and notes in a side panel beside it
    bounds: tuple[float, float, float, float] | None = None  # (south, west, north, east) to show; None: West Africa
    new_articles: frozenset[str] = frozenset()  # ids of articles just added: their places are marked on the map
    subtitle: str = ""  # the slide's second line; "": what the map shows, from the layers chosen
    handling: str = ""  # a handling line for the slide, e.g. "UNCLASSIFIED // FOR BRIEFING"; "": none
    keep_view: bool = False  # the dashboard: the map on screen keeps the user's view (no fit when redrawn)
    popups: bool = True  # False: the dashboard shows a click's details beside the map, so no popup repeats them
    label_top_places: int = 10  # how many of the most-mentioned places get their name on the map (0: none)

    def __post_init__(self) -> None:
        from geo.map.registry import keys  # see _default_layers

        layers = frozenset(self.layers)
        unknown = sorted(layers - set(keys()))
        if unknown:
            raise ValueError(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(keys())}")
        object.__setattr__(self, "layers", layers)
        object.__setattr__(self, "new_articles", frozenset(self.new_articles))
        if isinstance(self.as_of, datetime.datetime):
            object.__setattr__(self, "as_of", self.as_of.date())
        object.__setattr__(self, "custom_regions", tuple(self.custom_regions))
        if self.operators is not None:
            object.__setattr__(self, "operators", tuple(self.operators))
        ids = {d.id for d in boundaries.LIPTAKO_DEFINITIONS}
        if self.liptako_definition == CUSTOM_DEFINITION:
            # No region yet is a valid state (the user is choosing): the map then draws no polygon.
            unknown_regions = sorted(set(self.custom_regions) - boundaries.region_ids())
            if unknown_regions:
                raise ValueError(f"unknown region id(s) {', '.join(unknown_regions)} for the custom "
                                 "Liptako-Gourma polygon")
        elif self.liptako_definition not in ids:
            raise ValueError(f"unknown Liptako-Gourma definition {self.liptako_definition!r}; choose one of "
                             f"{', '.join(sorted(ids))} or {CUSTOM_DEFINITION!r}")
        if self.bounds is not None:
            south, west, north, east = (float(value) for value in self.bounds)
            if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
                raise ValueError(f"bounds must be south < north in [-90, 90] and west < east in [-180, 180], "
                                 f"got {self.bounds}")
            object.__setattr__(self, "bounds", (south, west, north, east))
        for name in ("title", "subtitle", "handling"):
            object.__setattr__(self, name, " ".join(str(getattr(self, name)).split())[:MAX_TEXT_CHARS])
        if isinstance(self.label_top_places, bool) or not isinstance(self.label_top_places, int) \
                or not 0 <= self.label_top_places <= MAX_PLACE_LABELS:
            raise ValueError(f"label_top_places must be a whole number from 0 to {MAX_PLACE_LABELS}, "
                             f"got {self.label_top_places!r}")
        if self.tiles is not None and self.tiles not in ONLINE_TILES:
            raise ValueError(f"unknown tiles {self.tiles!r}; choose one of {', '.join(ONLINE_TILES)} or None")

    def shows(self, layer: str) -> bool:
        """Whether ``layer`` (a registry key) is drawn."""
        return layer in self.layers
