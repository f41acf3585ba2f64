"""The number grammar: tokens of a match key -> figures (kind, low, high) with token spans.

It reads digits of every script (the key already holds ASCII digits), number words with
their spelling variants, compounds (ثلاثة آلاف وخمسمئة), digit+word mixes (3 آلاف، مليون
و200 ألف، نصف مليون), duals used as counts (ألفين، قريتين), «أحد» + counted noun and a
noun + «واحد», ranges and alternatives (من 400 إلى 600، بين 12 و16 ألفا، 3000 أو 4000),
approximations and bounds before or after (حوالي، أكثر من، لا يتجاوز، على الأقل، تقريبا) and
vague plurals (عشرات، المئات، آلاف). It refuses years, dates, clock times, ages, durations,
ordinals, labels (القرار 2254), model names (إف-16), phone numbers and numbers inside names.
All vocabulary is in arqam/lexicons.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from arqam.arabic.digits import parse_number
from arqam.arabic.lexicon import PhraseIndex, phrase_index, read_tsv, remember
from arqam.arabic.normalize import normalize
from arqam.arabic.tokens import Token, forms, strip_conj, tokenize

KINDS = ("exact", "approx", "range", "at_least", "at_most", "vague")
_PREFIX_LETTERS = "بلك"
_TEEN_TAIL = ("عشر", "عشره")
_BOUND_VERBS = {"يزيد": "more", "تزيد": "more", "يتجاوز": "more", "تتجاوز": "more", "يفوق": "more", "تفوق": "more",
                "يقل": "less", "تقل": "less"}
_NEGATIONS = {"لا", "الا", "لن", "لم", "ما"}
# blocks that make a whole range meaningless when its second half carries them (بين 23 و41 عاما)
_RANGE_WIDE_BLOCKS = {"duration", "date", "age", "year", "date_or_time"}


@dataclass(frozen=True)
class Figure:
    """A figure found in a token list: tokens [start, end) hold the whole number phrase."""

    kind: str
    low: float | None
    high: float | None
    start: int
    end: int
    rule: str
    noun: tuple[int, int] | None = None  # tokens of a counted noun that is part of the figure (قريتين، مدني واحد)


@dataclass(frozen=True)
class _Num:
    value: float
    end: int
    words: bool  # written (at least partly) in words
    base: float  # the value before its last scale word (16 in «16 ألف»)
    scale: float | None  # that scale word's value, if any


@dataclass(frozen=True)
class _Qty:
    """A single quantity: a number or a vague plural."""

    low: float
    high: float
    end: int
    kind: str  # exact | vague
    words: bool
    base: float
    scale: float | None


class Lexicons:
    """The lexicons the grammar reads, loaded once."""

    def __init__(self) -> None:
        self.numbers: dict[str, tuple[float, str]] = {
            r["word"]: (float(r["value"]), r["role"]) for r in read_tsv("number_words", ("word", "value", "role"), key="word")
        }
        self.vague = phrase_index(read_tsv("vague", ("phrase", "unit"), key="phrase"), "phrase", prefixes=True,
                                  payload=lambda r: float(r["unit"]))
        markers = read_tsv("markers", ("phrase", "kind"), key="phrase")
        self.markers = phrase_index([r for r in markers if r["kind"] in ("approx", "at_least", "at_most")], "phrase",
                                    prefixes=True, min_stem=2)
        self.post_markers = phrase_index([r for r in markers if r["kind"].endswith("_after")], "phrase")
        self.range_words = {kind: {r["phrase"] for r in markers if r["kind"] == kind} for kind in
                            ("range_from", "range_to", "range_and", "range_or")}
        self.between = phrase_index([r for r in markers if r["kind"] == "range_between"], "phrase")
        nouns = read_tsv("counted_nouns", ("noun", "subject", "number", "event"), key="noun", optional=("event",))
        self.nouns: PhraseIndex = phrase_index(nouns, "noun", prefixes=True)
        self.time_units: PhraseIndex = phrase_index(read_tsv("time_units", ("word", "unit"), key="word"), "word", prefixes=True)
        self.months: PhraseIndex = phrase_index(read_tsv("months", ("form", "month"), key="form"), "form", prefixes=True)
        # words that can start a figure (after stripping prefixes): the scan skips every other word.
        # Of the counted nouns only duals start one (قريتين); the others follow a number.
        dual_nouns = {r["noun"].split()[0] for r in nouns if r["number"] == "dual"}
        self.triggers = (set(self.numbers) | self.markers.first_words() | self.vague.first_words()
                         | self.between.first_words() | self.range_words["range_from"] | {"احد", "احدي"}
                         | dual_nouns)
        self._is_trigger: dict[str, bool] = {}
        blockers = read_tsv("blockers", ("phrase", "position", "reason"), key="phrase")
        self.block_before = {r["phrase"]: r["reason"] for r in blockers if r["position"] == "before"}
        self.block_after = phrase_index([r for r in blockers if r["position"] == "after"], "phrase")


    def is_trigger(self, word: str) -> bool:
        """Can a figure start at this word (a token text that is not digits)?"""
        found = self._is_trigger.get(word)
        if found is None:
            found = remember(self._is_trigger, word, word[:1].isalpha() and not self.triggers.isdisjoint(forms(word, 2)))
        return found


@cache
def lexicons() -> Lexicons:
    return Lexicons()


# -- numbers ------------------------------------------------------------------------------------


def _number_word(lex: Lexicons, text: str, first: bool) -> tuple[float, str, bool] | None:
    """(value, role, had_conjunction) of a number word.

    Only non-first words may carry و; after a number «واحد» reads as و + أحد (مئتان وأحد عشر).
    A first word may carry ب/ل/ك (بنحو is a marker; بمليوني، لعشرة are numbers).
    """
    if not first and text[:1] == "و" and text[1:] in lex.numbers:
        return (*lex.numbers[text[1:]], True)
    if text in lex.numbers:
        return (*lex.numbers[text], False)
    if first and text[:1] in _PREFIX_LETTERS and len(text) >= 4 and text[1:] in lex.numbers:
        return (*lex.numbers[text[1:]], False)
    return None


def _can_add(current: float, role: str) -> bool:
    """May a و-joined part follow? Hundreds first, then the unit, then the ten (مئة وخمسة وعشرون)."""
    if current == 0:
        return True  # right after a scale: ثلاثة آلاف وخمسمئة
    rest = current % 100
    if role == "ten":
        return rest < 10  # خمسة وعشرون، مئة وعشرون
    if role in ("unit", "ten_unit"):
        return current >= 100 and rest == 0
    return False


def _scale_after_waw_digits(tokens: list[Token], j: int, lex: Lexicons) -> float | None:
    """The scale word after «و + digits» at j (مليون و200 ألف), if any."""
    if j + 2 < len(tokens):
        nw = _number_word(lex, tokens[j + 2].text, False)
        if nw and nw[1].startswith("scale"):
            return nw[0] if nw[1] != "scale_dual" else nw[0] / 2
    return None


def number_at(tokens: list[Token], i: int, lex: Lexicons | None = None) -> _Num | None:
    """The number that starts at token i, in digits, words or both; None if there is none."""
    lex = lex or lexicons()
    n = len(tokens)
    total = current = 0.0
    last_scale = float("inf")  # the scale closed last; later parts must be smaller
    last_role = ""
    words = False
    base, scale = 0.0, None
    j = i
    while j < n:
        tok = tokens[j]
        first = j == i
        if tok.is_num:
            # digits: first, or after a closed scale with a standalone و (مليون و200 ألف)
            if not first and not (last_role.startswith("scale") and tokens[j - 1].text == "و"):
                break
            v = parse_number(tok.text)
            if v is None or (not first and v >= last_scale):
                break
            current, last_role = v, "digits"
            j += 1
            continue
        if tok.text == "و" and last_role.startswith("scale") and j + 1 < n and tokens[j + 1].is_num:
            following = _scale_after_waw_digits(tokens, j, lex)
            if following is not None and following >= last_scale:
                break  # «15 ألفا و20 ألفا»: a second number, not a part
            j += 1
            continue
        nw = _number_word(lex, tok.text, first)
        if nw is None:
            break
        value, role, conj = nw
        if role == "fraction":
            if not first:
                break
            current, last_role = value, role
            j += 1
            continue
        if role.startswith("scale"):
            if role == "scale_plural":
                # آلاف multiplies 3-10 and digits below 1000 (110 آلاف); alone it is vague (not a number)
                if not ((last_role == "digits" and current < 1000) or (3 <= current <= 10 and last_role in ("unit", "ten_unit"))):
                    break
                base, scale = current, value
                current *= value
            elif role == "scale_dual":
                if current or last_role not in ("", "scale", "scale_dual", "scale_plural") or (not first and not conj):
                    break
                base, scale = 2, value / 2
                current = value
            else:
                if (current == 0 and not (first or conj)) or value >= last_scale:
                    break
                base, scale = (current or 1), value
                current = (current or 1) * value
            total += current
            last_scale = value if role != "scale_dual" else value / 2
            current = 0
            words = True
            last_role = role
            j += 1
            continue
        if last_role == "fraction":
            break
        if role == "unit_teen":  # أحد/إحدى count only as the first half of eleven
            if not (j + 1 < n and tokens[j + 1].text in _TEEN_TAIL):
                break
            role = "unit"
        if first:
            current = value
        elif role == "ten_unit" and not conj and last_role == "unit" and current % 100 < 10:
            current += 10  # teens: ثلاثة عشر، مئة وثلاثة عشر
        elif role == "hundred" and not conj and last_role == "unit" and 3 <= current <= 9 and value == 100:
            current *= 100  # ثلاث مئة
        elif conj and value < last_scale and _can_add(current, role):
            current += value
        else:
            break
        words = True
        last_role = role
        j += 1
    if j == i or last_role in ("", "fraction"):
        return None
    value = total + current
    if scale is None or total + current != base * scale:
        base, scale = (value, None) if scale is None else (base, scale)
    return _Num(value, j, words, base, scale)


def _single(tokens: list[Token], i: int, lex: Lexicons) -> _Qty | None:
    """A number or a vague plural at token i."""
    if i >= len(tokens):
        return None
    num = number_at(tokens, i, lex)
    if num is not None:
        return _Qty(num.value, num.value, num.end, "exact", num.words, num.base, num.scale)
    m = lex.vague.match(tokens, i)
    if m is not None:
        end, unit = m
        return _Qty(3 * unit, 10 * unit, end, "vague", True, unit, None)  # type: ignore[operator]
    return None


# -- what is not a figure -----------------------------------------------------------------------


def _forms(tok: Token) -> list[str]:
    return strip_conj(tok.text)


def _blocked(tokens: list[Token], start: int, end: int, lex: Lexicons, words: bool, after_marker: bool = False) -> str | None:
    """Why the quantity at tokens [start, end) is not a figure, or None."""
    tok = tokens[start]
    prev = tokens[start - 1] if start > 0 else None
    nxt = tokens[end] if end < len(tokens) else None
    if prev is not None:
        glued = prev.end == tok.start
        if (glued or prev.text == "ال") and prev.text in ("ال", "وال", "بال", "لل") and not after_marker:
            return "ordinal"  # الـ9، الـ 29
        if tok.text in ("عشر", "عشره") and _forms(prev)[-1].startswith("ال") and prev.text.endswith("ه"):
            return "ordinal"  # الرابعة عشرة
        for f in _forms(prev):
            if f in lex.block_before:
                return lex.block_before[f]
        for back in (2, 3):
            if start >= back and " ".join(t.text for t in tokens[start - back : start]) in lex.block_before:
                return lex.block_before[" ".join(t.text for t in tokens[start - back : start])]
        if start > 1 and any(f in ("القرار", "قرار") for f in _forms(tokens[start - 2])):
            return "resolution"
        if tok.is_num and prev.is_word and prev.text.isascii():
            return "latin_name"
        if tok.is_num and glued and prev.text in ("+", "#", "/", ":", "-"):
            if prev.text != "-" or (start > 1 and tokens[start - 2].end == prev.start):
                return "label"  # +963, #5, إف-16
        if tok.is_num and prev.is_num:
            return "number_sequence"
        if lex.months.match(tokens, start - 1):
            return "date"  # February 15
    if (prev is not None and prev.text in ("+", "×", "x")) or (nxt is not None and nxt.text in ("+", "×")):
        return "label"  # «5 + 1», «20×5 كم»
    if tok.is_num:
        digits = tok.text.replace(",", "").replace(".", "")
        if len(digits) >= 8 or (digits.startswith("0") and len(digits) >= 4):
            return "phone"
        if nxt is not None and nxt.is_num:
            return "number_sequence"
        if nxt is not None and nxt.text in (":", "/") and end + 1 < len(tokens) and tokens[end + 1].is_num:
            return "date_or_time"
        if nxt is not None and nxt.text == "-" and nxt.start == tok.end and end + 1 < len(tokens) and tokens[end + 1].is_num \
                and tokens[end + 1].start == nxt.end and (parse_number(tokens[end + 1].text) or 0) >= 1900:
            return "date_or_time"  # 10-2018
        if prev is not None and prev.text in (":", "/") and start > 1 and tokens[start - 2].is_num:
            return "date_or_time"
        if nxt is not None and (nxt.text == "ه" or (nxt.start == tok.end and nxt.text == "م")):
            return "year"  # 1433هـ، 1436 هـ، 2019م
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


# -- figures ------------------------------------------------------------------------------------


def _blocked_figure(start: int, end: int, why: str) -> Figure:
    """A span that is not a figure, so the scan skips it whole («عام ألفين وأربعة عشر»)."""
    return Figure("blocked", None, None, start, end, why)


def _post_marker(tokens: list[Token], end: int, lex: Lexicons) -> tuple[str, int, tuple[int, int] | None] | None:
    """«على الأقل»، «تقريبا» right after the number or after its counted noun: (kind, end, noun span)."""
    if end >= len(tokens):
        return None
    m = lex.post_markers.match(tokens, end)
    if m:
        return m[1]["kind"].removesuffix("_after"), m[0], None  # type: ignore[index]
    noun = lex.nouns.match(tokens, end)
    if noun and noun[0] < len(tokens):
        m = lex.post_markers.match(tokens, noun[0])
        if m:
            return m[1]["kind"].removesuffix("_after"), m[0], (end, noun[0])  # type: ignore[index]
    return None


def _bound_before(tokens: list[Token], i: int) -> str | None:
    """«لا يزيد عدد المسلحين عن 200», «يتجاوز عدد المسلحين 300»: a bound verb a few words back."""
    for k in range(i - 1, max(-1, i - 5), -1):
        for f in _forms(tokens[k]):
            if f in _BOUND_VERBS:
                negated = k > 0 and any(g in _NEGATIONS for g in _forms(tokens[k - 1]))
                more = _BOUND_VERBS[f] == "more"
                return "at_most" if more == negated else "at_least"
    return None


def _apply_scale(low: _Qty, high: _Qty) -> float:
    """«بين 12 و16 ألفا»: the low end shares the high end's scale word."""
    if low.kind == "exact" and low.scale is None and high.scale is not None and low.low < high.base:
        return low.low * high.scale
    return low.low


