"""Articles in: files, uploads, pasted text and JSON lines, read safely into plain-text `Article`s.

Article text is untrusted.  Everything here is defensive and bounded:

- size is checked before decoding (files: with ``stat`` before reading a byte);
- binary content (images, archives, PDFs renamed ``.txt``) is refused with a message that says so;
- decoding never fails and never silently garbles: UTF-8 (BOM or not), UTF-16/32 with a BOM, and for bytes that
  are not valid UTF-8 a legacy fallback applied *per invalid byte sequence* (so a file whose lines mix UTF-8 and
  cp1252 comes out right); a fallback that looks implausible is re-guessed with charset-normalizer or refused;
- HTML becomes inert plain text through the standard library's ``html.parser`` (scripts, styles, comments...
  dropped), after a linear pre-pass that defuses inputs on which that parser is super-linear;
- no regular expression with nested quantifiers runs on user text.

``Article.text`` is what the geoparser reads and what mention offsets refer to: for Markdown and plain text it is
the text as written (only the front-matter block is removed), so offsets match what the user sees.

Bundled samples live in ``data/articles/`` (read-only).  Articles the user adds are saved by `CorpusStore` in
``$SAHEL_CORPUS_DIR`` if set, else ``$XDG_DATA_HOME/sahel-briefing-map/articles``, else
``~/.local/share/sahel-briefing-map/articles`` — outside the repository, so they survive updates and restarts.
"""

from __future__ import annotations

import codecs
import contextvars
import dataclasses
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from geo.files import write_atomically
from geo.resources import DATA_DIR

__all__ = [
    "ARTICLE_EXTENSIONS", "BUNDLED_DIR", "MAX_FILE_BYTES", "MAX_TEXT_CHARS", "Article", "ArticleError",
    "CorpusStore", "article_from_text", "default_store_dir", "load_corpus", "read_article_bytes",
    "read_article_file", "read_jsonl", "safe_filename", "slugify",
]

BUNDLED_DIR = DATA_DIR / "articles"
ARTICLE_EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
}
# A news article is 5-50 kB.  Saved web pages carry much markup, hence the larger raw limit.
MAX_FILE_BYTES = 10_000_000
MAX_TEXT_CHARS = 2_000_000
MAX_JSONL_LINE_BYTES = 4 * MAX_TEXT_CHARS  # JSON escapes can inflate text up to ~4x
TITLE_MAX_CHARS = 120
SLUG_MAX_CHARS = 60
PASTED = "pasted"
_FRONT_MATTER_MAX_LINES = 40
_HTML_MAX_TAG_CHARS = 100_000
_LATIN_CODECS = frozenset({
    "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "cp437", "cp850", "cp852", "cp858", "latin_1", "iso8859_2",
    "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish"})
