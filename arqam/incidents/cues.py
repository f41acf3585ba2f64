"""What a figure's clause says about its incident: a running or background total, an earlier event, a sum over
several incidents, another incident than the one before, or a toll that grows; and what a sentence says about the
incident itself: the places it names after a place-type word, what was hit and how.

The words are in arqam/lexicon/data/incident_cues.tsv (kinds explained there), matched on the match key with the
clitics a word may carry (و/ف, then ب/ل/ك/ال: «والأسبوع الماضي»، «بسوق»). A cue counts in the figure's window: up to
BEFORE words before it in its sentence, and after it up to AFTER words, not past the end of its clause (a comma, a
semicolon, a full stop); a topic switch or a growing toll counts anywhere before the figure in its sentence.
Each sentence is scanned once, by one regular expression.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from arqam.incidents.model import Exclusion
from arqam.lexicon.loader import LexiconError, read_tsv
from arqam.text.morph import CONJUNCTIONS, PREFIXES
from arqam.text.normalize import normalize

BEFORE = 10
AFTER = 8
KINDS = ("since", "recent", "total", "this_year", "period", "past", "sum", "separate", "superlative", "growth", "last",
         "place_type", "place_head", "target", "means", "broad_means", "month")
_CIRCUMSTANCES = ("target", "means", "broad_means")
BACKGROUND = frozenset({"since", "total", "this_year", "period"})
_CLAUSE_END = re.compile("[,;.:!?\u060c\u061b\u061f]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_WORDS = re.compile(r"\S+")
_NEXT_WORDS = re.compile(r"\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?")


@dataclass(frozen=True)
class Cue:
    kind: str
    value: str  # past: the shift of the figure's day, in days; target, means: the category; month: its number

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


def _check(r: dict) -> None:
    kind, value = r["kind"], r["value"]
    if kind not in KINDS:
        raise LexiconError(f"incident_cues.tsv: {r['phrase_as_written']!r}: kind {kind!r} is not one of {KINDS}")
    numeric = value.lstrip("-").isdigit()
    if (kind == "past") != numeric or (kind in _CIRCUMSTANCES) != (bool(value) and not numeric):
        raise LexiconError(f"incident_cues.tsv: {r['phrase_as_written']!r}: a past cue has days, a target or means "
                           "a category, nothing else a value")


@cache
def _lexicon() -> tuple[re.Pattern, dict[str, Cue], frozenset[str], frozenset[str], frozenset[str]]:
    """The one pattern of every cue phrase and month name, the cue of each phrase, place heads, year words, the words
    that stand before a year."""
    cues: dict[str, Cue] = {}
    for r in read_tsv("incident_cues", ("phrase", "kind", "value"), key="phrase", optional=("value",)):
        _check(r)
        cues[r["phrase"]] = Cue(r["kind"], r["value"])
    for r in read_tsv("months", ("form", "month"), key="form"):
        cues.setdefault(r["form"], Cue("month", r["month"]))
    words = read_tsv("function_words", ("word", "kind"), key="word", unique=("word", "kind"))
    years = frozenset(r["word"] for r in words if r["kind"] == "year_word")
    year_before = frozenset(r["word"] for r in words if r["kind"] in ("year_word", "year_before"))
    heads = frozenset(p for p, c in cues.items() if c.kind == "place_head")
    phrases = "|".join(re.escape(p) for p in sorted(cues, key=lambda p: (-len(p), p)))
    clitics = f"(?:[{''.join(CONJUNCTIONS)}])?(?:{'|'.join(re.escape(p) for p in PREFIXES)})?"
    return re.compile(rf"(?<!\w){clitics}(?P<p>{phrases})(?!\w)"), cues, heads, years, year_before


def cue_index() -> dict[str, Cue]:
    """Every cue phrase (as a match key) and its cue."""
    return _lexicon()[1]


@dataclass(frozen=True)
class Scan:
    """A sentence's match key, where its words start, and every cue in it (key start, key end, cue)."""

    key: str
    words: tuple[int, ...]
    found: tuple[tuple[int, int, Cue], ...]


@lru_cache(maxsize=65536)
def scan(sentence: str) -> Scan:
    pattern, cues, *_ = _lexicon()
    key = normalize(sentence)
    found = tuple((m.start(), m.end(), cues[m.group("p")]) for m in pattern.finditer(key))
    return Scan(key, tuple(m.start() for m in _WORDS.finditer(key)), found)


def _bounds(s: Scan, ks: int, ke: int) -> tuple[int, int]:
    """The figure's window in the key: BEFORE words back, AFTER words on or the end of its clause."""
    first = max(bisect.bisect_right(s.words, ks) - 1, 0)
    a = s.words[max(0, first - BEFORE)] if s.words else 0
    after = bisect.bisect_left(s.words, ke) + AFTER
    b = s.words[after] if after < len(s.words) else len(s.key)
    end = _CLAUSE_END.search(s.key, ke)
    return a, min(b, end.start() if end else len(s.key))


