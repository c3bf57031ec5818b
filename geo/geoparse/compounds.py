"""Names built on a place the parser found: the mention becomes the whole name.

- a street (road, square, bridge, stadium) named after a place: "Malta Road", "West Palestine Avenue",
  "Stade de France": the name is the toponym, left unresolved with the place it is named after as candidate;
- a capitalised compass word before an area, mid-sentence: "West Wales", "Northern Europe", "South Asia";
- a town's US state in AP abbreviations ("Springfield, Mo.", "Seattle, Wash."): the state is a mention of
  its own (period included) and picks the town's namesake in that state.

>>> from geo.geoparse.parser import parse
>>> [(m.surface, m.entry, m.candidates[0].name) for m in parse("Traffic stopped on Malta Road.")]
[('Malta Road', None, 'Malta')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from geo.geoparse.gazetteer import Entry, Gazetteer
from geo.geoparse.mentions import to_candidate
from geo.geoparse.model import Candidate, Mention
from geo.text.spans import Sentences

# Which of the rules run (the gate tests switch each off and expect the scores to drop).
ENABLED = frozenset({"street", "compass", "state_abbreviation"})

# Head nouns of streets and the like, capitalised as part of the name ("Malta Road", "Stade de France"): the
# name is the toponym, and it is often named after somewhere else ("Oxford Street" is in London, the "Avenue
# du Mali" in Dakar), so it is left unresolved with the place it is named after as its candidate.  Names of
# facilities that lie in their place ("Vancouver International Airport", "University of Manitoba") keep the
# place as the mention, as most benchmarks annotate them (GeoWebNews marks the whole name: README, evaluation).
STREET_HEADS = ("Street", "Avenue", "Road", "Boulevard", "Lane", "Drive", "Square", "Bridge")
STREET_OPENERS = ("Avenue", "Boulevard", "Rue", "Pont", "Stade")
COMPASS_WORDS = ("North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
                 "Upper", "Lower")
COMPASS_FEATURES = frozenset({"country", "region", "province", "area", "continent"})
# The Associated Press's abbreviations of US states, written after a town ("Springfield, Mo."), with the
# state's postal code (GeoNames' admin-1 code of US places): AP Stylebook, "state names".
AP_STATES = {
    "Ala.": ("AL", "alabama"), "Ariz.": ("AZ", "arizona"), "Ark.": ("AR", "arkansas"),
    "Calif.": ("CA", "california"), "Colo.": ("CO", "colorado"), "Conn.": ("CT", "connecticut"),
    "Del.": ("DE", "delaware"), "Fla.": ("FL", "florida"), "Ga.": ("GA", "georgia"), "Ill.": ("IL", "illinois"),
    "Ind.": ("IN", "indiana"), "Kan.": ("KS", "kansas"), "Ky.": ("KY", "kentucky"), "La.": ("LA", "louisiana"),
    "Md.": ("MD", "maryland"), "Mass.": ("MA", "massachusetts"), "Mich.": ("MI", "michigan"),
    "Minn.": ("MN", "minnesota"), "Miss.": ("MS", "mississippi"), "Mo.": ("MO", "missouri"),
    "Mont.": ("MT", "montana"), "Neb.": ("NE", "nebraska"), "Nev.": ("NV", "nevada"),
    "N.H.": ("NH", "new-hampshire"), "N.J.": ("NJ", "new-jersey"), "N.M.": ("NM", "new-mexico"),
    "N.Y.": ("NY", "new-york"), "N.C.": ("NC", "north-carolina"), "N.D.": ("ND", "north-dakota"),
    "Okla.": ("OK", "oklahoma"), "Ore.": ("OR", "oregon"), "Pa.": ("PA", "pennsylvania"),
    "R.I.": ("RI", "rhode-island"), "S.C.": ("SC", "south-carolina"), "S.D.": ("SD", "south-dakota"),
    "Tenn.": ("TN", "tennessee"), "Vt.": ("VT", "vermont"), "Va.": ("VA", "virginia"),
    "Wash.": ("WA", "washington"), "W.Va.": ("WV", "west-virginia"), "Wis.": ("WI", "wisconsin"),
    "Wyo.": ("WY", "wyoming"),
}

_NAME_WORD = r"[A-ZÀ-Ý][\w’'-]*"
_HEAD_AFTER = re.compile(rf"(?: {_NAME_WORD}){{0,2}}? (?:{'|'.join(STREET_HEADS)})(?![\w’'-])")
_WORDS_BEFORE = re.compile(rf"(?:{_NAME_WORD} ){{1,3}}$")
_HEAD_BEFORE = re.compile(rf"(?:{'|'.join(STREET_OPENERS)})(?: de la| de| du| d['’]| des) ?$")
_OPENER_ENDS = (" de", " du", "d'", "d’", " des", " de la")
_COMPASS = re.compile(rf"(?:{'|'.join(COMPASS_WORDS)}) $")
_STATE = re.compile(r", (?P<abbr>(?:[A-Z]\.){2}|W\.Va\.|[A-Z][a-z]{1,4}\.)(?![\w.])")
_CLOSED_WORDS = frozenset({"The", "A", "An", "In", "At", "On", "By", "To", "From", "Le", "La", "Les", "Un", "Une",
                           "Au", "Aux", "Du", "Des", "De", "And", "Et", "Of"})


def street_head_after(text: str, end: int) -> str | None:
    """The head noun when a street's name goes on after the place ending at `end` ("Malta Road")."""
    if "street" not in ENABLED:
        return None
    match = _HEAD_AFTER.match(text, end)
    return match.group(0).split()[-1] if match else None


