"""A news dateline opening a sentence ("NIAMEY (AFP) -", "BAMAKO, 14 mars 2025 —"): its place is where the
story was filed, not where the event happened, and its date is not the event's."""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{1,40}(?:\s*\([^()\n]{1,20}\))?(?:,\s*[^-—–\n]{1,30}?)?\s*[-—–]{1,2}\s+")


def dateline_end(sentence: str) -> int:
    """Offset in `sentence` where the text after its dateline begins (0 when there is none).

    >>> dateline_end("BAMAKO, March 6 (Reuters) - Gunmen attacked"), dateline_end("Gunmen attacked")
    (28, 0)
    """
    match = _DATELINE.match(sentence)
    return match.end() if match else 0
