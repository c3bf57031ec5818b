"""Sources -> partitions of about 2,000 articles, and each partition -> its articles and rejects.

The client only plans (`plan_partitions`: cheap, reads no text); workers read (`read_partition`), so the text
never travels through the client.  Plain JSON lines and Parquet are split into ranges of `PARTITION_SIZE`
records; a ``.gz`` file or a CSV file cannot be split safely (no random access / quoted newlines), so it is one
partition, read as a stream.  A folder of .txt/.md/.html files is split by groups of files.

A record that cannot be read never stops the run: it comes out as a `Reject` with its source, record number
(1-based line, row or file number) and reason.

>>> fields = FieldMap(text="body")
>>> fields.canonical({"body": "Gao.", "id": 7})["text"]
'Gao.'
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from geo.text.article import MAX_TEXT_CHARS, Article, ArticleError, parse_date
from geo.text.decode import decode_text
from geo.text.readers import (
    ARTICLE_EXTENSIONS, _article_from_record, article_paths, open_regular_file, read_article_file,
)

PARTITION_SIZE = 2_000
MAX_LINE_BYTES = 4 * MAX_TEXT_CHARS  # as geo.text.readers: JSON escapes can inflate text up to ~4x
SourceKind = Literal["jsonl", "jsonl.gz", "parquet", "csv", "files"]
CANONICAL_FIELDS = ("id", "text", "title", "date", "source", "url", "language")


class SourceError(ValueError):
    """A source that cannot be planned at all (missing, unknown type): the run refuses to start."""


@dataclass(frozen=True)
class FieldMap:
    """Which input field holds each canonical field (``--text-field body`` -> FieldMap(text="body"))."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    date: str = "date"
    source: str = "source"
    url: str = "url"
    language: str = "language"

    def canonical(self, record: dict[str, object]) -> dict[str, object]:
        """The record with canonical field names (``doc_id`` still accepted for ``id``, as the readers do)."""
        out = {name: record.get(getattr(self, name)) for name in CANONICAL_FIELDS}
        if out["id"] is None and "doc_id" in record:
            out["id"] = record["doc_id"]
        return {key: value for key, value in out.items() if value is not None}

    def columns(self) -> list[str]:
        return [getattr(self, name) for name in CANONICAL_FIELDS]


@dataclass(frozen=True)
class Partition:
    """One task's input: records [start, stop) of a source (bytes for plain JSON lines, rows for Parquet),
    or a group of article files."""

    index: int
    kind: SourceKind
    source: str
    start: int = 0
    stop: int = -1  # -1: to the end
    first_record: int = 1  # the record number of the first record, for rejects
    files: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Reject:
    """A record that could not be read, and why (one line of rejects.jsonl)."""

    source: str
    record: int | None
    reason: str

    def to_record(self) -> dict[str, object]:
        return {"source": self.source, "record": self.record, "reason": self.reason}


def source_kind(path: Path) -> SourceKind:
    """The kind of a source path, or SourceError."""
    name = path.name.lower()
    if path.is_dir():
        return "files"
    if not path.exists():
        raise SourceError(f"{path} does not exist")
    if name.endswith((".jsonl.gz", ".ndjson.gz", ".json.gz")):
        return "jsonl.gz"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".csv"):
        return "csv"
    if path.suffix.lower() in ARTICLE_EXTENSIONS:
        return "files"
    raise SourceError(f"{path}: unsupported source type; give .jsonl, .jsonl.gz, .parquet, .csv, "
                      "or .txt/.md/.html files or folders of them")


def _line_offsets(path: Path, every: int) -> list[int]:
    """Byte offsets of line 0, `every`, 2*`every`, ... and of the end: the split points of a JSON-lines file."""
    offsets, lines, position = [0], 0, 0
    with open_regular_file(path, max_bytes=None) as handle:
        while chunk := handle.read(1 << 24):
            count = chunk.count(b"\n")
            while lines + count >= len(offsets) * every:  # a split point falls inside this chunk: find it
                needed = len(offsets) * every - lines
                at = -1
                for _ in range(needed):
                    at = chunk.index(b"\n", at + 1)
                offsets.append(position + at + 1)
                chunk, position, lines, count = chunk[at + 1:], position + at + 1, lines + needed, count - needed
            lines += count
            position += len(chunk)
    if offsets[-1] != position:
        offsets.append(position)
    return offsets


