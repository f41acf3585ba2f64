"""What is not a figure: a table of named checks, tried in order, each with its reason.

A quantity the grammar has read is refused when a check fires: years, dates, clock times, ages,
durations, ordinals, labels (القرار 2254), model names (إف-16), phone numbers, numbers in a
sequence and definite number words (الأيام العشرة). The words each check reads are in the
lexicons (blockers.tsv, time_units.tsv, months.tsv, function_words.tsv).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from arqam.lexicon.vocab import Vocabulary
from arqam.text import morph
from arqam.text.digits import parse_number
from arqam.text.tokens import Token, bare, forms, strip_conj

# blocks that make a whole range meaningless when its second half carries them (بين 23 و41 عاما)
RANGE_WIDE_BLOCKS = {"duration", "date", "age", "year", "date_or_time"}
_LABEL_MARKS = ("+", "#", "/", ":", "-")
_DATE_MARKS = (":", "/")
_TIMES = ("+", "×", "x")


@dataclass(frozen=True)
class Span:
    """A quantity at tokens [start, end) in its context."""

    tokens: list[Token]
    start: int
    end: int
    vocab: Vocabulary
    words: bool  # written (at least partly) in words
    after_marker: bool = False  # read after a marker (أكثر من الـ300)

    @property
    def tok(self) -> Token:
        return self.tokens[self.start]

    @property
    def prev(self) -> Token | None:
        return self.tokens[self.start - 1] if self.start > 0 else None

    @property
    def nxt(self) -> Token | None:
        return self.tokens[self.end] if self.end < len(self.tokens) else None

    def at(self, k: int) -> Token | None:
        return self.tokens[k] if 0 <= k < len(self.tokens) else None


Check = Callable[[Span], str | None]


def _ordinal(s: Span) -> str | None:
    """الـ9، الـ 29: the article glued to a number."""
    p = s.prev
    glued = p.end == s.tok.start
    if (glued or p.text == morph.ARTICLE) and p.text in s.vocab.function.ordinal_article and not s.after_marker:
        return "ordinal"
    return None


def _ordinal_teen(s: Span) -> str | None:
    """«الرابعة عشرة»، «في الرابع عشر من الشهر»: an ordinal teen (not «الثلاثة عشر», a definite count)."""
    p = s.prev
    if s.tok.text in s.vocab.function.teen_tail and bare(p.text) in s.vocab.function.teen_ordinal:
        return "ordinal"
    return None


def _word_before(s: Span) -> str | None:
    """A blocker word right before the number (blockers.tsv, position before): القرار، رقم، الساعة ..."""
    for f in strip_conj(s.prev.text):
        if f in s.vocab.blockers.before:
            return s.vocab.blockers.before[f]
    return None


def _phrase_before(s: Span) -> str | None:
    """A two- or three-word blocker right before the number."""
    for back in (2, 3):
        if s.start >= back:
            phrase = " ".join(t.text for t in s.tokens[s.start - back : s.start])
            if phrase in s.vocab.blockers.before:
                return s.vocab.blockers.before[phrase]
    return None


_LABEL_REASONS = ("number_label", "model")  # label words that may stand a few words before their number
_LABEL_BACK = 3


def _label_reason(s: Span, t: Token) -> str | None:
    """The reason of a label word before a number (blockers.tsv, position before), in any of its look-up forms."""
    return next((s.vocab.blockers.before[f] for f in forms(t.text) if f in s.vocab.blockers.before), None)


def _label_back(s: Span) -> str | None:
    """«برقم 2216»، «الرقم العسكري 13598»، «من طراز إف - 16»: a number-label or model word up to three tokens
    back, with only a hyphen or words between (no function word; no counted noun, unless a definite adjective of a
    definite label: «العسكري»); a number label with a counted noun after it counts."""
    for back in range(1, min(_LABEL_BACK, s.start) + 1):
        t = s.tokens[s.start - back]
        why = _label_reason(s, t)
        if why in _LABEL_REASONS:
            if why == "number_label" and s.nxt is not None and s.vocab.nouns.match(s.tokens, s.end):
                return None  # «الرقم الرسمي 30 قتيلا»: a count after all
            between = s.tokens[s.start - back + 1:s.start]
            return why if all(_between_label(s, u, morph.definite(t.text)) for u in between) else None
    return None


def _between_label(s: Span, t: Token, definite_label: bool) -> bool:
    """Can `t` stand between a label word and its number: a hyphen, a name or an adjective, never a function word
    or an event («طائرة من طراز ميغ قتلت 5 مدنيين»)?"""
    if t.text == "-" or t.text in s.vocab.function.quote:  # «الرقم "992"»
        return True
    if not t.is_word or bare(t.text) in s.vocab.function.preposition or s.vocab.events.match([t], 0):
        return False
    return (definite_label and morph.definite(t.text)) or not s.vocab.nouns.match([t], 0)


_LISTED_LABELS = ("article", "resolution", "law", "number_label")  # labels whose numbers come in lists
_LISTED_BACK = 12  # tokens back over a list of numbers


def _listed_label(s: Span) -> str | None:
    """«الفصول 237 و228 و59»، «القرارين 242 و338»: a number in a list joined by و or a comma to a labelled one."""
    k, toks = s.start - 1, s.tokens
    while k >= 1 and s.start - k <= _LISTED_BACK and (toks[k].text == morph.WAW or toks[k].text in s.vocab.function.punct) \
            and toks[k - 1].is_num:
        k -= 2
        why = _label_reason(s, toks[k]) if k >= 0 else None
        if why in _LISTED_LABELS:
            return why
    return None


def _resolution_number(s: Span) -> str | None:
    """«القرار رقم 2254»."""
    if s.start > 1 and any(f in s.vocab.function.resolution for f in strip_conj(s.tokens[s.start - 2].text)):
        return "resolution"
    return None


def _latin_name(s: Span) -> str | None:
    """«F 16»، «Covid 19»: digits after a Latin word."""
    return "latin_name" if s.tok.is_num and s.prev.is_word and s.prev.text.isascii() else None


def _label(s: Span) -> str | None:
    """+963، #5، إف-16: a mark glued before the digits."""
    p = s.prev
    if s.tok.is_num and p.end == s.tok.start and p.text in _LABEL_MARKS:
        if p.text != "-" or (s.start > 1 and s.tokens[s.start - 2].end == p.start):
            return "label"
    return None


