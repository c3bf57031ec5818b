"""Measure the gazetteer: cold/warm load time, lookup throughput and peak RSS.

Run: .venv/bin/python bench/gazetteer_bench.py   (prints a markdown table)
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.geoparse.gazetteer import Gazetteer, default_gazetteer  # noqa: E402

# A realistic mix: capitals, Sahel towns in several spellings, countries (EN/FR), regions, world cities,
# written places, and misses (ordinary capitalised words that a matcher would also try).
NAMES = [
    "Bamako", "Niamey", "Ouagadougou", "N'Djamena", "Ndjamena", "Gao", "Kidal", "Ménaka", "Menaka", "Tombouctou",
    "Timbuktu", "Mopti", "Sévaré", "Ségou", "Tillabéri", "TILLABERI", "Tillabéry", "Agadez", "Diffa", "Dori",
    "Djibo", "Inatès", "Dirkou", "Hombori", "In-Gall", "Mali", "Niger", "Burkina", "Tchad", "Côte d'Ivoire",
    "Nigeria", "Algérie", "France", "Russia", "États-Unis", "Paris", "Moscow", "Washington", "Abuja", "Lagos",
    "Algiers", "Toulon", "Liptako-Gourma", "trois frontières", "Sahel", "Niger River", "Lake Chad",
    "President", "Monday", "Ministry", "Army", "Defence", "Council", "Sunday", "Reuters", "AFP", "Junta",
    "Colonel", "Assimi", "Goïta", "Tiani", "Traoré", "Minister", "Government", "Xyzzyville",
]


def cold_load_seconds(runs: int = 5) -> float:
    code = (
        "import time; t=time.perf_counter(); from geo.geoparse.gazetteer import Gazetteer; Gazetteer.load(); "
        "print(time.perf_counter()-t)"
    )
    times = [
        float(subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True,
                             text=True).stdout)
        for _ in range(runs)
    ]
    return statistics.median(times)


def main() -> None:
    cold = cold_load_seconds()
    start = time.perf_counter()
    default_gazetteer()
    first = time.perf_counter() - start
    start = time.perf_counter()
    gaz = default_gazetteer()
    cached = time.perf_counter() - start
    fresh_times = []
    for _ in range(5):
        start = time.perf_counter()
        Gazetteer.load()
        fresh_times.append(time.perf_counter() - start)
    fresh = statistics.median(fresh_times)

    hits = sum(1 for name in NAMES if gaz.lookup(name))
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        for name in NAMES:
            gaz.lookup(name)
    elapsed = time.perf_counter() - start
    throughput = rounds * len(NAMES) / elapsed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    names = sum(1 for _ in gaz.names())
    print("| measure | value |")
    print("|---|---|")
    print(f"| entries / distinct name keys | {len(gaz):,} / {names:,} |")
    print(f"| cold load (fresh process, import + load, median of 5) | {cold * 1000:.0f} ms |")
    print(f"| first load in this process (`default_gazetteer()`) | {first * 1000:.0f} ms |")
    print(f"| warm cached (`default_gazetteer()` again) | {cached * 1e6:.1f} µs |")
    print(f"| warm fresh `Gazetteer.load()` (median of 5) | {fresh * 1000:.0f} ms |")
    print(f"| lookup throughput ({len(NAMES)} names, {hits} hits, {len(NAMES) - hits} misses) "
          f"| {throughput:,.0f} lookups/s |")
    print(f"| peak RSS (this process, 7 loads) | {peak_mb:.0f} MB |")


if __name__ == "__main__":
    main()
