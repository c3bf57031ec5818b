"""Place entries and their names, with fast lookup by normalised name.

Reads only data/gazetteer/ (built by ``python -m geo build-data`` plus hand-written facts):

>>> gaz = default_gazetteer()
>>> gaz.lookup("Tchad")[0].id
'ne:TCD'
>>> gaz.demonym("burkinabé")
['BFA']
"""

from __future__ import annotations

import csv
import functools
import gc
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.resources import GAZETTEER_DIR

__all__ = [
    "Entry", "Gazetteer", "Organisation", "default_gazetteer", "normalise_name", "FEATURE_RANK",
]

_APOSTROPHES = re.compile("[\u2019\u02bc\u2018`\u00b4\u02b9\u2032]")
_DASHES = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def normalise_name(text: str) -> str:
    """The lookup key of a name: case-, accent- and punctuation-variant-insensitive.

    NFKD-decompose and drop combining marks (é -> e), casefold (ß -> ss), turn typographic apostrophes
    (’ ʼ ‘ ` ´) into ', hyphens and dashes into spaces, collapse whitespace and strip.

    >>> normalise_name("  N’Djaména ")
    "n'djamena"
    >>> normalise_name("Gourma-Rharous") == normalise_name("GOURMA RHAROUS")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    stripped = _DASHES.sub(" ", _APOSTROPHES.sub("'", stripped))
    return " ".join(stripped.split())


# Importance order for lookup(): lower comes first; ties broken by population (descending), then id.
FEATURE_RANK: dict[str, int] = {
    "continent": 0, "country": 0, "capital": 1, "region": 2, "province": 2,
    "area": 3, "river": 3, "lake": 3, "sea": 3,
    "city": 4, "town": 4, "village": 4,
    "base": 5, "airport": 5, "landmark": 5,
}
_OTHER_RANK = 6

_ENTRY_COLUMNS = ["id", "name", "feature", "lat", "lon", "iso3", "admin1", "population", "source"]
_NAME_COLUMNS = ["key", "id", "kind"]
_DEMONYM_COLUMNS = ["word", "lang", "iso3", "organisation", "source"]
_ORGANISATION_COLUMNS = ["id", "name", "aliases", "kind", "members", "members_note", "hq_entry", "source"]


@dataclass(frozen=True)
class Entry:
    """One place. ``id`` is prefixed by its origin: gn: GeoNames, ne: Natural Earth, adm1: region, fact: written."""

    id: str
    name: str
    feature: str
    lat: float
    lon: float
    iso3: str
    admin1: str
    population: int
    source: str

    def __hash__(self) -> int:
        # Ids are unique, and equal entries have equal ids: hashing the (cached) id string alone keeps the
        # caches keyed by entries (weights.prior) cheap.
        return hash(self.id)


@dataclass(frozen=True)
class Organisation:
    """An organisation, mission, operation or armed group named in reporting (data/gazetteer/organisations.csv)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    members: tuple[str, ...]
    members_note: str
    hq_entry: str
    source: str


_Row = tuple[str, str, str, str, str, str, str, str, str]


def _read_rows(path: Path, columns: list[str]) -> list[list[str]]:
    if not path.exists():
        raise FileNotFoundError(f"gazetteer file missing: {path} (run `python -m geo build-data`)")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != columns:
            raise ValueError(f"{path}: header {header}, expected {columns}")
        rows = list(reader)
    width = len(columns)
    if any(len(row) != width for row in rows):
        number = next(n for n, row in enumerate(rows, start=2) if len(row) != width)
        raise ValueError(f"{path}:{number}: {len(rows[number - 2])} fields, expected {width}")
    return rows


