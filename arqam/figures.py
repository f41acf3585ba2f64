"""The number grammar: tokens of a match key -> figures (kind, low, high) with token spans.

It reads digits of every script (the key already holds ASCII digits), number words with
their spelling variants, compounds (ثلاثة آلاف وخمسمئة), digit+word mixes (3 آلاف، مليون
و200 ألف), duals used as counts (ألفين، قريتين), «أحد» + counted noun, ranges and
alternatives (من 400 إلى 600، بين 3 و5، 3000 أو 4000), approximations and bounds
(حوالي، أكثر من، أقل من) and vague plurals (عشرات، المئات، آلاف). It refuses years, dates,
clock times, ages, durations, ordinals, labels (القرار 2254), phone numbers and numbers
inside names. All vocabulary is in arqam/lexicons.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from arqam.arabic.digits import parse_number
from arqam.arabic.lexicon import PhraseIndex, phrase_index, read_tsv
from arqam.arabic.normalize import normalize
from arqam.arabic.tokens import Token, strip_conj, tokenize

KINDS = ("exact", "approx", "range", "at_least", "at_most", "vague")


@dataclass(frozen=True)
class Figure:
    """A figure found in a token list: tokens [start, end) hold the whole number phrase."""

    kind: str
    low: float | None
    high: float | None
    start: int
    end: int
    rule: str
    noun: tuple[int, int] | None = None  # tokens of a counted noun that is part of the figure (قريتين)

    @property
    def value(self) -> float | None:
        return self.low if self.low is not None else self.high


@dataclass(frozen=True)
class _Num:
    value: float
    end: int
    words: bool  # written (at least partly) in words
    rule: str


class Lexicons:
    """The lexicons the grammar reads, loaded once."""

    def __init__(self) -> None:
        self.numbers: dict[str, tuple[float, str]] = {
            r["word"]: (float(r["value"]), r["role"]) for r in read_tsv("number_words", ("word", "value", "role"), key="word")
        }
        self.vague = phrase_index(read_tsv("vague", ("phrase", "unit"), key="phrase"), "phrase", payload=lambda r: float(r["unit"]))
        markers = read_tsv("markers", ("phrase", "kind"), key="phrase")
        self.markers = phrase_index([r for r in markers if not r["kind"].startswith("range") and r["kind"] != "approx_after"], "phrase")
        self.marker_kind = {r["phrase"]: r["kind"] for r in markers}
        self.range_words = {kind: {r["phrase"] for r in markers if r["kind"] == kind} for kind in
                            ("range_from", "range_between", "range_to", "range_and", "range_or", "approx_after")}
        self.between = phrase_index([r for r in markers if r["kind"] == "range_between"], "phrase")
        nouns = read_tsv("counted_nouns", ("noun", "subject", "number", "event"), key="noun", optional=("event",))
        self.nouns: PhraseIndex = phrase_index(nouns, "noun", prefixes=True)
        self.time_units: PhraseIndex = phrase_index(read_tsv("time_units", ("word", "unit"), key="word"), "word", prefixes=True)
        self.months: PhraseIndex = phrase_index(read_tsv("months", ("form", "month"), key="form"), "form", prefixes=True)
        blockers = read_tsv("blockers", ("phrase", "position", "reason"), key="phrase")
        self.block_before = {r["phrase"]: r["reason"] for r in blockers if r["position"] == "before"}
        self.block_after = phrase_index([r for r in blockers if r["position"] == "after"], "phrase")


@cache
def lexicons() -> Lexicons:
    return Lexicons()


def _number_word(lex: Lexicons, text: str, first: bool) -> tuple[float, str, bool] | None:
    """(value, role, had_conjunction) of a number word; only non-first words may carry و.

    After a number, «واحد» reads as و + أحد (مئتان وأحد عشر), not as «one».
    """
    if not first and text[:1] == "و" and text[1:] in lex.numbers:
        return (*lex.numbers[text[1:]], True)
    if text in lex.numbers:
        return (*lex.numbers[text], False)
    return None


def number_at(tokens: list[Token], i: int, lex: Lexicons | None = None) -> _Num | None:
    """The number that starts at token i, in digits, words or both; None if there is none."""
    lex = lex or lexicons()
    n = len(tokens)
    if i >= n:
        return None
    total = 0.0
    current = 0.0
    last_scale = float("inf")  # the scale closed last; later parts must be smaller
    last_role = ""
    words = False
    j = i
    rule = "digits"
    while j < n:
        tok = tokens[j]
        first = j == i
        if tok.is_num:
            # digits: first, or after a closed scale with a standalone و (مليون و200 ألف)
            if not first and not (last_role.startswith("scale") and current == 0 and j > i and tokens[j - 1].text == "و"):
                break
            v = parse_number(tok.text)
            if v is None:
                break
            if not first and v >= last_scale:
                break
            current = v
            last_role = "digits"
            j += 1
            continue
        if tok.text == "و" and last_role.startswith("scale") and j + 1 < n and tokens[j + 1].is_num:
            j += 1
            continue
        nw = _number_word(lex, tok.text, first)
        if nw is None:
            break
        value, role, conj = nw
        if role.startswith("scale"):
            if role == "scale_plural":
                # آلاف multiplies 3-10 only; alone it is vague (not a number)
                if not (3 <= current <= 10) or last_role == "":
                    break
                current *= value
            elif role == "scale_dual":
                if current or last_role not in ("", "scale", "scale_dual", "scale_plural") or (not first and not conj):
                    break
                current = value
            else:  # scale
                if current == 0 and not (first or conj):
                    break
                if value >= last_scale:
                    break
                current = (current or 1) * value
            total += current
            last_scale = value if role != "scale_dual" else value / 2
            current = 0
            words = True
            last_role = role
            j += 1
            continue
        # units, tens, hundreds
        if role == "unit_teen":  # أحد/إحدى count only as the first half of eleven
            if not (j + 1 < n and tokens[j + 1].text in ("عشر", "عشره")):
                break
            role = "unit"
        if first:
            current = value
        elif role == "ten_unit" and not conj and last_role == "unit" and current % 100 < 10:
            current += 10  # teens: ثلاثة عشر، مئة وثلاثة عشر
        elif role == "hundred" and not conj and last_role == "unit" and 3 <= current <= 9 and value == 100:
            current *= 100  # ثلاث مئة
        elif conj and value < last_scale and _can_add(current, value, role):
            current += value
        else:
            break
        words = True
        last_role = role
        j += 1
    if j == i or last_role == "":
        return None
    value = total + current
    if words:
        rule = "words" if not tokens[i].is_num else "digits+words"
    return _Num(value, j, words, rule)


def _can_add(current: float, value: float, role: str) -> bool:
    """May a و-joined part follow? Hundreds first, then the unit, then the ten (مئة وخمسة وعشرون)."""
    if current == 0:
        return True  # right after a scale: ثلاثة آلاف وخمسمئة
    rest = current % 100
    if role == "ten":
        return rest < 10  # خمسة وعشرون، مئة وعشرون
    if role in ("unit", "ten_unit"):
        return current >= 100 and rest == 0
    return False


def _vague_at(tokens: list[Token], i: int, lex: Lexicons) -> tuple[float, int] | None:
    m = lex.vague.match(tokens, i)
    if m:
        return m[1], m[0]  # unit, end
    return None


def _is_word(tokens: list[Token], i: int, options: set[str]) -> bool:
    return i < len(tokens) and any(f in options for f in strip_conj(tokens[i].text))


def _dual_noun(tokens: list[Token], i: int, lex: Lexicons) -> tuple[int, dict] | None:
    m = lex.nouns.match(tokens, i)
    if m and m[1]["number"] == "dual":
        return m
    return None


def _blocked(tokens: list[Token], start: int, end: int, lex: Lexicons, words: bool) -> str | None:
    """Why the number at tokens [start, end) is not a figure, or None."""
    tok = tokens[start]
    prev = tokens[start - 1] if start > 0 else None
    nxt = tokens[end] if end < len(tokens) else None
    if prev is not None:
        if prev.end == tok.start and prev.text in ("ال", "وال", "بال", "لل"):
            return "ordinal"  # الـ9
        if any(f in lex.block_before for f in strip_conj(prev.text)):
            return lex.block_before[next(f for f in strip_conj(prev.text) if f in lex.block_before)]
        if start > 1 and f"{tokens[start - 2].text} {prev.text}" in lex.block_before:
            return "label"
        if prev.text.isascii() and prev.text.isalpha() and tok.is_num:
            return "latin_name"
        if prev.text in ("+", "#", "/", ":") and prev.end == tok.start:
            return "label"
        if lex.months.match(tokens, start - 1):
            return "date"  # February 15
    if tok.is_num:
        digits = tok.text.replace(",", "").replace(".", "")
        if len(digits) >= 8 or (digits.startswith("0") and len(digits) >= 4):
            return "phone"
        if nxt is not None and nxt.start == tok.end and nxt.text in (":", "/", "-") and end + 1 < len(tokens) and tokens[end + 1].is_num and tokens[end + 1].start == nxt.end:
            return "date_or_time"
        if prev is not None and prev.end == tok.start and prev.text in (":", "/", "-") and start > 1 and tokens[start - 2].is_num:
            return "date_or_time"
        value = parse_number(tok.text) or 0
        if 1900 <= value <= 2100 and "." not in tok.text and "," not in tok.text and end == start + 1:
            if not (nxt is not None and lex.nouns.match(tokens, end)):
                return "year"
    if nxt is not None:
        if lex.time_units.match(tokens, end):
            return "duration"
        if lex.months.match(tokens, end):
            return "date"
        if nxt.text == "من" and end + 1 < len(tokens) and lex.months.match(tokens, end + 1):
            return "date"
        if lex.block_after.match(tokens, end):
            return "age"
    if words and tok.text not in lex.numbers and tok.text.startswith(("ال", "وال")) and not lex.vague.match(tokens, start):
        return "definite_number"  # الأيام العشرة، مجموعة العشرين
    return None


def _single(tokens: list[Token], i: int, lex: Lexicons) -> tuple[float, float, int, str, bool] | None:
    """A single quantity at i: (low, high, end, kind, words) for a number or a vague plural."""
    num = number_at(tokens, i, lex)
    if num is not None:
        return num.value, num.value, num.end, "exact", num.words
    v = _vague_at(tokens, i, lex)
    if v is not None:
        unit, end = v
        return 3 * unit, 10 * unit, end, "vague", True
    return None


def figure_at(tokens: list[Token], i: int, lex: Lexicons | None = None) -> Figure | None:
    """The figure that starts at token i, if any."""
    lex = lex or lexicons()
    n = len(tokens)
    tok = tokens[i]
    # approximation and bound markers
    mk = lex.markers.match(tokens, i)
    if mk is not None:
        end, row = mk
        kind = row["kind"]
        inner = _range_or_single(tokens, end, lex)
        if inner is None:
            return None
        if inner.kind == "vague" or inner.kind == "range":
            return Figure(inner.kind, inner.low, inner.high, i, inner.end, f"{kind}+{inner.rule}", inner.noun)
        v = inner.low
        low, high = {"approx": (v, v), "at_least": (v, None), "at_most": (None, v)}[kind]
        return Figure(kind, low, high, i, inner.end, f"{kind}+{inner.rule}", inner.noun)
    # من X إلى Y
    if _is_word(tokens, i, lex.range_words["range_from"]) and tok.text in ("من", "ومن"):
        a = _single(tokens, i + 1, lex)
        if a and a[3] == "exact" and _is_word(tokens, a[2], lex.range_words["range_to"]):
            b = _single(tokens, a[2] + 1, lex)
            if b and b[3] == "exact" and a[0] < b[0] and not _blocked(tokens, i + 1, a[2], lex, a[4]):
                return Figure("range", a[0], b[0], i, b[2], "range:from_to")
        return None
    # بين X و Y
    bt = lex.between.match(tokens, i)
    if bt is not None:
        start = bt[0]
        a = _single(tokens, start, lex)
        if a and a[3] == "exact":
            j = a[2]
            b = None
            if j < n and tokens[j].text == "و":
                b = _single(tokens, j + 1, lex)
            elif j < n and tokens[j].text.startswith("و") and len(tokens[j].text) > 1:
                b = _waw_number(tokens, j, lex)
            if b and b[3] == "exact" and a[0] < b[0]:
                return Figure("range", a[0], b[0], i, b[2], "range:between")
        return None
    return _range_or_single(tokens, i, lex)


def _waw_number(tokens: list[Token], j: int, lex: Lexicons) -> tuple[float, float, int, str, bool] | None:
    """A number word glued to و (وخمسة) read as a new number."""
    stripped = tokens[j].text[1:]
    if stripped in lex.numbers:
        fake = [Token(stripped, tokens[j].start + 1, tokens[j].end)] + tokens[j + 1 :]
        num = number_at(fake, 0, lex)
        if num:
            return num.value, num.value, j + num.end, "exact", True
    return None


def _range_or_single(tokens: list[Token], i: int, lex: Lexicons) -> Figure | None:
    """A number, a vague plural, a dual noun or أحد + noun at i, possibly the first half of a range."""
    n = len(tokens)
    if i >= n:
        return None
    a = _single(tokens, i, lex)
    if a is None:
        dual = _dual_noun(tokens, i, lex)
        if dual:
            return Figure("exact", 2, 2, i, dual[0], "dual_noun", noun=(i, dual[0]))
        if any(f in ("احد", "احدي") for f in strip_conj(tokens[i].text)) and i + 1 < n:
            m = lex.nouns.match(tokens, i + 1)
            if m and m[1]["number"] == "pl":
                return Figure("exact", 1, 1, i, i + 1, "ahad+noun")
        return None
    low, high, end, kind, words = a
    why = _blocked(tokens, i, end, lex, words)
    if why:
        return None
    if kind == "exact" and low == 1 and words:
        # واحد counts only after a counted noun (مدني واحد)
        if not (i > 0 and lex.nouns.match(tokens, i - 1)):
            return None
    if kind == "exact" and end < n:
        conn = tokens[end].text
        to_or = lex.range_words["range_to"] | lex.range_words["range_or"]
        if conn in to_or or (conn == "-" and tokens[end].start == tokens[end - 1].end):
            b = _single(tokens, end + 1, lex)
            if b and b[3] == "exact" and low < b[0] and (conn not in lex.range_words["range_or"] or b[0] <= 10 * low):
                if not _blocked(tokens, end + 1, b[2], lex, b[4]):
                    return Figure("range", low, b[0], i, b[2], "range:or" if conn in lex.range_words["range_or"] else "range:to")
        if _is_word(tokens, end, lex.range_words["approx_after"]):
            return Figure("approx", low, high, i, end + 1, "approx_after")
    rule = "vague" if kind == "vague" else ("words" if words else "digits")
    return Figure(kind, low, high, i, end, rule)


def find_figures(tokens: list[Token], lex: Lexicons | None = None) -> list[Figure]:
    """Every figure in a token list, left to right, non-overlapping."""
    lex = lex or lexicons()
    out: list[Figure] = []
    i = 0
    while i < len(tokens):
        fig = figure_at(tokens, i, lex) if tokens[i].is_num or tokens[i].is_word else None
        if fig is not None:
            out.append(fig)
            i = fig.end
        else:
            i += 1
    return out


def parse_figures(text: str) -> list[Figure]:
    """Figures of a phrase of raw text (token spans refer to its match key's tokens)."""
    return find_figures(tokenize(normalize(text)))
