"""Front matter: the ``---`` / ``key: value`` / ``---`` block at the top of a Markdown article, read and written.

Why not python-frontmatter: it parses the block as YAML, which turns untrusted values into other types
(``title: No`` is False, ``date: 2024-07-06`` a date, ``id: 0x10`` the number 16) and has no bound on what it
reads.  The block here is flat ``key: value`` lines, at most 40 of them; values written by `front_matter_document`
are JSON strings, which YAML readers also accept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

__all__ = ["front_matter_document", "split_front_matter"]

_FRONT_MATTER_MAX_LINES = 40
_LINE_MAX_CHARS = 4000


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``---`` / ``key: value`` lines / ``---`` at the very top -> (lower-cased keys -> values, the rest).

    Values in double quotes are read as JSON strings (how `front_matter_document` writes them).  No closing line
    within 40 lines means there is no front matter.

    >>> split_front_matter('---\\ntitle: "A: b"\\ndate: 2024-07-06\\n---\\nBody')
    ({'title': 'A: b', 'date': '2024-07-06'}, 'Body')
    """
    if not text.startswith("---\n"):
        return {}, text
    head = text[4:].split("\n", _FRONT_MATTER_MAX_LINES + 1)
    meta: dict[str, str] = {}
    for index, line in enumerate(head[:_FRONT_MATTER_MAX_LINES]):
        if line.strip() in ("---", "..."):
            body = "\n".join(head[index + 1:]) if index + 1 < len(head) else ""
            return meta, body
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or len(line) > _LINE_MAX_CHARS:
            if line.strip():
                return {}, text  # not simple key: value lines: treat as ordinary text
            continue
        meta[key.strip().lower()] = _unquote(value.strip())
    return {}, text


def front_matter_document(fields: Mapping[str, str], body: str) -> str:
    """A Markdown document: the non-empty `fields` as JSON-quoted front matter, a blank line, then `body`.

    >>> front_matter_document({"title": 'Gao: "x"', "date": ""}, "Text")
    '---\\ntitle: "Gao: \\\\"x\\\\""\\n---\\n\\nText\\n'
    """
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            loaded = json.loads(value)
            return loaded if isinstance(loaded, str) else value
        except json.JSONDecodeError:
            return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1]
    return value
