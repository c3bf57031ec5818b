"""Scoring of geo/evaluate/ on hand-made mini documents (expectations computed by hand in the comments), and
loading of the real benchmark files (skipped when /work/shared/benchmarks is absent)."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from pathlib import Path

import pytest

from geo.evaluate.cli import add_arguments, cli
from geo.evaluate.gold import (
    DEFAULT_BENCHMARK_DIR,
    BenchmarkDoc,
    GoldSpan,
    load_benchmark,
    load_seeds,
)
from geo.evaluate.matching import match_spans
from geo.evaluate.report import format_details, format_table
from geo.evaluate.scoring import evaluate_all, score_corpus
from geo.geodesy import EARTH_RADIUS_KM, distance_km
from geo.geoparse.model import Candidate, Mention

KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180  # 111.195 km per degree of latitude


# --------------------------------------------------------------------------------------------------- helpers


def at(text: str, surface: str, nth: int = 0) -> int:
    """Offset of the nth occurrence of surface in text."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return pos


def gold(text: str, surface: str, lat: float | None = None, lon: float | None = None, type_: str | None = None,
         nth: int = 0, **extra: object) -> GoldSpan:
    start = at(text, surface, nth)
    return GoldSpan(start, start + len(surface), surface, lat, lon, type_, **extra)  # type: ignore[arg-type]


def mention(text: str, surface: str, lat: float | None = None, lon: float | None = None, kind: str = "place",
            nth: int = 0, entry_id: str = "x", countries: tuple[str, ...] = (), organisation: str | None = None,
            shift: int = 0) -> Mention:
    """A parser mention; `shift` moves the span (the surface stays the text's slice at the new place)."""
    start = at(text, surface, nth) + shift
    entry = None if lat is None or lon is None else Candidate(entry_id, surface, "city", lat, lon, "MLI", 1.0)
    return Mention(start, start + len(surface), text[start:start + len(surface)], kind, text, 0, entry, 1.0,
                   countries=countries, organisation=organisation)  # type: ignore[arg-type]


def fixed_parser(outputs: dict[str, list[Mention]]):  # type: ignore[no-untyped-def]
    """A fake parser returning prepared mentions per text."""
    return lambda text: list(outputs[text])


# ------------------------------------------------------------------------------------------------- matching


def test_midpoint_rule_is_strictly_less_than_ten() -> None:
    # Same surface "Gao" at 0 and at 9 / 10: mid-points 1.5 vs 10.5 (9 apart) and 11.5 (10 apart).
    g = [(0, 3, "Gao")]
    assert match_spans(g, [(9, 12, "Gao")]) == [(0, 0)]
    assert match_spans(g, [(10, 13, "Gao")]) == []
    # Different surface strings never match, even on the same offsets (case matters).
    assert match_spans([(0, 4, "Mali")], [(0, 4, "MALI")]) == []
    # Mid-points of different-length spans: "Niger" 0-5 (2.5) vs "Niger" at 12-17 (14.5): 12 apart.
    assert match_spans([(0, 5, "Niger")], [(12, 17, "Niger")]) == []


def test_matching_is_one_to_one_and_greedy_by_distance() -> None:
    # Two gold "Mali" 5 characters apart; one prediction between them, nearer to the second.
    gold_spans = [(0, 4, "Mali"), (5, 9, "Mali")]
    assert match_spans(gold_spans, [(3, 7, "Mali")]) == [(1, 0)]
    # Two predictions on one gold span: only the nearest one matches.
    assert match_spans([(5, 9, "Mali")], [(1, 5, "Mali"), (6, 10, "Mali")]) == [(0, 1)]


def test_haversine() -> None:
    assert distance_km(12.0, -8.0, 13.0, -8.0) == pytest.approx(KM_PER_DEGREE, rel=1e-9)
    assert distance_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)


# ----------------------------------------------------------------------------------------- untyped corpus


UNTYPED = "Troops left Gao for Bamako, then Kidal and Timbuktu. Niger was calm; Menaka too."


def untyped_doc() -> BenchmarkDoc:
    t = UNTYPED
    return BenchmarkDoc("LGL", "d1", t, (
        gold(t, "Gao", 16.27, -0.04), gold(t, "Bamako", 12.64, -8.0), gold(t, "Kidal", 18.44, 1.41),
        gold(t, "Timbuktu", 16.77, -3.0), gold(t, "Niger"),  # Niger: no gold coordinates
        gold(t, "Menaka", 15.92, 2.4),
    ))


