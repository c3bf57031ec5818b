"""Speed: the literal text a regex cannot match without, read from its parse tree, as a cheap sentence gate.

Every match of a pattern contains at least one of its required literals (compared lowercased, as IGNORECASE
compares): a sequence needs each of its parts, so the most selective part's literals are kept; an alternation
needs one literal of each branch; an optional or repeatable-zero-times part needs nothing; a positive lookahead or
lookbehind needs its own text.  When a sentence
contains none of them, the pattern cannot match there and is not run (`LiteralGate.may_match`).  Character
classes, `.`, negative assertions and anything unknown require nothing, so the gate never hides a match.

Under IGNORECASE, `re` matches "ı" to "i" and "ſ" to "s", and "İ" lowers to two characters: a text with one of
them is always let through (a scan of every code point against the letters, digits, punctuation and French
accented letters of the lexicons found no other mismatch between re's case folding and str.lower()).

>>> sorted(required_literals(r"(?:struck|hit|on) an? (?:\\S+ )?mine"))
['mine']
>>> sorted(required_literals(r"killed|(?:had been|were) neutrali[sz]ed|tu[ée]e?s"))
[' neutralised', ' neutralized', 'killed', 'tue', 'tué']
>>> required_literals(r"(?:heavy )?\\w+") is None
True
>>> gate = LiteralGate(r"\\b(?:yesterday|last night|la nuit dernière)\\b")
>>> gate.may_match("Gunmen attacked LAST NIGHT."), gate.may_match("Gunmen attacked on Monday.")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

try:  # the parser behind re.compile (Python >= 3.11); sre_parse before
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")  # İ ı ſ
# Literal characters whose case folding under re.IGNORECASE agrees with str.lower() (checked over every code
# point); a literal run stops at any other character.
_SAFE = frozenset(chr(i) for i in range(32, 127)) | frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ’‘«»")
MAX_CLASS, MAX_SPELLINGS = 4, 16
MAX_PLAIN_LITERALS = 6  # more literals than this are looked for by an automaton
_REPEATS = tuple(getattr(_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, name))


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: the longest shortest literal, then the fewest literals."""
    return max(options, key=lambda lits: (min(map(len, lits)), -len(lits))) if options else None


def _class_letters(op: object, av: object) -> list[str] | None:
    """The letters a literal or a small class of literals ("[ée]", "[sz]") stands for; None otherwise."""
    if op is _c.LITERAL:
        return [chr(av)] if chr(av) in _SAFE else None  # type: ignore[arg-type]
    if op is _c.IN and len(av) <= MAX_CLASS and all(kind is _c.LITERAL and chr(code) in _SAFE  # type: ignore
                                                     for kind, code in av):  # type: ignore[attr-defined]
        return [chr(code) for _, code in av]  # type: ignore[attr-defined]
    return None


def _required(items: Iterable[tuple[object, object]]) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    run: list[str] = []  # the literal run so far, one string per way of spelling it ("tué", "tue")
    for op, av in items:
        letters = _class_letters(op, av)
        if letters is not None and len(run or [""]) * len(letters) <= MAX_SPELLINGS:
            run = [head + letter.lower() for head in (run or [""]) for letter in letters]
            continue
        if run:
            options.append(frozenset(run))
            run = []
        if letters is not None:  # too many spellings: the class starts a new run
            run = [letter.lower() for letter in letters]
            continue
        found: frozenset[str] | None = None
        if op is _c.SUBPATTERN:
            found = _required(av[-1])  # type: ignore[index]
        elif op is _c.BRANCH:
            branches = [_required(branch) for branch in av[1]]  # type: ignore[index]
            if all(branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:  # type: ignore[index, operator]
            found = _required(av[2])  # type: ignore[index]
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            found = _required(av)  # type: ignore[arg-type]
        elif op is _c.ASSERT:  # a positive lookahead or lookbehind: its text is there too
            found = _required(av[1])  # type: ignore[index]
        if found:
            options.append(found)
    if run:
        options.append(frozenset(run))
    return _best([option for option in options if all(option)])


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lowercased strings one of which every match of `pattern` contains (None: nothing is required)."""
    try:
        found = _required(_sre_parse.parse(pattern, flags))  # type: ignore[arg-type]
    except Exception:  # an unusual pattern: no gate rather than a wrong one
        return None
    if found is None:
        return None
    # a literal containing another one adds nothing ("killed" beside "kill")
    return frozenset(lit for lit in found if not any(other != lit and other in lit for other in found))


def has_case_traps(text: str) -> bool:
    """True when `text` has a letter (CASE_TRAPS) that str.lower() and re.IGNORECASE treat differently."""
    return not text.isascii() and ("\u0131" in text or "\u017f" in text or "\u0130" in text)


def trusted_lower(text: str) -> str | None:
    """text.lower() when its offsets are the text's and its letters compare as re.IGNORECASE does, else None."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) and not has_case_traps(text) else None


class LiteralGate:
    """Whether a pattern may match a text, from its required literals (always True when it has none); many
    literals are looked for in one Aho-Corasick pass."""

    __slots__ = ("literals", "_automaton")

    def __init__(self, pattern: str | re.Pattern[str]) -> None:
        source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
        self.literals = required_literals(source, flags)
        self._automaton = None
        if self.literals and len(self.literals) > MAX_PLAIN_LITERALS:
            self._automaton = ahocorasick.Automaton()
            for literal in self.literals:
                self._automaton.add_word(literal, literal)
            self._automaton.make_automaton()

    def may_match(self, text: str, lowered: str | None = None) -> bool:
        """False only when no match is possible; `lowered` is text.lower() when already computed."""
        if self.literals is None:
            return True
        lowered = text.lower() if lowered is None else lowered
        if len(lowered) != len(text) or has_case_traps(text):
            return True
        return self.in_lowered(lowered)

    def in_lowered(self, lowered: str) -> bool:
        """may_match for a text already lowered by trusted_lower (not None)."""
        if self.literals is None:
            return True
        if self._automaton is not None:
            for _ in self._automaton.iter(lowered):
                return True
            return False
        for literal in self.literals:
            if literal in lowered:
                return True
        return False


class GatedPattern:
    """A compiled pattern whose search() first asks its LiteralGate: the same result, found faster when the text
    lacks every literal the pattern needs (most windows around a trigger or a place name).

    >>> GatedPattern(re.compile(r"\\b(?:from|based in)\\s*$", re.IGNORECASE)).search("attacked the camp")
    """

    __slots__ = ("pattern", "gate")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.gate = LiteralGate(pattern)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """pattern.search(text); `lowered`: trusted_lower(text) when already computed (None: work it out)."""
        if self.gate.literals is not None and not (self.gate.in_lowered(lowered) if lowered is not None
                                                   else self.gate.may_match(text)):
            return None
        return self.pattern.search(text)