def _after_a_number(s: Span) -> str | None:
    return "number_sequence" if s.tok.is_num and s.prev.is_num else None


def _month_before(s: Span) -> str | None:
    """February 15."""
    return "date" if s.vocab.months.match(s.tokens, s.start - 1) else None


def _arithmetic(s: Span) -> str | None:
    """«5 + 1»، «20×5 كم»."""
    if (s.prev is not None and s.prev.text in _TIMES) or (s.nxt is not None and s.nxt.text in _TIMES[:2]):
        return "label"
    return None


def _phone(s: Span) -> str | None:
    digits = s.tok.text.replace(",", "").replace(".", "")
    return "phone" if len(digits) >= 8 or (digits.startswith("0") and len(digits) >= 4) else None


def _number_sequence(s: Span) -> str | None:
    return "number_sequence" if s.nxt is not None and s.nxt.is_num else None


def _date_or_time(s: Span) -> str | None:
    """12:30، 15/2، 10-2018."""
    n, after = s.nxt, s.at(s.end + 1)
    if n is not None and n.text in _DATE_MARKS and after is not None and after.is_num:
        return "date_or_time"
    if n is not None and n.text == "-" and n.start == s.tok.end and after is not None and after.is_num \
            and after.start == n.end and (parse_number(after.text) or 0) >= 1900:
        return "date_or_time"
    p = s.prev
    if p is not None and p.text in _DATE_MARKS and s.start > 1 and s.tokens[s.start - 2].is_num:
        return "date_or_time"
    return None


def _year_mark(s: Span) -> str | None:
    """1433هـ، 1436 هـ، 2019م."""
    n = s.nxt
    if n is not None and (n.text in s.vocab.function.hijri_mark
                          or (n.start == s.tok.end and n.text in s.vocab.function.ad_mark)):
        return "year"
    return None


