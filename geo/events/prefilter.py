"""Speed: run a lexicon's regexes only on sentences that contain a word they can start with.

Every trigger, cue and actor pattern begins at a word start (lexicon._words), so a match starts with one of the
pattern's top-level alternatives' literal prefixes.  Indexing patterns by the first (up to six) letters of
those prefixes lets a sentence pick, by a few dict look-ups, the handful of patterns worth running (six letters
rather than three: "kill" no longer wakes "kil..." patterns; 17 % less coding time on archive-like text, the
same events).  A pattern whose alternatives do not all open with literal letters is always run: the index
never hides a match.

>>> index = WordIndex(["attack(?:ed)?", "(?:heavy )?fighting", "IEDs?", "(?:drone|jet)s? hit"])
>>> index.candidates("Gunmen attacked the IED team.")
[0, 2]
>>> index.candidates("Jets hit the camp.")
[3]
>>> index.candidates("Prices rose.")
[]

A whole word written before a space or an apostrophe ("a explosé", "l'aviation", "on a mine") is looked up as
that word, not as a prefix of every word ("a" would wake the pattern for "attack", "army", "at"...); an optional
opening group ("(?:heavy )?fighting") keys both ways.  Keys are found by one Aho-Corasick pass over the
sentence (SentenceWords, lowered and normalised once per article by ArticleWords), which also says where each
keyed word starts: a candidate is tried there (re.match) instead of being scanned over the whole sentence, and
only when the literals it cannot match without are in the sentence (geo.events.literals).  Most sentences of
news name no trigger word, and for them nothing else runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

import ahocorasick

from geo.events.literals import LiteralGate, has_case_traps, required_literals

KEY_LENGTH = 6
_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_META = set("\\()[]{}.*+?|^$")


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (outside parentheses and classes)."""
    parts, depth, in_class, current, escaped = [], 0, False, [], False
    for char in pattern:
        if escaped:
            current.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _literal_key(alternative: str) -> tuple[str, bool] | None:
    """The first KEY_LENGTH letters every match of `alternative` starts with, and whether they are its whole first
    word (a literal space, apostrophe or hyphen follows: "a explosé" starts with the word "a"); None when unsure."""
    prefix, spaced = [], False
    for index, char in enumerate(alternative):
        if char in _META:
            if char in "?*{" and prefix:
                prefix.pop()  # the last letter is optional
            spaced = alternative.startswith(("(?= ", "(?=['’-]"), index)  # "a(?= ...)": a word, then a space
            break
        prefix.append(char)
    literal = "".join(prefix)
    word = _WORD.match(literal)
    if not word:
        return None
    if word.end() < len(literal) or (spaced and word.end() == len(literal)):  # the first word ends there
        return word.group(0).lower(), True
    return word.group(0)[:KEY_LENGTH].lower(), False  # "if", "si": shorter keys are looked up too


def _group_end(pattern: str) -> int:
    """Index just after the parenthesised group opening `pattern` (-1 when unbalanced)."""
    depth, escaped = 0, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


Key = tuple[str, bool]  # (letters, whole word)


def _keys(alternative: str, depth: int = 0) -> list[Key] | None:
    """Keys of one alternative, opening groups expanded ("(?:drone|jet)s? hit" -> dro, jet); an optional opening
    group keys both with and without it ("(?:heavy )?fighting" -> heavy, fighti); None when unsure."""
    if alternative.startswith("(") and depth < 3:
        end = _group_end(alternative)
        if end < 0:
            return None
        group, rest = alternative[:end], alternative[end:]
        if group.startswith(("(?<!", "(?<=", "(?!", "(?=")):
            return _keys(rest, depth)  # zero-width: each strips a group, so this ends
        keys: list[Key] = []
        if rest[:1] in {"?", "*"}:  # an optional group: the match may start after it
            rest = rest[2:] if rest[1:2] == "?" else rest[1:]  # lazy "??", "*?" alike
            after = _keys(rest, depth + 1)
            if after is None:
                return None
            keys += after
        elif rest[:1] == "{":
            return None
        if group.startswith("(?P<"):
            body = group[group.index(">") + 1:-1]  # a named group
        elif group.startswith(("(?-i:", "(?i:")):
            body = group[group.index(":") + 1:-1]  # case made strict or loose: lowercased keys still hold
        elif group.startswith("(?") and not group.startswith("(?:"):
            return None  # a flagged group: unsure
        else:
            body = group[3:-1] if group.startswith("(?:") else group[1:-1]
        for inner in _alternatives(body):
            found = _keys(inner + rest, depth + 1)
            if found is None:
                return None
            keys += found
        return keys
    key = _literal_key(alternative)
    return [key] if key else None


