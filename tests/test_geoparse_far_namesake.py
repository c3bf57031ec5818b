"""A small place whose only namesakes lie on another continent, in a text about Mali, Burkina Faso or Niger, is
reported unresolved with its far namesakes as candidates (geo.geoparse.resolution.far_namesake): GeoNames lacks
many Sahel villages, and a dot in California for an attack near Djibo would mislead a briefing.
Our own sentences; none comes from a benchmark."""

from __future__ import annotations

import dataclasses

import pytest

from geo.geoparse import resolution
from geo.geoparse.parser import parse


def salinas(text: str) -> list:  # type: ignore[type-arg]
    return [m for m in parse(text) if m.surface == "Salinas"]


@pytest.mark.parametrize("text", [
    "Des hommes armés ont attaqué le village de Salinas, près de Djibo, samedi.",
    "Gunmen attacked the village of Salinas near Djibo on Saturday.",
])
def test_a_far_namesake_next_to_sahel_places_is_doubted(text: str) -> None:
    [mention] = salinas(text)
    assert mention.kind == "place" and mention.entry is None  # listed, never dropped
    assert mention.candidates and mention.candidates[0].iso3 == "USA"  # the namesake stays visible
    assert "far away" in mention.reasons[-1] and "Djibo" in mention.reasons[-1]
    djibo = [m for m in parse(text) if m.surface == "Djibo"]
    assert djibo[0].entry is not None and djibo[0].entry.iso3 == "BFA"


def test_a_namesake_in_a_country_the_text_names_is_kept() -> None:
    [mention] = salinas("Salinas, California, and Djibo, Burkina Faso, are far apart.")
    assert mention.entry is not None and mention.entry.iso3 == "USA"


def test_far_from_places_outside_the_sahel_is_not_doubted() -> None:
    """Elsewhere the gazetteer's coverage is good: a far namesake there is usually right."""
    [mention] = salinas("Farmers near Salinas sent lettuce to Tokyo and Osaka.")
    assert mention.entry is not None


def test_switching_the_rule_off_resolves_the_namesake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resolution, "WEIGHTS", dataclasses.replace(resolution.WEIGHTS, far_namesake_km=10**6))
    [mention] = salinas("Gunmen attacked the village of Salinas near Djibo on Saturday.")
    assert mention.entry is not None and mention.entry.iso3 == "USA"