def _year(s: Span) -> str | None:
    """A lone four-digit number 1900-2100, unless a counted noun follows («2000 مقاتل»)."""
    value = parse_number(s.tok.text) or 0
    if 1900 <= value <= 2100 and "." not in s.tok.text and "," not in s.tok.text and s.end == s.start + 1:
        if not (s.nxt is not None and s.vocab.nouns.match(s.tokens, s.end)):
            return "year"
    return None


def _duration(s: Span) -> str | None:
    return "duration" if s.vocab.time_units.match(s.tokens, s.end) else None


def _joined_unit(s: Span) -> str | None:
    """«أعمارهما 19 و20 عاما»، «بعد 5 و6 سنوات»: the unit after the number joined by و is this one's too."""
    k = s.end
    if s.nxt.text in morph.CONJUNCTIONS and (t := s.at(k + 1)) is not None and t.is_num and s.at(k + 2) is not None:
        if s.vocab.time_units.match(s.tokens, k + 2):
            return "duration"
        if s.vocab.blockers.after.match(s.tokens, k + 2):
            return "age"
    return None


_LISTED_DAYS = 6  # days listed before their month at most («أيام 6 و7 و8 جانفي»)


def _month_after(s: Span) -> str | None:
    """15 شباط، 15 من شباط؛ «أيام 6 و7 و8 جانفي»: each day of a list before its month."""
    toks, k = s.tokens, s.end
    for _ in range(_LISTED_DAYS):  # bounded: a chain of figures («5 و5 و5 ...») stays linear
        if not (k + 1 < len(toks) and toks[k].text in morph.CONJUNCTIONS and toks[k + 1].is_num):
            break
        k += 2
    if k < len(toks) and s.vocab.months.match(toks, k):
        return "date"
    if s.nxt.text in s.vocab.function.of and s.end + 1 < len(s.tokens) and s.vocab.months.match(s.tokens, s.end + 1):
        return "date"
    return None


def _word_after(s: Span) -> str | None:
    """A blocker right after the number (blockers.tsv, position after): عاما، من العمر ..."""
    return "age" if s.vocab.blockers.after.match(s.tokens, s.end) else None


_NEGATION_GAP = 4  # tokens between a negation and the noun «واحد» follows


def _not_a_single(s: Span) -> str | None:
    """«لا يوجد بها مسجد واحد»: «واحد» after a noun in a negated clause (no «سوى/إلا» between) counts nothing."""
    fw = s.vocab.function
    if s.end - s.start != 1 or s.tok.text not in fw.not_a_single or s.start < 2:
        return None
    for k in range(s.start - 2, max(-1, s.start - 2 - _NEGATION_GAP), -1):
        w = bare(s.tokens[k].text)
        if w in fw.exception or s.tokens[k].text in fw.punct:
            return None
        if w in fw.negation:
            return None if bare(s.tokens[k + 1].text) in fw.still else "not_a_single"  # not «لا يزال شخص واحد»
    return None


_HOUR_GAP = 4  # tokens between two hours of a span of the day («من 8 صباحا حتى 4 مساء»)


def _hour(s: Span) -> str | None:
    """«20,20 بتوقيت غرينتش»: an hour before a time zone; «من 8 صباحا حتى 4 مساء»: two hours, each with its part of
    the day (one alone may be a count: «وأصيب 3 مساء»)."""
    fw, toks = s.vocab.function, s.tokens
    after = toks[s.end + 1].text if s.end + 1 < len(toks) else ""
    if s.nxt.text in fw.time_zone or s.nxt.text + after in fw.time_zone:  # «(20,00 ت غ)»: the abbreviation, spaced
        return "time"
    if s.nxt.text not in fw.time_of_day:
        return None
    for k in [*range(max(0, s.start - _HOUR_GAP - 1), s.start - 1), *range(s.end + 1, min(len(toks) - 1, s.end + _HOUR_GAP + 1))]:
        if toks[k].is_num and toks[k + 1].text in fw.time_of_day:
            return "time"
    return None


