"""Spelling variants of Sahel place names: one key for the ways a name is transliterated.

Reporting writes the same village several ways: doubled or single letters (Diallassagou, Dialassagou), with
or without a hyphen (In-Tahaka, Intahaka), "dj" or "j" (Kandadji, Kandaji), "ou" or "u" (Ouatagouna,
Watagouna is beyond this), "y" or "i".  The key folds exactly those differences; it is used only for a
name the text introduces as a place ("près de X", "the village of X") and the gazetteer lacks as written,
and only among places of the product's own countries, so "Bani" never becomes a namesake on another continent.

>>> spelling_key("Diallassagou") == spelling_key("Dialassagou")
True
>>> spelling_key("In-Tahaka") == spelling_key("Intahaka"), spelling_key("Kandaji") == spelling_key("Kandadji")
(True, True)
>>> spelling_key("Gao") == spelling_key("Goa")
False
"""

from __future__ import annotations

import re

from geo.geoparse.gazetteer import Entry, Gazetteer
from geo.geoparse.weights import SAHEL_FOCUS
from geo.text.spans import match_key

__all__ = ["SpellingIndex", "spelling_key"]

_SEPARATORS = re.compile(r"[\s'’-]+")
_DOUBLED = re.compile(r"(.)\1+")
MIN_KEY_LETTERS = 5  # shorter names have too many look-alikes to trust a variant
# Places a variant may point to: settlements and the small named places of security reporting.
_FEATURES = frozenset({"city", "town", "village", "commune", "camp", "mine", "well", "base", "border_post",
                       "forest", "landmark", "airport"})


def spelling_key(name: str) -> str:
    """The name with case, accents, separators, doubled letters and the usual transliteration pairs folded."""
    key = _SEPARATORS.sub("", match_key(name))
    key = key.replace("dj", "j").replace("ou", "u").replace("y", "i")
    return _DOUBLED.sub(r"\1", key)


class SpellingIndex:
    """``lookup(name)``: the one place of the product's countries whose name has ``name``'s spelling key, or
    None (no such place, or several different ones: a variant must not choose between namesakes)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._ids: dict[str, set[str]] | None = None  # built at the first lookup (most texts never need it)

    def _build(self) -> dict[str, set[str]]:
        gazetteer, found = self._gazetteer, {}
        for name, entry_ids in gazetteer.names():
            wanted = [entry_id for entry_id in entry_ids
                      if (brief := gazetteer.feature_and_country(entry_id))[1] in SAHEL_FOCUS and brief[0] in _FEATURES]
            key = spelling_key(name) if wanted else ""
            if len(key) >= MIN_KEY_LETTERS:
                found.setdefault(key, set()).update(wanted)
        return found

    def lookup(self, name: str) -> Entry | None:
        if self._ids is None:
            self._ids = self._build()  # two threads may both build it: the same index, no harm
        ids = self._ids.get(spelling_key(name), set())
        entries = [self._gazetteer.get(entry_id) for entry_id in sorted(ids)]
        # A commune and its main town share a name: one place for a reader, the town's point.
        towns = [entry for entry in entries if entry.feature != "commune"] or entries
        return towns[0] if len({(entry.name, entry.iso3) for entry in towns}) == 1 and len(towns) == 1 else None