_LEGACY_ENCODING = "cp1252"  # Windows Western European: what French and English legacy files use

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt document)"), (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "a program"), (b"MZ", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"), (b"{\\rtf", "an RTF document"),
    (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"), (b"RIFF", "a media file"),
)
# C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape; and DEL.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
# Characters removed from text: C0/C1 controls except tab/newline.  Bidi controls are only removed from
# one-line metadata (titles, sources), where they could disguise what is displayed.
_TEXT_DROP = {c: None for c in (*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0))}
_BIDI_CONTROLS = {c: None for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_WS = re.compile(r"\s+")  # one simple class, linear
_BLANK_RUNS = re.compile(r"\n{3,}")


class ArticleError(ValueError):
    """An article could not be read; the message says what is wrong and what to do, for the user to read."""


@dataclass(frozen=True)
class Article:
    """One article as plain text with its metadata.  ``text`` is what mention offsets refer to."""

    id: str
    title: str
    date: date | None
    source: str
    text: str
    origin: str  # file name, or "pasted"
    language: str = ""  # "en", "fr" or "" when unsure

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the text: two articles with the same text are the same article."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def words(self) -> int:
        return len(self.text.split())


# ---------------------------------------------------------------- small text helpers


def slugify(value: str, max_chars: int = SLUG_MAX_CHARS) -> str:
    """ASCII slug [a-z0-9-], at most `max_chars`, never empty.

    >>> slugify("Les autorités nigériennes / ../etc")
    'les-autorites-nigeriennes-etc'
    """
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    out: list[str] = []
    for ch in ascii_text[: max_chars * 4]:  # bounded: only the head can end up in the slug
        out.append(ch if ch.isalnum() else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)[:max_chars].strip("-")
    return slug or "article"


def _one_line(value: str, max_chars: int = TITLE_MAX_CHARS) -> str:
    """Metadata shown on one line: no controls, no bidi overrides, collapsed spaces, trimmed with an ellipsis."""
    value = unicodedata.normalize("NFC", value[: max_chars * 8]).translate(_TEXT_DROP).translate(_BIDI_CONTROLS)
    value = _WS.sub(" ", value).strip()
    return value if len(value) <= max_chars else value[: max_chars - 1].rstrip() + "…"


def _clean_text(text: str) -> str:
    """Newlines to "\\n", NFC, control characters removed, surrounding blank space stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).translate(_TEXT_DROP).strip()


def _first_line(text: str) -> str:
    for line in text.split("\n", 50)[:50]:  # bounded split: a 5 MB single line is not copied 50 times
        if line.strip():
            return _one_line(line.lstrip("#> ").strip())
    return ""


def _parse_date(value: object) -> date | None:
    """ISO date or date-time ("2024-01-28", "2024-01-28T10:00:00Z"); anything else gives None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    value = value.strip().strip("'\"")[:40]
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


_FR_WORDS = frozenset("le la les des du de et est une dans pour que qui sur au aux avec sont ont été".split())
_EN_WORDS = frozenset("the and of to in is was for on that with by are from has have were".split())


def guess_language(text: str) -> str:
    """Guess "fr", "en" or "" by counting frequent function words in the first 20,000 characters."""
    words = text[:20_000].lower().split()
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if fr + en < 5:
        return ""
    return "fr" if fr > 1.5 * en else "en" if en > 1.5 * fr else ""


def _check_text_size(text: str, name: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(
            f"{name} contains {len(text):,} characters of text; the limit is {MAX_TEXT_CHARS:,} characters "
            "(about 300,000 words) per article. Split it into several articles.")


def _check_file_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise ArticleError(
            f"{name} is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB per file. "
            "Save only the article's text, or split it into several files.")


def _display_name(name: str) -> str:
    """The base name of an upload, safe to show (a browser may send a path or odd characters)."""
    return _one_line(name.replace("\\", "/").rsplit("/", 1)[-1], 200) or "unnamed file"


# ---------------------------------------------------------------- decoding


class _FallbackLog:
    """Text produced by the legacy fallback during one decode, to judge whether the guess was plausible."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.chars: list[str] = []


_fallback_log: contextvars.ContextVar[_FallbackLog] = contextvars.ContextVar("sahel_corpus_fallback")


def _legacy_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode the bytes that are not UTF-8 with the legacy encoding of this decode."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    log = _fallback_log.get()
    chunk = error.object[error.start:error.end]
    try:
        text = chunk.decode(log.encoding)
    except UnicodeDecodeError:
        text = chunk.decode("latin-1")  # bytes undefined in cp1252 become C1 controls: judged implausible below
    log.chars.append(text)
    return text, error.end


codecs.register_error("sahel_corpus_legacy", _legacy_fallback)


def _binary_kind(data: bytes) -> str | None:
    """What the bytes look like if they are not text, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:65_536]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(head) // 100):
        return "binary data (it is full of control characters)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM (every other byte NUL, as with ASCII-range text), else None."""
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    odd_nuls, even_nuls = head[1::2].count(0), head[0::2].count(0)
    half = len(head) // 2
    codec = "utf-16-le" if odd_nuls > 0.6 * half and even_nuls == 0 else \
        "utf-16-be" if even_nuls > 0.6 * half and odd_nuls == 0 else None
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s{0,5}=\s{0,5}["']?\s{0,5}([A-Za-z0-9_.:-]{1,40})""", re.I)


def _declared_legacy_encoding(data: bytes, kind: str) -> str:
    """The legacy encoding to fall back on: an HTML page's declared charset if usable, else cp1252."""
    if kind == "html":
        match = _HTML_CHARSET.search(data[:4096])
        if match:
            try:
                name = codecs.lookup(match.group(1).decode("ascii")).name
            except LookupError:
                name = ""
            if name and not name.startswith(("utf", "ascii")) and name != "latin-1":
                return name  # latin-1 declarations are really cp1252, as browsers treat them
    return _LEGACY_ENCODING


def _implausible(fallback: str, text: str) -> bool:
    """True when the legacy fallback produced what looks like a wrong guess (controls, or mostly non-ASCII)."""
    if any("\x80" <= ch <= "\x9f" for ch in fallback):
        return True
    letters = sum(ch.isalpha() for ch in text)
    return len(fallback) > 20 and len(fallback) > 0.3 * max(letters, 1)


def decode_text(data: bytes, name: str, kind: str = "text") -> str:
    """Bytes to str.  UTF-8 (with/without BOM), UTF-16/32 with BOM, else UTF-8 with a per-sequence legacy fallback.

    Raises ArticleError for binary data or when no plausible decoding exists.

    >>> decode_text("Niamey, le 22 décembre".encode("cp1252") + "\\nà Gao".encode("utf-8"), "x.txt")
    'Niamey, le 22 décembre\\nà Gao'
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom) and codec != "utf-8-sig":
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    f"{name} starts like {codec.upper()} text but is damaged at byte {exc.start:,}. "
                    "Save it again as UTF-8 and retry.") from None
        if data.startswith(bom):
            data = data[len(bom):]
            break
    kind_of_binary = _binary_kind(data)
    if kind_of_binary is not None:
        utf16 = _utf16_without_bom(data) if kind_of_binary.startswith("binary data (it contains NUL") else None
        if utf16 is not None:
            return utf16
        raise ArticleError(
            f"{name} is not a text file: it looks like {kind_of_binary}. "
            "Load the article as .txt, .md or .html (for a Word or PDF document, copy its text and paste it).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Why per byte sequence rather than per file: files assembled from several sources mix UTF-8 lines with
    # cp1252 ones; each valid UTF-8 sequence stays UTF-8 and only the invalid bytes are read as legacy text.
    log = _FallbackLog(_declared_legacy_encoding(data, kind))
    token = _fallback_log.set(log)
    try:
        text = data.decode("utf-8", errors="sahel_corpus_legacy")
    finally:
        _fallback_log.reset(token)
    if not _implausible("".join(log.chars), text):
        return text
    guessed = _guess_with_charset_normalizer(data)
    if guessed is not None:
        return guessed
    raise ArticleError(
        f"Could not tell how {name} is encoded (it is neither UTF-8 nor Western European text). "
        "Open it in a text editor, save it as UTF-8 and load it again.")


def _guess_with_charset_normalizer(data: bytes) -> str | None:
    """A whole-file guess for legacy encodings other than cp1252 (Cyrillic, Arabic...), or None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: without it, such files are refused with a clear message
        return None
    best = from_bytes(data[:1_000_000]).best()
    # Why refuse Latin-script guesses: cp1252 was already judged implausible, and a neighbouring Latin code page
    # (cp1250, mac_roman...) would only produce a different mojibake.
    if best is None or best.encoding in ("utf_8", "ascii") or best.encoding in _LATIN_CODECS:
        return None
    if best.coherence < 0.2 or best.chaos > 0.1:  # no recognisable language: a guess would be mojibake
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if any("\x80" <= ch <= "\x9f" for ch in text) else text


# ---------------------------------------------------------------- front matter


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``---`` / ``key: value`` lines / ``---`` at the very top -> (lower-cased keys -> values, the rest).

    Values in double quotes are read as JSON strings (how `CorpusStore` writes them).  No closing line within
    40 lines means there is no front matter.

    >>> split_front_matter('---\\ntitle: "A: b"\\ndate: 2024-07-06\\n---\\nBody')
    ({'title': 'A: b', 'date': '2024-07-06'}, 'Body')
    """
    if not text.startswith("---\n"):
        return {}, text
    head = text[4:].split("\n", _FRONT_MATTER_MAX_LINES + 1)
    meta: dict[str, str] = {}
    for index, line in enumerate(head[:_FRONT_MATTER_MAX_LINES]):
        if line.strip() in ("---", "..."):
            body = "\n".join(head[index + 1:]) if index + 1 < len(head) else ""
            return meta, body
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or len(line) > 4000:
            if line.strip():
                return {}, text  # not simple key: value lines: treat as ordinary text
            continue
        meta[key.strip().lower()] = _unquote(value.strip())
    return {}, text


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            loaded = json.loads(value)
            return loaded if isinstance(loaded, str) else value
        except json.JSONDecodeError:
            return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1]
    return value


# ---------------------------------------------------------------- HTML


_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "math",
                        "canvas", "select", "button"})
_RAW_TEXT_TAGS = ("script", "style")
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table",
                             "section", "article", "header", "footer", "main", "aside", "figure", "dl", "hr",
                             "address", "details", "form", "nav"})
_LINE_TAGS = frozenset({"br", "div", "li", "tr", "dt", "dd", "figcaption", "caption", "summary"})
_CELL_TAGS = frozenset({"td", "th"})
_DATE_META = ("article:published_time", "og:published_time", "date", "dc.date", "dc.date.issued",
              "datepublished", "pubdate", "publishdate", "sailthru.date")


def _find_end_tag(markup: str, tag: str, start: int) -> int:
    """Index of the next ``</tag`` (any case) at or after `start`, or -1.  Linear in the distance scanned."""
    index = start
    while True:
        index = markup.find("</", index)
        if index < 0 or markup[index + 2:index + 2 + len(tag)].lower() == tag:
            return index
        index += 2


def _defuse_html(markup: str) -> str:
    """Rewrite markup so that html.parser runs in linear time, without changing what a browser would show.

    Python 3.11's html.parser takes minutes on a few kB of unclosed tags ("<a <a <a ...").  Here, one pass:
    a "<" that opens no tag before the next "<" becomes "&lt;" (text); comments are removed; script/style bodies
    are skipped over whole; tags longer than 100,000 characters (embedded data) are dropped.
    """
    out: list[str] = []
    copied = index = 0
    length = len(markup)
    while True:
        lt = markup.find("<", index)
        if lt < 0 or lt + 1 >= length:
            break
        nxt = markup[lt + 1]
        if not ((nxt.isascii() and nxt.isalpha()) or nxt in "/!?"):
            index = lt + 1
            continue
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            out.append(markup[copied:lt])
            copied = index = length if end < 0 else end + 3  # an unclosed comment hides the rest, as in browsers
            continue
        following = markup.find("<", lt + 1)
        gt = markup.find(">", lt + 1, following if following >= 0 else length)
        if gt < 0:
            out.append(markup[copied:lt] + "&lt;")
            copied = index = lt + 1
            continue
        if gt - lt > _HTML_MAX_TAG_CHARS:
            out.append(markup[copied:lt] + " ")
            copied = index = gt + 1
            continue
        name = markup[lt + 1:gt].split(None, 1)[0].rstrip("/").lower() if gt > lt + 1 else ""
        if name in _RAW_TEXT_TAGS and not markup[gt - 1] == "/":
            end = _find_end_tag(markup, name, gt + 1)
            if end < 0:  # unclosed script: drop the rest rather than risk showing code
                out.append(markup[copied:lt])
                copied = index = length
                continue
            index = end
            continue
        index = gt + 1
    out.append(markup[copied:])
    return "".join(out)


class _TextExtractor(HTMLParser):
    """Collects visible text, the title and a few <meta> values; everything else is ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] | None = None
        self.first_h1 = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {key.lower(): (value or "") for key, value in attrs}
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"][:1000])
            return
        if tag == "title":
            self.in_title = True
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
            return
        if tag == "h1" and not self.first_h1 and self.h1_parts is None:
            self.h1_parts = []
        if tag == "pre":
            self.pre_depth += 1
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "h1" and self.h1_parts is not None:
            self.first_h1 = "".join(self.h1_parts)
            self.h1_parts = None
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        self._break(tag)

    def _break(self, tag: str) -> None:
        if self.skip_depth:
            return
        if tag in _PARAGRAPH_TAGS:
            self.parts.append("\n\n")
        elif tag in _LINE_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append("\t")

    def handle_data(self, data: str) -> None:
        if self.in_title:  # the title is metadata, not body text
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.h1_parts is not None:
            self.h1_parts.append(data)
        # Why collapse: in HTML, runs of white space (including newlines in the source) display as one space.
        self.parts.append(data if self.pre_depth else _WS.sub(" ", data))

    def text(self) -> str:
        lines = [line.strip(" \t") for line in "".join(self.parts).replace("\xa0", " ").split("\n")]
        return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML document (paragraphs separated by blank lines) and its metadata.

    Metadata keys: "title" (<title>, else the first <h1>), "date", "source" (og:site_name, else og:url).

    >>> html_to_text("<title>T</title><p>A &amp; B<script>alert(1)</script></p><p>C</p>")
    ('A & B\\n\\nC', {'title': 'T'})
    """
    parser = _TextExtractor()
    parser.feed(_defuse_html(markup))
    parser.close()
    meta: dict[str, str] = {}
    title = _one_line("".join(parser.title_parts)) or _one_line(parser.first_h1)
    if title:
        meta["title"] = title
    for key in _DATE_META:
        if parser.meta.get(key):
            meta["date"] = parser.meta[key]
            break
    source = parser.meta.get("og:site_name") or parser.meta.get("og:url") or ""
    if source:
        meta["source"] = source
    return parser.text(), meta


# ---------------------------------------------------------------- readers


def _build(text: str, meta: dict[str, str], *, article_id: str, origin: str, name: str) -> Article:
    text = _clean_text(text)
    _check_text_size(text, name)
    if not text:
        raise ArticleError(f"{name} contains no article text. Check that it is the right file.")
    language = meta.get("language", "").strip().lower()[:5]
    return Article(
        id=article_id,
        title=_one_line(meta.get("title", "")) or _first_line(text) or _one_line(origin),
        date=_parse_date(meta.get("date")),
        source=_one_line(meta.get("source", ""), 300),
        text=text,
        origin=origin,
        language=language if language in ("en", "fr") else guess_language(text),
    )


def read_article_bytes(data: bytes, name: str) -> Article:
    """One uploaded or read file (.txt, .md, .markdown, .html, .htm) -> Article.  Raises ArticleError.

    The id is the slug of the file name (front matter ``id:`` wins, as written by `CorpusStore`).
    """
    shown = _display_name(name)
    suffix = Path(shown).suffix.lower()
    kind = ARTICLE_EXTENSIONS.get(suffix)
    if kind is None:
        allowed = ", ".join(ARTICLE_EXTENSIONS)
        raise ArticleError(
            f"{shown}: files of type '{suffix or '(none)'}' are not supported. Load {allowed} files, "
            "or paste the article's text.")
    _check_file_size(len(data), shown)
    if not data.strip():
        raise ArticleError(f"{shown} is empty. Choose a file that contains the article's text.")
    raw = decode_text(data, shown, kind)
    if kind == "html":
        text, meta = html_to_text(raw)
    else:
        meta, text = split_front_matter(raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    # Front matter id/origin are what CorpusStore wrote: they keep a saved article's identity across restarts.
    article_id = _one_line(meta.get("id", ""), 200) or slugify(Path(shown).stem)
    origin = _one_line(meta.get("origin", ""), 200) or shown
    return _build(text, meta, article_id=article_id, origin=origin, name=shown)


def read_article_file(path: Path) -> Article:
    """A file on disk -> Article.  The size is checked with stat() before anything is read."""
    path = Path(path)
    if path.suffix.lower() not in ARTICLE_EXTENSIONS:
        return read_article_bytes(b"", path.name)  # raises the unsupported-type message
    try:
        _check_file_size(path.stat().st_size, path.name)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows meanwhile
    except OSError as exc:
        raise ArticleError(f"{path.name} could not be read ({exc.strerror or exc}). Check it exists and "
                           "is readable.") from None
    return read_article_bytes(data, path.name)


def article_from_text(text: str, title: str | None = None, date: date | str | None = None,
                      source: str = "", *, origin: str = PASTED) -> Article:
    """Pasted text -> Article with id ``pasted-<sha256 prefix>`` (the same text always gets the same id)."""
    if not isinstance(text, str):
        raise ArticleError("The pasted article must be text.")
    _check_text_size(text, "The pasted text")
    cleaned = _clean_text(text)
    if not cleaned:
        raise ArticleError("The pasted text is empty. Paste the article's text and try again.")
    digest = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    meta = {"title": title or "", "source": source or ""}
    article = _build(cleaned, meta, article_id=f"pasted-{digest[:12]}", origin=origin, name="The pasted text")
    return dataclasses.replace(article, date=_parse_date(date))


def _iter_article_paths(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_EXTENSIONS and p.is_file())
            # Why skip hidden files and README: editors' temp files and folder descriptions are not articles.
            yield from sorted(p for p in found if not p.name.startswith(".") and p.stem.upper() != "README")
        else:
            yield path


def load_corpus(paths: Iterable[Path]) -> tuple[list[Article], list[tuple[str, str]]]:
    """Files and folders (recursive, sorted, supported types only) -> (articles, [(path, error message)]).

    One bad file never stops the others.  Ids are made unique (``-<hash>`` suffix); a file whose text equals
    an earlier one is reported and skipped.
    """
    articles: list[Article] = []
    errors: list[tuple[str, str]] = []
    by_digest: dict[str, str] = {}
    ids: set[str] = set()
    for path in _iter_article_paths(paths):
        try:
            article = read_article_file(path)
        except ArticleError as exc:
            errors.append((str(path), str(exc)))
            continue
        if article.digest in by_digest:
            errors.append((str(path), f"Same text as {by_digest[article.digest]}; skipped."))
            continue
        by_digest[article.digest] = str(path)
        article = _unique_id(article, ids)
        ids.add(article.id)
        articles.append(article)
    return articles, errors


def _unique_id(article: Article, taken: set[str]) -> Article:
    if article.id not in taken:
        return article
    return dataclasses.replace(article, id=f"{article.id}-{article.digest[:8]}")


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
        handle = path.open("rb")
    except OSError as exc:
        return [], [(str(path), f"could not be read ({exc.strerror or exc}).")]
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
    _check_text_size(text, "this line")
    title = record.get("title")
    source = record.get("source") or record.get("url") or ""
    return Article(
        id=_one_line(str(raw_id), 200), text=text, origin=origin,
        title=_one_line(title) if isinstance(title, str) and title.strip() else _first_line(text),
        date=_parse_date(record.get("date")), source=_one_line(source, 300) if isinstance(source, str) else "",
        language=guess_language(text))


# ---------------------------------------------------------------- storage


def default_store_dir() -> Path:
    """Where user-added articles are saved: $SAHEL_CORPUS_DIR, else the XDG data folder."""
    if os.environ.get("SAHEL_CORPUS_DIR"):
        return Path(os.environ["SAHEL_CORPUS_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sahel-briefing-map" / "articles"


def safe_filename(article: Article) -> str:
    """A file name that cannot leave its folder: ASCII slug of the title + text hash + ".md".

    >>> safe_filename(article_from_text("x", title="../../etc/passwd"))[:-16]
    'etc-passwd'
    """
    return f"{slugify(article.title or article.id, 48)}-{article.digest[:12]}.md"


def _front_matter_file(article: Article) -> str:
    fields = {"id": article.id, "title": article.title, "date": article.date.isoformat() if article.date else "",
              "source": article.source, "origin": article.origin, "language": article.language}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + article.text + "\n"


class CorpusStore:
    """The dashboard's articles: bundled samples (read-only) plus those the user added (saved as Markdown).

    ``list()`` re-reads both folders, so a new instance (after a restart) sees every saved article.
    Adding an article whose text is already present returns the existing article and writes nothing.
    """

    def __init__(self, folder: Path | None = None, bundled: Path | None = BUNDLED_DIR) -> None:
        self.folder = Path(folder) if folder is not None else default_store_dir()
        self.bundled = Path(bundled) if bundled is not None else None
        self.errors: list[tuple[str, str]] = []  # files that could not be read at the last list()
        self._paths: dict[str, Path] = {}

    def list(self) -> list[Article]:
        """Bundled articles then added ones (each group sorted by file name); unreadable files go to `errors`."""
        bundled, errors = load_corpus([self.bundled]) if self.bundled and self.bundled.is_dir() else ([], [])
        articles = list(bundled)
        self._paths = {}
        seen_ids = {a.id for a in articles}
        seen_digests = {a.digest for a in articles}
        for path in self._added_files():
            try:
                article = read_article_file(path)
            except ArticleError as exc:
                errors.append((str(path), str(exc)))
                continue
            if article.digest in seen_digests:
                continue
            article = _unique_id(article, seen_ids)
            seen_ids.add(article.id)
            seen_digests.add(article.digest)
            self._paths[article.id] = path
            articles.append(article)
        self.errors = errors
        return articles

    def _added_files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir()
                      if p.suffix == ".md" and not p.name.startswith(".") and p.is_file())

    def add(self, article: Article) -> Article:
        """Save `article` (its id made unique if needed) and return it as stored; a duplicate text is not saved."""
        existing = self.list()
        for other in existing:
            if other.digest == article.digest:
                return other
        article = _unique_id(article, {a.id for a in existing})
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / safe_filename(article)
        # Why check again: the name is built from a slug, but the folder itself could be a symlink trap.
        if target.resolve().parent != self.folder.resolve():
            raise ArticleError("Could not save the article: unsafe file name. Rename the article and retry.")
        write_atomically(target, _front_matter_file(article))
        self._paths[article.id] = target
        return read_article_file(target)

    def remove(self, article_id: str) -> None:
        """Delete an added article.  Bundled samples are read-only; an unknown id raises ArticleError."""
        articles = {a.id: a for a in self.list()}
        if article_id not in articles:
            raise ArticleError(f"No article with id {_one_line(str(article_id), 80)!r}. Reload the list.")
        path = self._paths.get(article_id)
        if path is None:
            raise ArticleError("Bundled sample articles are read-only and cannot be removed.")
        path.unlink(missing_ok=True)
        del self._paths[article_id]

    def is_bundled(self, article_id: str) -> bool:
        """True for a bundled sample (as of the last `list()`)."""
        return article_id not in self._paths