def _definite_number(s: Span) -> str | None:
    """الأيام العشرة، مجموعة العشرين: a number word with the article names a group."""
    t = s.tok.text
    if s.words and t not in s.vocab.numbers and morph.definite(t) and not s.vocab.vague.match(s.tokens, s.start):
        if _people_around(s):
            return None  # «الرهائن الثلاثة»، «الخمسة والعشرون متهما»: the number of the people it names
        return "definite_number"
    return None


def _people_around(s: Span) -> bool:
    """A definite plural of people right before a definite number word («الرهائن الثلاثة»), or a noun of people
    right after it («الخمسة والعشرون متهما»)."""
    for k in range(max(0, s.start - 3), s.start):
        m = s.vocab.nouns.match(s.tokens, k)
        if m and m[0] == s.start:
            return m[1].number == "pl" and m[1].subject in _PEOPLE and morph.definite(s.tokens[k].text)  # type: ignore
    m = s.vocab.nouns.match(s.tokens, s.end) if s.end < len(s.tokens) else None
    return bool(m) and m[1].subject in _PEOPLE  # type: ignore[index,union-attr]


_PEOPLE = {"civilians", "fighters", "soldiers", "police", "children", "women", "people", "displaced", "refugees",
           "detainees", "journalists"}

# (name, check, needs): the checks in the order they are tried; `needs` says which neighbour must exist
# ("prev", "next", "digits": the quantity starts with digits, "" always)
CHECKS: tuple[tuple[str, Check, str], ...] = (
    ("ordinal", _ordinal, "prev"),
    ("ordinal_teen", _ordinal_teen, "prev"),
    ("word_before", _word_before, "prev"),
    ("phrase_before", _phrase_before, "prev"),
    ("label_back", _label_back, "prev"),
    ("resolution_number", _resolution_number, "prev"),
    ("listed_label", _listed_label, "digits"),
    ("latin_name", _latin_name, "prev"),
    ("label", _label, "prev"),
    ("after_a_number", _after_a_number, "prev"),
    ("month_before", _month_before, "prev"),
    ("arithmetic", _arithmetic, ""),
    ("phone", _phone, "digits"),
    ("number_sequence", _number_sequence, "digits"),
    ("date_or_time", _date_or_time, "digits"),
    ("year_mark", _year_mark, "digits"),
    ("year", _year, "digits"),
    ("duration", _duration, "next"),
    ("joined_unit", _joined_unit, "next"),
    ("month_after", _month_after, "next"),
    ("word_after", _word_after, "next"),
    ("hour", _hour, "next"),
    ("not_a_single", _not_a_single, "prev"),
    ("definite_number", _definite_number, ""),
)


def blocked(span: Span) -> str | None:
    """Why the quantity of `span` is not a figure (the first check that fires), or None."""
    for _name, check, needs in CHECKS:
        if (needs == "prev" and span.prev is None) or (needs == "next" and span.nxt is None) \
                or (needs == "digits" and not span.tok.is_num):
            continue
        why = check(span)
        if why:
            return why
    return None


def blocked_range_end(tokens: list[Token], end: int, low: float, base: float, scale: float | None,
                      vocab: Vocabulary) -> str | None:
    """Why the second half of a range (ending at token `end`) makes the range no figure: a duration, a date, an
    age, a time or a year (بين 23 و41 عاما، من 1994 إلى 1995)."""
    nxt = tokens[end] if end < len(tokens) else None
    if nxt is None:
        return None
    if vocab.time_units.match(tokens, end):
        return "duration"
    if vocab.months.match(tokens, end) or (nxt.text in vocab.function.of and end + 1 < len(tokens)
                                           and vocab.months.match(tokens, end + 1)):
        return "date"
    if vocab.blockers.after.match(tokens, end):
        return "age"
    if nxt.text in _DATE_MARKS and end + 1 < len(tokens) and tokens[end + 1].is_num:
        return "date_or_time"
    if scale is None and base == low and 1900 <= low <= 2100 and not vocab.nouns.match(tokens, end):
        return "year"
    return None
