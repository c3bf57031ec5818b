"""The article model and the small text rules every reader shares: cleaning, one-line metadata, dates, slugs,
language guessing and size limits.

``Article.text`` is what the geoparser reads and what mention offsets refer to.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from slugify import slugify as _library_slugify

__all__ = [
    "MAX_FILE_BYTES", "MAX_TEXT_CHARS", "PASTED", "Article", "ArticleError", "check_file_size", "check_text_size",
    "check_encodable", "clean_text", "dateline_date", "display_name", "first_line", "guess_language", "one_line",
    "parse_date", "slugify",
]

# A news article is 5-50 kB.  Saved web pages carry much markup, hence the larger raw limit.
MAX_FILE_BYTES = 10_000_000
MAX_TEXT_CHARS = 2_000_000
TITLE_MAX_CHARS = 120
SLUG_MAX_CHARS = 60
PASTED = "pasted"
# Characters removed from text: C0/C1 controls except tab/newline.  Bidi controls are only removed from
# one-line metadata (titles, sources), where they could disguise what is displayed.
_TEXT_DROP = {c: None for c in (*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0))}
_BIDI_CONTROLS = {c: None for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_WS = re.compile(r"\s+")  # one simple class, linear


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


def slugify(value: str, max_chars: int = SLUG_MAX_CHARS) -> str:
    """ASCII slug [a-z0-9-], at most `max_chars`, never empty; other scripts are transliterated.

    >>> slugify("Les autorités nigériennes / ../etc"), slugify("Нигер"), slugify("../")
    ('les-autorites-nigeriennes-etc', 'niger', 'article')
    """
    # Bounded input: only the head can end up in the slug, and the library runs several passes over it.
    return _library_slugify(value[: max_chars * 4], max_length=max_chars) or "article"


def one_line(value: str, max_chars: int = TITLE_MAX_CHARS) -> str:
    """Metadata shown on one line: no controls, no bidi overrides, collapsed spaces, trimmed with an ellipsis."""
    value = unicodedata.normalize("NFC", value[: max_chars * 8]).translate(_TEXT_DROP).translate(_BIDI_CONTROLS)
    value = _WS.sub(" ", value).strip()
    return value if len(value) <= max_chars else value[: max_chars - 1].rstrip() + "…"


def clean_text(text: str) -> str:
    """Newlines to "\\n", NFC, control characters removed, surrounding blank space stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).translate(_TEXT_DROP).strip()


def first_line(text: str) -> str:
    """The first non-blank line as a title (Markdown heading and quote marks removed)."""
    for line in text.split("\n", 50)[:50]:  # bounded split: a 5 MB single line is not copied 50 times
        if line.strip():
            return one_line(line.lstrip("#> ").strip())
    return ""


def parse_date(value: object) -> date | None:
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


_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan", "janvier", "janv"), ("february", "feb", "février", "fevrier", "févr", "fevr"),
    ("march", "mar", "mars"), ("april", "apr", "avril", "avr"), ("may", "mai"), ("june", "jun", "juin"),
    ("july", "jul", "juillet", "juil"), ("august", "aug", "août", "aout"),
    ("september", "sep", "sept", "septembre"), ("october", "oct", "octobre"),
    ("november", "nov", "novembre"), ("december", "dec", "décembre", "decembre", "déc")), start=1)
    for name in names}
_MONTH = r"(?P<month>[A-Za-zéèûô]{3,9})\.?"
# A dateline opens a line: a place in capitals, optionally "(AFP)", a comma, then the date ("14 March 2025",
# "3 mars 2025", "le 1er juin 2024", "March 14, 2025").  Bounded: only the first lines are searched.
_DATELINE = re.compile(
    r"^[ \t]*[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{1,40}(?:\s*\([^()\n]{1,20}\))?,\s*(?:le\s+)?(?:"
    rf"(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>\d{{4}})"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>\d{{4}}))", re.M)


def dateline_date(text: str) -> date | None:
    """The date of a news dateline near the top of `text`, or None.

    >>> dateline_date("BAMAKO, 14 March 2025 — Troops..."), dateline_date("NIAMEY, 3 mars 2025 (AFP) - Les...")
    (datetime.date(2025, 3, 14), datetime.date(2025, 3, 3))
    >>> dateline_date("OUAGADOUGOU (Reuters), March 4, 2024 - ..."), dateline_date("Gao, 3 mars 2025")
    (datetime.date(2024, 3, 4), None)
    """
    match = _DATELINE.search(text[:1000])
    if match is None:
        return None
    month = _MONTHS.get((match["month"] or match["month2"]).lower())
    day, year = int(match["day"] or match["day2"]), int(match["year"] or match["year2"])
    try:
        return date(year, month, day) if month else None
    except ValueError:  # "31 février"
        return None


_FR_WORDS = frozenset("le la les des du de et est une dans pour que qui sur au aux avec sont ont été".split())
_EN_WORDS = frozenset("the and of to in is was for on that with by are from has have were".split())


def guess_language(text: str) -> str:
    """Guess "fr", "en" or "" by counting frequent function words in the first 20,000 characters."""
    words = text[:20_000].lower().split()
    fr = sum(map(_FR_WORDS.__contains__, words))  # map: the membership tests run without a Python frame each
    en = sum(map(_EN_WORDS.__contains__, words))
    if fr + en < 5:
        return ""
    return "fr" if fr > 1.5 * en else "en" if en > 1.5 * fr else ""


def check_text_size(text: str, name: str) -> None:
    """Raise ArticleError when `text` is longer than one article may be."""
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(
            f"{name} contains {len(text):,} characters of text; the limit is {MAX_TEXT_CHARS:,} characters "
            "(about 300,000 words) per article. Split it into several articles.")


def check_file_size(size: int, name: str) -> None:
    """Raise ArticleError when a file of `size` bytes is larger than one article's file may be."""
    if size > MAX_FILE_BYTES:
        raise ArticleError(
            f"{name} is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB per file. "
            "Save only the article's text, or split it into several files.")


def check_encodable(text: str, name: str) -> None:
    """Raise ArticleError for text that cannot be stored as UTF-8 (a lone surrogate, e.g. JSON's "\\ud800")."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ArticleError(
            f"{name} contains an invalid character ({text[exc.start]!r} at position {exc.start:,}: half of a "
            "UTF-16 pair, which no text file can hold). Remove it, or copy the text again from its source."
        ) from None


def display_name(name: str) -> str:
    """The base name of an upload, safe to show (a browser may send a path or odd characters).

    A long name is shortened in its stem, never in its extension, which says how the file is read.

    >>> display_name("uploads/" + "x" * 300 + ".md")[-6:]
    'xx….md'
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if dot and stem and 0 < len(extension) <= 10:
        return (one_line(stem, 190) or "unnamed file") + "." + one_line(extension, 10)
    return one_line(base, 200) or "unnamed file"