def _range(tokens: list[Token], start: int, a: _Qty, b: _Qty, end: int, rule: str, lex: Lexicons) -> Figure | None:
    if a.kind != "exact" or b.kind != "exact":
        return None
    why = _blocked_range_end(tokens, b, lex)
    if why in _RANGE_WIDE_BLOCKS:
        return _blocked_figure(start, b.end, why)
    low = _apply_scale(a, b)
    if not low < b.low:
        return None
    return Figure("range", low, b.low, start, end, rule)


def _blocked_range_end(tokens: list[Token], b: _Qty, lex: Lexicons) -> str | None:
    nxt = tokens[b.end] if b.end < len(tokens) else None
    if nxt is None:
        return None
    if lex.time_units.match(tokens, b.end):
        return "duration"
    if lex.months.match(tokens, b.end) or (nxt.text == "من" and b.end + 1 < len(tokens) and lex.months.match(tokens, b.end + 1)):
        return "date"
    if lex.block_after.match(tokens, b.end):
        return "age"
    if nxt.text in ("/", ":") and b.end + 1 < len(tokens) and tokens[b.end + 1].is_num:
        return "date_or_time"
    if b.scale is None and b.base == b.low and 1900 <= b.low <= 2100 and not lex.nouns.match(tokens, b.end):
        return "year"
    return None


