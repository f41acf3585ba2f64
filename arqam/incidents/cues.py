"""What a figure's clause says about its incident: a running or background total, an earlier event, a sum over
several incidents, another incident than the one before, or a toll that grows.

The words are in arqam/lexicon/data/incident_cues.tsv (kinds explained there). A cue counts in the figure's
window: up to BEFORE tokens before it in its sentence, and after it up to AFTER tokens, not past the end of its
clause (a comma, a semicolon, a full stop).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache

from arqam.incidents.model import Exclusion
from arqam.lexicon.loader import LexiconError, read_tsv
from arqam.lexicon.phrases import PhraseIndex, phrase_index
from arqam.lexicon.vocab import vocabulary
from arqam.text.normalize import keyed
from arqam.text.tokens import Token, tokenize

BEFORE = 10
AFTER = 8
KINDS = ("since", "recent", "total", "this_year", "period", "past", "sum", "separate", "superlative", "growth", "last",
         "place_type", "place_head", "target", "means")
CLAUSE_ENDS = frozenset(",;.:!?\u060c\u061b\u061f")


@dataclass(frozen=True)
class Cue:
    kind: str
    value: str  # past: the shift of the figure's day, in days; target, means: the category

    @property
    def days(self) -> int:
        return int(self.value) if self.kind == "past" else 0


@dataclass(frozen=True)
class Reading:
    """What the clause of one figure says (the default: a member of the incident of its day)."""

    exclusion: Exclusion | None = None
    shift_days: int = 0  # the figure is of an earlier day («الأسبوع الماضي»: -7)
    growth: bool = False  # a toll that grows («ارتفعت حصيلة القتلى إلى»)
    separate: bool = False  # another incident than the one the article told before («وفي حادث منفصل»)


@cache
def cue_index() -> PhraseIndex:
    rows = read_tsv("incident_cues", ("phrase", "kind", "value"), key="phrase", optional=("value",))
    for r in rows:
        if r["kind"] not in KINDS:
            raise LexiconError(f"incident_cues.tsv: {r['phrase_as_written']!r}: kind {r['kind']!r} is not one of {KINDS}")
        if (r["kind"] == "past") != r["value"].lstrip("-").isdigit() or (r["kind"] in ("target", "means")) != (
                bool(r["value"]) and not r["value"].lstrip("-").isdigit()):
            raise LexiconError(f"incident_cues.tsv: {r['phrase_as_written']!r}: a past cue has days, a target or means "
                               "a category, nothing else a value")
    return phrase_index(rows, "phrase", prefixes=True, payload=lambda r: Cue(r["kind"], r["value"]))


@lru_cache(maxsize=8192)
def _analysed(sentence: str) -> tuple[tuple[int, ...], tuple[Token, ...]]:
    k = keyed(sentence)
    return k.offsets, tuple(tokenize(k.key))


def _window(sentence: str, start: int, end: int) -> tuple[list[Token], int, int, int, int]:
    """The tokens of the sentence, and the window [a, b) around the figure's tokens [fa, fb): (tokens, a, fa, fb, b)."""
    offsets, tokens = _analysed(sentence)
    ks, ke = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
    starts = [t.start for t in tokens]
    fa = bisect.bisect_right(starts, ks) - 1 if tokens else 0
    fa = max(fa, 0)
    fb = max(bisect.bisect_left(starts, ke), fa + 1)
    b = fb
    while b < len(tokens) and b - fb < AFTER and tokens[b].text not in CLAUSE_ENDS:
        b += 1
    return list(tokens), max(0, fa - BEFORE), fa, fb, b


def _cues(tokens: list[Token], a: int, b: int) -> list[tuple[int, int, Cue]]:
    """(start, end, cue) of every cue phrase inside tokens [a, b), longest first at each position."""
    idx, out, i = cue_index(), [], a
    while i < b:
        m = idx.match(tokens, i)
        if m and m[0] <= b:
            out.append((i, m[0], m[1]))
            i = m[0]
        else:
            i += 1
    return out


