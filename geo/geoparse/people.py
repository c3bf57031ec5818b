"""People's names that are also gazetteer names: "Gary Allen ... Allen said" is a person, not Allen, Texas, and
"Thomas Boni Yayi" is Benin's former president, not Boni, Mali.

Two kinds of evidence, both read by the candidate rules (geo.geoparse.rules):
- `person_keys`, once per text: names used as a person's somewhere in it (one sense per article, small places only);
- `person_name`, a rule on one occurrence: the name sits inside a person's name, after a given name or a title.

>>> from geo.geoparse.parser import parse
>>> [m.surface for m in parse("Thomas Boni Yayi condemned the attack near Boni, in central Mali.")]
['Boni', 'Mali']
"""

from __future__ import annotations

import re
from collections.abc import Container

from geo.geoparse import cues
from geo.geoparse.context import Site
from geo.geoparse.recognition import RawCandidate
from geo.geoparse.weights import MAJOR_FEATURES
from geo.text.spans import Sentences, match_key

# The word right before a position, separated from it by one space only: "Gary Allen", "Mr. Allen".
_PREVIOUS_WORD = re.compile(r"(?P<word>[^\W\d_][\w’'.-]*) $")
_CAPITALISED_NEXT = re.compile(r" [A-ZÀ-Ý][a-zà-ÿ]")
# The word ending at a position (search it with endpos), full stops kept for titles: "Gen.", "M.".
_WORD_ENDING = re.compile(r"[^\W\d_][\w’'.-]*$")
# A word of a person's name: capitalised, hyphens and apostrophes inside ("Jean-Marie", "N'Diaye"), no full stop.
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][\w’'-]*")
_ELIDED_ARTICLE = re.compile(r"^(?:[dlj]|qu)['’]")  # "d'Amadou": the name is "Amadou"
_NEXT_NAME_WORD = re.compile(r" (?P<word>[A-ZÀ-Ý][\w’'-]*\w)")
# A verb of saying right after the name: "Noma said", "Bryant tweeted", "Barry admitted", "Traoré a déclaré".
# No comma between them ("in eastern Aleppo, said residents" is an apposition) and no "says" ("Gainesville says
# no to discrimination" is a city's voice).
_SPEAKS_AFTER = re.compile(r" (?:said|told|tweeted|wrote|added|explained|admitted|recalled|insisted|"
                           r"a (?:déclaré|dit|expliqué|ajouté|affirmé|raconté|confié|précisé))\b")
# A verb of saying right before the name, which ends the clause: "... said Noma." / "says Noma, who ..."
_CLAUSE_END = re.compile(r"[.,;:!?]|$")


def person_keys(text: str, sentences: Sentences, candidates: list[RawCandidate],
                lowercase_words: Container[str] = frozenset()) -> set[str]:
    """One-word names used as a person's name somewhere in the text ("Gary Allen ... Allen said").

    Evidence: a title before it ("Mr Allen"), or a capitalised given name right before it that is not itself a
    gazetteer match.  A sentence's first word counts as a given name only when it is no ordinary opener
    (cues.SENTENCE_OPENERS) and the text never writes it in lower case (`lowercase_words`): "Yayi Boni a
    rencontré..." but not "Near Boni" or "Soldiers Boni..." in a text that also says "soldiers".
    """
    matched_starts = {c.start for c in candidates}
    persons: set[str] = set()
    person_ends: set[int] = set()
    for candidate in candidates:
        if candidate.kind != "place" or " " in candidate.key:
            continue
        match = _PREVIOUS_WORD.search(text, max(0, candidate.start - 30), candidate.start)
        if match is None:
            if _speaks(text, candidate, ""):
                persons.add(candidate.key)
                person_ends.add(candidate.end)
            continue
        word_start = match.start("word")
        word = match["word"]
        key = match_key(word)
        title = key in cues.PERSON_TITLES or (key in cues.PERSON_ROLES and not word[0].isupper())
        surname = match.end("word") in person_ends  # "Florence Dori": Dori follows a person's first name
        # "said Florence Dori": a verb of saying, then a first and a last name.
        quoted = key in cues.SPEECH_VERBS and _CAPITALISED_NEXT.match(text, candidate.end) is not None
        given_name = (word[0].isupper() and word_start not in matched_starts and len(word) > 1
                      and not word.isupper() and key not in cues.LOCATIVE_PREPOSITIONS
                      and (not sentences.is_sentence_start(word_start)
                           or (key not in cues.SENTENCE_OPENERS and key not in lowercase_words)))
        if title or given_name or surname or quoted or _speaks(text, candidate, key):
            persons.add(candidate.key)
            person_ends.add(candidate.end)
    return persons


def _speaks(text: str, candidate: RawCandidate, previous_key: str) -> bool:
    """The name is the speaker of a verb of saying ("Noma said", "said Noma."), not the place where someone
    spoke: no locative preposition before it ("officials in Gao said")."""
    if previous_key in cues.LOCATIVE_PREPOSITIONS or previous_key in ("the", "le", "la", "l"):
        return False
    if text[max(0, candidate.start - 2):candidate.start].rstrip().endswith((",", "-")):
        return False  # "Rockville, Maryland admitted", "D-Calif., told": a place after its town or party
    if _SPEAKS_AFTER.match(text, candidate.end):
        return True
    return previous_key in cues.SPEECH_VERBS and _CLAUSE_END.match(text, candidate.end) is not None


def person_name(site: Site) -> str | None:
    """Rule test: the candidate is a word of a person's name written out here, so not a place (its reason).

    A capitalised given name right before it ("Thomas Boni Yayi", "Moussa Mara"), a title right before it ("le
    président Boni Yayi", "Colonel Kaya"), or a title and one more name word ("l'ancien président Yayi Boni").
    Countries, continents and capitals are spared: in this news a person named like one is rare.
    """
    # First the match view's words before it, cheaply: most candidates follow no given name and no title.
    given = site.before1 in cues.GIVEN_NAMES  # "Jean-Marie", "d'Amadou": the view's last word, "marie", "amadou"
    # "Yayi Boni a rencontré...": a capitalised first word that is no ordinary opener and never written in lower
    # case in this text is a given name too (a place right after a sentence's first word needs a preposition).
    given = given or (site.prev_opens_sentence and site.before1 not in cues.SENTENCE_OPENERS
                      and site.before1 not in site.lowercase_words)
    if not (given or site.before1 in cues.PERSON_TITLES or site.before2.partition(" ")[0] in cues.PERSON_TITLES):
        return None
    if site.at_sentence_start or any(entry.feature in MAJOR_FEATURES for entry in site.entries):
        return None  # at a sentence start, the word before belongs to the previous sentence
    text, start, end = site.text, site.candidate.start, site.candidate.end
    previous = _word_before(text, start)
    if previous is None:
        return None
    word_start, word = previous
    name = _ELIDED_ARTICLE.sub("", word)
    if given and _is_name_word(name):
        return f"in the person's name '{_full_name(text, start - len(name) - 1, end)}' (given name '{name}')"
    if _is_title(word):
        return f"in the person's name '{_full_name(text, start, end)}' (after the title '{word}')"
    if not _is_name_word(word):
        return None
    title = _word_before(text, word_start)
    if title is None or not _is_title(title[1]):
        return None
    # A capitalised title must stand inside a sentence, not open a headline in title case ("President Visits Boni").
    before_title = _word_before(text, title[0])
    if title[1][0].isupper() and (before_title is None or not before_title[1][0].islower()):
        return None
    return f"in the person's name '{_full_name(text, word_start, end)}' (after the title '{title[1]}')"


def _word_before(text: str, position: int) -> tuple[int, str] | None:
    """The word right before `position` and its start, when one space separates them."""
    if position < 2 or text[position - 1] != " ":
        return None
    match = _WORD_ENDING.search(text, max(0, position - 41), position - 1)
    return (match.start(), match.group()) if match else None


def _is_name_word(word: str) -> bool:
    return _NAME_WORD.fullmatch(word) is not None and not word.endswith(("'s", "’s"))  # "Goïta's Kidal": a thing


def _is_title(word: str) -> bool:
    """A title that opens a person's name: capitalised, or in lower case a full word ("président", not "gen")."""
    keys = match_key(word).split()
    key = keys[-1] if keys else ""  # "ex-président": "president"
    if key not in cues.PERSON_TITLES or key in cues.TITLES_OUTSIDE_NAMES:
        return False
    if word.endswith(".") and len(key) > 4:
        return False  # "... the president. Boni": the end of a sentence, not "Gen." or "M."
    return word[0].isupper() or len(key) >= 5


def _full_name(text: str, start: int, end: int) -> str:
    """The name from `start` to the candidate's `end`, with one more capitalised word if one follows ("Yayi")."""
    following = _NEXT_NAME_WORD.match(text, end)
    return text[start:following.end() if following else end]