EMPTY: frozenset[int] = frozenset()
_NOTHING: tuple[list[int], dict[int, list[int]]] = ([], {})
Entry = tuple[int, "frozenset[str] | None"]  # a pattern a key may start, and the literals that must be there too
Hit = tuple[int, tuple[tuple[Entry, ...], int, bool]]  # (end in the padded text, (entries, key size, whole word))
_NON_WORD = re.compile(r"[^\w ]")  # spaces are already spaces
# CASE_TRAPS: letters that re.IGNORECASE matches to another letter than str.lower() gives ("ı" ~ "i", "ſ" ~ "s");
# "İ" lowers to two characters.  In a text with one of them, offsets in the lowered text and literal gates are
# not trusted: candidates come from its word set and each is run over the whole sentence, as the index always did.


class SentenceWords:
    """A sentence as the indexes read it: lowercased, and with every non-word character a space (the same
    offsets), so that an automaton of " key" (word start) and " word " (whole word) strings finds, in one pass,
    every pattern a word of the sentence keys and where that word starts.  A candidate is then tried only
    there, and only when its required literals are in the sentence.

    >>> view = SentenceWords("Gunmen attacked; the army repelled the attack.")
    >>> index = WordIndex(["attack(?:ed)?", "repell?ed", "fighting"])
    >>> view.candidates(index), view.spots(index)
    ([0, 1], {0: [7, 39], 1: [26]})
    """

    __slots__ = ("text", "lowered", "trusted", "_padded", "_words", "_found", "_scanned")

    def __init__(self, text: str, lowered: str | None = None, normalized: str | None = None,
                 scanned: dict[int, list[Hit]] | None = None) -> None:
        """`lowered`/`normalized`: slices of the article's text.lower() and its non-word characters made spaces,
        when the article's lowering kept its length and it has no CASE_TRAPS (the slices are then this text's);
        `scanned`: the keys of some indexes (by id) already found in the sentence (ArticleWords)."""
        self.text = text
        if lowered is None:
            self.lowered = text.lower()
            self.trusted = len(self.lowered) == len(text) and not has_case_traps(text)
        else:
            self.lowered, self.trusted = lowered, True
        self._padded = None if normalized is None else f" {normalized} "
        self._words: frozenset[str] | None = None
        self._found: dict[int, tuple[list[int], dict[int, list[int]] | None]] = {}
        self._scanned = scanned or {}

    @property
    def words(self) -> frozenset[str]:
        """The lowercased words of the sentence."""
        if self._words is None:
            self._words = frozenset(_WORD.findall(self.lowered))
        return self._words

    def candidates(self, index: WordIndex) -> list[int]:
        """Positions of the patterns of `index` that may match in the sentence, in list order."""
        return self.scan(index)[0]

    def spots(self, index: WordIndex) -> dict[int, list[int]] | None:
        """For each keyed candidate of `index`, the sorted offsets where a match may start (None: unsure)."""
        return self.scan(index)[1]

    def scan(self, index: WordIndex) -> tuple[list[int], dict[int, list[int]] | None]:
        """candidates() and spots() at once: a pattern absent from the spots (None: all) is run over the text."""
        key = id(index)
        found = self._found.get(key)
        if found is None:
            if not self.trusted:
                found = (index.candidates_in(self.words), None)
            else:
                hits = self._scanned.get(key)
                if hits is None:
                    if self._padded is None:
                        self._padded = f" {_NON_WORD.sub(' ', self.lowered)} "
                    hits = index.scan(self._padded)
                found = _spots(index, hits, self.lowered) if hits or index.always else _NOTHING
            self._found[key] = found
        return found