def test_untyped_corpus_scores_by_hand() -> None:
    t = UNTYPED
    preds = [
        mention(t, "Gao", 16.27, -0.04),  # exact: 0 km
        mention(t, "Bamako", 13.64, -8.0),  # 1 degree north: 111.195 km (within 161)
        mention(t, "Kidal", 21.44, 1.41, shift=0),  # 3 degrees north: 333.585 km (miss)
        mention(t, "Timbuktu"),  # matched but no coordinates: a resolution miss, infinite error
        mention(t, "Niger", 13.5, 2.1),  # matched; gold has no coordinates: recognition only
        mention(t, "Troops", 1.0, 1.0),  # not a toponym: FP
    ]
    score = score_corpus([untyped_doc()], fixed_parser({t: preds}), None)
    # gold 6, predicted 6, TP 5 (all but Troops / Menaka)
    assert (score.docs, score.gold, score.predicted, score.tp, score.fp, score.fn) == (1, 6, 6, 5, 1, 1)
    assert score.precision == pytest.approx(5 / 6) and score.recall == pytest.approx(5 / 6)
    assert score.f1 == pytest.approx(5 / 6)
    # resolution over Gao, Bamako, Kidal, Timbuktu (gold coordinates): 2 within 161 of 4
    assert (score.resolved_n, score.within_161, score.no_coords) == (4, 2, 1)
    assert score.acc161 == pytest.approx(0.5)
    assert score.median_km == pytest.approx(KM_PER_DEGREE, rel=1e-3)  # median of 0, 111.2, 333.6
    assert score.mean_km == pytest.approx((0 + 1 + 3) * KM_PER_DEGREE / 3, rel=1e-3)
    kinds = sorted((e.error, e.surface) for e in score.errors)
    assert kinds == [("false_negative", "Menaka"), ("false_positive", "Troops"), ("resolution_error", "Kidal"),
                     ("unresolved", "Timbuktu")]
    assert score.seconds >= 0 and score.label == "LGL"


def test_referent_accuracy_judges_countries_by_entity_and_regions_by_name() -> None:
    text = "America, Georgia, Ontario and Gao."
    doc = BenchmarkDoc("TR-News", "r", text, (
        gold(text, "America", 39.76, -98.5, geonameid="6252001", name="United States"),  # a country's GeoNames id
        gold(text, "Georgia", 42.0, 43.5, geonameid="614540", name="Georgia"),  # the country, not the US state
        gold(text, "Ontario", 49.25, -84.5, geonameid="6093943", name="Ontario"),
        gold(text, "Gao", 16.27, -0.04),
    ))

    def entry(surface: str, entry_id: str, name: str, feature: str, lat: float, lon: float, iso3: str) -> Mention:
        base = mention(text, surface, lat, lon)
        return Mention(base.start, base.end, base.surface, "place", text, 0,
                       Candidate(entry_id, name, feature, lat, lon, iso3, 1.0), 1.0)

    preds = [
        entry("America", "ne:USA", "United States", "country", 38.0, -97.0, "USA"),  # ~190 km: acc@161 miss
        entry("Georgia", "adm1:USA-georgia", "Georgia", "region", 32.7, -83.4, "USA"),  # the wrong Georgia
        entry("Ontario", "adm1:CAN-ontario", "Ontario", "region", 50.7, -86.0, "CAN"),  # ~194 km, same region
        entry("Gao", "gn:2457163", "Gao", "city", 18.0, -0.04, "MLI"),  # ~192 km from the gold point: a miss
    ]
    score = score_corpus([doc], fixed_parser({text: preds}), None)
    assert (score.resolved_n, score.within_161) == (4, 0)
    assert score.referent_hits == 2 and score.referent_acc == pytest.approx(0.5)  # America and Ontario


def test_shifted_prediction_within_and_beyond_ten_characters() -> None:
    text = "Gao Gao. " + "x" * 30 + " Gao"
    doc = BenchmarkDoc("TR-News", "d", text, (GoldSpan(0, 3, "Gao", 16.27, -0.04),))
    # second "Gao" (4 apart) matches; the third (40 apart) is a FP and the gold stays matched once only
    preds = [mention(text, "Gao", 16.27, -0.04, nth=1), mention(text, "Gao", 16.27, -0.04, nth=2)]
    score = score_corpus([doc], fixed_parser({text: preds}), None)
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


