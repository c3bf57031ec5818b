"""The geoparser's quality gate: the real parser on the dev halves of the public benchmarks and on the seed
gold, against the floors committed in tests/gold/floors.json.

A rule that matters, switched off, drops a score below its floor and turns this red.  The test halves are
never read here: they are for the README's table only.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from geo.evaluate.gold import DEFAULT_BENCHMARK_DIR, DEFAULT_SEEDS_GOLD, half_of, load_benchmark
from geo.evaluate.scoring import CorpusScore, evaluate_all
from geo.geoparse.parser import parse
from tests.conftest import REPO_ROOT

FLOORS = json.loads((REPO_ROOT / "tests" / "gold" / "floors.json").read_text(encoding="utf-8"))
NEEDS_SHARED = pytest.mark.skipif(not DEFAULT_BENCHMARK_DIR.is_dir(),
                                  reason=f"the public benchmarks are not beside this clone ({DEFAULT_BENCHMARK_DIR})")


@lru_cache(maxsize=1)
def dev_scores() -> dict[str, CorpusScore]:
    scores = evaluate_all(parse, DEFAULT_BENCHMARK_DIR, DEFAULT_SEEDS_GOLD, half="dev")
    return {score.label: score for score in scores}


@NEEDS_SHARED
@pytest.mark.parametrize("label", list(FLOORS["floors"]))
def test_scores_stay_above_their_floors(label: str) -> None:
    score = dev_scores()[label]
    floor, tolerance = FLOORS["floors"][label], FLOORS["tolerance"]
    assert score.f1 is not None and score.acc161 is not None
    assert score.f1 >= floor["f1"] - tolerance, f"{label}: F1 {score.f1:.3f} < floor {floor['f1']}"
    assert score.acc161 >= floor["acc161"] - tolerance, f"{label}: acc@161 {score.acc161:.3f} < {floor['acc161']}"


@NEEDS_SHARED
def test_the_halves_are_fixed_and_about_even() -> None:
    for name in ("GeoWebNews", "LGL", "TR-News", "GeoVirus"):
        docs = load_benchmark(DEFAULT_BENCHMARK_DIR / f"{name}.jsonl")
        dev = sum(half_of(doc.corpus, doc.doc_id) == "dev" for doc in docs)
        assert 0.4 < dev / len(docs) < 0.6, (name, dev, len(docs))
    assert half_of("LGL", "42") == "dev"  # the hash, not the file's order: this never changes