def _spots(index: WordIndex, hits: Iterable[Hit], lowered: str) -> tuple[list[int], dict[int, list[int]]]:
    present: dict[frozenset[str], bool] = {}
    spots: dict[int, list[int]] = {}
    for end, (entries, size, _) in hits:
        for number, literals in entries:
            if literals is not None:  # the literals the pattern (or this word's alternative) cannot match without
                there = present.get(literals)
                if there is None:
                    if len(literals) == 1:
                        there = present[literals] = next(iter(literals)) in lowered
                    else:
                        there = present[literals] = any(literal in lowered for literal in literals)
                if not there:
                    continue
            offsets = spots.get(number)
            if offsets is None:
                spots[number] = [end - size + 1]  # where the word starts
            else:
                offsets.append(end - size + 1)
    for number, offsets in spots.items():
        if len(offsets) > 1:
            spots[number] = sorted(set(offsets))
    live = list(spots)
    live += [number for number in index.always if index.may_match(number, lowered)]
    live.sort()
    return live, spots


def matches_at(pattern: re.Pattern[str], text: str, offsets: Sequence[int] | None) -> list[re.Match[str]]:
    """pattern.finditer(text) as a list, the pattern tried only at `offsets` (sorted; None: everywhere), where
    every match must start (finditer's left-to-right, no-overlap order is kept)."""
    if offsets is None:
        return list(pattern.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    for offset in offsets:
        if offset >= end:
            match = pattern.match(text, offset)  # lookbehinds still see the text before `offset`
            if match is not None:
                found.append(match)
                end = max(match.end(), offset + 1)
    return found


class ArticleWords:
    """An article's text lowered and normalised once, handing out each sentence's SentenceWords; the keys of
    `indexes` (the trigger index: every sentence is looked at) are found in one pass over the whole text."""

    __slots__ = ("text", "_lowered", "_normalized", "_scans", "_always")

    def __init__(self, text: str, indexes: Sequence[WordIndex] = ()) -> None:
        self.text = text
        lowered = text.lower()
        trusted = len(lowered) == len(text) and not has_case_traps(text)
        self._lowered = lowered if trusted else None
        self._normalized = _NON_WORD.sub(" ", lowered) if trusted else None
        self._scans: list[tuple[int, list[int], list[Hit]]] = []
        self._always = bool(indexes) and bool(indexes[0].always)
        if self._normalized is not None:
            padded = f" {self._normalized} "
            for index in indexes:
                hits = list(index.scan(padded))
                self._scans.append((id(index), [end for end, _ in hits], hits))

    def quiet(self, start: int, end: int) -> bool:
        """True when the first of `indexes` can have no candidate in text[start:end] (no key of it there)."""
        normalized = self._normalized
        if normalized is None or not self._scans or self._always:
            return False
        if not ((start == 0 or normalized[start - 1] == " ") and (end == len(normalized) or normalized[end] == " ")):
            return False
        ends = self._scans[0][1]
        return bisect_left(ends, start + 1) == bisect_right(ends, end + 1)

    def sentence(self, start: int, end: int) -> SentenceWords:
        lowered, normalized = self._lowered, self._normalized
        if lowered is None or normalized is None:
            return SentenceWords(self.text[start:end])
        scanned = None
        # Edges at non-word characters: the keys found in the article with their letters in the sentence are the
        # sentence's own (in the sentence's padded coordinates: article padded end - start).
        if self._scans and (start == 0 or normalized[start - 1] == " ") and (end == len(normalized)
                                                                           or normalized[end] == " "):
            scanned = {}
            for key, ends, hits in self._scans:
                scanned[key] = [(last - start, value) for last, value in hits[bisect_left(ends, start + 1):
                                                                                 bisect_right(ends, end + 1)]
                                if last - value[1] + 1 >= start and (last <= end or value[2])]
        return SentenceWords(self.text[start:end], lowered[start:end], normalized[start:end], scanned)


def sentence_words(text: str) -> SentenceWords:
    """The lowercased words of `text`, computed once per sentence and shared by the indexes."""
    return SentenceWords(text)


class WordIndex:
    """Patterns (by their position in a list) indexed by the word starts (or whole words) they need; with the
    compiled patterns, each also gated by the literals it cannot match without (geo.events.literals)."""

    def __init__(self, patterns: Sequence[str], compiled: Sequence[re.Pattern[str]] = (),
                 gate_alternatives: bool = False) -> None:
        """`gate_alternatives`: the patterns are the compiled ones' text, so each alternative's own required
        literals may gate the words it starts with ("a" wakes "a explosé au passage" only with those words)."""
        self.by_key: dict[str, set[int]] = {}  # word starts
        self.by_word: dict[str, set[int]] = {}  # whole words
        entries: dict[Key, dict[int, frozenset[str] | None]] = {}
        always: set[int] = set()
        for number, pattern in enumerate(patterns):
            keys: list[tuple[Key, frozenset[str] | None]] = []
            for alternative in _alternatives(pattern):
                found = _keys(alternative)
                if found is None:
                    always.add(number)
                    break
                literals = (required_literals(alternative) if gate_alternatives
                            else LiteralGate(compiled[number]).literals if compiled else None)
                keys += [(key, literals) for key in found]
            else:
                for (key, whole), literals in keys:
                    (self.by_word if whole else self.by_key).setdefault(key, set()).add(number)
                    if literals is not None and any(literal in key for literal in literals):
                        literals = None  # the word itself is one of them ("attack" for "attack(?:ed|s)?")
                    known = entries.setdefault((key, whole), {})
                    if number in known:  # either alternative's literals will do; none when one has none
                        before = known[number]
                        literals = None if before is None or literals is None else before | literals
                    known[number] = literals
        self.always = frozenset(always)
        self._entries = {key: tuple(sorted(found.items())) for key, found in entries.items()}
        self.gates: list[frozenset[str] | None] = [LiteralGate(p).literals for p in compiled]
        self._lengths = sorted({len(key) for key in self.by_key})
        self._automaton: ahocorasick.Automaton | None = None

    def scan(self, padded: str) -> Iterable[Hit]:
        """(end offset, (entries, key size, whole word)) of every key in `padded` (" " + normalised text + " ")."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for (key, whole), found in self._entries.items():
                automaton.add_word(f" {key} " if whole else f" {key}", (found, len(key) + 1 + whole, whole))
            if not len(automaton):
                return ()
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton.iter(padded)

    def may_match(self, number: int, lowered: str) -> bool:
        """False when pattern `number` cannot match a (trusted) lowered text: none of its literals is there."""
        literals = self.gates[number] if self.gates else None
        if literals is None:
            return True
        for literal in literals:
            if literal in lowered:
                return True
        return False

    def word_candidates(self, word: str) -> frozenset[int]:
        """Positions of the patterns a match may start with (lowercased) `word` for."""
        hits = set(self.by_word.get(word, ()))
        for length in self._lengths:
            if length > len(word):
                break
            hits |= self.by_key.get(word[:length], EMPTY)
        return frozenset(hits)

    def candidates_in(self, words: Iterable[str]) -> list[int]:
        """Positions of the patterns that may match in a text of these (lowercased) words, in list order."""
        found = set(self.always)
        for word in words:
            found |= self.word_candidates(word)
        return sorted(found)

    def candidates(self, text: str) -> list[int]:
        """Positions of the patterns that may match in `text`, in list order."""
        return SentenceWords(text).candidates(self)

    def finditer(self, view: SentenceWords, number: int, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """pattern.finditer(view.text) as a list, trying the pattern only where its words start (the same matches:
        every match starts at a word start whose word keys the pattern)."""
        spots = view.spots(self)
        return matches_at(pattern, view.text, None if spots is None else spots.get(number))
