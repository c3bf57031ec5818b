"""Writing files so that no reader (a browser, another session, a user's tool) ever sees half of one.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     target = Path(folder) / "note.txt"
...     write_atomically(target, "one\\n")
...     write_atomically(target, b"two\\n")
...     target.read_text(), sorted(p.name for p in Path(folder).iterdir())
('two\\n', ['note.txt'])
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path, suffix: str = "") -> Iterator[Path]:
    """A temporary path next to ``path`` (with ``suffix``, for drivers that look at it) that does not
    exist yet; on success it replaces ``path`` in one step, on failure it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".tmp{suffix}", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    temporary.unlink()  # drivers such as GPKG want to create the file themselves
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8, newlines as given) to ``path`` through `atomic_path`, flushed to
    disk before the rename."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(path) as temporary:
        with temporary.open("xb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())


class OutputPathError(ValueError):
    """An output path that cannot be written; the message says why and what to do."""


def check_output_path(path: Path, suffixes: tuple[str, ...] = ()) -> Path:
    """``path`` if a command may write it (and, given `suffixes`, if its name ends in one of them), else
    OutputPathError.  Checked before any work starts, so a bad path never leaves half a result behind.

    Refused: an existing folder or non-regular file at ``path``, a missing folder (never created silently),
    a parent that is not a folder, a folder the user cannot write to.
    """
    path = Path(path)
    if path.is_dir():
        example = path / ("map" + (suffixes[0] if suffixes else ".txt"))
        raise OutputPathError(f"{path} is a folder; give a file name inside it, for example {example}")
    if path.exists() and not path.is_file():
        raise OutputPathError(f"{path} exists and is not a regular file; choose another name")
    if suffixes and path.suffix.lower() not in suffixes:
        raise OutputPathError(f"{path} should end in {' or '.join(suffixes)} for this format; "
                              f"for example {path.with_suffix(suffixes[0]).name}")
    parent = path.parent
    if not parent.exists():
        raise OutputPathError(f"the folder {parent} does not exist; create it first or choose another folder")
    if not parent.is_dir():
        raise OutputPathError(f"{parent} is a file, not a folder; choose another output path")
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputPathError(f"cannot write to {path}: permission denied; choose a folder you can write to")
    return path


def sweep_stale_temporaries(folder: Path, older_than_s: float = 3600) -> list[Path]:
    """Remove what `atomic_path` left in `folder` when its process was killed mid-write (``.<name>.*.tmp*``
    files older than `older_than_s`, so a write in progress elsewhere is never touched); return them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    cutoff = time.time() - older_than_s
    removed = []
    for path in folder.glob(".*.tmp*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:  # gone already, or not ours to remove: leave it
            continue
    return removed
