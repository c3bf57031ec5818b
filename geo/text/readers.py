"""Readers: a file, an upload, pasted text, a folder of files or JSON lines -> `Article`s.

Article text is untrusted; every reader is bounded: sizes are checked before decoding (files: with ``stat``
before reading a byte), one bad file or line is reported and never stops the others.  For Markdown and plain
text, ``Article.text`` is the text as written (only the front-matter block is removed), so mention offsets match
what the user sees.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO, TypeVar

from geo.text.article import (
    MAX_FILE_BYTES, MAX_TEXT_CHARS, PASTED, Article, ArticleError, check_file_size, check_text_size, clean_text,
    check_encodable, dateline_date, display_name, first_line, guess_language, one_line, parse_date, slugify,
)
from geo.text.decode import decode_text, repair_mojibake
from geo.text.frontmatter import split_front_matter
from geo.text.html import html_to_text

__all__ = [
    "ARTICLE_EXTENSIONS", "MAX_JSONL_LINE_BYTES", "article_from_text", "article_paths", "collect_articles",
    "load_corpus", "read_article_bytes",
    "read_article_file", "read_jsonl", "unique_id",
]

ARTICLE_EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
}
MAX_JSONL_LINE_BYTES = 4 * MAX_TEXT_CHARS  # JSON escapes can inflate text up to ~4x
P = TypeVar("P", Path, str)


def _build(text: str, meta: dict[str, str], *, article_id: str, origin: str, name: str) -> Article:
    text = clean_text(text)
    check_text_size(text, name)
    check_encodable(text, name)
    if not text:
        raise ArticleError(f"{name} contains no article text. Check that it is the right file.")
    language = meta.get("language", "").strip().lower()[:5]
    return Article(
        id=article_id,
        title=one_line(meta.get("title", "")) or first_line(text) or one_line(origin),
        # No date given: the dateline's ("BAMAKO, 14 March 2025 —"), as a reader would take it.
        date=parse_date(meta.get("date")) or dateline_date(text),
        source=one_line(meta.get("source", ""), 300),
        text=text,
        origin=origin,
        language=language if language in ("en", "fr") else guess_language(text),
    )


def read_article_bytes(data: bytes, name: str) -> Article:
    """One uploaded or read file (.txt, .md, .markdown, .html, .htm) -> Article.  Raises ArticleError.

    The id is the slug of the file name (front matter ``id:`` wins, as written by `CorpusStore`).
    """
    shown = display_name(name)
    suffix = Path(shown).suffix.lower()
    kind = ARTICLE_EXTENSIONS.get(suffix)
    if kind is None:
        allowed = ", ".join(ARTICLE_EXTENSIONS)
        raise ArticleError(
            f"{shown}: files of type '{suffix or '(none)'}' are not supported. Load {allowed} files, "
            "or paste the article's text.")
    check_file_size(len(data), shown)
    if not data.strip():
        raise ArticleError(f"{shown} is empty. Choose a file that contains the article's text.")
    raw = repair_mojibake(decode_text(data, shown, kind))
    if kind == "html":
        text, meta = html_to_text(raw)
    else:
        meta, text = split_front_matter(raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    # Front matter id/origin are what CorpusStore wrote: they keep a saved article's identity across restarts.
    article_id = one_line(meta.get("id", ""), 200) or slugify(Path(shown).stem)
    origin = one_line(meta.get("origin", ""), 200) or shown
    return _build(text, meta, article_id=article_id, origin=origin, name=shown)


def open_regular_file(path: Path, max_bytes: int | None = MAX_FILE_BYTES) -> BinaryIO:
    """`path` opened for reading, or ArticleError if it cannot be read, is not a regular file, or is larger
    than `max_bytes`.  Opened without blocking and checked on the open file: a FIFO or a device (which would
    block or never end) is refused, even if it replaced a regular file a moment ago."""
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise ArticleError(f"{path.name} could not be read ({exc.strerror or exc}). Check it exists and "
                           "is readable.") from None
    try:  # checked on the descriptor before it becomes a file object (fdopen refuses a folder with a traceback)
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise ArticleError(f"{path.name} is a folder; give the files inside it, or the folder as a whole.")
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(f"{path.name} is not a regular file (a pipe, socket or device); save the article "
                               "to a file and load that.")
        if max_bytes is not None:
            check_file_size(info.st_size, path.name)
    except ArticleError:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def read_article_file(path: Path) -> Article:
    """A file on disk -> Article.  The size is checked before anything is read."""
    path = Path(path)
    if path.suffix.lower() not in ARTICLE_EXTENSIONS:
        return read_article_bytes(b"", path.name)  # raises the unsupported-type message
    with open_regular_file(path) as handle:
        try:
            data = handle.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows meanwhile
        except OSError as exc:
            raise ArticleError(f"{path.name} could not be read ({exc.strerror or exc}).") from None
    return read_article_bytes(data, path.name)


def article_from_text(text: str, title: str | None = None, date: date | str | None = None,
                      source: str = "", *, origin: str = PASTED) -> Article:
    """Pasted text -> Article with id ``pasted-<sha256 prefix>`` (the same text always gets the same id)."""
    if not isinstance(text, str):
        raise ArticleError("The pasted article must be text.")
    check_text_size(text, "The pasted text")
    check_encodable(text, "The pasted text")
    for label, value in (("The title", title), ("The source", source)):
        if isinstance(value, str):
            check_encodable(value, label)
    cleaned = clean_text(text)
    if not cleaned:
        raise ArticleError("The pasted text is empty. Paste the article's text and try again.")
    digest = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    meta = {"title": title or "", "source": source or ""}
    article = _build(cleaned, meta, article_id=f"pasted-{digest[:12]}", origin=origin, name="The pasted text")
    return dataclasses.replace(article, date=parse_date(date) or article.date)  # given, else the dateline's


def article_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """The article files in `paths`: files as given, folders searched recursively (sorted, supported types)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_EXTENSIONS and p.is_file())
            # Why skip hidden files and README: editors' temp files and folder descriptions are not articles.
            yield from sorted(p for p in found if not p.name.startswith(".") and p.stem.upper() != "README")
        else:
            yield path


