"""The archive folder on disk: where each file goes, the lock, staging and the commit.

    ARCHIVE/archive.json                       what this folder is (a build refuses other non-empty folders)
    ARCHIVE/articles/part-RUN-PPPPP-CCC.parquet      one row per article (its content hash is the key)
    ARCHIVE/mentions/month=YYYY-MM/part-RUN-month.parquet   GeoParquet, one row per mention, a file per run
                                               (a few: a run merges a month's earlier files into its own)
    ARCHIVE/rejects.jsonl                      every run's unreadable records, with their reasons
    ARCHIVE/.staging/RUN/...                   a run's new files, before they are committed
    ARCHIVE/.lock                              held (flock) by the one build that may write

A run writes only inside its staging folder; `commit` first writes a manifest of the staged files (and of
the archive files they replace: earlier runs' month files merged into this run's), then renames each into
place, then removes the replaced ones.  Killed before the manifest: `recover` (at the start of the next
build) deletes the staging folder, and the archive is exactly as before.  Killed during the renames or the
removals: `recover` finishes them, so a commit, once started, always completes (a query running during a
commit that merges may count a merged month twice for that moment; the next query is right).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from geo.files import write_atomically

MARKER = "archive.json"
STAGING = ".staging"
MANIFEST = "COMMIT.json"
REJECTS = "rejects.jsonl"
FORMAT = {"format": "sahel-briefing-map archive", "version": 1}


class ArchiveError(ValueError):
    """The folder cannot be used as an archive (not one, or busy); the message says why."""


def check_archive_folder(archive: Path, *, create: bool) -> Path:
    """`archive` if it is an archive (or, with `create`, an empty or missing folder that can become one)."""
    archive = Path(archive)
    if (archive / MARKER).is_file():
        return archive
    if not create:
        raise ArchiveError(f"{archive} is not an archive (no {MARKER}); build one with `python -m geo archive build`")
    if archive.exists() and not archive.is_dir():
        raise ArchiveError(f"{archive} exists and is not a folder")
    if archive.is_dir() and any(archive.iterdir()):
        raise ArchiveError(f"{archive} is a non-empty folder that is not an archive; choose an empty or new folder")
    if not archive.parent.is_dir():
        raise ArchiveError(f"the folder {archive.parent} does not exist; create it first")
    return archive


def initialise(archive: Path) -> None:
    archive.mkdir(exist_ok=True)
    if not (archive / MARKER).is_file():
        write_atomically(archive / MARKER, json.dumps(FORMAT) + "\n")


@contextmanager
def locked(archive: Path) -> Iterator[None]:
    """Hold the archive's write lock (one build at a time), or ArchiveError if another build holds it."""
    with open(archive / ".lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ArchiveError(f"another build is writing to {archive}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_staging(archive: Path) -> Path:
    """A fresh staging folder for one run; its name (sortable, unique) prefixes the run's file names."""
    run = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:6]}"
    staging = archive / STAGING / run
    (staging / "articles").mkdir(parents=True)
    (staging / "mentions").mkdir()
    return staging


def staged_files(staging: Path) -> list[str]:
    """The staged data files, relative to the staging folder, sorted."""
    found = [p for p in staging.rglob("*") if p.is_file() and p.name != MANIFEST]
    return sorted(str(p.relative_to(staging)) for p in found)


def _move_into_place(archive: Path, staging: Path, files: list[str], replaced: list[str]) -> None:
    for relative in files:
        source = staging / relative
        if not source.exists():  # moved by an earlier, interrupted commit
            continue
        target = archive / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    for relative in replaced:  # their rows are in the files just moved in
        (archive / relative).unlink(missing_ok=True)
    shutil.rmtree(staging)


def commit(archive: Path, staging: Path, replaced: Sequence[str] = ()) -> list[str]:
    """Move the staged files into the archive and remove the ``replaced`` ones (see the module docstring);
    return the files moved in."""
    files = staged_files(staging)
    manifest = {"add": files, "remove": sorted(replaced)}
    write_atomically(staging / MANIFEST, json.dumps(manifest))  # from here on, the commit rolls forward
    _move_into_place(archive, staging, files, manifest["remove"])
    return files


def recover(archive: Path) -> list[str]:
    """Clean up after runs that were killed (call with the lock held): finish the commits that had started,
    delete the rest.  Returns one line per staging folder found, for the log."""
    done = []
    root = archive / STAGING
    for staging in sorted(root.iterdir()) if root.is_dir() else []:
        manifest = staging / MANIFEST
        if manifest.is_file():
            planned = json.loads(manifest.read_text(encoding="utf-8"))
            if isinstance(planned, list):  # written by a version that never removed files
                planned = {"add": planned, "remove": []}
            _move_into_place(archive, staging, planned["add"], planned["remove"])
            done.append(f"finished the interrupted commit of run {staging.name}")
        else:
            shutil.rmtree(staging, ignore_errors=True)
            done.append(f"removed the staging folder of unfinished run {staging.name}")
    return done


class KnownHashes:
    """The content hashes of the articles already in an archive, as a sorted array of their first 24 hex
    digits (96 bits): 24 bytes an article instead of ~110 for a Python string in a set, so 10 million fit in
    240 MB on the client and on every worker it is sent to.  ``digest in known`` is a binary search; the
    chance that a new article's prefix equals one of 10 million known ones is about 10^-22 per article.

    >>> known = KnownHashes.of(["ab" * 32, "cd" * 32])
    >>> "ab" * 32 in known, "ef" * 32 in known, len(known)
    (True, False, 2)
    """

    PREFIX = 24

    def __init__(self, prefixes: np.ndarray) -> None:
        self._prefixes = prefixes  # sorted, unique, dtype S24

    @classmethod
    def of(cls, digests: Iterable[str] | np.ndarray) -> KnownHashes:
        return cls(np.unique(np.asarray(list(digests) if not isinstance(digests, np.ndarray) else digests,
                                        dtype=f"S{cls.PREFIX}")))

    def __contains__(self, digest: object) -> bool:
        if not isinstance(digest, str) or not self._prefixes.size:
            return False
        key = np.array(digest[:self.PREFIX], dtype=f"S{self.PREFIX}")
        at = int(np.searchsorted(self._prefixes, key))
        return at < self._prefixes.size and self._prefixes[at] == key

    def __len__(self) -> int:
        return int(self._prefixes.size)


def existing_hashes(archive: Path) -> KnownHashes:
    """The content hashes of the articles already in the archive (read column-wise, never as Python strings
    one by one)."""
    import pyarrow.parquet as pq

    parts = [pq.read_table(path, columns=["article_hash"]).column(0).to_numpy(zero_copy_only=False)
             .astype(f"S{KnownHashes.PREFIX}") for path in sorted((archive / "articles").glob("*.parquet"))]
    return KnownHashes(np.unique(np.concatenate(parts)) if parts else np.array([], dtype=f"S{KnownHashes.PREFIX}"))


def stamp(archive: Path) -> str:
    """A short text that changes whenever a commit adds files (the month folders' and articles/' mtimes):
    a cache key for query results, cheap even for thousands of files."""
    parts = []
    for folder in [archive / "articles", *sorted((archive / "mentions").glob("month=*"))]:
        if folder.is_dir():
            parts.append(f"{folder.name}:{folder.stat().st_mtime_ns}")
    return str(hash("|".join(parts)))