TABLE_SUFFIXES = (".jsonl.gz", ".ndjson.gz", ".json.gz", ".jsonl", ".ndjson", ".parquet", ".pq", ".csv")


def _expand(sources: list[Path]) -> list[Path]:
    """Sources with each folder replaced by its data files (JSON lines, Parquet, CSV; sorted, recursive) and,
    if it has any, itself for its article files; SourceError for a folder with neither."""
    expanded: list[Path] = []
    for path in map(Path, sources):
        if not path.is_dir():
            expanded.append(path)
            continue
        tables = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                        and p.name.lower().endswith(TABLE_SUFFIXES))
        has_articles = next(iter(article_paths([path])), None) is not None
        if not tables and not has_articles:
            raise SourceError(f"{path} holds no .jsonl(.gz), .parquet, .csv, .txt, .md or .html files")
        expanded += tables + ([path] if has_articles else [])
    return expanded


def plan_partitions(sources: list[Path], size: int = PARTITION_SIZE) -> list[Partition]:
    """The partitions of all sources, in a stable order (the same inputs always give the same plan)."""
    plan: list[tuple[SourceKind, str, int, int, int, tuple[str, ...]]] = []
    loose_files: list[str] = []
    for path in _expand(sources):
        kind = source_kind(Path(path))
        if kind == "files":
            loose_files += [str(p) for p in article_paths([Path(path)])]
        elif kind == "jsonl":
            try:
                offsets = _line_offsets(Path(path), size)
            except ArticleError as exc:
                raise SourceError(str(exc)) from None
            plan += [(kind, str(path), a, b, 1 + i * size, ()) for i, (a, b) in enumerate(zip(offsets, offsets[1:]))]
        elif kind == "parquet":
            import pyarrow.parquet as pq

            try:
                rows = pq.ParquetFile(path).metadata.num_rows
            except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a damaged file
                raise SourceError(f"{path} is not a readable Parquet file ({exc})") from None
            plan += [(kind, str(path), a, min(a + size, rows), a + 1, ()) for a in range(0, rows, size)]
        else:  # jsonl.gz, csv: one streamed partition per file
            plan.append((kind, str(path), 0, -1, 1, ()))
    for a in range(0, len(loose_files), size):
        plan.append(("files", loose_files[a] if a < len(loose_files) else "", a, a + size, a + 1,
                     tuple(loose_files[a:a + size])))
    return [Partition(index, kind, source, start, stop, first, files)
            for index, (kind, source, start, stop, first, files) in enumerate(plan)]


# ---- reading one partition (on a worker) ------------------------------------------------------------------

def _bounded_lines(handle: BinaryIO, stop: int) -> Iterator[bytes | None]:
    """Lines until byte `stop` of the underlying stream (-1: the end); None for a line over MAX_LINE_BYTES."""
    read = 0
    while stop < 0 or read < stop:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        read += len(line)
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the over-long line without keeping it
                line = handle.readline(MAX_LINE_BYTES)
                read += len(line)
            yield None
            continue
        yield line


def article_from_record(record: object, fields: FieldMap, origin: str) -> Article:
    """One input record -> Article, exactly as `python -m geo mentions --input-jsonl` reads it, plus a check
    that a given date is a date.  Raises ArticleError (a ValueError) with the reason."""
    if not isinstance(record, dict):
        raise ArticleError("expected a JSON object like {\"id\": ..., \"text\": ...}.")
    canonical = fields.canonical(record)
    given_date = canonical.get("date")
    if given_date not in (None, "") and parse_date(given_date) is None:
        raise ArticleError(f"\"date\" {str(given_date)[:40]!r} is not a date (YYYY-MM-DD expected).")
    return _article_from_record(canonical, origin)


