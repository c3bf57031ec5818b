"""What the text around a candidate says: the words before and after it, capitals, and the generic word.

Read once per candidate into a `Site`, which the candidate rules (geo.geoparse.rules) and the resolver
(geo.geoparse.resolution) both read, so no word is looked up twice.

>>> from geo.text.spans import match_view
>>> view = match_view("Troops left for the region of Gao on Monday.")
>>> words_before(view, 30, 3), generic_before(words_before(view, 30, 3)), words_after(view, 33, 1)
('the region of', 'region', 'on')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.geoparse import cues
from geo.geoparse.weights import MAJOR_FEATURES, prior
from geo.text.spans import Sentences

if TYPE_CHECKING:
    from geo.geoparse.gazetteer import Entry
    from geo.geoparse.recognition import RawCandidate

_CONNECTORS_AFTER_GENERIC = frozenset({"of", "de", "du", "des", "d", "la", "l", "the"})


def words_before(view: str, position: int, count: int) -> str:
    """The `count` words of the match view right before `position`, space-separated."""
    return " ".join(view[max(0, position - 40):position].split()[-count:])


def words_after(view: str, position: int, count: int) -> str:
    """The `count` words of the match view from `position` on, space-separated."""
    return " ".join(view[position:position + 40].split()[:count])


def generic_before(words: str) -> str:
    """The generic word of "région de" / "region of the" / "province du" right before a name, else ''."""
    parts = words.split()
    while parts and parts[-1] in _CONNECTORS_AFTER_GENERIC:
        parts.pop()
    return parts[-1] if parts and len(parts) < len(words.split()) else ""


def is_capitalised_word_at(text: str, position: int) -> bool:
    return position < len(text) and text[position].isupper()


class LowercaseIndex:
    """Answers "is this word also written in lower case in the text?" ("reading" vs "Reading")."""

    def __init__(self, text: str, view: str) -> None:
        self._text = text
        self._padded = f" {view} "
        self._answers: dict[str, bool] = {}

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        answer = self._answers.get(key)
        if answer is None:
            needle = f" {key} "
            index = self._padded.find(needle)
            answer = False
            while index != -1 and not answer:
                answer = self._text[index].islower()  # padded index + 1 - 1: the word's first character
                index = self._padded.find(needle, index + 1)
            self._answers[key] = answer
        return answer


def entry_facts(entries: list[Entry]) -> tuple[bool, float]:
    """(major, best prior) of a name's entries.  Major: countries, continents, capitals and written facts, which
    the rules that doubt small places spare; the best prior is where a candidate's score starts."""
    major = any(entry.feature in MAJOR_FEATURES or entry.id.startswith("fact:") for entry in entries)
    return major, max(prior(entry) for entry in entries)


class Site:
    """One place candidate in its text: its entries and the evidence around it, read once."""

    __slots__ = ("after1", "at_sentence_start", "before1", "before2", "candidate", "entries", "gap_after",
                 "generic", "key", "lowercase_words", "major", "next_is_capitalised", "next_start", "person_keys",
                 "prev_is_capitalised", "prev_opens_sentence", "text", "view", "next_is_candidate", "best_prior")

    def __init__(self, candidate: RawCandidate, entries: list[Entry], text: str, view: str, sentences: Sentences,
                 lowercase_words: LowercaseIndex, person_keys: set[str],
                 candidate_starts: frozenset[int] | set[int] = frozenset(),
                 known: tuple[bool, float] | None = None) -> None:
        start, end = candidate.start, candidate.end
        self.candidate, self.key, self.entries = candidate, candidate.key, entries
        # `known`: (major, best prior) of these entries, when the caller has them from an earlier mention.
        self.major, self.best_prior = known if known is not None else entry_facts(entries)
        self.text, self.view = text, view
        self.lowercase_words, self.person_keys = lowercase_words, person_keys
        before = view[max(0, start - 40):start].split()  # the words_before() of 1, 2 and 3 words, split once
        self.before1 = before1 = " ".join(before[-1:])
        self.before2 = " ".join(before[-2:])
        after = view[end:end + 40].split(None, 1)
        self.after1 = after[0] if after else ""
        self.generic = generic_before(" ".join(before[-3:]))  # "région de", "province du"
        self.gap_after = gap_after = text[end:end + 2]
        self.next_start = next_start = end + (len(gap_after) - len(gap_after.lstrip(" -")))
        self.next_is_capitalised = (gap_after[:1] in (" ", "-") and is_capitalised_word_at(text, next_start)
                                    and self.after1 not in cues.DATE_WORDS)  # "attacked Kaya Friday"
        self.next_is_candidate = next_start in candidate_starts  # the next word is a gazetteer name itself
        prev_char = text[start - 2:start] if start >= 2 else ""
        previous_word_start = start - 1 - len(before1)
        prev_capitalised = (prev_char[-1:] in (" ", "-") and before1 != "" and previous_word_start >= 0
                            and text[previous_word_start:previous_word_start + 1].isupper())
        # A capitalised first word of a sentence says little: every sentence opens with one ("In Boni").
        opens = prev_capitalised and sentences.is_sentence_start(previous_word_start)
        self.prev_is_capitalised = prev_capitalised and not opens
        self.prev_opens_sentence = opens
        self.at_sentence_start = sentences.is_sentence_start(start)
