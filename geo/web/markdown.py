"""User text shown in Streamlit's Markdown elements (notices, captions, headings) exactly as written.

Streamlit renders the text of ``st.success``, ``st.caption``, ``st.markdown``... as Markdown, so an article
titled ``![p](http://host/pixel.png)`` would make the browser fetch a remote image, and ``**x**`` or
``:red[x]`` would change what is shown.  Every ASCII punctuation character may be escaped with a backslash in
CommonMark; escaped, none of them is markup, and the text reads the same.

>>> literal("![p](http://x/p.png) :red[x] *b*")
'\\\\!\\\\[p\\\\]\\\\(http\\\\:\\\\/\\\\/x\\\\/p\\\\.png\\\\) \\\\:red\\\\[x\\\\] \\\\*b\\\\*'
"""

from __future__ import annotations

import string

__all__ = ["literal"]

_ESCAPES = str.maketrans({mark: "\\" + mark for mark in string.punctuation})


def literal(text: object) -> str:
    """`text` as Markdown that displays it character for character (newlines become spaces)."""
    return " ".join(str(text).split("\n")).translate(_ESCAPES)