def _json_records(partition: Partition, fields: FieldMap) -> Iterator[Article | Reject]:
    path = Path(partition.source)
    try:
        handle: BinaryIO = open_regular_file(path, max_bytes=None)
    except ArticleError as exc:
        yield Reject(partition.source, None, str(exc))
        return
    with handle:
        stream: BinaryIO = handle
        if partition.kind == "jsonl.gz":
            stream = gzip.GzipFile(fileobj=handle)  # type: ignore[assignment]
        else:
            handle.seek(partition.start)
        stop = -1 if partition.stop < 0 else partition.stop - partition.start
        number = partition.first_record - 1
        try:
            for line in _bounded_lines(stream, stop):
                number += 1
                if line is None:
                    yield Reject(partition.source, number, f"line longer than {MAX_LINE_BYTES:,} bytes")
                    continue
                if not line.strip():
                    continue
                try:
                    record = json.loads(decode_text(line, f"line {number}"))
                    yield article_from_record(record, fields, path.name)
                except RecursionError:
                    yield Reject(partition.source, number, "nested too deeply to be an article record")
                except ValueError as exc:  # ArticleError and json.JSONDecodeError are ValueErrors
                    yield Reject(partition.source, number, str(exc))
        except (OSError, EOFError, gzip.BadGzipFile) as exc:  # a truncated or damaged .gz: keep what was read
            yield Reject(partition.source, number + 1, f"could not read further: {exc}")


def _table_records(partition: Partition, fields: FieldMap) -> Iterator[Article | Reject]:
    """Rows of a Parquet range or a CSV file as records (Python values, so ids stay str/int)."""
    path = Path(partition.source)
    try:
        if partition.kind == "parquet":
            import pyarrow.parquet as pq

            parquet = pq.ParquetFile(path)
            present = set(parquet.schema_arrow.names)
            wanted = [name for name in dict.fromkeys(fields.columns() + ["doc_id"]) if name in present]
            rows = _parquet_rows(parquet, wanted, partition.start, partition.stop)
        else:
            import pandas as pd

            # Strings only, no NA guessing: a CSV cell "NA" is text, an empty cell is missing.
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", on_bad_lines="warn")
            rows = [{key: value for key, value in row.items() if value != ""}
                    for row in frame.to_dict(orient="records")]
    except Exception as exc:  # noqa: BLE001 - a damaged table is one reject, never a crash
        yield Reject(partition.source, None, f"could not read the table: {exc}")
        return
    for offset, record in enumerate(rows):
        number = partition.first_record + offset
        try:
            yield article_from_record(record, fields, path.name)
        except ValueError as exc:
            yield Reject(partition.source, number, str(exc))


def _parquet_rows(parquet: object, columns: list[str], start: int, stop: int) -> list[dict[str, object]]:
    """Rows [start, stop) of a Parquet file, reading only the row groups that hold them."""
    import pyarrow as pa

    metadata = parquet.metadata  # type: ignore[attr-defined]
    groups, first_row, row = [], None, 0
    for group in range(metadata.num_row_groups):
        count = metadata.row_group(group).num_rows
        if row + count > start and row < stop:
            groups.append(group)
            first_row = row if first_row is None else first_row
        row += count
    if not groups:
        return []
    table: pa.Table = parquet.read_row_groups(groups, columns=columns)  # type: ignore[attr-defined]
    return table.slice(start - first_row, stop - start).to_pylist()


def _file_records(partition: Partition) -> Iterator[Article | Reject]:
    for offset, name in enumerate(partition.files):
        try:
            yield read_article_file(Path(name))
        except ArticleError as exc:
            yield Reject(name, partition.first_record + offset, str(exc))


def read_partition(partition: Partition, fields: FieldMap | None = None) -> Iterator[Article | Reject]:
    """The articles and rejects of one partition, in input order."""
    fields = fields or FieldMap()
    if partition.kind in ("jsonl", "jsonl.gz"):
        yield from _json_records(partition, fields)
    elif partition.kind in ("parquet", "csv"):
        yield from _table_records(partition, fields)
    else:
        yield from _file_records(partition)