def test_empty_output_gives_zero_recall_and_undefined_precision() -> None:
    score = score_corpus([untyped_doc()], lambda text: [], None)
    assert (score.tp, score.predicted, score.recall, score.precision, score.f1) == (0, 0, 0.0, None, None)
    assert score.acc161 is None and score.median_km is None


# ---------------------------------------------------------------------------------------------- GeoWebNews


GWN = ("Mali said the Malian army, like the Texas Rangers, speaks French in the city. "
       "Paris agreed. Bob shopped at Wegmans and watched Kano Pillars.")


def gwn_doc() -> BenchmarkDoc:
    t = GWN
    return BenchmarkDoc("GeoWebNews", "g1", t, (
        gold(t, "Mali", 17.0, -4.0, "Literal"),
        gold(t, "Malian", 17.0, -4.0, "Demonym"),
        gold(t, "Texas Rangers", type_="Non_Toponym"),
        gold(t, "Texas", 31.0, -99.0, "Embedded_Non_Lit"),
        gold(t, "French", type_="Language"),
        gold(t, "city", type_="Literal_Expression"),
        gold(t, "Paris", 48.85, 2.35, "Metonymic"),
        gold(t, "Wegmans", 38.78, -77.5, "Coercion"),  # the corpus doubles such spans as Non_Toponym
        gold(t, "Wegmans", type_="Non_Toponym"),
        gold(t, "Kano", 12.0, 8.5, "Embedded_Non_Lit"),  # and Embedded_Non_Lit ones too
        gold(t, "Kano Pillars", type_="Non_Toponym"),
    ))


def gwn_parser():  # type: ignore[no-untyped-def]
    t = GWN
    return fixed_parser({t: [
        mention(t, "Mali", 17.0, -4.0),
        mention(t, "Malian", 17.0, -4.0, kind="demonym", countries=("MLI",)),  # every kind is a prediction
        mention(t, "Texas", 31.0, -99.0),
        mention(t, "French"),
        mention(t, "city"),
        mention(t, "Bob"),
        mention(t, "Wegmans", 38.78, -77.5),
        mention(t, "Kano Pillars", kind="organisation", organisation="KP"),
    ]})


def test_geowebnews_standard_set_by_hand() -> None:
    score = score_corpus([gwn_doc()], gwn_parser(), "standard")
    # gold: Mali, Malian, Texas, French, Paris, Wegmans(Coercion), Kano = 7
    # TP: Mali, Malian, Texas, French, Wegmans = 5; FP: city (Literal_Expression), Bob, Kano Pillars (Non_Toponym)
    assert (score.gold, score.predicted, score.tp, score.fp, score.ignored) == (7, 8, 5, 3, 0)
    assert score.precision == pytest.approx(5 / 8) and score.recall == pytest.approx(5 / 7)
    assert score.f1 == pytest.approx(2 * (5 / 8) * (5 / 7) / (5 / 8 + 5 / 7))
    fps = {(e.surface, e.type) for e in score.errors if e.error == "false_positive"}
    assert fps == {("city", "Literal_Expression"), ("Bob", None), ("Kano Pillars", "Non_Toponym")}
    # resolution: Mali, Malian, Texas, Wegmans have gold coordinates and exact predictions; French has none
    assert (score.resolved_n, score.within_161, score.no_coords) == (4, 4, 0)
    assert score.types["Embedded_Non_Lit"].hit == 1 and score.types["Embedded_Non_Lit"].total == 2
    assert score.types["Non_Toponym"].role == "negative" and score.types["Non_Toponym"].hit == 1
    assert score.label == "GeoWebNews (standard)"


def test_geowebnews_product_set_by_hand() -> None:
    score = score_corpus([gwn_doc()], gwn_parser(), "product")
    # gold: Mali, Paris, Wegmans = 3; ignored (neutral spans): Malian, Texas, French = 3
    # TP: Mali, Wegmans = 2; FP: city, Bob, Kano Pillars = 3 -> P 2/5, R 2/3
    assert (score.gold, score.predicted, score.tp, score.fp, score.ignored) == (3, 5, 2, 3, 3)
    assert score.precision == pytest.approx(2 / 5) and score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 * 0.4 * (2 / 3) / (0.4 + 2 / 3))
    assert [e.surface for e in score.errors if e.error == "false_negative"] == ["Paris"]
    assert (score.resolved_n, score.within_161) == (2, 2)
    assert score.types["Metonymic"].share == 0.0 and score.types["Literal"].share == 1.0


