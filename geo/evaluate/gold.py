"""Gold data: the span and document classes, the toponym sets and the loaders of the benchmarks and seeds.

The corpora are read from outside the repository and never copied into it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.resources import GAZETTEER_DIR, REPO_ROOT, SHARED_DIR

DEFAULT_BENCHMARK_DIR = SHARED_DIR / "benchmarks" / "geoparsing"
DEFAULT_SEEDS_DIR = SHARED_DIR / "seeds"
DEFAULT_SEEDS_GOLD = REPO_ROOT / "tests" / "gold" / "seeds.json"

BENCHMARK_CORPORA = ("GeoWebNews", "LGL", "TR-News", "GeoVirus")
SEEDS_CORPUS = "Seeds"
# Our own hand-annotated gold passages (tests/gold/GEOPARSE_GOLD.md), French and English side by side.
FRENCH_GOLD, ENGLISH_GOLD = "French gold", "English gold"
GOLD_CORPORA = (FRENCH_GOLD, ENGLISH_GOLD)
DEFAULT_GEOPARSE_GOLD = {
    FRENCH_GOLD: REPO_ROOT / "tests" / "gold" / "geoparse_fr.jsonl",
    ENGLISH_GOLD: REPO_ROOT / "tests" / "gold" / "geoparse_en.jsonl",
}

GEOWEBNEWS_PLACE_TYPES = frozenset(
    {"Literal", "Literal_Modifier", "Mixed", "Coercion", "Embedded_Literal", "Metonymic", "Non_Literal_Modifier"}
)
GEOWEBNEWS_NEUTRAL_TYPES = frozenset({"Embedded_Non_Lit", "Demonym", "Language", "Homonym"})
GEOWEBNEWS_NOT_TOPONYM_TYPES = frozenset({"Non_Toponym", "Literal_Expression", "Non_Lit_Expression"})

SEED_PLACE, SEED_DEMONYM, SEED_ORGANISATION, SEED_NOT_PLACE = "place", "demonym", "organisation", "not_place"


@dataclass(frozen=True)
class GoldSpan:
    """One annotated span of a benchmark document (a toponym, or for typed corpora any typed span)."""

    start: int
    end: int
    surface: str
    lat: float | None
    lon: float | None
    type: str | None = None  # GeoWebNews type, or for the seeds: place / demonym / organisation / not_place
    geonameid: str | None = None
    name: str | None = None  # benchmarks: the referent's GeoNames name ("United Kingdom of Great Britain...")
    gazetteer_id: str | None = None  # seeds: the project's gazetteer id, where the annotator gave one
    countries: tuple[str, ...] = ()  # seeds: ISO3 code(s) of a place or demonym
    organisation: str | None = None  # seeds: organisation id
    note: str | None = None  # seeds: why a span is not a place

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class BenchmarkDoc:
    """One document of a corpus with its gold spans."""

    corpus: str
    doc_id: str
    text: str
    toponyms: tuple[GoldSpan, ...]


@dataclass(frozen=True)
class ToponymSet:
    """Which gold span types are toponyms, which are neutral and which predictions are scored.

    ``gold_types`` None means every gold span is a toponym (untyped corpora).  Spans whose type is in neither
    ``gold_types`` nor ``neutral_types`` but in ``negative_types`` are not toponyms: a prediction on one of them is
    a false positive.  ``prediction_kinds`` None means every mention the parser returns is a prediction.
    """

    name: str
    gold_types: frozenset[str] | None
    neutral_types: frozenset[str] = frozenset()
    negative_types: frozenset[str] = frozenset()
    prediction_kinds: frozenset[str] | None = None

    def role(self, span_type: str | None) -> str:
        """'gold', 'neutral' or 'negative' for a span type; unknown types are an error, never silently skipped."""
        if self.gold_types is None:
            return "gold"
        if span_type in self.gold_types:
            return "gold"
        if span_type in self.neutral_types:
            return "neutral"
        if span_type in self.negative_types:
            return "negative"
        raise ValueError(f"span type {span_type!r} is not known to the {self.name!r} toponym set")


TOPONYM_SETS: dict[str, ToponymSet] = {
    "standard": ToponymSet(
        "standard", GEOWEBNEWS_PLACE_TYPES | GEOWEBNEWS_NEUTRAL_TYPES, negative_types=GEOWEBNEWS_NOT_TOPONYM_TYPES
    ),
    "product": ToponymSet(
        "product", GEOWEBNEWS_PLACE_TYPES, GEOWEBNEWS_NEUTRAL_TYPES, GEOWEBNEWS_NOT_TOPONYM_TYPES
    ),
    "seeds": ToponymSet(
        "seeds", frozenset({SEED_PLACE}), frozenset({SEED_DEMONYM, SEED_ORGANISATION}), frozenset({SEED_NOT_PLACE}),
        prediction_kinds=frozenset({"place"}),
    ),
}
ALL_TOPONYMS = ToponymSet("all", None)


def _float_or_none(value: object) -> float | None:
    return None if value is None or value == "" else float(value)  # type: ignore[arg-type]


def _str_or_none(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _check_span(text: str, span: GoldSpan, where: str) -> None:
    if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != span.surface:
        raise ValueError(f"{where}: text[{span.start}:{span.end}] != {span.surface!r}")


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each non-blank line of a gold or benchmark JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if line.strip():
                yield line_no, json.loads(line)


def load_benchmark(path: Path) -> list[BenchmarkDoc]:
    """Read one corpus in the shared JSON-lines form, checking ``text[start:end] == surface`` for every span."""
    docs: list[BenchmarkDoc] = []
    for line_no, record in _jsonl_records(path):
        text = record["text"]
        corpus = str(record.get("corpus") or path.stem)
        doc_id = str(record["doc_id"])
        spans = []
        for item in record["toponyms"]:
            span = GoldSpan(
                start=int(item["start"]), end=int(item["end"]), surface=item["surface"],
                lat=_float_or_none(item.get("lat")), lon=_float_or_none(item.get("lon")),
                type=_str_or_none(item.get("type")), geonameid=_str_or_none(item.get("geonameid")),
                name=_str_or_none(item.get("name")),
            )
            _check_span(text, span, f"{path.name} line {line_no} doc {doc_id}")
            spans.append(span)
        docs.append(BenchmarkDoc(corpus, doc_id, text, tuple(spans)))
    return docs


def _split_codes(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).replace(",", ";").split(";")
    return tuple(sorted({str(item).strip().upper() for item in items if str(item).strip()}))


def _seed_span(text: str, item: dict[str, Any], span_type: str, where: str) -> GoldSpan:
    span = GoldSpan(
        start=int(item["start"]), end=int(item["end"]), surface=item["surface"],
        lat=_float_or_none(item.get("lat")), lon=_float_or_none(item.get("lon")), type=span_type,
        gazetteer_id=_str_or_none(item.get("gazetteer_id")), countries=_split_codes(item.get("iso3")),
        organisation=_str_or_none(item.get("organisation")), note=_str_or_none(item.get("reason") or item.get("note")),
    )
    _check_span(text, span, where)
    return span


def load_seeds(gold_path: Path, seeds_dir: Path = DEFAULT_SEEDS_DIR) -> list[BenchmarkDoc]:
    """Read the seed articles' gold annotation; span types are place / demonym / organisation / not_place.

    The article text is read byte-exact (no newline translation) and checked against the recorded sha256, so the
    offsets cannot silently drift when an article changes.
    """
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    docs: list[BenchmarkDoc] = []
    for article in gold["articles"]:
        name = article["file"]
        data = (seeds_dir / name).read_bytes()
        expected = str(article.get("sha256") or "").lower().removeprefix("sha256:")
        if expected and hashlib.sha256(data).hexdigest() != expected:
            raise ValueError(f"{gold_path}: sha256 of {seeds_dir / name} differs from the annotated version")
        text = data.decode("utf-8")
        spans: list[GoldSpan] = []
        for item in article.get("mentions", []):
            kind = item.get("kind")
            if kind not in (SEED_PLACE, SEED_DEMONYM, SEED_ORGANISATION):
                raise ValueError(f"{gold_path}: {name}: unknown mention kind {kind!r}")
            spans.append(_seed_span(text, item, kind, f"{gold_path.name}: {name}"))
        for item in article.get("not_places", []):
            spans.append(_seed_span(text, item, SEED_NOT_PLACE, f"{gold_path.name}: {name} (not_places)"))
        docs.append(BenchmarkDoc(SEEDS_CORPUS, name, text, tuple(spans)))
    return docs


@functools.lru_cache(maxsize=1)
def _entry_points() -> dict[str, tuple[float, float]]:
    """Gazetteer id -> (lat, lon), read from data/gazetteer/entries.csv (the gold names entries by id only)."""
    with (GAZETTEER_DIR / "entries.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}


def load_geoparse_gold(path: Path, corpus: str | None = None) -> list[BenchmarkDoc]:
    """Read our own gold passages (tests/gold/geoparse_<lang>.jsonl) as seed-typed documents.

    One passage per line: ``{"id", "lang", "text", "mentions": [{"start", "end", "surface", "kind", "entry",
    "countries", "organisation"?}], "not_places"?: [{"start", "end", "surface", "reason"}]}``.  A place's
    coordinates are those of its gazetteer entry; a place whose ``entry`` is null has none (the parser must still
    list it: it counts for recognition, not resolution).  Span types are those of the seeds (place / demonym /
    organisation / not_place), so the passages are scored with the "seeds" toponym set.
    """
    corpus = corpus or next((name for name, default in DEFAULT_GEOPARSE_GOLD.items() if default == path), path.stem)
    points = _entry_points()
    docs: list[BenchmarkDoc] = []
    for line_no, record in _jsonl_records(path):
        text, doc_id = record["text"], str(record["id"])
        where = f"{path.name} line {line_no} ({doc_id})"
        spans: list[GoldSpan] = []
        for item in record["mentions"]:
            kind = item.get("kind")
            if kind not in (SEED_PLACE, SEED_DEMONYM, SEED_ORGANISATION):
                raise ValueError(f"{where}: unknown mention kind {kind!r}")
            entry = _str_or_none(item.get("entry"))
            if entry is not None and entry not in points:
                raise ValueError(f"{where}: entry {entry!r} is not in data/gazetteer/entries.csv")
            lat, lon = points[entry] if entry is not None and kind == SEED_PLACE else (None, None)
            span = GoldSpan(
                start=int(item["start"]), end=int(item["end"]), surface=item["surface"], lat=lat, lon=lon,
                type=kind, gazetteer_id=entry, countries=_split_codes(item.get("countries")),
                organisation=_str_or_none(item.get("organisation")), note=_str_or_none(item.get("note")),
            )
            _check_span(text, span, where)
            spans.append(span)
        for item in record.get("not_places", []):
            span = GoldSpan(start=int(item["start"]), end=int(item["end"]), surface=item["surface"], lat=None,
                            lon=None, type=SEED_NOT_PLACE, note=_str_or_none(item.get("reason")))
            _check_span(text, span, f"{where} (not_places)")
            spans.append(span)
        docs.append(BenchmarkDoc(corpus, doc_id, text, tuple(spans)))
    return docs


HALVES = ("dev", "test")


def half_of(corpus: str, doc_id: str) -> str:
    """"dev" or "test": a fixed split of every benchmark by a hash of the corpus name and document id.

    Tune on dev (look at its errors); report test.  The hash, not the order of the file, decides, so a
    document keeps its half whatever is added or removed around it.

    >>> half_of("LGL", "42"), half_of("LGL", "42") == half_of("LGL", "42")
    ('dev', True)
    """
    digest = hashlib.sha256(f"{corpus}\x00{doc_id}".encode("utf-8")).digest()
    return HALVES[digest[0] & 1]


def select_half(docs: Iterable[BenchmarkDoc], half: str | None) -> list[BenchmarkDoc]:
    """The documents of `half` ("dev" or "test"); all of them for None."""
    if half is not None and half not in HALVES:
        raise ValueError(f"unknown half {half!r}; choose dev or test")
    return [doc for doc in docs if half is None or half_of(doc.corpus, doc.doc_id) == half]


def select_corpora(names: Iterable[str] | None) -> list[str]:
    """The named corpora in canonical order (all for None); raises ValueError on an unknown name."""
    everything = (*BENCHMARK_CORPORA, SEEDS_CORPUS, *GOLD_CORPORA)
    known = {name.casefold(): name for name in everything}
    known.update({"french": FRENCH_GOLD, "english": ENGLISH_GOLD, "fr": FRENCH_GOLD, "en": ENGLISH_GOLD})
    if names is None:
        return list(everything)
    chosen = []
    for name in names:
        if name.casefold() not in known:
            raise ValueError(f"unknown corpus {name!r}; known: {', '.join(everything)}")
        chosen.append(known[name.casefold()])
    return [name for name in everything if name in chosen]
