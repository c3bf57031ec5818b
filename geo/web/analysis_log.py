"""What the geoparser and the event coder found in each saved article, kept on disk beside the articles.

A new server process would otherwise parse every stored article before its first map (minutes at 10,000
articles).  Each article's mention records (or events) are appended, once, as one JSON line
``{"key": [...], "items": [...]}`` to ``<store folder>/.analyses/<fingerprint>.<kind>.jsonl``, where the key
is `geo.web.mention_cache.article_key` (id, title, date, source, text digest: an edited article is a new
key) and the fingerprint hashes the code and gazetteer that make mentions and events, so a new version of
either parses again instead of showing stale results.  The log is a cache: a line that cannot be read (a
save killed half way, a hand edit) is skipped and that article parsed again; later lines win; logs of other
fingerprints are removed.
"""

from __future__ import annotations

import dataclasses
import fcntl
import functools
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from geo.events.model import Event, EventPlace
from geo.files import write_atomically
from geo.resources import GAZETTEER_DIR

__all__ = ["AnalysisLog", "code_fingerprint", "event_from_dict"]

ArticleKey = tuple[str, str, str, str, str]
_PACKAGE = Path(__file__).resolve().parent.parent
_MAX_LINE_BYTES = 64 * 1024 * 1024  # a longer line is not ours: skipped unread


@functools.cache
def code_fingerprint() -> str:
    """A short hash of what decides an article's mentions and events: the text, geoparse and events code and
    the gazetteer files."""
    digest = hashlib.sha256()
    sources = [*sorted((_PACKAGE / "text").glob("*.py")), *sorted((_PACKAGE / "geoparse").glob("*.py")),
               *sorted((_PACKAGE / "events").glob("*.py")), *sorted(p for p in GAZETTEER_DIR.rglob("*") if p.is_file())]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def event_from_dict(record: dict[str, Any]) -> Event:
    """The Event that `dataclasses.asdict` made ``record`` of (lists back to tuples)."""
    fields = dict(record)
    fields["places"] = tuple(EventPlace(**place) for place in fields.get("places", ()))
    for name in ("actors", "triggers", "sources", "rules"):
        fields[name] = tuple(fields.get(name, ()))
    return Event(**fields)


def event_to_dict(event: Event) -> dict[str, Any]:
    return dataclasses.asdict(event)


KINDS = ("mentions", "events")


class AnalysisLog:
    """``read()`` the analyses of one kind ("mentions": lists of mention records, "events": lists of Events)
    saved so far, ``append(key, items)`` one article's; ``compact(entries)`` rewrites the log with only
    those.  Safe across threads and processes (an exclusive lock per append)."""

    def __init__(self, store_folder: Path, kind: str, fingerprint: str | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        self.kind = kind
        self.folder = Path(store_folder) / ".analyses"
        self.fingerprint = fingerprint or code_fingerprint()
        self.path = self.folder / f"{self.fingerprint}.{kind}.jsonl"
        self.lines = 0  # lines read by the last read() (kept and skipped), for deciding on compaction
        self.skipped = 0  # lines that could not be read at the last read()
        self._lock = threading.Lock()

    def read(self) -> dict[ArticleKey, list[Any]]:
        """{key: items} from the log (empty if there is none).  Logs of other fingerprints are removed."""
        found: dict[ArticleKey, list[Any]] = {}
        self._remove_other_versions()
        self.lines = self.skipped = 0
        try:
            handle = self.path.open("rb")
        except OSError:
            return found
        with handle:
            for raw in handle:
                self.lines += 1
                entry = self._entry(raw)
                if entry is None:
                    self.skipped += 1
                    continue
                found[entry[0]] = entry[1]
        return found

    def _entry(self, raw: bytes) -> tuple[ArticleKey, list[Any]] | None:
        if len(raw) > _MAX_LINE_BYTES or not raw.endswith(b"\n"):  # unfinished: its save was killed
            return None
        try:
            entry = json.loads(raw)
            key = tuple(entry["key"])
            if len(key) != 5 or not all(isinstance(part, str) for part in key):
                return None
            items = entry["items"]
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                return None
            if self.kind == "mentions" and not all(_is_mention_record(item) for item in items):
                return None
            return key, [event_from_dict(item) for item in items] if self.kind == "events" else items  # type: ignore
        except (ValueError, TypeError, KeyError, RecursionError, AttributeError):
            pass
        return None

    def _line(self, key: ArticleKey, items: list[Any]) -> bytes:
        values = [event_to_dict(event) for event in items] if self.kind == "events" else items
        text = json.dumps({"key": list(key), "items": values}, ensure_ascii=False, default=_plain)
        return text.encode("utf-8", "replace") + b"\n"

    def append(self, key: ArticleKey, items: list[Any]) -> None:
        """Add one article's mention records or Events.  A log that cannot be written (read-only folder, full
        disk) is left alone: the analysis is still in memory."""
        line = self._line(key, items)
        with self._lock:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                with self.path.open("ab") as handle:
                    fcntl.flock(handle, fcntl.LOCK_EX)
                    try:
                        if handle.tell() and not _ends_with_newline(self.path):
                            handle.write(b"\n")  # a killed save left half a line: do not glue onto it
                        handle.write(line)
                        handle.flush()
                    finally:
                        fcntl.flock(handle, fcntl.LOCK_UN)
            except OSError:
                pass

    def compact(self, entries: dict[ArticleKey, list[Any]]) -> None:
        """Rewrite the log with only ``entries`` (one atomic replace; another process's append made meanwhile
        may be lost, and that article parsed again: the log is a cache)."""
        lines = [self._line(key, items) for key, items in entries.items()]
        with self._lock:
            try:
                write_atomically(self.path, b"".join(lines))
            except OSError:
                return
        self.lines, self.skipped = len(lines), 0

    def _remove_other_versions(self) -> None:
        try:
            others = [path for path in self.folder.glob(f"*.{self.kind}.jsonl")
                      if not path.name.startswith(f"{self.fingerprint}.")]
        except OSError:
            return
        for path in others:
            try:
                path.unlink()
            except OSError:
                pass


def _is_mention_record(item: dict[str, Any]) -> bool:
    """Enough of a mention record for the table (a hand-edited line may be anything)."""
    return (isinstance(item.get("start"), int) and isinstance(item.get("end"), int)
            and isinstance(item.get("surface"), str) and isinstance(item.get("article"), str)
            and all(item.get(axis) is None or isinstance(item.get(axis), (int, float)) for axis in ("lat", "lon")))


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _plain(value: object) -> object:
    """What json cannot write natively (numpy numbers in records) as plain Python."""
    if hasattr(value, "item"):
        return value.item()  # type: ignore[attr-defined]
    return str(value)
