"""Scoring: recognition and resolution scores of a parser's output against gold spans.

The rules are those of ``../shared/benchmarks/geoparsing/README.md``:

- recognition: a prediction matches a gold span when the surface strings are equal and their mid-points are
  less than 10 characters apart; matching is one-to-one, greedy by smallest mid-point distance;
- GeoWebNews has two toponym sets: the *standard* set (every type except Non_Toponym, Literal_Expression and
  Non_Lit_Expression) and the *product* set (places only; predictions on Embedded_Non_Lit, Demonym, Language and
  Homonym spans count neither for nor against); a prediction matching no gold span of the set is a false positive;
- resolution: over matched toponyms with gold coordinates, the great-circle error in km; acc@161 per corpus;
  and per-referent accuracy, which judges a country by entity rather than by distance (geo.evaluate.referents).

A matched prediction without coordinates is a resolution miss (infinite error): it counts in acc@161's
denominator and is reported separately; the median and mean are over the finite errors.

"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.evaluate.gold import (
    ALL_TOPONYMS,
    BENCHMARK_CORPORA,
    DEFAULT_GEOPARSE_GOLD,
    DEFAULT_SEEDS_DIR,
    GOLD_CORPORA,
    SEED_DEMONYM,
    SEED_ORGANISATION,
    SEEDS_CORPUS,
    TOPONYM_SETS,
    BenchmarkDoc,
    GoldSpan,
    ToponymSet,
    load_benchmark,
    load_geoparse_gold,
    load_seeds,
    select_corpora,
    select_half,
)
from geo.evaluate.matching import Span, match_spans
from geo.evaluate.referents import referent_correct
from geo.geodesy import distance_km
from geo.geoparse.model import Mention

Parser = Callable[[str], list[Mention]]


ACC_KM = 161.0  # acc@161: share of errors within 161 km (100 miles)
CONTEXT_CHARS = 60


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
    referent_hits: int = 0  # of resolved_n: resolved to the gold's referent (geo.evaluate.referents)
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
    def referent_acc(self) -> float | None:
        """Per-referent accuracy: countries judged by entity, other places by 161 km (geo.evaluate.referents)."""
        return self.referent_hits / self.resolved_n if self.resolved_n else None

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
    score.referent_hits += referent_correct(gold, mention.entry, km)
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


def evaluate_all(parser: Parser, benchmark_dir: Path, seeds_gold: Path | None, *,
                 corpora: Iterable[str] | None = None, limit: int | None = None,
                 seeds_dir: Path = DEFAULT_SEEDS_DIR, half: str | None = None,
                 gold_files: dict[str, Path] | None = None) -> list[CorpusScore]:
    """Score ``parser`` on every benchmark (GeoWebNews twice: standard and product set) and on the seeds.

    Each corpus is parsed once.  ``seeds_gold`` None skips the seeds; ``limit`` keeps the first N documents of
    each corpus; ``half`` ("dev" or "test") keeps that half of each benchmark (`geo.evaluate.gold.half_of`;
    the seeds, our own gold, are scored whole).  Raises FileNotFoundError when a requested file or the benchmark directory is missing.

    Our French and English gold passages (``gold_files``, default ``DEFAULT_GEOPARSE_GOLD``) are scored like the
    seeds (recognition, acc@161, exact gazetteer id, demonyms and organisations) and split by ``half`` like the
    benchmarks; a default file that is absent is skipped, an explicitly given one that is absent is an error.
    """
    selected = select_corpora(corpora)
    scores: list[CorpusScore] = []
    benchmarks = [name for name in selected if name in BENCHMARK_CORPORA]
    if benchmarks and not benchmark_dir.is_dir():
        raise FileNotFoundError(f"benchmark directory not found: {benchmark_dir}")
    for name in benchmarks:
        path = benchmark_dir / f"{name}.jsonl"
        if not path.is_file():
            raise FileNotFoundError(f"benchmark file not found: {path}")
        docs = select_half(load_benchmark(path), half)[:limit]
        parsed = run_parser(docs, parser)
        sets: list[str | None] = ["standard", "product"] if name == "GeoWebNews" else [None]
        scores.extend(score_parsed(parsed, tset) for tset in sets)
    if seeds_gold is not None and SEEDS_CORPUS in selected:
        if not seeds_gold.is_file():
            raise FileNotFoundError(f"seeds gold annotation not found: {seeds_gold}")
        docs = load_seeds(seeds_gold, seeds_dir)[:limit]
        scores.append(score_parsed(run_parser(docs, parser), "seeds"))
    files = DEFAULT_GEOPARSE_GOLD if gold_files is None else gold_files
    for name in (name for name in GOLD_CORPORA if name in selected):
        path = files.get(name)
        if path is None or not path.is_file():
            if gold_files is None:
                continue
            raise FileNotFoundError(f"{name} file not found: {path}")
        docs = select_half(load_geoparse_gold(path, name), half)[:limit]
        scores.append(score_parsed(run_parser(docs, parser), "seeds"))
    return scores