def figure_at(tokens: list[Token], i: int, lex: Lexicons | None = None) -> Figure | None:
    """The figure that starts at token i, if any (kind 'blocked': a span that is not a figure)."""
    lex = lex or lexicons()
    n = len(tokens)
    mk = lex.markers.match(tokens, i)
    if mk is not None:
        end, row = mk
        inner = _range_or_single(tokens, end, lex, after_marker=True)
        if inner is None or inner.kind == "blocked":
            return inner
        if inner.kind in ("vague", "range"):
            return Figure(inner.kind, inner.low, inner.high, i, inner.end, f"{row['kind']}+{inner.rule}", inner.noun)
        kind = row["kind"]  # type: ignore[index]
        v = inner.low
        low, high = {"approx": (v, v), "at_least": (v, None), "at_most": (None, v)}[kind]
        return Figure(kind, low, high, i, inner.end, f"{kind}+{inner.rule}", inner.noun)
    if any(f in lex.range_words["range_from"] for f in _forms(tokens[i])):
        a = _single(tokens, i + 1, lex)
        if a and a.end < n and any(f in lex.range_words["range_to"] for f in _forms(tokens[a.end])):
            if _blocked(tokens, i + 1, a.end, lex, a.words):
                return _blocked_figure(i, a.end, "range_start")
            b = _single(tokens, a.end + 1, lex)
            if b:
                return _range(tokens, i, a, b, b.end, "range:from_to", lex)
        return None
    bt = lex.between.match(tokens, i)
    if bt is not None:
        start = bt[0]
        a = _single(tokens, start, lex)
        if a is None or a.kind != "exact":
            return None
        if _blocked(tokens, start, a.end, lex, a.words):
            return _blocked_figure(i, a.end, "range_start")
        j = a.end
        b = None
        if j < n and tokens[j].text == "و":
            b = _single(tokens, j + 1, lex)
        elif j < n and tokens[j].text.startswith("و") and len(tokens[j].text) > 1:
            b = _waw_number(tokens, j, lex)
        if b is not None:
            return _range(tokens, i, a, b, b.end, "range:between", lex)
        return None
    return _range_or_single(tokens, i, lex)


