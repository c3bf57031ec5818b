"""Text views that keep character offsets: a matching view of a text, and its sentences.

The matcher works on a view where every character maps to exactly one character of the original:
letters and digits are lower-cased and stripped of accents, everything else becomes a space.  Offsets
found in the view are therefore offsets in the original text.

>>> match_view("À Ménaka, l'armée")
'a menaka  l armee'
>>> match_key("N'Djaména")
'n djamena'
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


class _MatchTable(dict[int, int]):
    """str.translate table computed lazily, one character at a time (cached)."""

    def __missing__(self, codepoint: int) -> int:
        char = chr(codepoint)
        if char.isalnum():
            folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            folded = folded.casefold()
            # Keep one character per character so offsets survive (ß -> s, æ -> a, Ø -> o).
            value = ord(folded[0]) if folded and folded[0].isalnum() else codepoint
            if not chr(value).isascii() and chr(value).isalpha():
                value = ord(chr(value).lower())
        else:
            value = 0x20
        self[codepoint] = value
        return value


_TABLE = _MatchTable()


def match_view(text: str) -> str:
    """Same length as `text`: lower-case, accent-free letters and digits; every other character a space.

    Text must be NFC (composed accents) for offsets to be meaningful; geo.text.article.clean_text normalises to NFC.
    """
    return text.translate(_TABLE)


def fold_key(name: str) -> str:
    """The key a name is matched under: its match view with runs of spaces collapsed."""
    return " ".join(match_view(unicodedata.normalize("NFC", name)).split())


# The same words and names are keyed in every article; bulk builds over every gazetteer name call fold_key.
match_key = lru_cache(maxsize=1 << 16)(fold_key)


# A sentence ends at . ! ? … followed by space(s) and an upper-case letter, a quote or a digit; or at a
# blank line.  Abbreviations such as "U.S." or "Gen." are not ends (checked in code, not in the regex).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-ZÀ-Ý0-9])|\n\s*\n|\n(?=\s*[-*#|])")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "capt", "lt", "sgt", "maj", "cpl", "st", "mt", "ft",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs",
    "u.s", "u.n", "u.k", "e.u", "inc", "ltd", "co", "corp", "jr", "sr", "rev", "gov", "sen", "rep", "pres",
    "m", "mme", "mlle", "me", "pr", "etc", "al", "approx", "dept", "univ",
})


MAX_SENTENCE_CHARS = 600
_OPENING_MARKS = frozenset(" \t\n\"'“‘(-*#|>•–—:")


@dataclass(frozen=True)
class Sentences:
    """Sentence boundaries of one text, for finding the sentence around any offset fast."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def split(cls, text: str) -> Sentences:
        starts, ends = [0], []
        for match in _SENTENCE_END.finditer(text):
            position = match.start()
            if text[position] == ".":
                before = text[max(0, position - 12):position].split()
                last_word = before[-1].lower() if before else ""
                if last_word in _ABBREVIATIONS or len(last_word) == 1:
                    continue  # "U.S. troops", "Gen. Tiani", "J. Smith"
            ends.append(position + 1 if text[position] in ".!?…" else position)
            starts.append(match.end())
        ends.append(len(text))
        return cls(text, tuple(starts), tuple(ends))

    def index_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def around(self, start: int, end: int) -> tuple[int, str]:
        """(sentence start offset, sentence text stripped of surrounding whitespace) containing [start, end).

        A "sentence" longer than MAX_SENTENCE_CHARS (a run-on line, a table) is cut to a window around the
        mention, at spaces, so each mention carries a readable excerpt and memory stays bounded.
        """
        index = self.index_of(start)
        first, last = self.starts[index], max(self.ends[index], end)
        if last - first > MAX_SENTENCE_CHARS:
            half = (MAX_SENTENCE_CHARS - (end - start)) // 2
            window_first = max(first, start - half)
            window_last = min(last, end + half)
            space = self.text.find(" ", window_first, start)
            first = space + 1 if window_first > first and space != -1 else window_first
            space = self.text.rfind(" ", end, window_last)
            last = space if window_last < last and space != -1 else window_last
        raw = self.text[first:last]
        stripped = raw.lstrip()
        return first + (len(raw) - len(stripped)), stripped.rstrip()

    def is_sentence_start(self, offset: int) -> bool:
        """True when only spaces, quotes or list/heading marks precede `offset` in its sentence."""
        first = self.starts[self.index_of(offset)]
        position = offset - 1
        while position >= first and self.text[position] in _OPENING_MARKS:
            position -= 1  # walks back over a few characters only, however long the sentence
        return position < first


@lru_cache(maxsize=32)
def split_sentences(text: str) -> Sentences:
    """Sentences.split(text), kept for the last few texts: the geoparser and then the event coder split the same
    article (the pipeline parses, then codes, one article at a time)."""
    return Sentences.split(text)


@dataclass(frozen=True)
class Composed:
    """Text in NFC (composed accents, what matching needs) with a way back to offsets in the text as given.

    Decomposed text ("e" + U+0301 for "é", as some Mac and PDF sources write it) is composed one base
    character and its combining marks at a time, so every composed offset maps to an original one.

    >>> composed = Composed.of("Tillabe\\u0301ri")
    >>> composed.text, composed.span(0, 9)
    ('Tillabéri', (0, 10))
    """

    original: str
    text: str
    origin: tuple[int, ...]  # for each offset of `text`, and its end, the offset in `original`

    @classmethod
    def of(cls, original: str) -> Composed:
        pieces: list[str] = []
        origin: list[int] = []
        start, length = 0, len(original)
        while start < length:
            end = start + 1
            while end < length and unicodedata.combining(original[end]):
                end += 1
            piece = unicodedata.normalize("NFC", original[start:end])
            pieces.append(piece)
            origin.extend([start] * len(piece))
            start = end
        origin.append(length)
        return cls(original, "".join(pieces), tuple(origin))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets [start, end) in `text` as offsets in `original`."""
        return self.origin[start], self.origin[end]
