"""One gazetteer entry as the recipe builds it, with every name it can be found by."""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.geoparse.gazetteer import normalise_name


@dataclass
class GazetteerEntry:
    id: str
    name: str
    feature: str
    lat: float
    lon: float
    iso3: str = ""
    admin1: str = ""
    population: int = 0
    source: str = ""
    names: set[tuple[str, str]] = field(default_factory=set)  # (key, kind)

    def add_name(self, text: str | None, kind: str) -> None:
        if not text:
            return
        key = normalise_name(text)
        if key:
            self.names.add((key, kind))