def test_neutral_span_wins_over_a_doubled_non_toponym_span_in_the_product_set() -> None:
    text = "They watched Kano Pillars."
    doc = BenchmarkDoc("GeoWebNews", "g2", text, (
        gold(text, "Kano Pillars", type_="Embedded_Non_Lit"), gold(text, "Kano Pillars", type_="Non_Toponym")))
    parser = fixed_parser({text: [mention(text, "Kano Pillars")]})
    product = score_corpus([doc], parser, "product")
    assert (product.gold, product.predicted, product.ignored) == (0, 0, 1)
    standard = score_corpus([doc], parser, "standard")
    assert (standard.gold, standard.tp, standard.fp) == (1, 1, 0)


def test_unknown_type_or_set_is_an_error() -> None:
    text = "Gao"
    doc = BenchmarkDoc("GeoWebNews", "g3", text, (GoldSpan(0, 3, "Gao", None, None, "Litteral"),))
    with pytest.raises(ValueError, match="Litteral"):
        score_corpus([doc], lambda t: [], "product")
    with pytest.raises(ValueError, match="unknown toponym set"):
        score_corpus([doc], lambda t: [], "products")


def test_parser_failures_are_reported_with_the_document() -> None:
    doc = untyped_doc()

    def broken(text: str) -> list[Mention]:
        raise KeyError("boom")

    with pytest.raises(RuntimeError, match="LGL/d1"):
        score_corpus([doc], broken, None)
    bad = mention(UNTYPED, "Gao")
    bad = Mention(bad.start + 1, bad.end + 1, "Gao", "place", "", 0, None, 1.0)  # offsets disagree with surface
    with pytest.raises(ValueError, match="text\\["):
        score_corpus([doc], fixed_parser({UNTYPED: [bad]}), None)


# --------------------------------------------------------------------------------------------------- seeds


SEED_TEXT = ("ECOWAS troops entered Mali. Malian and Nigerien officials met in Bamako. "
             "Wagner left Gao.\n")


def write_seed(tmp_path: Path, sha256: str | None = None) -> tuple[Path, Path]:
    seeds_dir = tmp_path / "seeds"
    seeds_dir.mkdir()
    (seeds_dir / "000_test.txt").write_bytes(SEED_TEXT.encode("utf-8"))
    t = SEED_TEXT

    def item(surface: str, **fields: object) -> dict[str, object]:
        start = at(t, surface)
        return {"start": start, "end": start + len(surface), "surface": surface, **fields}

    gold_file = tmp_path / "seeds.json"
    gold_file.write_text(json.dumps({"articles": [{
        "file": "000_test.txt",
        "sha256": sha256 or hashlib.sha256(SEED_TEXT.encode("utf-8")).hexdigest(),
        "mentions": [
            item("ECOWAS", kind="organisation", organisation="ECOWAS", iso3=None, lat=None, lon=None),
            item("Mali", kind="place", iso3="MLI", feature="country", lat=17.0, lon=-4.0, gazetteer_id="ne:MLI"),
            item("Malian", kind="demonym", iso3="MLI"),
            item("Nigerien", kind="demonym", iso3="NER"),
            item("Bamako", kind="place", iso3="MLI", lat=12.64, lon=-8.0, gazetteer_id="gn:2460596"),
            item("Gao", kind="place", iso3="MLI", lat=16.27, lon=-0.04, gazetteer_id=None),
        ],
        "not_places": [item("Wagner", reason="armed group, not a place")],
    }]}), encoding="utf-8")
    return gold_file, seeds_dir


def seed_parser():  # type: ignore[no-untyped-def]
    t = SEED_TEXT
    return fixed_parser({t: [
        mention(t, "ECOWAS", kind="organisation", organisation="ECOWAS"),
        mention(t, "Mali", 17.0, -4.0, entry_id="ne:MLI"),
        mention(t, "Malian", kind="demonym", countries=("MLI",)),
        mention(t, "Nigerien", kind="demonym", countries=("NGA",)),  # wrong country
        mention(t, "Bamako", 12.64, -7.0, entry_id="gn:999"),  # wrong id, ~108 km east
        mention(t, "Wagner", 1.0, 1.0),  # a place prediction on a not-place: FP, named
    ]})


