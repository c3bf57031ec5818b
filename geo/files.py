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
