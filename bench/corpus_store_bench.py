"""The article store at 10,000 saved articles: what a dashboard page run and a save cost.

    .venv/bin/python bench/corpus_store_bench.py [N]     # N articles, default 10,000

N distinct articles (each text different: places, dates, figures and sentences combined from the
gazetteer's Sahel names with a seeded random generator, 120-400 words each) are written to a temporary store
folder through `CorpusStore.add` in a first process step (not timed as a whole).  Then, in the same process:
- the first `list()` (cold: every file read and decoded, as after a restart);
- a warm `list()` (what each page run costs: the folder is listed and stat'ed, files are not read again);
- 20 saves of new articles as the dashboard makes them (`add(article, existing=<the run's list>)`), median.
Medians of 5 for the warm list.  Memory: peak RSS of the process at the end.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.text.readers import article_from_text  # noqa: E402
from geo.text.store import CorpusStore  # noqa: E402

PLACES = ["Gao", "Ménaka", "Kidal", "Tombouctou", "Mopti", "Ségou", "Djibo", "Dori", "Kaya", "Fada N'Gourma",
          "Tillabéri", "Niamey", "Agadez", "Diffa", "Tahoua", "Ouallam", "Téra", "Ansongo", "Boni", "Arbinda"]
ACTORS = ["soldiers", "armed men", "the army", "a convoy", "protesters", "officials", "villagers", "troops"]
VERBS = ["reached", "left", "attacked", "surrounded", "met in", "returned to", "fled", "marched through"]


def article_text(rng: random.Random, number: int) -> str:
    sentences = [f"Report {number}: {rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)} on "
                 f"{rng.randint(1, 28)} {rng.choice(['March', 'June', 'mars', 'juin'])} {rng.randint(2013, 2026)}."]
    for _ in range(rng.randint(8, 30)):
        sentences.append(f"{rng.choice(ACTORS).capitalize()} {rng.choice(VERBS)} {rng.choice(PLACES)}, "
                         f"{rng.randint(2, 90)} km from {rng.choice(PLACES)}, with {rng.randint(1, 500)} people.")
    return " ".join(sentences)


def main(count: int) -> None:
    rng = random.Random(20261202)
    with tempfile.TemporaryDirectory(prefix="sbm-store-bench-") as folder:
        writer = CorpusStore(Path(folder), bundled=None)
        existing: list = []
        started = time.perf_counter()
        for number in range(count):
            existing.append(writer.add(article_from_text(article_text(rng, number), title=f"Report {number}"),
                                       existing=existing))
        fill_s = time.perf_counter() - started

        store = CorpusStore(Path(folder), bundled=None)  # a fresh process's view: nothing read yet
        started = time.perf_counter()
        articles = store.list()
        cold_s = time.perf_counter() - started
        assert len(articles) == count and len({a.digest for a in articles}) == count  # distinct texts
        warm = []
        for _ in range(5):
            started = time.perf_counter()
            articles = store.list()
            warm.append(time.perf_counter() - started)
        saves = []
        for number in range(count, count + 20):
            article = article_from_text(article_text(rng, number), title=f"Report {number}")
            started = time.perf_counter()
            articles.append(store.add(article, existing=articles))
            saves.append(time.perf_counter() - started)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count:,} distinct articles (filled in {fill_s:.1f} s)")
    print(f"cold list() after a restart : {cold_s * 1000:8.0f} ms")
    print(f"page run list(), median of 5: {statistics.median(warm) * 1000:8.1f} ms")
    print(f"save, median of 20          : {statistics.median(saves) * 1000:8.1f} ms (max {max(saves) * 1000:.1f})")
    print(f"peak RSS                    : {rss_mb:8.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
