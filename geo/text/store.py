"""The corpus store: bundled sample articles (read-only) plus the articles a user added, saved as Markdown.

Added articles live in ``$SAHEL_CORPUS_DIR`` if set, else ``$XDG_DATA_HOME/sahel-briefing-map/articles``, else
``~/.local/share/sahel-briefing-map/articles``: outside the repository, so they survive updates and restarts.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from geo.files import sweep_stale_temporaries, write_atomically
from geo.resources import DATA_DIR
from geo.text.article import Article, ArticleError, one_line, slugify
from geo.text.frontmatter import front_matter_document
from geo.text.readers import article_paths, collect_articles, read_article_file, unique_id
from geo.text.store_index import INDEX_DIR, read_snapshot, write_snapshot

__all__ = ["BUNDLED_DIR", "CorpusStore", "default_store_dir", "safe_filename"]

BUNDLED_DIR = DATA_DIR / "articles"
RESCAN_AFTER_S = 10.0  # how stale an in-place edit by another program may look (see CorpusStore)
SNAPSHOT_AFTER = 100  # files read from disk before the snapshot index is written again (see CorpusStore)
# A folder stamp this recent may not change again for a second change (the kernel's clock is coarse): not trusted.
_TRUST_STAMPS_OLDER_THAN_NS = 1_000_000_000


def _folder_stamp(folder: Path | None) -> tuple[int, int] | None:
    """(inode, modification time): changes when a file in the folder is created, renamed or removed."""
    try:
        info = os.stat(folder) if folder is not None else None
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns) if info is not None else None


def default_store_dir() -> Path:
    """Where user-added articles are saved: $SAHEL_CORPUS_DIR, else the XDG data folder."""
    if os.environ.get("SAHEL_CORPUS_DIR"):
        return Path(os.environ["SAHEL_CORPUS_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sahel-briefing-map" / "articles"


def safe_filename(article: Article) -> str:
    """A file name that cannot leave its folder: ASCII slug of the title + text hash + ".md".

    >>> from geo.text.readers import article_from_text
    >>> safe_filename(article_from_text("x", title="../../etc/passwd"))[:-16]
    'etc-passwd'
    """
    return f"{slugify(article.title or article.id, 48)}-{article.digest[:12]}.md"


def _markdown(article: Article) -> str:
    fields = {"id": article.id, "title": article.title, "date": article.date.isoformat() if article.date else "",
              "source": article.source, "origin": article.origin, "language": article.language}
    return front_matter_document(fields, article.text)


class CorpusStore:
    """The dashboard's articles: bundled samples (read-only) plus those the user added (saved as Markdown).

    ``list()`` sees every saved article after a restart, and another process's saves and removals at once:
    while neither folder's own stamp (inode, modification time) changed, it answers from memory without
    looking at each file; a file is read again only when its size or modification time changed.  An edit
    made in place by another program (no new file, no rename: the folder's stamp stays) is seen at the next
    full scan, at most ``rescan_after_s`` seconds later.  Adding an article whose text is already present
    returns the existing article and writes nothing.  One store may serve every session of the dashboard: its
    methods hold a lock.

    A fresh process does not read every saved file again: ``<folder>/.index/articles.parquet`` (the snapshot,
    `geo.text.store_index`) holds the added articles as last read, each with its file's name and stamp (size,
    modification time) at that read.  It is only a cache keyed by those stamps: the first full scan takes an
    article from it for a file whose stamp is still the same, and reads every other file (edited, new, or
    missing from the snapshot); a snapshot that cannot be read is ignored.  ``list()`` writes it again
    (atomically, after releasing the lock) once ``snapshot_after`` files were read from disk since it was last
    written or loaded; a folder that cannot be written only means the next process reads the files again.
    Bundled samples are not in it, nor a file read within a second of its modification (a second change in
    the same clock tick could keep its stamp).
    """

    def __init__(self, folder: Path | None = None, bundled: Path | None = BUNDLED_DIR,
                 rescan_after_s: float = RESCAN_AFTER_S, snapshot_after: int = SNAPSHOT_AFTER) -> None:
        self.rescan_after_s = rescan_after_s
        self.snapshot_after = snapshot_after
        self.folder = Path(folder) if folder is not None else default_store_dir()
        self.bundled = Path(bundled) if bundled is not None else None
        self.errors: list[tuple[str, str]] = []  # files that could not be read at the last list()
        self._paths: dict[str, str] = {}  # id -> file of each added article
        self._read: dict[str, tuple[tuple[int, int], Article | ArticleError]] = {}  # by path, with its stamp
        self._young: set[str] = set()  # added files read within a second of their modification: not snapshot
        self._unsaved_reads = 0  # added files read from disk (not young) since the snapshot was written or loaded
        self._snapshot_tried = False  # loaded at the first full scan that finds added files
        self._lock = threading.RLock()
        self._last: tuple[tuple[tuple[str, ...], dict[str, tuple[int, int]]], list[Article]] | None = None
        self._folders_stamp: tuple[object, ...] | None = None  # both folders' stamps at the last full scan
        self._scanned_at = 0.0  # time.monotonic() of the last full scan
        for leftovers in (self.folder, self.folder / INDEX_DIR):  # left by a save that was killed half way
            sweep_stale_temporaries(leftovers)

    def _read_cached(self, key: str, stamps: dict[str, tuple[int, int]]) -> Article:
        """`read_article_file(key)`, from memory while the file's size and modification time (in `stamps`,
        from the folder scan) are unchanged."""
        stamp = stamps.get(key)
        if stamp is None:
            try:
                info = os.stat(key)
            except OSError:
                return read_article_file(Path(key))  # raises the message saying why
            stamp = (info.st_size, info.st_mtime_ns)
        cached = self._read.get(key)
        if cached is None or cached[0] != stamp:
            try:
                cached = (stamp, read_article_file(Path(key)))
            except ArticleError as exc:
                cached = (stamp, exc)
            self._read[key] = cached
            if os.path.dirname(key) == str(self.folder) and isinstance(cached[1], Article):  # an added file
                if time.time_ns() - stamp[1] > _TRUST_STAMPS_OLDER_THAN_NS:
                    self._young.discard(key)
                    self._unsaved_reads += 1  # the snapshot would spare the next process this read
                else:
                    self._young.add(key)
        if isinstance(cached[1], ArticleError):
            raise cached[1]
        return cached[1]

    def list(self) -> list[Article]:
        """Bundled articles then added ones (each group sorted by file name); unreadable files go to `errors`."""
        with self._lock:
            articles = self._list()
            rows = None
            if self._unsaved_reads >= self.snapshot_after and self._last is not None:
                self._unsaved_reads = 0
                rows = [(os.path.basename(key), stamp, cached[1]) for key, stamp in self._last[0][1].items()
                        if (cached := self._read.get(key)) is not None and cached[0] == stamp
                        and isinstance(cached[1], Article) and key not in self._young]
        if rows:  # written outside the lock: a save from another session need not wait for it
            try:
                write_snapshot(self.folder, rows)
            except (OSError, ValueError):  # a read-only folder, a full disk: the next process reads the files
                pass
        return articles

    def _list(self) -> list[Article]:
        with self._lock:
            folders = (_folder_stamp(self.folder), _folder_stamp(self.bundled))
            if (self._last is not None and folders == self._folders_stamp
                    and time.monotonic() - self._scanned_at < self.rescan_after_s):
                return list(self._last[1])  # no file came or went: no need to look at each one
            self._scanned_at = time.monotonic()
            newest = max((stamp[1] for stamp in folders if stamp is not None), default=0)
            self._folders_stamp = folders if time.time_ns() - newest > _TRUST_STAMPS_OLDER_THAN_NS else None
            bundled_files = [str(path) for path in article_paths([self.bundled])] \
                if self.bundled and self.bundled.is_dir() else []
            stamps = self._scan_added()
            scan = (tuple(bundled_files), stamps)
            if self._last is not None and self._last[0] == scan:  # nothing changed on disk: the same answer
                return list(self._last[1])
            if len(self._read) > len(stamps) + len(bundled_files):  # files were removed: forget them
                keep = {*stamps, *bundled_files}
                self._read = {key: value for key, value in self._read.items() if key in keep}
                self._young &= keep
            if stamps and (not self._snapshot_tried or not self._read):  # unchanged files' articles, unread
                self._load_snapshot(stamps)

            def read(key: str) -> Article:
                return self._read_cached(key, stamps)

            bundled, errors, _ = collect_articles(bundled_files, read=read)
            # An added copy of a bundled text is not listed twice, nor reported: the sample already shows it.
            articles, self.errors, self._paths = collect_articles(
                stamps, articles=bundled, errors=errors, skip_duplicate=None, read=read)
            self._last = (scan, articles)
            return list(articles)

    def _load_snapshot(self, stamps: dict[str, tuple[int, int]]) -> None:
        """Cache the snapshot's article of each scanned file whose stamp is the one it had when it was read."""
        self._snapshot_tried = True
        snapshot = read_snapshot(self.folder, max_bytes=2 * sum(size for size, _ in stamps.values()))
        for key, stamp in stamps.items():
            row, cached = snapshot.get(os.path.basename(key)), self._read.get(key)
            if row is not None and row[0] == stamp and (cached is None or cached[0] != stamp):
                self._read[key] = row
        self._unsaved_reads = 0

    def _scan_added(self) -> dict[str, tuple[int, int]]:
        """The saved articles' paths, sorted by file name, with their (size, mtime) stamps: one directory
        scan and one stat per file."""
        try:
            entries = [entry for entry in os.scandir(self.folder)
                       if entry.name.endswith(".md") and not entry.name.startswith(".") and entry.is_file()]
        except (FileNotFoundError, NotADirectoryError):
            return {}
        stamps = {}
        for entry in sorted(entries, key=lambda e: e.name):
            try:
                info = entry.stat()
            except OSError:  # removed meanwhile
                continue
            stamps[entry.path] = (info.st_size, info.st_mtime_ns)
        return stamps

    def add(self, article: Article, existing: list[Article] | None = None) -> Article:
        """Save `article` (its id made unique if needed) and return it as stored; a duplicate text is not saved.

        `existing` is the result of the last `list()`, when the caller has it (saves reading the folder again).
        """
        with self._lock:
            existing = self._list() if existing is None else existing
            for other in existing:
                if other.digest == article.digest:
                    return other
            article = unique_id(article, {a.id for a in existing})
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / safe_filename(article)
            # Why check again: the name is built from a slug, but the folder itself could be a symlink trap.
            if target.resolve().parent != self.folder.resolve():
                raise ArticleError("Could not save the article: unsafe file name. Rename the article and retry.")
            write_atomically(target, _markdown(article))
            self._paths[article.id] = str(target)
            return self._read_cached(str(target), {})

    def remove(self, article_id: str) -> None:
        """Delete an added article.  Bundled samples are read-only; an unknown id raises ArticleError."""
        with self._lock:
            articles = {a.id: a for a in self._list()}
            if article_id not in articles:
                raise ArticleError(f"No article with id {one_line(str(article_id), 80)!r}. Reload the list.")
            path = self._paths.get(article_id)
            if path is None:
                raise ArticleError("Bundled sample articles are read-only and cannot be removed.")
            Path(path).unlink(missing_ok=True)
            del self._paths[article_id]
            self._read.pop(path, None)
            self._young.discard(path)

    def is_bundled(self, article_id: str) -> bool:
        """True for a bundled sample (as of the last `list()`)."""
        return article_id not in self._paths