def _opener(text: str, start: int) -> re.Match[str] | None:
    """"Stade de " (the opener and its "de") right before the place starting at `start`, else None."""
    if not text[max(0, start - 8):start].rstrip(" ").endswith(_OPENER_ENDS):
        return None  # the opener's "de", "du", "d'" must end right here (a cheap test: it runs for every name)
    match = _HEAD_BEFORE.search(text, max(0, start - 30), start)
    if match is None or (match.start() > 0 and text[match.start() - 1].isalnum()):
        return None
    return match


def street_head_before(text: str, start: int) -> str | None:
    """The opening noun when the place starting at `start` ends a street's name ("Stade de France")."""
    match = _opener(text, start) if "street" in ENABLED else None
    return match.group(0).split()[0] if match else None


def _span(mention: Mention, start: int, end: int, text: str, sentences: Sentences, reason: str,
          entry: Candidate | None = None) -> Mention:
    sentence_start, sentence = sentences.around(start, end)
    return replace(mention, start=start, end=end, surface=text[start:end], sentence=sentence,
                   sentence_start=sentence_start, entry=entry or mention.entry,
                   reasons=(*mention.reasons, reason))


def _left_words(text: str, start: int, sentences: Sentences) -> int:
    """Where capitalised name words just before `start` begin ("West" of "West Palestine Avenue"), sentence
    opener and articles left out; `start` when there are none."""
    match = _WORDS_BEFORE.search(text, max(0, start - 60), start)
    if match is None:
        return start
    position = match.start()
    for word in re.finditer(r"\S+", text[match.start():start]):
        first = match.start() + word.start()
        if word.group(0) in _CLOSED_WORDS or sentences.is_sentence_start(first):
            position = match.start() + word.end() + 1
        else:
            break
    return min(position, start)


def _street(mention: Mention, text: str, sentences: Sentences) -> tuple[int, int, str] | None:
    """(start, end, reason) of a street's (stadium's, bridge's) name built on the place `mention`, if any."""
    after = _HEAD_AFTER.match(text, mention.end)
    if after is not None:
        start = _left_words(text, mention.start, sentences)
        head = after.group(0).split()[-1]
        return start, after.end(), (f"a {head.lower()} named after {mention.surface}: its own point is not in "
                                    "the gazetteer")
    before = _opener(text, mention.start)
    if before is not None:
        head = before.group(0).split()[0]
        return before.start(), mention.end, (f"'{head} …' named after {mention.surface}: its own point is not in "
                                             "the gazetteer")
    return None


def _compass(mention: Mention, text: str, sentences: Sentences) -> tuple[int, int, str] | None:
    if mention.entry is None or mention.entry.feature not in COMPASS_FEATURES:
        return None
    match = _COMPASS.search(text, max(0, mention.start - 12), mention.start)
    if match is None or sentences.is_sentence_start(match.start()):
        return None  # "Northern Mali is...": at a sentence's start the capital letter says nothing
    if match.start() > 0 and text[match.start() - 1].isalnum():
        return None
    return match.start(), mention.end, f"'{match.group(0).strip()}' {mention.surface}: part of the area's name"


def _state(abbreviation: str, gazetteer: Gazetteer) -> Entry | None:
    """The US state an AP abbreviation names ("Mo." -> Missouri), if the gazetteer has it."""
    known = AP_STATES.get(abbreviation)
    state_id = f"adm1:USA-{known[1]}" if known else ""
    return gazetteer.get(state_id) if known and state_id in gazetteer else None


def _in_state(mention: Mention, gazetteer: Gazetteer, postal: str) -> Candidate | None:
    """The mention's namesake in the US state with this postal code (the most populous), if any."""
    entries = [e for e in gazetteer.lookup(mention.surface) if e.iso3 == "USA" and e.admin1 == postal]
    best: Entry | None = max(entries, key=lambda e: e.population, default=None)
    return to_candidate(best, 1.0) if best is not None else None


