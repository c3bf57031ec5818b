"""Geoparser throughput and memory: `python bench/geoparse_bench.py [--repeat N]`.

Texts: the public benchmark corpora and seed articles in ../shared when present, else the bundled sample
articles (data/articles).  Reports start-up time, throughput on one core after start-up (articles/s
normalised to 600-word articles, and words/s) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
SHARED = REPO_ROOT.parent / "shared"


def load_texts() -> tuple[list[str], str]:
    texts: list[str] = []
    benchmarks = SHARED / "benchmarks" / "geoparsing"
    for path in sorted(benchmarks.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle]
    texts += [path.read_text(encoding="utf-8") for path in sorted((SHARED / "seeds").glob("*.txt"))]
    if texts:
        return texts, f"{len(texts)} texts from ../shared (4 benchmark corpora + seeds)"
    samples = sorted((REPO_ROOT / "data" / "articles").glob("*.md"))
    return [p.read_text(encoding="utf-8") for p in samples], f"{len(samples)} bundled sample articles"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the texts (median reported)")
    args = parser.parse_args()

    started = time.perf_counter()
    from geo.geoparse.parser import default_geoparser

    geoparser = default_geoparser()
    startup = time.perf_counter() - started
    texts, origin = load_texts()
    words = sum(len(text.split()) for text in texts)
    geoparser.parse(texts[0])  # warm caches (translation table, lookups)

    timings = []
    mentions = 0
    for _ in range(args.repeat):
        began = time.perf_counter()
        mentions = sum(len(geoparser.parse(text)) for text in texts)
        timings.append(time.perf_counter() - began)
    seconds = statistics.median(timings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"Geoparser benchmark ({origin}; {words:,} words; {args.repeat} passes, median)\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| start-up (import + gazetteer + matcher) | {startup:.2f} s |")
    print(f"| throughput | {words / seconds:,.0f} words/s |")
    print(f"| articles of 600 words per second (one core) | {words / seconds / 600:,.0f} |")
    print(f"| texts per second (as they come, {words / len(texts):.0f} words on average) | {len(texts) / seconds:,.0f} |")
    print(f"| mentions found per pass | {mentions:,} |")
    print(f"| peak RSS | {peak_mb:,.0f} MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
