"""Event coding time added to the geoparser's, per article: `python bench/events_bench.py [--repeat N]`.

Articles: the bundled sample articles (data/articles) and the seed texts in ../shared/seeds (read in place,
never copied).  For each article the geoparser's time (parse) and the coder's time on its mentions
(code_article) are measured after a warm-up; the report is the coder's total time over the geoparser's
(target: at most 30 %).  Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
SEEDS = REPO_ROOT.parent / "shared" / "seeds"


def load_articles() -> list:
    from geo.resources import DATA_DIR
    from geo.text.readers import load_corpus

    paths = [DATA_DIR / "articles"] + ([SEEDS] if SEEDS.is_dir() else [])
    articles, _ = load_corpus(paths)
    return articles


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--repeat", type=int, default=5, help="timed passes over the articles (best is kept)")
    args = options.parse_args(argv)

    from geo.events.coder import code_article
    from geo.geoparse.parser import parse
    from geo.text.spans import split_sentences

    articles = load_articles()
    mentions = [parse(article.text) for article in articles]  # warm-up: gazetteer, automaton, regexes
    for article, found in zip(articles, mentions):
        code_article(article, found)
    parse_best = code_best = float("inf")
    events = 0
    for _ in range(max(1, args.repeat)):
        split_sentences.cache_clear()  # each pass sees the texts afresh: the geoparser splits them, as in use
        started = time.perf_counter()
        mentions = [parse(article.text) for article in articles]
        parse_best = min(parse_best, time.perf_counter() - started)
        started = time.perf_counter()
        events = sum(len(code_article(article, found)) for article, found in zip(articles, mentions))
        code_best = min(code_best, time.perf_counter() - started)
    words = sum(article.words for article in articles)
    print(json.dumps({
        "articles": len(articles), "words": words, "events": events,
        "geoparse_ms_per_article": round(1000 * parse_best / len(articles), 2),
        "events_ms_per_article": round(1000 * code_best / len(articles), 2),
        "events_added_percent": round(100 * code_best / parse_best, 1), "target_percent": 30,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
