"""The corpus store's snapshot index: ``<store folder>/.index/articles.parquet``, one row per saved article.

A cache, never a source of truth: each row holds a file's name, the stamp (size, modification time in ns) it had
when it was read, and the `Article` read from it (the fields of `read_article_file`'s result: ids are made
unique and duplicates skipped by the store, as for files read from disk).  `CorpusStore` uses a row only for a
file whose current stamp is the same, and reads every other file.  A snapshot that cannot be read (missing,
corrupt, truncated, other columns or types, not a regular file, larger than the articles it describes, by its
size or by the sizes its footer declares) is ignored; a row whose values no reader could have produced (a title
with control characters, text not in NFC, an unknown language...) is ignored and its file read again.  Written
without fsync: a snapshot a crash left torn is one that cannot be read.

The folder starts with a dot, so the store's scan never takes it for an article (nor does `article_paths`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from geo.files import atomic_path
from geo.text.article import MAX_TEXT_CHARS, TITLE_MAX_CHARS, Article, ArticleError
from geo.text.readers import open_regular_file

__all__ = ["INDEX_DIR", "INDEX_NAME", "index_path", "read_snapshot", "write_snapshot"]

INDEX_DIR = ".index"
INDEX_NAME = "articles.parquet"
_INTEGERS = ("size", "mtime_ns")
_COLUMNS = ("name", "size", "mtime_ns", "id", "title", "date", "source", "text", "origin", "language")
# What `clean_text` removes (controls but tab and newline; carriage returns become newlines).
_NOT_CLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What `one_line` removes or collapses: controls, bidi controls, any blank but one space between words.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[^\\S ]|  |^ | $")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLACK_BYTES = 1_000_000  # a snapshot's own overhead (schema, footer) beyond the articles' bytes
_MIN_ROW_BYTES = 16  # no saved article's file is smaller: a snapshot declaring more rows is not one

Stamp = tuple[int, int]


def index_path(folder: Path) -> Path:
    return Path(folder) / INDEX_DIR / INDEX_NAME


def read_snapshot(folder: Path, max_bytes: int) -> dict[str, tuple[Stamp, Article]]:
    """File name -> (stamp, Article) from `folder`'s snapshot; {} if there is none or it cannot be read.

    `max_bytes` bounds the file and the text it may hold (the store passes twice its articles' total size).
    """
    try:
        handle = open_regular_file(index_path(folder), max_bytes=None)  # refuses a folder, a pipe, a device
    except ArticleError:
        return {}
    import pyarrow.parquet as pq  # here: a store without a snapshot never loads Arrow
    limit = max_bytes + _SLACK_BYTES
    try:
        with handle:
            if os.fstat(handle.fileno()).st_size > limit:
                return {}
            parquet = pq.ParquetFile(handle)
            declared = sum(parquet.metadata.row_group(i).total_byte_size for i in range(parquet.num_row_groups))
            if (not parquet.schema_arrow.equals(_schema()) or declared > limit
                    or parquet.metadata.num_rows > limit // _MIN_ROW_BYTES):
                return {}
            table = parquet.read()
        if table.nbytes > 2 * limit:
            return {}
        columns = {name: table.column(name).to_pylist() for name in _COLUMNS}
    except Exception:  # noqa: BLE001 - a cache: whatever is wrong with the file, the articles are read again
        return {}
    found: dict[str, tuple[Stamp, Article]] = {}
    for name, size, mtime_ns, *fields in zip(*(columns[name] for name in _COLUMNS), strict=True):
        article = _article(*fields)
        if article is not None and isinstance(name, str) and isinstance(size, int) and isinstance(mtime_ns, int):
            found.setdefault(name, ((size, mtime_ns), article))
    return found


def _schema() -> object:
    import pyarrow as pa

    return pa.schema([(name, pa.int64() if name in _INTEGERS else pa.string()) for name in _COLUMNS])


def _line(value: object, max_chars: int) -> bool:
    """True for one-line metadata as `one_line` leaves it (``one_line(value, max_chars) == value``, faster)."""
    return (isinstance(value, str) and len(value) <= max_chars and not _NOT_ONE_LINE.search(value)
            and unicodedata.is_normalized("NFC", value))


def _article(article_id: object, title: object, day: object, source: object, text: object, origin: object,
             language: object) -> Article | None:
    """The Article of one row, or None unless every value is one a reader could have produced."""
    if not (isinstance(text, str) and 0 < len(text) <= MAX_TEXT_CHARS and not text[0].isspace()
            and not text[-1].isspace() and not _NOT_CLEAN.search(text)
            and unicodedata.is_normalized("NFC", text)):
        return None
    if not (_line(article_id, 200) and article_id and _line(title, TITLE_MAX_CHARS) and _line(source, 300)
            and _line(origin, 200) and language in ("", "en", "fr")):
        return None
    parsed = None
    if day is not None:
        if not (isinstance(day, str) and _ISO_DATE.fullmatch(day)):
            return None
        try:
            parsed = date.fromisoformat(day)
        except ValueError:
            return None
    return Article(id=article_id, title=title, date=parsed, source=source, text=text,  # type: ignore[arg-type]
                   origin=origin, language=language)  # type: ignore[arg-type]


def write_snapshot(folder: Path, rows: Iterable[tuple[str, Stamp, Article]]) -> None:
    """Replace `folder`'s snapshot (atomically) with `rows` (file name, stamp, article).  Raises OSError."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data: dict[str, list[object]] = {name: [] for name in _COLUMNS}
    for name, (size, mtime_ns), article in rows:
        for column, value in zip(_COLUMNS, (
                name, size, mtime_ns, article.id, article.title, article.date.isoformat() if article.date else None,
                article.source, article.text, article.origin, article.language), strict=True):
            data[column].append(value)
    table = pa.table(data, schema=_schema())
    path = index_path(folder)
    with atomic_path(path, ".parquet") as temporary:
        pq.write_table(table, temporary, compression="zstd", use_dictionary=False, write_statistics=False)
