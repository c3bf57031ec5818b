"""What every export shares: the format names, the error, safe file names and atomic text writes.

>>> safe_export_name("Sahel / Liptako: ../etc", dt.date(2023, 9, 16), "gpkg")
'sahel-liptako-etc-2023-09-16.gpkg'
>>> try:
...     safe_export_name("x", dt.date(2023, 9, 16), "docx")
... except ValueError as exc:  # ExportError is a ValueError
...     print(exc)
unknown export format 'docx'; choose one of html, png, pdf, geojson, gpkg, kml, csv, events-csv, pptx
>>> safe_export_name("Sahel", dt.date(2023, 9, 16), "events-csv")
'sahel-2023-09-16-events.csv'
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from geo.files import write_atomically

__all__ = ["DATA_FORMATS", "DECK_FORMATS", "EVENTS_CSV", "FILE_SUFFIXES", "FORMATS", "PICTURE_FORMATS", "ExportError",
           "safe_export_name"]

PICTURE_FORMATS: tuple[str, ...] = ("png", "pdf")
EVENTS_CSV = "events-csv"  # the events table (geo.events); "csv" stays the mentions table
DATA_FORMATS: tuple[str, ...] = ("geojson", "gpkg", "kml", "csv", EVENTS_CSV)
DECK_FORMATS: tuple[str, ...] = ("pptx",)
FORMATS: tuple[str, ...] = ("html", *PICTURE_FORMATS, *DATA_FORMATS, *DECK_FORMATS)
# What a file of each format may be named: a PNG named map.html would open as garbage.
FILE_SUFFIXES: dict[str, tuple[str, ...]] = {
    "html": (".html", ".htm"), "png": (".png",), "pdf": (".pdf",), "geojson": (".geojson", ".json"),
    "gpkg": (".gpkg",), "kml": (".kml",), "csv": (".csv",), EVENTS_CSV: (".csv",), "pptx": (".pptx",),
}
# Formats that share a suffix tell their files apart by a tag before it.
_NAME_TAGS: dict[str, str] = {EVENTS_CSV: "-events"}
NAME_MAX_CHARS = 60


class ExportError(ValueError):
    """An export cannot be made as asked (bad format, or the HTML would fetch something)."""


def _check_format(fmt: str, allowed: Sequence[str] = FORMATS) -> str:
    if fmt not in allowed:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(allowed)}")
    return fmt


def safe_export_name(title: str, as_of: dt.date, fmt: str) -> str:
    """'<ascii-slug-of-title>-<YYYY-MM-DD>.<suffix>' (the format's first FILE_SUFFIXES, tagged when shared):
    no path separators, at most NAME_MAX_CHARS of slug."""
    _check_format(fmt)
    ascii_text = unicodedata.normalize("NFKD", str(title)).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text[: NAME_MAX_CHARS * 4])
    slug = "-".join(words)[:NAME_MAX_CHARS].strip("-") or "sahel-briefing-map"
    return f"{slug}-{as_of.isoformat()}{_NAME_TAGS.get(fmt, '')}{FILE_SUFFIXES[fmt][0]}"


def _write_text(path: Path, text: str) -> Path:
    """Write ``text`` atomically (a temporary file in the target folder, then ``os.replace``)."""
    write_atomically(Path(path), text)
    return Path(path)


def _plain(markup: str) -> str:
    """Text of a small HTML fragment (the attribution line)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))
