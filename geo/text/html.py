"""HTML to plain text: the visible text of a page (paragraphs separated by blank lines), its title, date and site.

Parsing is lxml's (libxml2's HTML parser): it runs in linear time on hostile markup (unclosed tags, endless
comments, runs of "<"), and it caps nesting at 256 levels.  Why not selectolax: Lexbor builds a tree of 40,000
nested ``<div>`` in 2.7 s and grows quadratically, so a 10 MB file could hang the dashboard.  Scripts, styles,
comments, templates, frames and form controls never reach the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from geo.text.article import one_line

__all__ = ["html_to_text"]

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "math",
                        "canvas", "select", "button", "title", "head"})
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table",
                             "section", "article", "header", "footer", "main", "aside", "figure", "dl", "hr",
                             "address", "details", "form", "nav"})
_LINE_TAGS = frozenset({"br", "div", "li", "tr", "dt", "dd", "figcaption", "caption", "summary"})
_CELL_TAGS = frozenset({"td", "th"})
_VOID_TAGS = frozenset({"br", "hr", "wbr"})  # no end tag: one break, not one on each side
_DATE_META = ("article:published_time", "og:published_time", "date", "dc.date", "dc.date.issued",
              "datepublished", "pubdate", "publishdate", "sailthru.date")
_META_MAX_CHARS = 1000
_WS = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass
class _Text:
    """Text gathered while walking the tree: body parts, and the first <h1> as a title fallback."""

    parts: list[str] = field(default_factory=list)
    h1: list[str] | None = None
    first_h1: str = ""

    def add(self, data: str | None, pre: bool) -> None:
        if not data:
            return
        if self.h1 is not None:
            self.h1.append(data)
        # Why collapse: in HTML, runs of white space (including newlines in the source) display as one space.
        self.parts.append(data if pre else _WS.sub(" ", data))

    def boundary(self, tag: str) -> None:
        if tag in _PARAGRAPH_TAGS:
            self.parts.append("\n\n")
        elif tag in _LINE_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append("\t")

    def text(self) -> str:
        lines = [line.strip(" \t") for line in "".join(self.parts).replace("\xa0", " ").split("\n")]
        return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _tag(element: lxml.etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""  # entities have a function as tag


def _visible_text(root: lxml.etree._Element) -> _Text:
    """Walk the tree without recursion (a hostile page may nest deeply), keeping what a browser displays."""
    out = _Text()
    pre_depth = 0
    stack: list[tuple[lxml.etree._Element, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = _tag(element)
        if closing:
            if tag not in _SKIP_TAGS:
                if tag == "h1" and out.h1 is not None:
                    out.first_h1, out.h1 = "".join(out.h1), None
                pre_depth -= tag == "pre"
                if tag not in _VOID_TAGS:
                    out.boundary(tag)
            out.add(element.tail, pre_depth > 0)
            continue
        stack.append((element, True))
        if tag in _SKIP_TAGS:
            continue
        if tag == "h1" and not out.first_h1 and out.h1 is None:
            out.h1 = []
        pre_depth += tag == "pre"
        out.boundary(tag)
        out.add(element.text, pre_depth > 0)
        stack.extend((child, False) for child in reversed(element))
    return out


def _metadata(root: lxml.etree._Element, first_h1: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    named: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        content = element.get("content")
        if key and content is not None:
            named.setdefault(key, content[:_META_MAX_CHARS])
    title_element = root.find(".//title")
    title = one_line(title_element.text_content()) if title_element is not None else ""
    if title or one_line(first_h1):
        meta["title"] = title or one_line(first_h1)
    date = next((named[key] for key in _DATE_META if named.get(key)), "")
    if date:
        meta["date"] = date
    source = named.get("og:site_name") or named.get("og:url") or ""
    if source:
        meta["source"] = source
    return meta


def html_to_text(markup: str) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML document (paragraphs separated by blank lines) and its metadata.

    Metadata keys: "title" (<title>, else the first <h1>), "date", "source" (og:site_name, else og:url).

    >>> html_to_text("<title>T</title><p>A &amp; B<script>alert(1)</script></p><p>C</p>")
    ('A & B\\n\\nC', {'title': 'T'})
    """
    # Bytes, because lxml refuses str with an encoding declaration; "replace" keeps lone surrogates out.
    data = markup.encode("utf-8", "replace")
    try:
        # A parser per call: lxml parsers must not be shared between threads (Streamlit's sessions).
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError):  # nothing parseable: no text
        return "", {}
    text = _visible_text(root)
    return text.text(), _metadata(root, text.first_h1)