def test_seeds_scored_like_the_product_set(tmp_path: Path) -> None:
    gold_file, seeds_dir = write_seed(tmp_path)
    docs = load_seeds(gold_file, seeds_dir)
    score = score_corpus(docs, seed_parser(), "seeds")
    # places: gold Mali, Bamako, Gao = 3; place predictions Mali, Bamako, Wagner = 3; TP 2
    assert (score.gold, score.predicted, score.tp, score.fp, score.fn) == (3, 3, 2, 1, 1)
    assert score.ignored == 0  # demonym / organisation predictions are scored in their own columns only
    assert score.precision == pytest.approx(2 / 3) and score.recall == pytest.approx(2 / 3)
    assert (score.resolved_n, score.within_161) == (2, 2)
    assert score.exact_id_total == 2 and score.exact_id_hits == 1  # Mali right, Bamako wrong id, Gao has none
    assert score.demonyms is not None and score.organisations is not None
    assert (score.demonyms.gold, score.demonyms.found, score.demonyms.right_kind_only) == (2, 1, 1)
    assert (score.organisations.gold, score.organisations.found) == (1, 1)
    not_place_fps = [e for e in score.errors if e.error == "false_positive" and e.type == "not_place"]
    assert [(e.surface, e.note) for e in not_place_fps] == [("Wagner", "armed group, not a place")]
    details = format_details([score])
    assert "FP on a not-place: 000_test.txt" in details and "'Wagner'" in details
    assert "exact gazetteer id: 1/2" in details and "demonyms: 1/2" in details
    assert score.label == "Seeds (gold)"


def test_seeds_checksum_guards_offsets(tmp_path: Path) -> None:
    gold_file, seeds_dir = write_seed(tmp_path, sha256="0" * 64)
    with pytest.raises(ValueError, match="sha256"):
        load_seeds(gold_file, seeds_dir)


# ------------------------------------------------------------------------------------- evaluate_all and CLI