def read_clause(sentence: str, start: int, end: int, day: dt.date | None) -> Reading:
    """The reading of the figure at sentence[start:end] stated on `day` (None: unknown)."""
    tokens, a, fa, fb, b = _window(sentence, start, end)
    cues = [(i, j, c) for i, j, c in _cues(tokens, a, b) if not fa <= i < fb]
    # a topic switch or a growing toll is said anywhere before the figure («ارتفعت حصيلة القتلى في ... إلى 20»)
    cues += [(i, j, c) for i, j, c in _cues(tokens, 0, fa) if c.kind in ("separate", "growth") and i < a]
    superlative = min((i for i, _, c in cues if c.kind == "superlative" and i >= fb), default=b)
    live = [(i, j, c) for i, j, c in cues if i < fa or i < superlative]
    kinds = {c.kind for _, _, c in live}
    shift = min((c.days for _, _, c in live if c.kind == "past"), default=0)
    exclusion = None
    if "sum" in kinds:
        exclusion = Exclusion.SUM
    elif kinds & {"since", "total", "this_year", "period"}:
        exclusion = Exclusion.BACKGROUND
    else:
        exclusion = _dated_elsewhere(tokens, (a, fa, fb, min(b, superlative)), day)
    return Reading(exclusion, shift, "growth" in kinds, "separate" in kinds)


def _dated_elsewhere(tokens: list[Token], bounds: tuple[int, int, int, int], day: dt.date | None) -> Exclusion | None:
    """An earlier year or month in the window («في أبريل 2017 قتل 80»، «في مارس الماضي»): an earlier event (PAST);
    the year of the figure itself after «عام» («توفي 35 شخصا عام 2018»): a total of the year (BACKGROUND)."""
    if day is None:
        return None
    vocab = vocabulary()
    a, fa, fb, b = bounds
    for k in range(a, b):
        if fa <= k < fb:
            continue
        t = tokens[k]
        if t.is_num and t.text.isdigit() and len(t.text) == 4 and 1900 <= int(t.text) <= 2100:
            year = int(t.text)
            if year < day.year and not _month_before(tokens, k, day):
                return Exclusion.PAST
            if year == day.year and k > 0 and tokens[k - 1].text in vocab.function.year_word:
                return Exclusion.BACKGROUND
        month = vocab.months.match(tokens, k)
        if month and month[0] < len(tokens) and month[1].month != day.month:
            nxt = cue_index().match(tokens, month[0])
            if nxt and nxt[1].kind == "last":
                return Exclusion.PAST
    return None


def _month_before(tokens: list[Token], k: int, day: dt.date) -> bool:
    """A year after a month of the year before, close to `day` («كانون الأول 2017» read in January 2018)."""
    for j in range(max(0, k - 3), k):
        m = vocabulary().months.match(tokens, j)
        if m and m[0] <= k and (day.year - int(tokens[k].text)) * 12 + day.month - m[1].month <= 1:
            return True
    return False


def named_places(sentence: str) -> frozenset[str]:
    """The place names a sentence gives after a place-type word («في ولاية بادغيس» -> بادغيس، «بلدة تل رفعت» ->
    تل رفعت), as stems of the match key."""
    from arqam.incidents.context import stem

    _, tokens = _analysed(sentence)
    idx, out = cue_index(), set()
    for i in range(len(tokens) - 1):
        m = idx.match(list(tokens[i:i + 3]), 0)
        if not m or m[1].kind != "place_type" or not tokens[i + 1].is_word:
            continue
        name = [stem(tokens[i + 1].text)]
        head = idx.match([tokens[i + 1]], 0)
        if head and head[1].kind == "place_head" and i + 2 < len(tokens) and tokens[i + 2].is_word:
            name.append(stem(tokens[i + 2].text))
        out.add(" ".join(name))
    return frozenset(out)


@lru_cache(maxsize=65536)
def circumstances(sentence: str) -> frozenset[str]:
    """What a sentence says was hit and how: target:<category> and means:<category> («سوق» -> target:market,
    «بغاز الكلور» -> means:chemical)."""
    _, tokens = _analysed(sentence)
    found = set()
    for _, _, c in _cues(list(tokens), 0, len(tokens)):
        if c.kind in ("target", "means"):
            found.add(f"{c.kind}:{c.value}")
    return frozenset(found)
