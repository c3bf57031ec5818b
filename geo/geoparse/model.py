"""What the geoparser returns: one Mention per place, demonym or organisation found in a text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MentionKind = Literal["place", "demonym", "organisation"]


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry a mention may refer to, with the resolver's score for it (0..1)."""

    entry_id: str
    name: str
    feature: str  # country, capital, city, town, village, region, river, base, airport, landmark, area...
    lat: float
    lon: float
    iso3: str
    score: float


@dataclass(frozen=True)
class Mention:
    """One mention: where it is in the text, what kind it is and what it resolves to.

    - place: `entry` is the chosen gazetteer entry, or None when nothing in the gazetteer fits (unresolved:
      still reported, never dropped);
    - demonym ("Malian", "burkinabè"): `entry` is the country's entry, `countries` its ISO3 code(s);
      a map shows it by country, not as a point;
    - organisation ("ECOWAS"): `entry` is None, `organisation` its id, `countries` its member states.
    """

    start: int  # character offsets into the original text, end exclusive: text[start:end] == surface
    end: int
    surface: str
    kind: MentionKind
    sentence: str
    sentence_start: int
    entry: Candidate | None
    confidence: float
    candidates: tuple[Candidate, ...] = ()  # runner-ups, best first (the chosen entry excluded)
    countries: tuple[str, ...] = ()
    organisation: str | None = None
    reasons: tuple[str, ...] = field(default=(), compare=False)  # evidence used, for the curious analyst

    @property
    def resolved(self) -> bool:
        return self.entry is not None or self.organisation is not None

    def to_record(self, article: str) -> dict[str, object]:
        """The flat record of the CLI's JSON lines / CSV (null fields where unresolved)."""
        entry = self.entry
        return {
            "article": article,
            "start": self.start,
            "end": self.end,
            "surface": self.surface,
            "kind": self.kind,
            "name": entry.name if entry else None,
            "feature": entry.feature if entry else ("organisation" if self.organisation else None),
            "lat": entry.lat if entry and self.kind == "place" else None,
            "lon": entry.lon if entry and self.kind == "place" else None,
            "iso3": entry.iso3 if entry and entry.iso3 else (";".join(self.countries) or None),
            "gazetteer_id": entry.entry_id if entry else (f"org:{self.organisation}" if self.organisation else None),
            "confidence": round(self.confidence, 3),
            "resolved": self.resolved,
            "countries": list(self.countries),
            "organisation": self.organisation,
            "sentence": self.sentence,
            "reasons": "; ".join(self.reasons),
            "runner_up": (f"{self.candidates[0].name} ({self.candidates[0].feature}, {self.candidates[0].iso3})"
                          if self.candidates else None),
            "candidates": [
                {"gazetteer_id": c.entry_id, "name": c.name, "feature": c.feature, "iso3": c.iso3,
                 "lat": c.lat, "lon": c.lon, "score": round(c.score, 3)}
                for c in self.candidates
            ],
        }
