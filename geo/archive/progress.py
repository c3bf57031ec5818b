"""A one-line progress bar on standard error (quiet when stderr is not a terminal, unless forced)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`Progress(total).advance()` per finished task; `close()` ends the line."""

    def __init__(self, total: int, label: str = "partitions", *, stream: TextIO | None = None,
                 enabled: bool | None = None, width: int = 30) -> None:
        self.total, self.done, self.label, self.width = total, 0, label, width
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        filled = int(self.width * self.done / self.total) if self.total else self.width
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} "
                          f"{self.label}, {elapsed:.0f} s")
        self.stream.flush()

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
