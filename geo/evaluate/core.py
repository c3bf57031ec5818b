"""Score a geoparser on the public geoparsing benchmarks and on the gold annotation of the seed articles.

The rules are those of ``../shared/benchmarks/geoparsing/README.md``:

- recognition: a prediction matches a gold span when the surface strings are equal and their mid-points are
  less than 10 characters apart; matching is one-to-one, greedy by smallest mid-point distance;
- GeoWebNews has two toponym sets: the *standard* set (every type except Non_Toponym, Literal_Expression and
  Non_Lit_Expression) and the *product* set (places only; predictions on Embedded_Non_Lit, Demonym, Language and
  Homonym spans count neither for nor against); a prediction matching no gold span of the set is a false positive;
- resolution: over matched toponyms with gold coordinates, the great-circle error in km; acc@161 per corpus.

A matched prediction without coordinates is a resolution miss (infinite error): it counts in acc@161's
denominator and is reported separately; the median and mean are over the finite errors.

The corpora are read from outside the repository and never copied into it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from geo.geodesy import distance_km
from geo.geoparse.model import Mention
from geo.resources import REPO_ROOT

Parser = Callable[[str], list[Mention]]

DEFAULT_BENCHMARK_DIR = REPO_ROOT.parent / "shared" / "benchmarks" / "geoparsing"
DEFAULT_SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
DEFAULT_SEEDS_GOLD = REPO_ROOT / "tests" / "gold" / "seeds.json"

BENCHMARK_CORPORA = ("GeoWebNews", "LGL", "TR-News", "GeoVirus")
SEEDS_CORPUS = "Seeds"

MAX_MIDPOINT_DISTANCE = 10  # characters, exclusive ("less than 10 characters apart")
ACC_KM = 161.0  # acc@161: share of errors within 161 km (100 miles)
CONTEXT_CHARS = 60

GEOWEBNEWS_PLACE_TYPES = frozenset(
    {"Literal", "Literal_Modifier", "Mixed", "Coercion", "Embedded_Literal", "Metonymic", "Non_Literal_Modifier"}
)
GEOWEBNEWS_NEUTRAL_TYPES = frozenset({"Embedded_Non_Lit", "Demonym", "Language", "Homonym"})
GEOWEBNEWS_NOT_TOPONYM_TYPES = frozenset({"Non_Toponym", "Literal_Expression", "Non_Lit_Expression"})

SEED_PLACE, SEED_DEMONYM, SEED_ORGANISATION, SEED_NOT_PLACE = "place", "demonym", "organisation", "not_place"


# --------------------------------------------------------------------------------------------------- data model


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


@dataclass(frozen=True)
class ErrorRecord:
    """One scoring error, for tuning: written as a JSON line by ``--errors``."""

    corpus: str  # the score's label, e.g. "GeoWebNews (product)"
    doc_id: str
    error: str  # false_positive, false_negative, resolution_error (> 161 km), unresolved, ignored
    surface: str
    start: int
    end: int
    type: str | None  # gold span type (for a false positive: the type of the non-toponym span it hit, if any)
    kind: str | None  # the prediction's kind
    context: str
    gold_lat: float | None = None
    gold_lon: float | None = None
    pred_lat: float | None = None
    pred_lon: float | None = None
    pred_id: str | None = None
    km: float | None = None
    note: str | None = None


@dataclass
class TypeStat:
    """Per span type: how many spans, and how many of them a prediction landed on."""

    role: str
    total: int = 0
    hit: int = 0

    @property
    def share(self) -> float | None:
        return self.hit / self.total if self.total else None


@dataclass
class KindStat:
    """Seeds only: demonyms / organisations found with the right kind and country / organisation id."""

    gold: int = 0
    found: int = 0  # a prediction of the right kind on the span with the right country set / organisation
    right_kind_only: int = 0  # right kind and span, wrong country / organisation
    predicted: int = 0


@dataclass
class CorpusScore:
    """Recognition and resolution scores of one corpus under one toponym set."""

    corpus: str
    toponym_set: str | None
    docs: int = 0
    gold: int = 0
    predicted: int = 0  # predictions that count (TP + FP); ignored ones excluded
    ignored: int = 0  # predictions on neutral spans, removed from both sides
    tp: int = 0
    resolved_n: int = 0  # matched toponyms with gold coordinates (acc@161's denominator)
    within_161: int = 0
    no_coords: int = 0  # of resolved_n: matched predictions without coordinates (infinite error)
    # of the misses beyond 161 km with coordinates: the predicted entry's feature (country, city, area...)
    far_by_feature: Counter[str] = field(default_factory=Counter)
    errors_km: list[float] = field(default_factory=list)  # finite errors only
    seconds: float = 0.0
    types: dict[str, TypeStat] = field(default_factory=dict)
    exact_id_total: int = 0  # seeds: gold places with a gazetteer id
    exact_id_hits: int = 0  # seeds: of those, matched by a prediction resolved to that very id
    demonyms: KindStat | None = None
    organisations: KindStat | None = None
    errors: list[ErrorRecord] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.corpus == "GeoWebNews" and self.toponym_set:
            return f"GeoWebNews ({self.toponym_set})"
        if self.corpus == SEEDS_CORPUS:
            return "Seeds (gold)"
        return self.corpus

    @property
    def fp(self) -> int:
        return self.predicted - self.tp

    @property
    def fn(self) -> int:
        return self.gold - self.tp

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    @property
    def acc161(self) -> float | None:
        return self.within_161 / self.resolved_n if self.resolved_n else None

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.errors_km) if self.errors_km else None

    @property
    def mean_km(self) -> float | None:
        return statistics.fmean(self.errors_km) if self.errors_km else None

    @property
    def docs_per_s(self) -> float | None:
        return self.docs / self.seconds if self.seconds > 0 else None


@dataclass(frozen=True)
class ParsedCorpus:
    """The parser's output for every document of a corpus, and the wall time it took."""

    docs: tuple[BenchmarkDoc, ...]
    predictions: tuple[tuple[Mention, ...], ...]
    seconds: float


