"""Every map layer, declared once: its key (also its URL name), label, legend heading, whether it is on by
default, the function that draws it and, for layers GIS exports write, the function that makes its frame.

The tuple's order is the drawing order; the sidebar, the URL state, `MapOptions` validation, the legend
and the exports all read it from here.

>>> keys()[:3]
('alliance', 'ecowas', 'regions')
>>> layer("forces").label
'Foreign force sites'
>>> [spec.key for spec in LAYERS if spec.frame is not None]
['countries', 'liptako', 'forces', 'mentions', 'events']

A frame is called with the options and the articles' tables, ``spec.frame(options, mentions, events)``:

>>> import datetime as dt
>>> from geo.text.readers import article_from_text
>>> from geo.events.table import events_table
>>> raid = events_table([article_from_text("Gunmen killed 12 villagers in Gao on Sunday.", date="2024-03-12")])
>>> rows = layer("events").frame(MapOptions(as_of=dt.date(2024, 3, 12)), None, raid)
>>> rows[["type", "place_name", "fatalities", "as_of"]].values.tolist()
[['Violence against civilians', 'Gao', 12, '2024-03-12']]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium
import geopandas as gpd

from geo.map import frames, layers
from geo.map.options import MapOptions

Builder = Callable[[layers.Drawing, "Layer"], tuple[folium.FeatureGroup, layers.Legend]]
# (options, mentions, events) -> the layer's rows: the tables are the articles' (None when not made).
Frame = Callable[[MapOptions, gpd.GeoDataFrame | None, gpd.GeoDataFrame | None], gpd.GeoDataFrame | None]


@dataclass(frozen=True)
class Layer:
    """One map layer.  ``optional=False``: always drawn, not a choice (the countries)."""

    key: str
    label: str  # the sidebar's and the map's layer control's name
    build: Builder
    frame: Frame | None = None  # what GIS exports write for it; None: not exported
    default: bool = True
    optional: bool = True
    heading: str = ""  # its legend section's heading (builders may add a count or a date); "": the label

    def __post_init__(self) -> None:
        object.__setattr__(self, "heading", self.heading or self.label)


LAYERS: tuple[Layer, ...] = (
    Layer("countries", "Countries", layers.countries, frames.countries, optional=False),
    Layer("alliance", "Alliance of Sahel States (AES)", layers.alliance),
    Layer("ecowas", "ECOWAS status", layers.ecowas),
    Layer("regions", "Regions (Mali, Burkina Faso, Niger)", layers.regions),
    Layer("rivers", "Rivers", layers.rivers),
    Layer("liptako", "Liptako-Gourma", layers.liptako, frames.liptako),
    Layer("labels", "Country labels", layers.labels),
    Layer("forces", "Foreign force sites", layers.forces, frames.forces),
    Layer("mentions", "Places in the articles", layers.mentions, frames.mentions),
    Layer("events", "Events in the articles", layers.events, frames.events, default=False),
    Layer("country_mentions", "Countries in the articles", layers.country_mentions),
)
_BY_KEY = {spec.key: spec for spec in LAYERS}


def layer(key: str) -> Layer:
    """The layer named ``key`` (KeyError names the known keys)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown layer {key!r}; known: {', '.join(_BY_KEY)}") from None


def keys() -> tuple[str, ...]:
    """The layers a user may switch, in drawing order."""
    return tuple(spec.key for spec in LAYERS if spec.optional)


def default_keys() -> frozenset[str]:
    """The switchable layers on by default."""
    return frozenset(spec.key for spec in LAYERS if spec.optional and spec.default)


def shown(options: MapOptions) -> tuple[Layer, ...]:
    """The layers a map built with ``options`` draws, in drawing order."""
    return tuple(spec for spec in LAYERS if not spec.optional or options.shows(spec.key))
