"""Names the gazetteer lacks but the text introduces as places: listed as unresolved place mentions, never dropped.

"the village of Boulkessi", "Licking County", "tués à Tabatol", "Bourzanga et Namssiguia".
"""

from __future__ import annotations

import re

import ahocorasick

from geo.geoparse import cues
from geo.geoparse.mentions import to_candidate
from geo.geoparse.model import Mention
from geo.geoparse.spelling import SpellingIndex
from geo.geoparse.weights import WEIGHTS
from geo.text.spans import Sentences, match_key

# "Licking County", "St. Tammany Parish": named counties are places even when the gazetteer lacks them.
COUNTY_HEADS = frozenset({"county", "parish", "township"})
_NAME_BEFORE = re.compile(r"(?P<name>(?:St\. |Saint )?[A-Z][a-z]+(?: [A-Z][a-z]+)?) $")
# The capitalised name right after "village of", "ville de"...
_NAME_AFTER = re.compile(r" ?(?P<name>[A-ZÀ-Ý][\w’'-]+(?: [A-ZÀ-Ý][\w’'-]+){0,2})")
_GRAVE_A = re.compile(r"(?<!\w)[àÀ](?= )")
# One capitalised word (hyphens and apostrophes inside: "Tin-Akoff", "N'Guigmi") not followed by another one.
_SINGLE_NAME = re.compile(r" ?(?P<name>[A-ZÀ-Ý][\w’'-]*\w)(?![\w’'-]| [A-ZÀ-Ý]|\.\w)")
# After a place: ", et à X", " et de X", " ou X".
_FRENCH_LIST_NEXT = re.compile(r",? (?P<coordinator>et|ou) (?:(?:à|de|du|au) |d['’])?(?P<name>[A-ZÀ-Ý])",
                               re.IGNORECASE)


class UnknownPlaces:
    """The automaton over the cue words that introduce a place, built once (it reads the cue lists then).
    With a `SpellingIndex`, a name introduced as a place that the gazetteer has under another spelling
    ("Dialassagou" for Diallassagou) is resolved to it, saying so; every other one is reported unresolved."""

    def __init__(self, spellings: SpellingIndex | None = None) -> None:
        self.spellings = spellings
        self.automaton = ahocorasick.Automaton()
        french = (cue for cue in cues.FRENCH_PLACE_INTRODUCERS if cue != "a")  # "à": found by _GRAVE_A instead
        for cue in (*cues.UNKNOWN_PLACE_INTRODUCERS, *COUNTY_HEADS, *french):
            self.automaton.add_word(f" {cue} ", (len(cue), cue))
        self.automaton.make_automaton()

    def find(self, text: str, view: str, sentences: Sentences, known: list[Mention]) -> list[Mention]:
        """Names introduced as places ("the village of Boulkessi", "Licking County") that the gazetteer
        lacks, where no known mention stands: reported as unresolved place mentions."""
        covered = [(m.start, m.end) for m in known]
        found = []
        hits = list(self.automaton.iter(f" {view} "))
        if "a" in cues.FRENCH_PLACE_INTRODUCERS and ("à" in text or "À" in text):
            # "à" as the cue automaton would report it (English "a" is an article: only the accented word counts)
            hits += [(match.start() + 2, (1, "a")) for match in _GRAVE_A.finditer(text)]
            hits.sort(key=lambda hit: hit[0] - hit[1][0])
        for end_index, (length, key) in hits:
            cue_start, cue_end = end_index - length - 1, end_index - 1
            if key in COUNTY_HEADS:
                if not text[cue_start:cue_start + 1].isupper():
                    continue
                match = _NAME_BEFORE.search(text, max(0, cue_start - 40), cue_start)
                if match is None:
                    continue
                start, end, reason = match.start("name"), cue_end, "a named county; not in the gazetteer"
            elif key in cues.FRENCH_PLACE_INTRODUCERS and key not in cues.UNKNOWN_PLACE_INTRODUCERS:
                if key == "a" and text[cue_start] not in "àÀ":
                    continue  # English "a" is an article; French "à" has its accent
                single = single_unknown_name(text, cue_end + 1, sentences)
                if single is None:
                    continue
                start, end = single
                reason = f"after the French '{text[cue_start:cue_end]}'; not in the gazetteer"
            else:
                match = _NAME_AFTER.match(text, cue_end + 1)
                if match is None:
                    continue
                start, end = match.span("name")
                reason = f"introduced by '{text[cue_start:cue_end]}'; not in the gazetteer"
            if any(s < end and start < e for s, e in covered) or match_key(text[start:end]) in cues.NEVER_PLACES:
                continue
            covered.append((start, end))
            found.append(self._mention(text, start, end, sentences, reason))
        # "Bourzanga et Namssiguia", "à Malanville et à Karimama": a French list of places goes on after "et".
        for previous in sorted([m for m in known if m.kind == "place"] + found, key=lambda m: m.start):
            match = _FRENCH_LIST_NEXT.match(text, previous.end)
            if match is None or match_key(match["coordinator"]) not in cues.FRENCH_PLACE_COORDINATORS:
                continue
            single = single_unknown_name(text, match.start("name"), sentences)
            if single is None or any(s < single[1] and single[0] < e for s, e in covered):
                continue
            start, end = single
            covered.append((start, end))
            found.append(self._mention(text, start, end, sentences, f"listed with {previous.surface} after "
                                       f"'{match['coordinator']}'; not in the gazetteer"))
        return found


    def _mention(self, text: str, start: int, end: int, sentences: Sentences, reason: str) -> Mention:
        """The place the name is a spelling variant of, else an unresolved place."""
        entry = self.spellings.lookup(text[start:end]) if self.spellings is not None else None
        if entry is None:
            return _unresolved(text, start, end, sentences, reason)
        sentence_start, sentence = sentences.around(start, end)
        spelled = reason.split(";")[0] + f"; spelled '{text[start:end]}' here, '{entry.name}' in the gazetteer"
        return Mention(start=start, end=end, surface=text[start:end], kind="place", sentence=sentence,
                       sentence_start=sentence_start, entry=to_candidate(entry, 1.0),
                       confidence=WEIGHTS.spelling_variant_confidence, countries=(entry.iso3,), reasons=(spelled,))


def _unresolved(text: str, start: int, end: int, sentences: Sentences, reason: str) -> Mention:
    sentence_start, sentence = sentences.around(start, end)
    return Mention(start=start, end=end, surface=text[start:end], kind="place", sentence=sentence,
                   sentence_start=sentence_start, entry=None, confidence=WEIGHTS.unresolved_confidence,
                   reasons=(reason,))


def single_unknown_name(text: str, position: int, sentences: Sentences) -> tuple[int, int] | None:
    """The span of a single capitalised word at `position` that may be a place the gazetteer lacks, else None.

    Not a word of the never-places list, not an acronym (unless the whole sentence is in capitals: a
    headline), not the first word of a sentence, at least three letters.
    """
    match = _SINGLE_NAME.match(text, position)
    if match is None:
        return None
    start, end = match.span("name")
    name = match["name"]
    if len(name) < 3 or match_key(name) in cues.NEVER_PLACES or sentences.is_sentence_start(start):
        return None
    if name.isupper():
        _, sentence = sentences.around(start, end)
        if sum(ch.islower() for ch in sentence) > 0:
            return None  # "à l'AFP", "vers la RN1": an acronym in ordinary text
    return start, end
