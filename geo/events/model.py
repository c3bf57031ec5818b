"""What the event coder returns: one Event per coded occurrence, with the sentence as its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventPlace:
    """A place of an event: one of the geoparser's mentions of the sentence (lat/lon None when unresolved)."""

    surface: str
    name: str | None
    lat: float | None
    lon: float | None
    gazetteer_id: str | None
    iso3: str | None
    start: int
    end: int

    def to_record(self) -> dict[str, object]:
        return {"surface": self.surface, "name": self.name, "lat": self.lat, "lon": self.lon,
                "gazetteer_id": self.gazetteer_id, "iso3": self.iso3}


@dataclass(frozen=True)
class Event:
    """One event. `start`/`end` are the sentence's offsets in the article's text."""

    article: str
    start: int
    end: int
    sentence: str
    type: str
    subtype: str
    places: tuple[EventPlace, ...] = ()
    place_rule: str = ""
    actors: tuple[str, ...] = ()
    date: str | None = None
    date_text: str | None = None
    fatalities: int | None = None
    fatalities_text: str | None = None
    triggers: tuple[str, ...] = ()
    confidence: float = 0.0
    sources: tuple[str, ...] = field(default=())
    rules: tuple[str, ...] = ()  # the named rules that shaped this event, for the curious analyst

    @property
    def place(self) -> EventPlace | None:
        return self.places[0] if self.places else None

    def to_record(self) -> dict[str, object]:
        """The flat record of the CLI's JSON lines (places as a list of objects)."""
        return {
            "article": self.article, "start": self.start, "end": self.end, "sentence": self.sentence,
            "type": self.type, "subtype": self.subtype,
            "places": [place.to_record() for place in self.places], "place_rule": self.place_rule,
            "actors": list(self.actors), "date": self.date, "date_text": self.date_text,
            "fatalities": self.fatalities, "fatalities_text": self.fatalities_text,
            "triggers": list(self.triggers), "confidence": round(self.confidence, 3),
            "sources": list(self.sources or (self.article,)), "rules": list(self.rules),
        }