def unique_id(article: Article, taken: set[str]) -> Article:
    """`article`, its id suffixed with a hash of its text if another article already has that id."""
    if article.id not in taken:
        return article
    return dataclasses.replace(article, id=f"{article.id}-{article.digest[:8]}")


def collect_articles(paths: Iterable[P], *, articles: list[Article] | None = None,
                     errors: list[tuple[str, str]] | None = None,
                     skip_duplicate: str | None = "Same text as {first}; skipped.",
                     read: Callable[[P], Article] = read_article_file,  # type: ignore[assignment]
                     ) -> tuple[list[Article], list[tuple[str, str]], dict[str, P]]:
    """Read `paths` after `articles` already held: (articles, errors, id -> path of each article read here).

    A path is whatever `read` takes (a Path by default; the store passes the strings of its folder scan).

    Ids are made unique; a text equal to an earlier one is skipped, reported with `skip_duplicate` (formatted
    with ``first``, where it was first seen) unless that is None.
    """
    articles = list(articles or [])
    errors = list(errors or [])
    first_seen: dict[str, str] = {article.digest: article.origin for article in articles}
    ids = {article.id for article in articles}
    read_from: dict[str, P] = {}
    for path in paths:
        try:
            article = read(path)
        except ArticleError as exc:
            errors.append((str(path), str(exc)))
            continue
        if article.digest in first_seen:
            if skip_duplicate is not None:
                errors.append((str(path), skip_duplicate.format(first=first_seen[article.digest])))
            continue
        first_seen[article.digest] = str(path)
        article = unique_id(article, ids)
        ids.add(article.id)
        read_from[article.id] = path
        articles.append(article)
    return articles, errors, read_from


def load_corpus(paths: Iterable[Path]) -> tuple[list[Article], list[tuple[str, str]]]:
    """Files and folders (recursive, sorted, supported types only) -> (articles, [(path, error message)]).

    One bad file never stops the others.  Ids are made unique (``-<hash>`` suffix); a file whose text equals
    an earlier one is reported and skipped.
    """
    articles, errors, _ = collect_articles(article_paths(paths))
    return articles, errors


def _read_bounded_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line longer than `limit` (skipped without loading it)."""
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the over-long line in chunks
                line = handle.readline(limit)
            yield number, None
            continue
        yield number, line


def read_jsonl(path: Path) -> tuple[list[Article], list[tuple[str, str]]]:
    """JSON lines ``{"id", "text", "title"?, "date"?, "source"?}`` -> (articles, [("path:line", message)]).

    ``doc_id`` is accepted for ``id`` (the benchmark files).  The text is kept exactly as given, so that
    annotated offsets into it stay valid.  Bad lines are reported with their number, never raised.
    """
    path = Path(path)
    articles: list[Article] = []
    errors: list[tuple[str, str]] = []
    ids: set[str] = set()
    try:
        handle = open_regular_file(path, max_bytes=None)  # JSON lines may be large: bounded per line
    except ArticleError as exc:
        return [], [(str(path), str(exc))]
    with handle:
        for number, line in _read_bounded_lines(handle, MAX_JSONL_LINE_BYTES):
            where = f"{path}:{number}"
            if line is None:
                errors.append((where, f"line {number} is longer than {MAX_JSONL_LINE_BYTES:,} bytes; skipped."))
                continue
            if not line.strip():
                continue
            try:
                article = _article_from_record(json.loads(decode_text(line, where)), path.name)
            except (ArticleError, ValueError) as exc:
                errors.append((where, f"line {number}: {exc}"))
                continue
            except RecursionError:  # json's decoder recurses once per nesting level
                errors.append((where, f"line {number}: nested too deeply to be an article record; skipped."))
                continue
            if article.id in ids:
                errors.append((where, f"line {number}: id {article.id!r} was already used; skipped."))
                continue
            ids.add(article.id)
            articles.append(article)
    return articles, errors


def _article_from_record(record: object, origin: str) -> Article:
    if not isinstance(record, dict):
        raise ArticleError("expected a JSON object like {\"id\": ..., \"text\": ...}.")
    text = record.get("text")
    raw_id = record.get("id", record.get("doc_id"))
    if not isinstance(text, str) or not text.strip():
        raise ArticleError("\"text\" is missing or empty.")
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise ArticleError("\"id\" is missing (a string or number is needed).")
    check_encodable(str(raw_id), "\"id\"")
    check_text_size(text, "this line")
    for field in ("text", "title", "source", "url"):
        if isinstance(record.get(field), str):
            check_encodable(record[field], f"\"{field}\"")
    title = record.get("title")
    source = record.get("source") or record.get("url") or ""
    return Article(
        id=one_line(str(raw_id), 200), text=text, origin=origin,
        title=one_line(title) if isinstance(title, str) and title.strip() else first_line(text),
        date=parse_date(record.get("date")), source=one_line(source, 300) if isinstance(source, str) else "",
        language=guess_language(text))