def write_mini_benchmarks(directory: Path) -> None:
    directory.mkdir()
    for name, doc in (("GeoWebNews", gwn_doc()), ("LGL", untyped_doc())):
        record = {"corpus": name, "doc_id": doc.doc_id, "text": doc.text, "toponyms": [
            {"start": g.start, "end": g.end, "surface": g.surface, "lat": g.lat, "lon": g.lon, "geonameid": None,
             "name": g.surface, "type": g.type} for g in doc.toponyms]}
        (directory / f"{name}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


def combined_parser():  # type: ignore[no-untyped-def]
    gwn, seeds = gwn_parser(), seed_parser()
    return lambda text: gwn(text) if text == GWN else seeds(text) if text == SEED_TEXT else [
        mention(UNTYPED, "Gao", 16.27, -0.04)]


def test_evaluate_all_and_table(tmp_path: Path) -> None:
    bench = tmp_path / "bench"
    write_mini_benchmarks(bench)
    gold_file, seeds_dir = write_seed(tmp_path)
    scores = evaluate_all(combined_parser(), bench, gold_file, corpora=["geowebnews", "LGL", "Seeds"],
                          seeds_dir=seeds_dir)
    assert [s.label for s in scores] == ["GeoWebNews (standard)", "GeoWebNews (product)", "LGL", "Seeds (gold)"]
    assert scores[0].seconds == scores[1].seconds  # parsed once, scored twice
    table = format_table(scores)
    lines = table.splitlines()
    assert len(lines) == 2 + 4 and lines[1].startswith("|---|")
    assert "| GeoWebNews (product) | 1 | 3 | 5 | 2 | 0.400 | 0.667 | 0.500 |" in table
    assert "| LGL | 1 | 6 | 1 | 1 | 1.000 | 0.167 | 0.286 | 1 | 1.000 | 1.000 | 0.0 | 0.0 | 0 |" in table
    with pytest.raises(FileNotFoundError, match="TR-News"):
        evaluate_all(combined_parser(), bench, None, corpora=["TR-News"])


def cli_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_cli_prints_table_and_writes_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = tmp_path / "bench"
    write_mini_benchmarks(bench)
    errors = tmp_path / "errors.jsonl"
    code = cli(cli_args(["--benchmarks", str(bench), "--corpus", "LGL", "--errors", str(errors)]),
               parser=combined_parser())
    out = capsys.readouterr().out
    assert code == 0
    assert "Geoparser evaluation, 20" in out and "| LGL |" in out
    records = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert {r["error"] for r in records} == {"false_negative"} and len(records) == 5
    assert all(r["doc_id"] == "d1" and "[[" in r["context"] for r in records)


def test_cli_missing_benchmark_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli(cli_args(["--benchmarks", str(tmp_path / "nowhere"), "--corpus", "LGL"]), parser=lambda t: [])
    assert code == 2
    assert "benchmark directory not found" in capsys.readouterr().err
    code = cli(cli_args(["--benchmarks", str(tmp_path), "--corpus", "Atlantis"]), parser=lambda t: [])
    assert code == 2


# ---------------------------------------------------------------------------------------- real benchmarks

needs_benchmarks = pytest.mark.skipif(
    not DEFAULT_BENCHMARK_DIR.is_dir(),
    reason=f"public benchmarks absent at {DEFAULT_BENCHMARK_DIR} (the CI machine has them)",
)

# README table: docs, gold spans, spans with coordinates (None: not stated)
README_COUNTS = {"GeoWebNews": (200, 6607, None), "LGL": (588, 5088, 4462), "TR-News": (118, 1317, None),
                 "GeoVirus": (229, 2170, None)}


@needs_benchmarks
@pytest.mark.parametrize("corpus", sorted(README_COUNTS))
def test_real_benchmark_loads_with_readme_counts(corpus: str) -> None:
    docs = load_benchmark(DEFAULT_BENCHMARK_DIR / f"{corpus}.jsonl")
    n_docs, n_gold, n_coords = README_COUNTS[corpus]
    assert len(docs) == n_docs and len({d.doc_id for d in docs}) == n_docs
    spans = [g for d in docs for g in d.toponyms]
    assert len(spans) == n_gold
    assert all(d.text[g.start:g.end] == g.surface for d in docs for g in d.toponyms)
    if n_coords is not None:
        assert sum(g.has_coordinates for g in spans) == n_coords
    if corpus == "GeoWebNews":
        # The README gives "2,720 toponyms in the standard geotagging set"; the file holds 2,718 spans of those
        # types (6,607 - 432 Non_Toponym - 1,422 Literal_Expression - 2,035 Non_Lit_Expression).
        standard = [g for g in spans if g.type not in ("Non_Toponym", "Literal_Expression", "Non_Lit_Expression")]
        assert len(standard) == 2718
    else:
        assert all(g.type is None for g in spans)


def oracle(docs: list[BenchmarkDoc], types: set[str] | None = None):  # type: ignore[no-untyped-def]
    """A parser returning the gold spans (of the given types) with the gold coordinates."""
    by_text = {d.text: [Mention(g.start, g.end, g.surface, "place", "", 0,
                                None if g.lat is None or g.lon is None
                                else Candidate("g", g.surface, "city", g.lat, g.lon, "", 1.0), 1.0)
                        for g in d.toponyms if types is None or g.type in types] for d in docs}
    return lambda text: by_text[text]


@needs_benchmarks
def test_gold_oracle_scores_perfectly_on_real_corpora() -> None:
    lgl = load_benchmark(DEFAULT_BENCHMARK_DIR / "LGL.jsonl")
    score = score_corpus(lgl, oracle(lgl), None)
    assert (score.gold, score.tp, score.fp, score.resolved_n, score.within_161) == (5088, 5088, 0, 4462, 4462)
    gwn = load_benchmark(DEFAULT_BENCHMARK_DIR / "GeoWebNews.jsonl")
    standard_types = {"Literal", "Literal_Modifier", "Mixed", "Coercion", "Embedded_Literal", "Metonymic",
                      "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym", "Language", "Homonym"}
    standard = score_corpus(gwn, oracle(gwn, standard_types), "standard")
    assert (standard.gold, standard.tp, standard.fp) == (2718, 2718, 0)
    product = score_corpus(gwn, oracle(gwn, standard_types), "product")
    assert product.fp == 0 and product.tp == product.gold == 2329 and product.ignored == 2718 - 2329