def _state_mentions(mention: Mention, text: str, sentences: Sentences, gazetteer: Gazetteer
                    ) -> tuple[Mention, Mention | None]:
    """'Springfield, Mo.': the state as its own mention, and the town resolved in that state."""
    match = _STATE.match(text, mention.end)
    state = _state(match["abbr"], gazetteer) if match else None
    if match is None or state is None:
        return mention, None
    start, end = match.span("abbr")
    sentence_start, sentence = sentences.around(start, end)
    state_mention = Mention(start=start, end=end, surface=text[start:end], kind="place", sentence=sentence,
                            sentence_start=sentence_start, entry=to_candidate(state, 1.0), confidence=0.9,
                            countries=("USA",), reasons=(f"'{match['abbr']}': the AP abbreviation of {state.name}, "
                                                         f"after a town",))
    town = _in_state(mention, gazetteer, AP_STATES[match["abbr"]][0])
    if town is not None and (mention.entry is None or mention.entry.entry_id != town.entry_id):
        mention = replace(mention, entry=town, countries=("USA",),
                          reasons=(*mention.reasons, f"in {state.name} ('{match['abbr']}' follows)"))
    return mention, state_mention


def _with_period(mention: Mention, text: str, sentences: Sentences, gazetteer: Gazetteer) -> Mention:
    """'Seattle, Wash.': a state's AP abbreviation the gazetteer knows without its period takes it, as the state."""
    abbreviation = mention.surface + "."
    if (mention.kind != "place" or abbreviation not in AP_STATES or text[mention.end:mention.end + 1] != "."
            or text[max(0, mention.start - 2):mention.start] != ", "):
        return mention
    state = _state(abbreviation, gazetteer)
    if state is None:
        return mention
    return _span(mention, mention.start, mention.end + 1, text, sentences,
                 f"'{abbreviation}': the AP abbreviation of a US state, after a town", to_candidate(state, 1.0))


def extend_compounds(text: str, sentences: Sentences, mentions: Sequence[Mention], gazetteer: Gazetteer
                     ) -> list[Mention]:
    """The mentions with names built on a place made whole; mentions a longer name covers are absorbed."""
    rules = ENABLED
    if "state_abbreviation" in rules:
        mentions = [_with_period(m, text, sentences, gazetteer) for m in mentions]
    out: list[Mention] = []
    added: list[Mention] = []
    for mention in mentions:
        if mention.kind != "place" or mention.entry is None:
            out.append(mention)
            continue
        grown: Mention | None = None
        if "street" in rules:
            found = _street(mention, text, sentences)
            if found is not None:
                start, end, reason = found  # "Oxford Street": named after a place, not in it
                grown = replace(mention, start=start, end=end, surface=text[start:end], entry=None,
                                candidates=(mention.entry, *mention.candidates)[:4],
                                confidence=min(mention.confidence, 0.3), reasons=(*mention.reasons, reason))
        if grown is None and "compass" in rules:
            found = _compass(mention, text, sentences)
            if found is not None:
                grown = _span(mention, found[0], found[1], text, sentences, found[2])
        if grown is None and "state_abbreviation" in rules:
            mention, state = _state_mentions(mention, text, sentences, gazetteer)
            if state is not None:
                added.append(state)
        out.append(grown or mention)
    return _absorbed(out, added)


def _absorbed(mentions: list[Mention], added: list[Mention]) -> list[Mention]:
    """`mentions` less those inside a longer place mention ("Island" inside "Plum Island", "Malta" inside "Malta
    Road"), plus the added ones that overlap none; one sweep in text order (long texts)."""
    order = sorted(mentions, key=lambda m: (m.start, -m.end))
    places = sorted({(m.start, m.end) for m in mentions if m.kind == "place"}, key=lambda span: (span[0], -span[1]))
    unique: dict[tuple[int, int, str], Mention] = {}  # two places grown into one name ("Spring Mountain Road")
    reach, next_place = -1, 0
    for mention in order:
        key = (mention.start, -mention.end)
        while next_place < len(places) and (places[next_place][0], -places[next_place][1]) < key:
            reach = max(reach, places[next_place][1])  # a place starting before, or as long and longer
            next_place += 1
        if reach < mention.end:
            unique.setdefault((mention.start, mention.end, mention.kind), mention)
    kept = sorted(unique.values(), key=lambda m: (m.start, m.end))
    starts = [m.start for m in kept]
    for state in added:
        at = bisect_right(starts, state.start)
        near = kept[max(0, at - 2):at + 1]
        if not any(m.start < state.end and state.start < m.end for m in near):
            kept.append(state)
    return sorted(kept, key=lambda m: (m.start, m.end))