def _waw_number(tokens: list[Token], j: int, lex: Lexicons) -> _Qty | None:
    """A number word glued to و (وخمسة) read as a new number."""
    stripped = tokens[j].text[1:]
    if stripped in lex.numbers:
        fake = [Token(stripped, tokens[j].start + 1, tokens[j].end)] + tokens[j + 1 :]
        num = number_at(fake, 0, lex)
        if num:
            return _Qty(num.value, num.value, j + num.end, "exact", True, num.base, num.scale)
    return None


def _range_or_single(tokens: list[Token], i: int, lex: Lexicons, after_marker: bool = False) -> Figure | None:
    """A number, a vague plural, a dual noun or أحد + noun at i, possibly the first half of a range."""
    n = len(tokens)
    if i >= n:
        return None
    a = _single(tokens, i, lex)
    if a is None:
        dual = lex.nouns.match(tokens, i)
        if dual and dual[1]["number"] == "dual":  # type: ignore[index]
            return Figure("exact", 2, 2, i, dual[0], "dual_noun", noun=(i, dual[0]))
        if any(f in ("احد", "احدي") for f in _forms(tokens[i])) and i + 1 < n:
            m = lex.nouns.match(tokens, i + 1)
            if m and m[1]["number"] == "pl":  # type: ignore[index]
                return Figure("exact", 1, 1, i, i + 1, "ahad+noun")
        return None
    why = _blocked(tokens, i, a.end, lex, a.words, after_marker)
    if why:
        return _blocked_figure(i, a.end, why)
    noun = None
    if a.kind == "exact" and a.words and a.low in (1, 2) and a.end == i + 1:
        # «مدني واحد», «صحفيين اثنين»: one or two counts only after a counted noun
        before = lex.nouns.match(tokens, i - 1) if i > 0 else None
        if not before or before[0] != i:
            if a.low == 1:
                return None
        else:
            noun = (i - 1, i)
    if a.kind == "exact" and a.end < n:
        conn = tokens[a.end].text
        is_or = conn in lex.range_words["range_or"]
        if is_or or conn in lex.range_words["range_to"] or (conn == "-" and tokens[a.end].start == tokens[a.end - 1].end):
            b = _single(tokens, a.end + 1, lex)
            if b and b.kind == "exact" and (not is_or or b.low <= 10 * _apply_scale(a, b)):
                rule = "range:or" if is_or else "range:to"
                fig = _range(tokens, i, a, b, b.end, rule, lex)
                if fig is not None:
                    return fig
            if conn == "-" and b is not None:
                return _blocked_figure(i, b.end, "score_or_code")  # «(2-1)»: a score, not a figure
    kind = a.kind
    low, high, end, rule = a.low, a.high, a.end, ("vague" if a.kind == "vague" else ("words" if a.words else "digits"))
    if kind == "exact":
        post = _post_marker(tokens, end, lex)
        bound = None if after_marker else _bound_before(tokens, i)
        if post is not None:
            kind, end, noun = post[0], post[1], post[2] or noun
            rule = f"{rule}+{kind}_after"
        elif bound is not None:
            kind, rule = bound, f"{rule}+bound_verb"
        if kind == "at_least":
            high = None
        elif kind == "at_most":
            low = None
    return Figure(kind, low, high, i, end, rule, noun)


