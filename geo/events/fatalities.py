"""Deaths stated in a sentence, in digits or words (EN/FR), with the wording kept (EVENTS_GOLD.md conventions).

"at least 12" -> 12, "une dizaine" -> 10, deaths on both sides summed, subsets ("including 11 children", "dont
47 civils") not added, "dozens"/"des dizaines" -> None, "killing no one"/"sans faire de victimes" -> 0.

>>> count_fatalities("Gunmen killed at least twenty-three villagers and two soldiers died.").count
25
>>> count_fatalities("Une cinquantaine de personnes ont été tuées, dont 12 enfants.").count
50
>>> count_fatalities("Des dizaines de morts ont été signalés.").count is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.events.literals import GatedPattern, LiteralGate, trusted_lower
from geo.events.prefilter import SentenceWords

_UNITS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
}
_UNITS["six"] = 6
# Approximations written as nouns: "une dizaine" is about ten (the gold's convention), "a dozen" twelve.
_APPROX = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
           "cinquantaine": 50, "soixantaine": 60, "centaine": 100}
_NUMBER_WORD = "|".join(sorted((w for w in _UNITS if w not in {"a", "an", "un", "une"}), key=len, reverse=True))
_NUMBER = (rf"(?:\d+|(?:(?:{_NUMBER_WORD})(?:[- ](?:et[- ])?(?:{_NUMBER_WORD}))*)"
           rf"|(?:une|a|an|about a)\s+(?:{'|'.join(_APPROX)}|dozen)|(?:{'|'.join(_APPROX)}))")
_HEDGE = (r"(?:(?:at least|about|around|some|more than|over|nearly|almost|up to|au moins|environ|près de|plus de"
          r"|quelque|une trentaine de|pas moins de)\s+)?")
_DEATH_AFTER = (r"(?:killed|dead|died|deaths|perished|lost their lives|(?:had been|were|was) (?:'|‘)?neutrali[sz]ed"
                r"|massacred|executed|murdered|slaughtered|beheaded|lost (?:his|her) life"
                r"|tu[ée]e?s|morts?|décès|ont péri|péri|ont trouvé la mort|sont morts|abattus|neutralisés|tombés"
                r"|massacrés|exécutés|égorgés|assassinés|décapités|perdu la vie)")
_DEATH_BEFORE = (r"(?:killing|killed|kill|left|leaving|claimed the lives of|neutrali[sz]ed|tuant|tué|ont tué|faisant"
                 r"|fait|perdu|perdant|lost|losing|neutralisé|abattu|à mort"
                 r"|massacred|massacring|executed|executing|murdered|slaughtered|beheaded|beheading|shot dead"
                 r"|gunned down|massacré|massacrant|exécuté|exécutant|égorgé|égorgeant|assassiné|assassinant)")
_NOUN_GAP = r"(?:(?!(?:and|et|while|but|mais|when|lorsque|after|après)\b)[\w'’«»\"-]+\s+){0,5}?"
_COUNT_THEN_DEATH = re.compile(
    rf"(?<![\w-])(?P<hedge>{_HEDGE})(?P<n>{_NUMBER})\s+(?!km\b|kilom|miles|hours|heures|years|ans\b|days|jours)"
    rf"{_NOUN_GAP}(?:(?:also|have|had|ont|ont été|été|were|was|been|have been|sont|auraient été)\s+)*"
    rf"(?:[«\"'‘]\s*)?{_DEATH_AFTER}(?!\w)", re.IGNORECASE)
# "tuant un commerçant", "killing a soldier": one death, but not "a number of", "a few", "un bilan".
_ONE = r"(?:un|une|a|an|one)(?=\s)(?!\s+(?:number|few|lot|total|series|dozen|unknown|undetermined|nombre|bilan|peu|inconnu|indéterminé)\b)"
_DEATH_THEN_COUNT = re.compile(
    rf"(?<![\w-]){_DEATH_BEFORE}(?:\s*[»”\"'’])?\s+(?:(?:only|ainsi|au total)\s+)?(?P<hedge>{_HEDGE})"
    rf"(?P<n>{_NUMBER}|{_ONE})(?![\w-])"
    rf"(?!\s+(?:km|kilom|miles|hours|heures|years|ans|days|jours|wounded|blessés|injured)\b)",
    re.IGNORECASE)
# A lynching counts its dead (EVENTS_GOLD.md): "beat a suspected thief to death", "two men were lynched".
_MOB_ACTIVE = re.compile(
    rf"(?<![\w-])(?:beat|stoned|hacked|lynched|burned|burnt)\s+(?P<hedge>{_HEDGE})(?P<n>{_NUMBER}|{_ONE})\s+"
    r"(?:[\w'’-]+\s+){0,4}?to death\b", re.IGNORECASE)
_MOB_PASSIVE = re.compile(
    rf"(?<![\w-])(?P<hedge>{_HEDGE})(?P<n>{_NUMBER}|{_ONE})\s+(?:[\w'’-]+\s+){{0,4}}?(?:was|were|a été|ont été)\s+"
    r"(?:(?:beaten|stoned|hacked|burned|burnt) to death|lynched|lynchée?s?|battue?s? à mort|lapidée?s?)(?!\w)",
    re.IGNORECASE)
_AND_COUNT = re.compile(rf"^\s+[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:and|et)\s+(?P<n>{_NUMBER})\s+[\w'’-]+", re.IGNORECASE)
_DEATH_NEXT = re.compile(rf"\s+(?:(?:also|have|had|were|was|ont|ont été|été|sont)\s+)*{_DEATH_AFTER}", re.IGNORECASE)
_ZERO = re.compile(r"\b(?:killing no one|no (?:one|casualties|deaths|victims) (?:was|were)?|caused no casualties"
                   r"|no casualties|without (?:causing )?(?:any )?casualties|sans faire de victimes?"
                   r"|sans faire de morts?|aucune victime|aucun mort|pas de victimes?)\b", re.IGNORECASE)
_VAGUE = re.compile(r"^(?:dozens|scores|hundreds|several|many|des dizaines|des centaines|plusieurs)", re.IGNORECASE)
_SUBSET_BEFORE = GatedPattern(re.compile(
    r"(?:including|among them|among whom|of whom|dont|parmi lesquels|parmi eux)\s+$", re.IGNORECASE))
_NOT_DEATHS = re.compile(r"\b(?:wounded|injured|blessés?|hurt)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Fatalities:
    count: int | None
    text: str | None


NO_FATALITIES = Fatalities(None, None)
_PATTERNS = tuple((pattern, LiteralGate(pattern)) for pattern in (_COUNT_THEN_DEATH, _DEATH_THEN_COUNT, _MOB_ACTIVE,
                                                                    _MOB_PASSIVE))
_ZERO_GATE = LiteralGate(_ZERO)


def parse_number(words: str) -> int | None:
    """ "seventy-one" -> 71, "trente-six" -> 36, "une vingtaine" -> 20, "quatre-vingt-dix" -> 90, "49" -> 49."""
    words = words.lower().strip()
    if words.isdigit():
        return int(words)
    tokens = [t for t in re.split(r"[\s-]+", words) if t not in {"et", "and", "about"}]
    if tokens and tokens[-1] in _APPROX:
        return _APPROX[tokens[-1]]
    if tokens and tokens[-1] == "dozen":
        return 12
    total, current = 0, 0
    for token in tokens:
        value = _UNITS.get(token)
        if value is None:
            return None
        if value == 100:
            current = max(current, 1) * 100
        elif token in {"vingt", "vingts"} and current == 4:  # quatre-vingt(s)
            current = 80
        else:
            current += value
    return total + current if current else None


def count_fatalities(sentence: str, words: SentenceWords | None = None) -> Fatalities:
    """The stated death toll of the sentence (summed across sides), or None when it states none; `words`: the
    sentence's prefilter.SentenceWords when already made."""
    found: list[tuple[int, int, int, str]] = []
    lowered = (words.lowered if words.trusted else None) if words is not None else trusted_lower(sentence)
    for pattern, gate in _PATTERNS:
        if lowered is not None and not gate.in_lowered(lowered):  # no death word: the pattern cannot match
            continue
        for match in pattern.finditer(sentence):
            start = match.start("hedge") if match["hedge"] else match.start("n")
            if _SUBSET_BEFORE.search(sentence[max(0, start - 25):start]):
                continue
            value = parse_number(match["n"])
            if value is None or any(s < match.end() and match.start() < e for s, e, _, _ in found):
                continue
            end, text = match.end(), match.group(0)
            more = _AND_COUNT.match(sentence[end:end + 40])  # "tuant trois soldats et dix civils"
            if (pattern is _DEATH_THEN_COUNT and more and not _NOT_DEATHS.search(more.group(0))
                    and not _DEATH_NEXT.match(sentence[end + more.end():end + more.end() + 30])):
                extra = parse_number(more["n"])
                if extra is not None:
                    value += extra
                    end += more.end()
                    text = sentence[match.start():end]
            found.append((match.start(), end, value, text.strip()))
    if found:
        found.sort()
        return Fatalities(sum(value for _, _, value, _ in found), " + ".join(text for _, _, _, text in found))
    zero = _ZERO.search(sentence) if lowered is None or _ZERO_GATE.in_lowered(lowered) else None
    if zero:
        return Fatalities(0, zero.group(0))
    return NO_FATALITIES