def read_clause(sentence: str, start: int, end: int, day: dt.date | None) -> Reading:
    """The reading of the figure at sentence[start:end] stated on `day` (None: unknown)."""
    s = scan(sentence)
    ks, ke = len(normalize(sentence[:start])), len(normalize(sentence[:end]))
    a, b = _bounds(s, ks, ke)
    superlative = min((i for i, _, c in s.found if c.kind == "superlative" and ke <= i < b), default=b)
    # «وفي أسوأ هجوم منذ 2015، قتل 57»: what follows a superlative before the figure is its comparison
    compared = max((j for i, j, c in s.found if c.kind == "superlative" and a <= i and j <= ks), default=ks)
    live = [c for i, j, c in s.found if (a <= i and j <= ks and i < compared) or ke <= i < superlative
            or (j <= ks and c.kind in ("separate", "growth"))]
    kinds = {c.kind for c in live}
    shift = min((c.days for c in live if c.kind == "past"), default=0)
    if "sum" in kinds:
        exclusion = Exclusion.SUM
    elif kinds & BACKGROUND:
        exclusion = Exclusion.BACKGROUND
    else:
        exclusion = _dated_elsewhere(s, ((a, compared), (ke, superlative)), day)
    return Reading(exclusion, shift, "growth" in kinds, "separate" in kinds)


_NEXT_WORD = re.compile(r"\s*(\w+)")


def _a_year(key: str, m: re.Match) -> bool:
    """Is this 19xx/20xx a year: after a word that stands before years («في 2014»، «عام 2011») or one that is not
    followed by a word (a comma, the end: «قتل 80 في مارس، 2017»)? «أكثر من 2000 جريح» is a count."""
    before, year_before = key[:m.start()].split(), _lexicon()[4]
    word = before[-1] if before else ""
    if word in year_before or (len(word) > 2 and word[0] in CONJUNCTIONS and word[1:] in year_before):
        return True
    nxt = _NEXT_WORD.match(key, m.end())
    return nxt is None or not nxt.group(1)[0].isalpha()


def _dated_elsewhere(s: Scan, spans: tuple[tuple[int, int], ...], day: dt.date | None) -> Exclusion | None:
    """An earlier year or month in the window («في أبريل 2017 قتل 80»، «في مارس الماضي»): an earlier event (PAST);
    the year of the figure itself after «عام» («توفي 35 شخصا عام 2018»): a total of the year (BACKGROUND)."""
    if day is None:
        return None
    years = _lexicon()[3]
    months = [(i, j, int(c.value)) for i, j, c in s.found if c.kind == "month"]
    for lo, hi in spans:
        for m in _YEAR.finditer(s.key, lo, hi):
            year = int(m.group())
            month = next((mo for i, j, mo in months if 0 <= m.start() - j <= 3), None)
            if month is None and not _a_year(s.key, m):
                continue  # «وأكثر من 2000 جريح»: a count
            if year < day.year and not (month and (day.year - year) * 12 + day.month - month <= 1):
                return Exclusion.PAST
            before = s.key[:m.start()].split()
            if year == day.year and month is None and before and before[-1] in years:
                return Exclusion.BACKGROUND
        for i, j, mo in months:
            last = any(c.kind == "last" and 0 <= k - j <= 2 for k, _, c in s.found)
            if lo <= i < hi and mo != day.month and last:
                return Exclusion.PAST
    return None


def named_places(sentence: str) -> frozenset[str]:
    """The place names a sentence gives after a place-type word («في ولاية بادغيس» -> بادغيس، «بلدة تل رفعت» ->
    تل رفعت), as stems of the match key."""
    from arqam.incidents.context import stem

    s = scan(sentence)
    heads = _lexicon()[2]
    out = set()
    for _, j, c in s.found:
        if c.kind != "place_type":
            continue
        nxt = _NEXT_WORDS.match(s.key, j)
        if not nxt:
            continue
        first, second = nxt.groups()
        out.add(stem(first) + (" " + stem(second) if second and first in heads else ""))
    return frozenset(out)


@lru_cache(maxsize=65536)
def circumstances(sentence: str) -> frozenset[str]:
    """What a sentence says was hit and how: target:<category> and means:<category> («سوق» -> target:market,
    «بغاز الكلور» -> means:chemical). A broad means («قصف»، «غارات») counts only when no specific one is named:
    a chemical attack is often told as a shelling with gas, a shelling alone is another attack."""
    found = {(c.kind, c.value) for _, _, c in scan(sentence).found if c.kind in _CIRCUMSTANCES}
    specific = any(kind == "means" for kind, _ in found)
    return frozenset(f"{'means' if kind == 'broad_means' else kind}:{value}" for kind, value in found
                     if not (kind == "broad_means" and specific))
