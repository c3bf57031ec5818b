"""Why geo.text keeps its own sentence splitter and uses lxml for HTML: the measurements behind those choices.

    python bench/text_libraries_bench.py   # pysbd, syntok and selectolax are optional: pip install them to compare

Sentence splitting: the seed articles (../shared/seeds), each split 20 times, geo.text.spans.Sentences against
pysbd (English rules, character spans) and syntok.  HTML: parse time of 10,000 to 40,000 nested <div> with lxml
(what geo.text.html uses) and, if installed, selectolax's Lexbor.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.resources import SHARED_DIR  # noqa: E402
from geo.text.spans import Sentences  # noqa: E402


def seconds(job: Callable[[], object], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def sentence_splitters(texts: list[str]) -> None:
    splitters: dict[str, Callable[[str], object]] = {"geo.text.spans.Sentences": Sentences.split}
    try:
        import pysbd

        splitters["pysbd 0.3.4"] = pysbd.Segmenter(language="en", clean=False, char_span=True).segment
    except ImportError:
        print("pysbd not installed: skipped")
    try:
        import syntok.segmenter

        splitters["syntok 1.4.4"] = lambda text: [s for p in syntok.segmenter.analyze(text) for s in p]
    except ImportError:
        print("syntok not installed: skipped")
    words = sum(len(text.split()) for text in texts)
    base = None
    for name, split in splitters.items():
        took = seconds(lambda split=split: [split(text) for text in texts], repeat=3 if base else 20)
        base = base or took
        print(f"{name:28s} {took * 1000:8.1f} ms for {len(texts)} articles ({words:,} words), {took / base:5.0f}x")


def html_parsers() -> None:
    import lxml.html

    parsers: dict[str, Callable[[str], object]] = {"lxml": lambda m: lxml.html.document_fromstring(m.encode())}
    try:
        from selectolax.lexbor import LexborHTMLParser

        parsers["selectolax (Lexbor)"] = LexborHTMLParser
    except ImportError:
        print("selectolax not installed: skipped")
    for depth in (10_000, 20_000, 40_000):
        markup = "<p>Niamey</p>" + "<div>" * depth
        cells = "  ".join(f"{name} {seconds(lambda p=parse: p(markup), repeat=1):6.2f} s"
                          for name, parse in parsers.items())
        print(f"{depth:,} nested <div>: {cells}")


if __name__ == "__main__":
    seeds = sorted((SHARED_DIR / "seeds").glob("*.txt"))
    if seeds:
        sentence_splitters([path.read_text(encoding="utf-8") for path in seeds])
    else:
        print(f"no seed articles in {SHARED_DIR / 'seeds'}: sentence splitting skipped")
    html_parsers()