# ------------------------------------------------------------------------------------------------------ loading


def _float_or_none(value: object) -> float | None:
    return None if value is None or value == "" else float(value)  # type: ignore[arg-type]


def _str_or_none(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _check_span(text: str, span: GoldSpan, where: str) -> None:
    if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != span.surface:
        raise ValueError(f"{where}: text[{span.start}:{span.end}] != {span.surface!r}")


def load_benchmark(path: Path) -> list[BenchmarkDoc]:
    """Read one corpus in the shared JSON-lines form, checking ``text[start:end] == surface`` for every span."""
    docs: list[BenchmarkDoc] = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            text = record["text"]
            corpus = str(record.get("corpus") or path.stem)
            doc_id = str(record["doc_id"])
            spans = []
            for item in record["toponyms"]:
                span = GoldSpan(
                    start=int(item["start"]), end=int(item["end"]), surface=item["surface"],
                    lat=_float_or_none(item.get("lat")), lon=_float_or_none(item.get("lon")),
                    type=_str_or_none(item.get("type")), geonameid=_str_or_none(item.get("geonameid")),
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


# ----------------------------------------------------------------------------------------------------- matching


Span = tuple[int, int, str]  # start, end, surface


def spans_match(gold: Span, pred: Span) -> bool:
    """The README's rule: equal surface strings and mid-points less than 10 characters apart.

    >>> spans_match((0, 4, "Mali"), (9, 13, "Mali")), spans_match((0, 4, "Mali"), (10, 14, "Mali"))
    (True, False)
    """
    return gold[2] == pred[2] and abs((gold[0] + gold[1]) - (pred[0] + pred[1])) < 2 * MAX_MIDPOINT_DISTANCE


def match_spans(gold: Sequence[Span], preds: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one matching (gold index, prediction index), greedy by smallest mid-point distance.

    >>> match_spans([(0, 4, "Mali"), (6, 10, "Mali")], [(5, 9, "Mali"), (1, 5, "Mali"), (0, 5, "Niger")])
    [(0, 1), (1, 0)]
    """
    by_surface: dict[str, list[int]] = {}
    for pi, pred in enumerate(preds):
        by_surface.setdefault(pred[2], []).append(pi)
    pairs = sorted(
        (abs((g[0] + g[1]) - (preds[pi][0] + preds[pi][1])), gi, pi)
        for gi, g in enumerate(gold)
        for pi in by_surface.get(g[2], ())
        if spans_match(g, preds[pi])
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            matches.append((gi, pi))
    return sorted(matches)


# ------------------------------------------------------------------------------------------------------ scoring


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS):start]
    right = text[end:end + CONTEXT_CHARS]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def _mention_coords(mention: Mention) -> tuple[float, float] | None:
    return (mention.entry.lat, mention.entry.lon) if mention.entry is not None else None


def _error(score: CorpusScore, doc: BenchmarkDoc, kind: str, span: Span, span_type: str | None,
           mention: Mention | None = None, gold: GoldSpan | None = None, km: float | None = None) -> ErrorRecord:
    coords = _mention_coords(mention) if mention is not None else None
    return ErrorRecord(
        corpus=score.label, doc_id=doc.doc_id, error=kind, surface=span[2], start=span[0], end=span[1],
        type=span_type, kind=mention.kind if mention is not None else None,
        context=_context(doc.text, span[0], span[1]),
        gold_lat=gold.lat if gold else None, gold_lon=gold.lon if gold else None,
        pred_lat=coords[0] if coords else None, pred_lon=coords[1] if coords else None,
        pred_id=mention.entry.entry_id if mention is not None and mention.entry is not None else None,
        km=None if km is None or math.isinf(km) else round(km, 1),
        note=gold.note if gold else None,
    )


def _check_mention(doc: BenchmarkDoc, mention: Mention) -> None:
    if doc.text[mention.start:mention.end] != mention.surface:
        raise ValueError(
            f"parser output for {doc.corpus}/{doc.doc_id}: text[{mention.start}:{mention.end}] != {mention.surface!r}"
        )


def _score_resolution(score: CorpusScore, doc: BenchmarkDoc, gold: GoldSpan, mention: Mention) -> None:
    """One matched toponym: great-circle error, or a miss when the prediction has no coordinates."""
    if not gold.has_coordinates:
        return
    assert gold.lat is not None and gold.lon is not None
    score.resolved_n += 1
    coords = _mention_coords(mention)
    span = (gold.start, gold.end, gold.surface)
    if coords is None:
        score.no_coords += 1
        score.errors.append(_error(score, doc, "unresolved", span, gold.type, mention, gold, math.inf))
        return
    km = distance_km(gold.lat, gold.lon, coords[0], coords[1])
    if gold.gazetteer_id is not None and mention.entry is not None and mention.entry.entry_id == gold.gazetteer_id:
        km = 0.0  # seeds: the annotator named this very entry; its point is right by definition
    score.errors_km.append(km)
    if km <= ACC_KM:
        score.within_161 += 1
    else:
        score.far_by_feature[mention.entry.feature if mention.entry else "none"] += 1
        score.errors.append(_error(score, doc, "resolution_error", span, gold.type, mention, gold, km))


def _score_kinds(score: CorpusScore, doc: BenchmarkDoc, mentions: Sequence[Mention]) -> None:
    """Seeds: demonyms and organisations found with the right kind and country set / organisation id."""
    for kind, attr in ((SEED_DEMONYM, "demonyms"), (SEED_ORGANISATION, "organisations")):
        stat = getattr(score, attr)
        if stat is None:
            stat = KindStat()
            setattr(score, attr, stat)
        gold = [g for g in doc.toponyms if g.type == kind]
        preds = [m for m in mentions if m.kind == kind]
        stat.gold += len(gold)
        stat.predicted += len(preds)
        matched_preds: set[int] = set()
        for gi, pi in match_spans([(g.start, g.end, g.surface) for g in gold],
                                  [(m.start, m.end, m.surface) for m in preds]):
            matched_preds.add(pi)
            if _kind_value_matches(gold[gi], preds[pi]):
                stat.found += 1
            else:
                stat.right_kind_only += 1
                score.errors.append(_error(score, doc, f"wrong_{'country' if kind == SEED_DEMONYM else 'id'}",
                                           (gold[gi].start, gold[gi].end, gold[gi].surface), kind, preds[pi],
                                           gold[gi]))
        for pi, mention in enumerate(preds):
            if pi not in matched_preds:
                score.errors.append(_error(score, doc, f"false_positive_{kind}",
                                           (mention.start, mention.end, mention.surface), None, mention))


def _normalise_org(value: str | None) -> str | None:
    return value.strip().removeprefix("org:").casefold() if value else None


def _kind_value_matches(gold: GoldSpan, mention: Mention) -> bool:
    """A demonym's country set, or an organisation's id, agrees with the gold (kind alone when gold gives none)."""
    if gold.type == SEED_DEMONYM:
        if not gold.countries:
            return True
        predicted = set(mention.countries) or ({mention.entry.iso3} if mention.entry is not None else set())
        return {c.upper() for c in predicted} == set(gold.countries)
    org = _normalise_org(gold.organisation) or (
        _normalise_org(gold.gazetteer_id) if gold.gazetteer_id and gold.gazetteer_id.startswith("org:") else None
    )
    return org is None or _normalise_org(mention.organisation) == org


def _score_document(score: CorpusScore, tset: ToponymSet, doc: BenchmarkDoc, mentions: Sequence[Mention]) -> None:
    """Add one document to ``score``: gold matching first, then neutral spans, then non-toponym spans."""
    for mention in mentions:
        _check_mention(doc, mention)
    preds = [m for m in mentions if tset.prediction_kinds is None or m.kind in tset.prediction_kinds]
    roles: dict[str, list[GoldSpan]] = {"gold": [], "neutral": [], "negative": []}
    for span in doc.toponyms:
        roles[tset.role(span.type)].append(span)
        if span.type is not None:
            score.types.setdefault(span.type, TypeStat(tset.role(span.type))).total += 1
    gold = roles["gold"]
    score.docs += 1
    score.gold += len(gold)

    remaining = list(range(len(preds)))
    outcome: dict[int, tuple[str, GoldSpan | None]] = {}  # prediction index -> (role, span it landed on)
    for role in ("gold", "neutral", "negative"):
        spans = roles[role]
        pairs = match_spans([(g.start, g.end, g.surface) for g in spans],
                            [(preds[pi].start, preds[pi].end, preds[pi].surface) for pi in remaining])
        for gi, local in pairs:
            outcome[remaining[local]] = (role, spans[gi])
            if spans[gi].type is not None:
                score.types[spans[gi].type].hit += 1
        taken = {remaining[local] for _, local in pairs}
        remaining = [pi for pi in remaining if pi not in taken]
        if role == "gold":
            matched_gold = {gi for gi, _ in pairs}
            for gi, g in enumerate(spans):
                if gi not in matched_gold:
                    score.errors.append(_error(score, doc, "false_negative", (g.start, g.end, g.surface), g.type,
                                               gold=g))

    for pi, mention in enumerate(preds):
        role, span = outcome.get(pi, ("none", None))
        pspan = (mention.start, mention.end, mention.surface)
        if role == "gold" and span is not None:
            score.tp += 1
            score.predicted += 1
            _score_resolution(score, doc, span, mention)
            if span.gazetteer_id and tset.name == "seeds":
                score.exact_id_hits += int(mention.entry is not None and mention.entry.entry_id == span.gazetteer_id)
        elif role == "neutral" and span is not None:
            score.ignored += 1
            score.errors.append(_error(score, doc, "ignored", pspan, span.type, mention, span))
        else:
            score.predicted += 1
            score.errors.append(_error(score, doc, "false_positive", pspan, span.type if span else None, mention,
                                       span))
    if tset.name == "seeds":
        score.exact_id_total += sum(1 for g in gold if g.gazetteer_id)
        _score_kinds(score, doc, mentions)


def run_parser(docs: Sequence[BenchmarkDoc], parser: Parser) -> ParsedCorpus:
    """Parse every document once, timing the parser alone (wall clock)."""
    outputs: list[tuple[Mention, ...]] = []
    seconds = 0.0
    for doc in docs:
        began = time.perf_counter()
        try:
            mentions = parser(doc.text)
        except Exception as exc:
            raise RuntimeError(f"parser failed on {doc.corpus}/{doc.doc_id}: {exc}") from exc
        seconds += time.perf_counter() - began
        outputs.append(tuple(mentions))
    return ParsedCorpus(tuple(docs), tuple(outputs), seconds)


def resolve_set(toponym_set: str | ToponymSet | None) -> ToponymSet:
    """A set by name ('standard', 'product', 'seeds'), or every gold span for None."""
    if toponym_set is None:
        return ALL_TOPONYMS
    if isinstance(toponym_set, ToponymSet):
        return toponym_set
    try:
        return TOPONYM_SETS[toponym_set]
    except KeyError:
        raise ValueError(f"unknown toponym set {toponym_set!r}; known: {', '.join(TOPONYM_SETS)}") from None


def score_parsed(parsed: ParsedCorpus, toponym_set: str | ToponymSet | None) -> CorpusScore:
    """Score already parsed documents under one toponym set."""
    tset = resolve_set(toponym_set)
    corpus = parsed.docs[0].corpus if parsed.docs else ""
    score = CorpusScore(corpus=corpus, toponym_set=None if tset is ALL_TOPONYMS else tset.name,
                        seconds=parsed.seconds)
    for doc, mentions in zip(parsed.docs, parsed.predictions, strict=True):
        _score_document(score, tset, doc, mentions)
    return score


def score_corpus(docs: Sequence[BenchmarkDoc], parser: Parser, toponym_set: str | None) -> CorpusScore:
    """Run ``parser`` over ``docs`` and score it (``toponym_set``: 'standard', 'product', 'seeds' or None)."""
    resolve_set(toponym_set)  # fail before parsing on a wrong name
    return score_parsed(run_parser(docs, parser), toponym_set)


def _select(names: Iterable[str] | None) -> list[str]:
    known = {name.casefold(): name for name in (*BENCHMARK_CORPORA, SEEDS_CORPUS)}
    if names is None:
        return [*BENCHMARK_CORPORA, SEEDS_CORPUS]
    chosen = []
    for name in names:
        if name.casefold() not in known:
            raise ValueError(f"unknown corpus {name!r}; known: {', '.join(known.values())}")
        chosen.append(known[name.casefold()])
    return [name for name in (*BENCHMARK_CORPORA, SEEDS_CORPUS) if name in chosen]


def evaluate_all(parser: Parser, benchmark_dir: Path, seeds_gold: Path | None, *,
                 corpora: Iterable[str] | None = None, limit: int | None = None,
                 seeds_dir: Path = DEFAULT_SEEDS_DIR) -> list[CorpusScore]:
    """Score ``parser`` on every benchmark (GeoWebNews twice: standard and product set) and on the seeds.

    Each corpus is parsed once.  ``seeds_gold`` None skips the seeds; ``limit`` keeps the first N documents of
    each corpus.  Raises FileNotFoundError when a requested file or the benchmark directory is missing.
    """
    selected = _select(corpora)
    scores: list[CorpusScore] = []
    benchmarks = [name for name in selected if name != SEEDS_CORPUS]
    if benchmarks and not benchmark_dir.is_dir():
        raise FileNotFoundError(f"benchmark directory not found: {benchmark_dir}")
    for name in benchmarks:
        path = benchmark_dir / f"{name}.jsonl"
        if not path.is_file():
            raise FileNotFoundError(f"benchmark file not found: {path}")
        docs = load_benchmark(path)[:limit]
        parsed = run_parser(docs, parser)
        sets: list[str | None] = ["standard", "product"] if name == "GeoWebNews" else [None]
        scores.extend(score_parsed(parsed, tset) for tset in sets)
    if seeds_gold is not None and SEEDS_CORPUS in selected:
        if not seeds_gold.is_file():
            raise FileNotFoundError(f"seeds gold annotation not found: {seeds_gold}")
        docs = load_seeds(seeds_gold, seeds_dir)[:limit]
        scores.append(score_parsed(run_parser(docs, parser), "seeds"))
    return scores


# ----------------------------------------------------------------------------------------------------- reporting


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def format_table(scores: Sequence[CorpusScore]) -> str:
    """A Markdown table, one row per corpus and toponym set."""
    header = ("| corpus | docs | gold | pred | TP | P | R | F1 | resolved | acc@161 | median km | mean km "
              "| no coords | parse s | docs/s |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for s in scores:
        lines.append(
            f"| {s.label} | {s.docs} | {s.gold} | {s.predicted} | {s.tp} | {_fmt(s.precision)} | {_fmt(s.recall)} "
            f"| {_fmt(s.f1)} | {s.resolved_n} | {_fmt(s.acc161)} | {_fmt(s.median_km, 1)} | {_fmt(s.mean_km, 1)} "
            f"| {s.no_coords} | {s.seconds:.2f} | {_fmt(s.docs_per_s, 1)} |"
        )
    return "\n".join(lines)


def format_details(scores: Sequence[CorpusScore]) -> str:
    """Notes under the table: excluded errors, ignored predictions, per-type recall and the seeds' extras."""
    out: list[str] = []
    for s in scores:
        notes = []
        if s.no_coords:
            notes.append(f"{s.no_coords} matched prediction(s) without coordinates count as acc@161 misses and are "
                         f"excluded from the median/mean")
        if s.far_by_feature:
            notes.append("misses beyond 161 km by the predicted entry's feature: " + ", ".join(
                f"{feature} {count}" for feature, count in s.far_by_feature.most_common()))
        if s.ignored:
            notes.append(f"{s.ignored} prediction(s) on neutral spans ignored")
        if s.types:
            ordered = sorted(s.types.items(), key=lambda kv: (kv[1].role != "gold", kv[0]))
            notes.append("recall per type: " + ", ".join(
                f"{name} {st.hit}/{st.total} ({_fmt(st.share, 2)})" for name, st in ordered if st.role == "gold"))
            hits = [f"{name} {st.hit}/{st.total}" for name, st in ordered if st.role != "gold"]
            if hits:
                notes.append("predictions on non-gold spans (neutral: ignored; not toponyms: FP): " + ", ".join(
                    f"{h} ({'ignored' if s.types[h.split()[0]].role == 'neutral' else 'FP'})" for h in hits))
        if s.corpus == SEEDS_CORPUS:
            notes.append(f"places resolved to the exact gazetteer id: {s.exact_id_hits}/{s.exact_id_total}")
            for label, stat in (("demonyms", s.demonyms), ("organisations", s.organisations)):
                if stat is not None:
                    notes.append(f"{label}: {stat.found}/{stat.gold} found with the right kind and "
                                 f"{'country' if label == 'demonyms' else 'id'} ({stat.right_kind_only} wrong "
                                 f"{'country' if label == 'demonyms' else 'id'}; {stat.predicted} predicted)")
            not_places = [e for e in s.errors if e.error == "false_positive" and e.type == SEED_NOT_PLACE]
            for e in not_places:
                notes.append(f"FP on a not-place: {e.doc_id} {e.start}-{e.end} {e.surface!r}"
                             + (f" ({e.note})" if e.note else ""))
        if notes:
            out.append(f"- {s.label}:")
            out.extend(f"  - {note}" for note in notes)
    return "\n".join(out)


def write_errors(scores: Sequence[CorpusScore], path: Path) -> int:
    """Write every error record as a JSON line; returns how many were written."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for score in scores:
            for record in score.errors:
                handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
                count += 1
    return count


# ---------------------------------------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m geo evaluate`."""
    parser.add_argument("--benchmarks", type=Path, default=DEFAULT_BENCHMARK_DIR, metavar="DIR",
                        help=f"directory of the benchmark JSON-lines files (default: {DEFAULT_BENCHMARK_DIR})")
    parser.add_argument("--seeds-gold", type=Path, default=None, metavar="FILE",
                        help=f"gold annotation of the seed articles (default: {DEFAULT_SEEDS_GOLD} when present)")
    parser.add_argument("--corpus", nargs="+", action="extend", metavar="NAME",
                        help=f"corpora to score (default: all of {', '.join((*BENCHMARK_CORPORA, SEEDS_CORPUS))})")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents of each corpus")
    parser.add_argument("--errors", type=Path, default=None, metavar="FILE",
                        help="write false positives / negatives / resolution errors as JSON lines to FILE")


def _check_inputs(args: argparse.Namespace) -> tuple[list[str], Path | None]:
    """The selected corpora and the seeds gold file; raises ValueError with a user-facing message."""
    selected = _select(args.corpus)
    if args.limit is not None and args.limit < 1:
        raise ValueError("--limit must be at least 1")
    if any(name != SEEDS_CORPUS for name in selected) and not args.benchmarks.is_dir():
        raise ValueError(f"benchmark directory not found: {args.benchmarks} (use --benchmarks DIR)")
    seeds_gold: Path | None = args.seeds_gold
    if seeds_gold is None and DEFAULT_SEEDS_GOLD.is_file():
        seeds_gold = DEFAULT_SEEDS_GOLD
    if SEEDS_CORPUS in selected:
        if seeds_gold is None and args.corpus is not None:
            raise ValueError(f"seeds requested but no gold annotation at {DEFAULT_SEEDS_GOLD} (use --seeds-gold)")
        if seeds_gold is None:
            print(f"note: no seeds gold annotation at {DEFAULT_SEEDS_GOLD}; seeds not scored", file=sys.stderr)
        elif not seeds_gold.is_file():
            raise ValueError(f"seeds gold annotation not found: {seeds_gold}")
    return selected, seeds_gold


def cli(args: argparse.Namespace, parser: Parser | None = None) -> int:
    """Run the evaluation and print the table; exit code 2 on missing inputs or a bad corpus name.

    ``parser`` defaults to ``geo.geoparse.parse``, imported only now (after the inputs are checked).
    """
    try:
        selected, seeds_gold = _check_inputs(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if parser is None:
        from geo.geoparse.parser import parse

        parser = parse
    try:
        scores = evaluate_all(parser, args.benchmarks, seeds_gold, corpora=selected, limit=args.limit)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Geoparser evaluation, {dt.date.today().isoformat()}"
          + (f" (first {args.limit} documents per corpus)" if args.limit else ""))
    print()
    print(format_table(scores))
    details = format_details(scores)
    if details:
        print()
        print(details)
    if args.errors is not None:
        count = write_errors(scores, args.errors)
        print(f"\n{count} error records written to {args.errors}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m geo.evaluate [options]` (the same as `python -m geo evaluate`)."""
    parser = argparse.ArgumentParser(prog="python -m geo evaluate", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return cli(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