class Gazetteer:
    """Entries by id and entry ids by normalised name; demonyms and organisations."""

    def __init__(
        self,
        rows: dict[str, _Row],
        names: dict[str, tuple[str, ...]],
        demonyms: dict[str, tuple[tuple[str, ...], str]],
        organisations: list[Organisation],
        directory: Path,
    ) -> None:
        self._rows = rows
        self._names = names
        self._demonyms = demonyms
        self._organisations = {o.id: o for o in organisations}
        self._organisation_keys: dict[str, str] = {}
        for organisation in organisations:
            for label in (organisation.id, organisation.name, *organisation.aliases):
                self._organisation_keys.setdefault(normalise_name(label), organisation.id)
        self._demonym_words: tuple[tuple[str, str], ...] = ()
        self._entries: dict[str, Entry] = {}
        self._sorted: dict[str, tuple[str, ...]] = {}
        self._sorted_ids: dict[tuple[str, ...], tuple[Entry, ...]] = {}
        self.directory = directory

    @classmethod
    def load(cls, directory: Path = GAZETTEER_DIR) -> Gazetteer:
        """Read entries.csv, names.csv, demonyms.csv and organisations.csv from ``directory``."""
        # ~100k small objects are created at once: pausing the cyclic GC roughly halves the load time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return cls._load(Path(directory))
        finally:
            if enabled:
                gc.enable()

    @classmethod
    def _load(cls, directory: Path) -> Gazetteer:
        entry_rows = _read_rows(directory / "entries.csv", _ENTRY_COLUMNS)
        rows: dict[str, _Row] = {}
        for row in entry_rows:
            if row[0] in rows:
                raise ValueError(f"{directory / 'entries.csv'}: duplicate id {row[0]}")
            rows[row[0]] = tuple(row)  # type: ignore[assignment]
        names: dict[str, list[str]] = {}
        names_path = directory / "names.csv"
        for key, entry_id, _kind in _read_rows(names_path, _NAME_COLUMNS):
            bucket = names.get(key)
            if bucket is None:
                names[key] = [entry_id]
            else:
                bucket.append(entry_id)
        unknown = next((i for ids in names.values() for i in ids if i not in rows), None)
        if unknown is not None:
            raise ValueError(f"{names_path}: id {unknown} is not in entries.csv")
        demonyms: dict[str, tuple[tuple[str, ...], str]] = {}
        demonym_words: list[tuple[str, str]] = []
        demonym_rows = _read_rows(directory / "demonyms.csv", _DEMONYM_COLUMNS)
        if (directory / "demonyms_world.csv").exists():  # derived; the written file comes first
            demonym_rows += _read_rows(directory / "demonyms_world.csv", _DEMONYM_COLUMNS)
        for word, lang, iso3, organisation, _source in demonym_rows:
            demonym_words.append((word, lang))
            key = normalise_name(word)
            codes, org = demonyms.get(key, ((), ""))
            new_codes = tuple(dict.fromkeys((*codes, *(c for c in iso3.split(";") if c))))
            demonyms[key] = (new_codes, org or organisation)
        organisations = [
            Organisation(
                id=r[0], name=r[1], aliases=tuple(a for a in r[2].split("|") if a), kind=r[3],
                members=tuple(m for m in r[4].split(";") if m), members_note=r[5], hq_entry=r[6], source=r[7],
            )
            for r in _read_rows(directory / "organisations.csv", _ORGANISATION_COLUMNS)
        ]
        gazetteer = cls(rows, {k: tuple(v) for k, v in names.items()}, demonyms, organisations, directory)
        gazetteer._demonym_words = tuple(demonym_words)
        return gazetteer

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._rows

    def get(self, entry_id: str) -> Entry:
        """The entry with this id; KeyError if there is none."""
        entry = self._entries.get(entry_id)
        if entry is None:
            row = self._rows.get(entry_id)
            if row is None:
                raise KeyError(entry_id)
            entry = Entry(
                id=row[0], name=row[1], feature=row[2], lat=float(row[3]), lon=float(row[4]), iso3=row[5],
                admin1=row[6], population=int(row[7] or 0), source=row[8],
            )
            self._entries[entry_id] = entry
        return entry

    def feature_and_country(self, entry_id: str) -> tuple[str, str]:
        """(feature, ISO3) of an entry without building it (for indexes over every name)."""
        row = self._rows[entry_id]
        return row[2], row[5]

    def lookup(self, name: str) -> list[Entry]:
        """Every entry called ``name`` (after normalise_name), best first (see FEATURE_RANK)."""
        key = normalise_name(name)
        ordered = self._sorted.get(key)
        if ordered is None:
            ids = self._names.get(key)
            if not ids:
                return []
            ordered = tuple(sorted(ids, key=self._rank))
            self._sorted[key] = ordered
        return [self.get(i) for i in ordered]

    def lookup_ids(self, entry_ids: tuple[str, ...]) -> list[Entry]:
        """These entries, best first (the order of lookup())."""
        entries = self._sorted_ids.get(entry_ids)
        if entries is None:  # the same names come back in every article: sort and build them once
            entries = tuple(self.get(i) for i in sorted(set(entry_ids), key=self._rank))
            self._sorted_ids[entry_ids] = entries
        return list(entries)

    def _rank(self, entry_id: str) -> tuple[int, int, str]:
        row = self._rows[entry_id]
        return FEATURE_RANK.get(row[2], _OTHER_RANK), -int(row[7] or 0), entry_id

    def names(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(normalised name, entry ids) pairs, for building a matcher."""
        return iter(self._names.items())

    def countries(self) -> list[Entry]:
        """Every country entry (Natural Earth admin-0), sorted by ISO3."""
        return sorted((self.get(i) for i, r in self._rows.items() if r[2] == "country"), key=lambda e: e.iso3)

    def demonym(self, word: str) -> list[str]:
        """ISO3 codes a demonym or adjective refers to ("Malian" -> ["MLI"]); [] if unknown or not a country."""
        found = self._demonyms.get(normalise_name(word))
        return list(found[0]) if found else []

    def demonym_words(self) -> tuple[tuple[str, str], ...]:
        """Every demonym as written in demonyms.csv, with its language ('en' or 'fr')."""
        return self._demonym_words

    def demonym_organisation(self, word: str) -> str | None:
        """Organisation id a demonym refers to instead of a country ("European" -> "EU")."""
        found = self._demonyms.get(normalise_name(word))
        return found[1] or None if found else None

    def organisation(self, name: str) -> Organisation | None:
        """The organisation with this id, name or alias (normalised), or None."""
        organisation_id = self._organisation_keys.get(normalise_name(name))
        return self._organisations[organisation_id] if organisation_id else None

    def organisations(self) -> list[Organisation]:
        return [self._organisations[k] for k in sorted(self._organisations)]


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The committed gazetteer, loaded once per process."""
    return Gazetteer.load(GAZETTEER_DIR)
