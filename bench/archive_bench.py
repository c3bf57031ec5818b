"""Archive build throughput: articles/s with 1 and 2 Dask workers, scaling efficiency, peak memory per worker.

The corpus is generated at bench time and never committed: sentences of the sample articles (data/articles)
and of the public geoparsing benchmarks (../shared/benchmarks/geoparsing/*.jsonl, read in place) are
recombined into distinct articles (each ends with its own dispatch number) with dates spread over 2019-2025,
written as plain JSON-lines shards in a temporary folder.

    .venv/bin/python bench/archive_bench.py                      # 200,000 articles, 1 then 2 workers
    .venv/bin/python bench/archive_bench.py --articles 20000     # a quick run
    .venv/bin/python bench/archive_bench.py --workers 2 --json   # one configuration, machine-readable
    .venv/bin/python bench/archive_bench.py --articles 20000 --write-corpus .cache/demo-corpus  # only the corpus

Each configuration builds a fresh archive through a LocalCluster of N single-threaded worker processes, passed
to `build_archive` as `scheduler=` (the same path as `--scheduler tcp://...`), so the cluster's start-up is
reported apart and each worker's peak RSS can be read from the worker itself afterwards.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.archive.build import build_archive  # noqa: E402
from geo.resources import ARTICLES_DIR  # noqa: E402

BENCHMARKS = REPO.parent / "shared" / "benchmarks" / "geoparsing"
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'«])")
SHARD = 10_000  # articles per input file


def sentence_pool() -> list[str]:
    """Every sentence of 40-400 characters in the sample articles and the benchmark texts (read in place)."""
    texts = [path.read_text(encoding="utf-8").split("---", 2)[-1] for path in sorted(ARTICLES_DIR.glob("*.md"))]
    for path in sorted(BENCHMARKS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            texts += [json.loads(line).get("text") or "" for line in handle if line.strip()]
    pool = {s.strip() for text in texts for s in SENTENCE.split(text.replace("\n", " ")) if 40 <= len(s.strip()) <= 400}
    return sorted(pool)


def write_corpus(folder: Path, count: int, seed: int = 14) -> list[Path]:
    """`count` distinct articles of 6-14 sentences, in shards of SHARD lines."""
    rng = random.Random(seed)
    pool = sentence_pool()
    first_day, days = date(2019, 1, 1), 7 * 365
    shards: list[Path] = []
    handle = None
    for number in range(count):
        if number % SHARD == 0:
            if handle:
                handle.close()
            shards.append(folder / f"shard-{number // SHARD:04d}.jsonl")
            handle = shards[-1].open("w", encoding="utf-8")
        sentences = rng.sample(pool, rng.randint(6, 14))
        text = " ".join(sentences[:len(sentences) // 2]) + "\n\n" + " ".join(sentences[len(sentences) // 2:])
        record = {"id": f"bench-{number}", "title": sentences[0][:80], "source": "bench",
                  "date": (first_day + timedelta(days=rng.randrange(days))).isoformat(),
                  "text": f"{text}\n\nDispatch {number}."}
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
    if handle:
        handle.close()
    return shards


def _worker_usage() -> tuple[float, float]:
    """(peak RSS in MB, CPU seconds) of this worker process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # Linux: ru_maxrss in KiB


def run(shards: list[Path], workers: int, out: Path, partition_size: int) -> dict[str, object]:
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        startup = time.perf_counter() - started
        summary = build_archive(shards, out, scheduler=cluster.scheduler_address, show_progress=True,
                                partition_size=partition_size)
        usage = list(client.run(_worker_usage).values())
    peaks = sorted(peak for peak, _ in usage)
    cpu = sum(seconds for _, seconds in usage)  # includes each worker's start-up and warm-up
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"workers": workers, "articles": summary.parsed, "mentions": summary.mentions,
            "partitions": summary.partitions, "seconds": round(summary.seconds, 2),
            "cluster_startup_s": round(startup, 2), "articles_per_s": round(summary.parsed / summary.seconds, 1),
            "articles_per_s_per_worker": round(summary.parsed / summary.seconds / workers, 1),
            # Per CPU-second of the workers: what a core delivers, less sensitive to a busy machine than wall time.
            "articles_per_worker_cpu_s": round(summary.parsed / cpu, 1),
            "peak_rss_mb_per_worker": [round(p) for p in peaks], "archive_mb": round(size / 2**20, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000, help="distinct articles to generate (default 200,000)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    parser.add_argument("--partition-size", type=int, default=2_000)
    parser.add_argument("--json", action="store_true", help="one JSON line per configuration only")
    parser.add_argument("--write-corpus", type=Path, metavar="DIR",
                        help="only write the generated corpus (JSON-lines shards) into DIR (make demo-archive)")
    args = parser.parse_args(argv)
    if args.write_corpus is not None:
        args.write_corpus.mkdir(parents=True, exist_ok=True)
        shards = write_corpus(args.write_corpus, args.articles)
        print(f"wrote {args.articles:,} articles in {len(shards)} shard(s) to {args.write_corpus}")
        return 0
    counts = [int(n) for n in args.workers.split(",")]
    work = Path(tempfile.mkdtemp(prefix="archive-bench-"))
    try:
        started = time.perf_counter()
        (work / "corpus").mkdir()
        shards = write_corpus(work / "corpus", args.articles)
        generated = time.perf_counter() - started
        if not args.json:
            print(f"generated {args.articles:,} articles in {len(shards)} shard(s) in {generated:.1f} s", flush=True)
        results = []
        for workers in counts:
            result = run(shards, workers, work / f"archive-{workers}", args.partition_size)
            results.append(result)
            print(json.dumps(result), flush=True)
        by_workers = {r["workers"]: r for r in results}
        if 1 in by_workers and 2 in by_workers:
            efficiency = by_workers[2]["articles_per_s"] / (2 * by_workers[1]["articles_per_s"])  # type: ignore[operator]
            print(json.dumps({"scaling_efficiency_1_to_2": round(efficiency, 3)}))
        if not args.json:
            best = max(results, key=lambda r: r["articles_per_s_per_worker"])  # type: ignore[arg-type,return-value]
            rate = float(best["articles_per_s_per_worker"])  # type: ignore[arg-type]
            for cores in (2, 8, 32, 128):
                print(f"projection: 10,000,000 articles on {cores} cores at {rate:.0f}/s per core: "
                      f"{10_000_000 / (rate * cores) / 3600:.2f} h")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
