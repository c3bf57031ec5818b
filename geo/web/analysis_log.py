"""What the geoparser and the event coder found in the saved articles, kept on disk beside them.

A new server process would otherwise parse every stored article before its first map (minutes at 10,000
articles).  Both files live in ``<store folder>/.analyses/`` and are named by a fingerprint that hashes the
code and gazetteer that make them (mentions: text, geoparse, gazetteer; events: those and the events code),
so a new version parses or codes again instead of showing stale results; files of other fingerprints are removed.  Both are caches: whatever is wrong with them, the
articles are parsed again, never shown wrong.

- ``<fingerprint>.mentions.parquet`` (`MentionSnapshot`): the mentions table of every stored article, one
  row per mention with its article's key (KEY_COLUMN), written whole and atomically now and then.  Columnar,
  because at 10,000 articles the rows number in the 100,000s (JSON lines of them took 11 s to load).
- ``<fingerprint>.events.jsonl`` (`EventLog`): each article's events appended, once, as one JSON line
  ``{"key": [...], "items": [...]}``, where the key is `geo.web.mention_cache.article_key` (id, title, date,
  source, text digest: an edited article is a new key).  A line that cannot be read (a save killed half
  way, a hand edit) is skipped and that article coded again; later lines win.
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

import pandas as pd

from geo.events.model import Event, EventPlace
from geo.files import atomic_path
from geo.resources import GAZETTEER_DIR

__all__ = ["EventLog", "KEY_COLUMN", "MentionSnapshot", "code_fingerprint", "event_from_dict"]

KEY_COLUMN = "_article_key"  # the mention rows' article key (geo.web.mention_cache.key_text)

ArticleKey = tuple[str, str, str, str, str]
_PACKAGE = Path(__file__).resolve().parent.parent
_MAX_LINE_BYTES = 64 * 1024 * 1024  # a longer line is not ours: skipped unread


@functools.cache
def code_fingerprint(events: bool = False) -> str:
    """A short hash of what decides an article's mentions (the text and geoparse code, the gazetteer files)
    and, with ``events``, its events too (the events code as well)."""
    digest = hashlib.sha256()
    stages = ("text", "geoparse", "events") if events else ("text", "geoparse")
    sources = [path for stage in stages for path in sorted((_PACKAGE / stage).glob("*.py"))]
    sources += sorted(path for path in GAZETTEER_DIR.rglob("*") if path.is_file())
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


class EventLog:
    """``read()`` the events saved so far, per article key; ``append(key, events)`` one article's.  Safe
    across threads and processes (an exclusive lock per append).  It grows by one line per article version
    coded (edits are rare: the dashboard adds and removes articles, it does not edit them)."""

    def __init__(self, store_folder: Path, fingerprint: str | None = None) -> None:
        self.folder = Path(store_folder) / ".analyses"
        self.fingerprint = fingerprint or code_fingerprint(events=True)
        self.path = self.folder / f"{self.fingerprint}.events.jsonl"
        self.skipped = 0  # lines that could not be read at the last read()
        self._lock = threading.Lock()

    def read(self) -> dict[ArticleKey, list[Event]]:
        """{key: events} from the log (empty if there is none).  Logs of other fingerprints are removed."""
        found: dict[ArticleKey, list[Event]] = {}
        _remove_other_versions(self.folder, self.fingerprint, ".events.jsonl")
        self.skipped = 0
        try:
            handle = self.path.open("rb")
        except OSError:
            return found
        with handle:
            for raw in handle:
                entry = self._entry(raw)
                if entry is None:
                    self.skipped += 1
                    continue
                found[entry[0]] = entry[1]
        return found

    @staticmethod
    def _entry(raw: bytes) -> tuple[ArticleKey, list[Event]] | None:
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
            return key, [event_from_dict(item) for item in items]  # type: ignore[return-value]
        except (ValueError, TypeError, KeyError, RecursionError, AttributeError):
            pass
        return None

    @staticmethod
    def _line(key: ArticleKey, events: list[Event]) -> bytes:
        values = [event_to_dict(event) for event in events]
        text = json.dumps({"key": list(key), "items": values}, ensure_ascii=False, default=_plain)
        return text.encode("utf-8", "replace") + b"\n"

    def append(self, key: ArticleKey, events: list[Event]) -> None:
        """Add one article's events.  A log that cannot be written (read-only folder, full disk) is left
        alone: the events are still in memory."""
        line = self._line(key, events)
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


class MentionSnapshot:
    """The mention rows (geo.geoparse.table.COLUMNS + KEY_COLUMN) of the stored articles as one Parquet file:
    ``read()`` them (None when there are none or they cannot be trusted), ``write(rows)`` them all."""

    def __init__(self, store_folder: Path, fingerprint: str | None = None) -> None:
        self.folder = Path(store_folder) / ".analyses"
        self.fingerprint = fingerprint or code_fingerprint()
        self.path = self.folder / f"{self.fingerprint}.mentions.parquet"

    def read(self) -> pd.DataFrame | None:
        _remove_other_versions(self.folder, self.fingerprint, ".mentions.parquet")
        try:
            rows = pd.read_parquet(self.path)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a cache: whatever is wrong with the file, parse again
            return None
        return rows if _are_mention_rows(rows) else None

    def write(self, rows: pd.DataFrame) -> bool:
        """True once written; False (and nothing changed) when the folder cannot take it."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with atomic_path(self.path, ".parquet") as temporary:
                rows.reset_index(drop=True).to_parquet(temporary, index=False)
        except (OSError, ValueError, TypeError):  # a read-only folder, a full disk, a value Arrow refuses
            return False
        return True


def _are_mention_rows(rows: pd.DataFrame) -> bool:
    """Enough of the mentions table for the map (a hand-made or damaged file may hold anything)."""
    from geo.geoparse.table import COLUMNS

    if list(rows.columns) != [*COLUMNS, KEY_COLUMN]:
        return False
    numeric, integer = pd.api.types.is_numeric_dtype, pd.api.types.is_integer_dtype
    return (all(numeric(rows[axis]) for axis in ("lat", "lon", "confidence"))
            and integer(rows["start"]) and integer(rows["end"])
            and all(pd.api.types.is_string_dtype(rows[c]) or rows[c].isna().all() for c in ("surface", KEY_COLUMN)))


def _remove_other_versions(folder: Path, fingerprint: str, suffix: str) -> None:
    """Files of an older (or newer) version of the parser: never read again."""
    try:
        others = [path for path in folder.glob(f"*{suffix}") if not path.name.startswith(f"{fingerprint}.")]
    except OSError:
        return
    for path in others:
        try:
            path.unlink()
        except OSError:
            pass


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _plain(value: object) -> object:
    """What json cannot write natively (numpy numbers in records) as plain Python."""
    if hasattr(value, "item"):
        return value.item()  # type: ignore[attr-defined]
    return str(value)
