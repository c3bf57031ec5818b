"""What one Dask task does: read a partition, skip known articles, geoparse, write Parquet into staging.

The task function is module-level and imported by reference on the worker, so nothing heavy is pickled
into it: the geoparser (`default_geoparser`, cached per process) and the region polygons are built once per
worker, on its first task or ahead of time by `WarmUp`.  Everything it returns is small (counts, hashes,
rejects, file names).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from distributed import WorkerPlugin

from geo.archive.ingest import FieldMap, Partition, Reject, read_partition
from geo.archive.geoparquet import points_table
from geo.archive.regions import locate
from geo.archive.schema import ARTICLE_SCHEMA, MENTION_SCHEMA, SENTENCE_CHARS, conform, month_of
from geo.text.article import Article

CHUNK = 2_000  # articles per written file: bounds a task's memory even for one big .gz or CSV


@dataclass
class PartitionResult:
    """The small summary a task sends back to the client."""

    index: int
    read: int = 0  # records read, readable or not
    parsed: int = 0
    rejected: int = 0
    skipped: int = 0  # already in the archive, or a repeat of an earlier text in this partition
    mentions: int = 0
    hashes: list[str] = field(default_factory=list)  # of the parsed articles, in order
    files: list[str] = field(default_factory=list)  # written, relative to the staging folder
    rejects: list[dict[str, object]] = field(default_factory=list)


def warm_up() -> None:
    """Build the per-process caches (geoparser, polygons) now rather than in the first task."""
    from geo.geoparse.parser import default_geoparser

    default_geoparser()
    locate(pd.Series([14.9]), pd.Series([0.4]))


class WarmUp(WorkerPlugin):
    """Builds the caches when a worker starts (or joins later), so no task pays for them."""

    name = "sahel-archive-warm-up"

    def setup(self, worker: object) -> None:
        warm_up()


def _mention_rows(article: Article, digest: str, with_events: bool) -> list[dict[str, object]]:
    """One row per mention; a mention that is the place of an event (geo.events, coded from the same
    mentions, not parsed again) carries the event's type and sub-type."""
    from geo.events.coder import code_article
    from geo.geoparse.parser import default_geoparser

    mentions = default_geoparser().parse(article.text)
    event_at: dict[tuple[int, int], tuple[str, str]] = {}
    for event in code_article(article, mentions) if with_events else ():
        for place in event.places:
            event_at.setdefault((place.start, place.end), (event.type, event.subtype))  # the first event wins
    rows = []
    for mention in mentions:
        event_type, event_subtype = event_at.get((mention.start, mention.end), (None, None))
        record = mention.to_record(article.id)
        rows.append({
            "article_hash": digest, "article_id": article.id, "place_id": record["gazetteer_id"],
            "name": record["name"], "surface": record["surface"], "kind": record["kind"],
            "feature": record["feature"], "lat": record["lat"], "lon": record["lon"], "country": record["iso3"],
            "confidence": record["confidence"], "sentence": str(record["sentence"])[:SENTENCE_CHARS],
            "start": record["start"], "end": record["end"], "event_type": event_type, "event_subtype": event_subtype,
        })
    return rows


def _write_chunk(articles: list[Article], staging: Path, name: str, result: PartitionResult,
                 with_events: bool = True) -> None:
    """Geoparse `articles` and write their article rows and mention rows (one file per month)."""
    article_rows, mention_rows = [], []
    for article in articles:
        digest = article.digest
        date = pd.Timestamp(article.date) if article.date else None
        rows = _mention_rows(article, digest, with_events)
        for row in rows:
            row["date"] = date
        mention_rows += rows
        article_rows.append({
            "article_hash": digest, "article_id": article.id, "title": article.title, "date": date,
            "source": article.source, "language": article.language, "origin": article.origin,
            "words": article.words, "mentions": len(rows)})
    conform(pd.DataFrame(article_rows), ARTICLE_SCHEMA).to_parquet(staging / "articles" / name, index=False)
    result.files.append(f"articles/{name}")
    result.mentions += len(mention_rows)
    if not mention_rows:
        return
    frame = conform(pd.DataFrame(mention_rows), MENTION_SCHEMA)
    located = locate(frame["lat"], frame["lon"])
    frame["admin1"] = located["admin1"].astype("str").where(located["admin1"].notna(), None)
    frame["in_liptako"] = located["in_liptako"]
    frame = conform(frame, MENTION_SCHEMA)
    table = points_table(frame)
    months = frame["date"].map(month_of).to_numpy()
    for month in sorted(set(months)):
        folder = staging / "mentions" / f"month={month}"
        folder.mkdir(exist_ok=True)
        pq.write_table(table.take((months == month).nonzero()[0]), folder / name)
        result.files.append(f"mentions/month={month}/{name}")


def process_partition(partition: Partition, staging: str, known: Container[str],
                      fields: FieldMap | None = None, with_events: bool = True) -> PartitionResult:
    """The task: one partition -> staged Parquet files and its summary (``with_events``: event fields
    filled, see `_mention_rows`)."""
    staging_path = Path(staging)
    run = staging_path.name
    result = PartitionResult(partition.index)
    seen: set[str] = set()
    pending: list[Article] = []
    chunk = 0
    for item in read_partition(partition, fields):
        result.read += 1
        if isinstance(item, Reject):
            result.rejected += 1
            result.rejects.append(item.to_record())
            continue
        digest = item.digest
        if digest in known or digest in seen:
            result.skipped += 1
            continue
        seen.add(digest)
        pending.append(item)
        if len(pending) == CHUNK:
            _flush(pending, staging_path, f"part-{run}-{partition.index:05d}-{chunk:03d}.parquet", result,
                   with_events)
            pending, chunk = [], chunk + 1
    if pending:
        _flush(pending, staging_path, f"part-{run}-{partition.index:05d}-{chunk:03d}.parquet", result, with_events)
    return result


def _flush(articles: list[Article], staging: Path, name: str, result: PartitionResult, with_events: bool) -> None:
    _write_chunk(articles, staging, name, result, with_events)
    result.parsed += len(articles)
    result.hashes += [article.digest for article in articles]