def find_figures(tokens: list[Token], lex: Lexicons | None = None) -> list[Figure]:
    """Every figure in a token list, left to right, non-overlapping."""
    lex = lex or lexicons()
    out: list[Figure] = []
    i = 0
    # where a figure can start: digits, or a word of the trigger set (asked once per distinct word)
    triggers = {w for w in {t.text for t in tokens} if lex.is_trigger(w)}
    for k in [k for k, t in enumerate(tokens) if t.is_num or t.text in triggers]:
        if k < i:
            continue  # inside the figure found last
        fig = figure_at(tokens, k, lex)
        if fig is None:
            continue
        if fig.kind != "blocked":
            out.append(fig)
        i = max(fig.end, k + 1)
    return out


def parse_figures(text: str) -> list[Figure]:
    """Figures of a phrase of raw text (token spans refer to its match key's tokens)."""
    return find_figures(tokenize(normalize(text)))


def figure_text(kind: str, low: float | None, high: float | None) -> str:
    """A figure for people: 500, ~500, 400–600, ≥20000, ≤100, 3000–10000 (vague)."""
    def n(x: float | None) -> str:
        return "?" if x is None else (f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}")

    return {"exact": n(low), "approx": f"~{n(low)}", "range": f"{n(low)}–{n(high)}", "at_least": f"≥{n(low)}",
            "at_most": f"≤{n(high)}", "vague": f"{n(low)}–{n(high)} (vague)"}.get(kind, n(low))
