"""Negation and modality: cues (data/events/modality.csv) that cancel or lower a trigger.

"The army denied that soldiers killed civilians", "JNIM threatened to attack", "troops could withdraw" are not
events; "reportedly" lowers the confidence.  Scopes:
- sentence: the cue anywhere cancels every trigger of the sentence ("the reports were false");
- following: the cue governs the triggers after it in its clause, or close after it ("denied ... killed");
- clause: the cue governs the triggers after it up to the end of its clause ("... after militants overran").

>>> modality("The army denied that soldiers killed civilians.", 29, 35).factor
0.0
>>> modality("Soldiers killed civilians, the army said.", 9, 15).factor
1.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.events.lexicon import Cue, cue_index, cues
from geo.events.prefilter import SentenceWords, matches_at, sentence_words

# A clause ends at , ; : ( or a dash, or at "but"/"mais"/"while"/"tandis que".
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s|\b(?:but|mais|while|whereas|tandis que|alors que)\b", re.IGNORECASE)
# How far a "following" cue reaches over clause breaks ("denied, in a statement on Monday, that soldiers...").
FOLLOWING_REACH = 60


@dataclass(frozen=True)
class Modality:
    factor: float  # 1 plain fact, 0 cancelled, in between lowered
    kind: str | None = None  # negation, threat, hypothetical, background
    cue: str | None = None


FACT = Modality(1.0)


def _same_clause(sentence: str, start: int, end: int) -> bool:
    return _CLAUSE_BREAK.search(sentence, start, end) is None


def _governs(cue: Cue, match: re.Match[str], sentence: str, trigger_start: int) -> bool:
    if cue.scope == "sentence":
        return True
    if match.end() > trigger_start:
        return False
    if cue.scope == "clause":
        return _same_clause(sentence, match.end(), trigger_start)
    return _same_clause(sentence, match.end(), trigger_start) or trigger_start - match.end() <= FOLLOWING_REACH


def cue_matches(sentence: str, languages: tuple[str, ...] = ("en", "fr"), words: SentenceWords | None = None
                ) -> list[tuple[Cue, re.Match[str]]]:
    """Every cue found in the sentence, for the languages given (computed once per sentence); `words`: its
    prefilter.sentence_words when already computed."""
    everything = cues()
    live, spots = (sentence_words(sentence) if words is None else words).scan(cue_index())
    return [(cue, match) for cue, number in ((everything[i], i) for i in live) if cue.lang in languages
            for match in matches_at(cue.pattern, sentence, None if spots is None else spots.get(number))]


def modality(sentence: str, trigger_start: int, trigger_end: int,
             found: list[tuple[Cue, re.Match[str]]] | None = None) -> Modality:
    """The strongest cue governing the trigger at [trigger_start, trigger_end) (FACT when none does)."""
    found = cue_matches(sentence) if found is None else found
    best = FACT
    for cue, match in found:
        if trigger_start <= match.start() and match.end() <= trigger_end:
            continue  # the cue is inside the trigger's own words ("sans combat" is no negation of itself)
        if cue.factor < best.factor and _governs(cue, match, sentence, trigger_start):
            best = Modality(cue.factor, cue.kind, match.group(0))
    return best
