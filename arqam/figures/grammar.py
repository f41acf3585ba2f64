"""The number grammar: tokens of a match key -> figures (kind, low, high) with token spans.

It reads digits of every script (the key already holds ASCII digits), number words with
their spelling variants, compounds (ثلاثة آلاف وخمسمئة), digit+word mixes (3 آلاف، مليون
و200 ألف، نصف مليون), duals used as counts (ألفين، قريتين), «أحد» + counted noun and a
noun + «واحد», ranges and alternatives (من 400 إلى 600، بين 12 و16 ألفا، 3000 أو 4000),
approximations and bounds before or after (حوالي، أكثر من، لا يتجاوز، على الأقل، تقريبا) and
vague plurals (عشرات، المئات، آلاف). What is not a figure is decided in blockers.py. All
vocabulary is in arqam/lexicon/data.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from arqam.figures.blockers import RANGE_WIDE_BLOCKS, Span, blocked, blocked_range_end
from arqam.figures.model import Blocked, Figure, FigureRule, Form, Range
from arqam.lexicon.vocab import HUMAN_SUBJECTS, CountedNoun, Vocabulary, vocabulary
from arqam.text import morph
from arqam.text.digits import parse_number
from arqam.text.normalize import normalize
from arqam.text.tokens import Token, bare, strip_conj, tokenize


@dataclass(frozen=True)
class Num:
    """A number read at a token: its value, where it ends, and its last scale word."""

    value: float
    end: int
    words: bool  # written (at least partly) in words
    base: float  # the value before its last scale word (16 in «16 ألف»)
    scale: float | None  # that scale word's value, if any


@dataclass(frozen=True)
class Qty:
    """A single quantity: a number or a vague plural."""

    low: float
    high: float
    end: int
    kind: str  # exact | vague
    words: bool
    base: float
    scale: float | None


# -- numbers ------------------------------------------------------------------------------------


def _number_word(vocab: Vocabulary, text: str, first: bool) -> tuple[float, str, bool] | None:
    """(value, role, had_conjunction) of a number word.

    Only non-first words may carry و; after a number «واحد» reads as و + أحد (مئتان وأحد عشر).
    A first word may carry ب/ل/ك (بنحو is a marker; بمليوني، لعشرة are numbers).
    """
    numbers = vocab.numbers
    if not first and text[:1] == morph.WAW and text[1:] in numbers:
        w = numbers[text[1:]]
        return w.value, w.role, True
    if text in numbers:
        return numbers[text].value, numbers[text].role, False
    if first and text[:1] in morph.NUMBER_PREFIXES and len(text) >= 4 and text[1:] in numbers:
        w = numbers[text[1:]]
        return w.value, w.role, False
    definite = text[len(morph.ARTICLE):] if text.startswith(morph.ARTICLE) else (
        text[len(morph.CONJ_ARTICLE):] if not first and text.startswith(morph.CONJ_ARTICLE) else None)
    if definite in numbers and numbers[definite].role in ("unit", "ten", "unit_teen") \
            and text not in vocab.weekdays and (not text.startswith(morph.WAW) or text[1:] not in vocab.weekdays):
        w = numbers[definite]  # type: ignore[index]  # «الرهائن الثلاثة»، «الخمسة والعشرون متهما»: checked by blockers
        return w.value, w.role, not first
    if first and text[:1] == morph.WAW and text[1:] in numbers and numbers[text[1:]].role != "unit_teen":
        w = numbers[text[1:]]  # «أوقع 32 قتيلا ومئة جريح»: a new number joined by و
        return w.value, w.role, False
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


@dataclass
class _Reading:
    """The state of reading one number left to right (number_at)."""

    tokens: list[Token]
    start: int
    vocab: Vocabulary
    total: float = 0.0
    current: float = 0.0
    last_scale: float = float("inf")  # the scale closed last; later parts must be smaller
    last_role: str = ""
    words: bool = False
    base: float = 0.0
    scale: float | None = None

    def digits(self, j: int) -> bool:
        """Digits: first, or after a closed scale with a standalone و (مليون و200 ألف)."""
        if j != self.start and not (self.last_role.startswith("scale") and self.tokens[j - 1].text == morph.WAW):
            return False
        text = self.tokens[j].text
        if "," in text and text.count(",") == 1 and j + 1 < len(self.tokens):
            nw = _number_word(self.vocab, self.tokens[j + 1].text, False)
            if nw and nw[1].startswith("scale"):
                text = text.replace(",", ".")  # «7,741 ألف طن»: before a scale word the comma is a decimal mark
        v = parse_number(text)
        if v is None or (j != self.start and v >= self.last_scale):
            return False
        self.current, self.last_role = v, "digits"
        return True

    def waw_before_digits(self, j: int) -> bool:
        """A standalone و before digits after a scale: part of the number unless a scale as large follows
        («15 ألفا و20 ألفا» is two numbers)."""
        following = None
        if j + 2 < len(self.tokens):
            nw = _number_word(self.vocab, self.tokens[j + 2].text, False)
            if nw and nw[1].startswith("scale"):
                following = nw[0] if nw[1] != "scale_dual" else nw[0] / 2
        return following is None or following < self.last_scale

    def scale_word(self, value: float, role: str, first: bool, conj: bool) -> bool:
        """ألف، آلاف، ألفين، مليون: multiplies what came before."""
        if role == "scale_plural":
            # آلاف multiplies 3-10 and digits below 1000 (110 آلاف); alone it is vague (not a number)
            if not ((self.last_role == "digits" and self.current < 1000)
                    or (3 <= self.current <= 10 and self.last_role in ("unit", "ten_unit"))):
                return False
            self.base, self.scale = self.current, value
            self.current *= value
        elif role == "scale_dual":
            if self.current or self.last_role not in ("", "scale", "scale_dual", "scale_plural") or (not first and not conj):
                return False
            self.base, self.scale = 2, value / 2
            self.current = value
        else:
            if (self.current == 0 and not (first or conj)) or value >= self.last_scale:
                return False
            self.base, self.scale = (self.current or 1), value
            self.current = (self.current or 1) * value
        self.total += self.current
        self.last_scale = value if role != "scale_dual" else value / 2
        self.current = 0
        self.words = True
        self.last_role = role
        return True

    def part(self, j: int, value: float, role: str, first: bool, conj: bool) -> bool:
        """A unit, ten or hundred: the first word, a teen, «ثلاث مئة», or a و-joined part."""
        if self.last_role == "fraction":
            return False
        if role == "unit_teen":  # أحد/إحدى count only as the first half of eleven
            if not (j + 1 < len(self.tokens) and self.tokens[j + 1].text in self.vocab.function.teen_tail):
                return False
            role = "unit"
        if first:
            self.current = value
        elif role == "ten_unit" and not conj and self.last_role == "unit" and self.current % 100 < 10:
            self.current += 10  # teens: ثلاثة عشر، مئة وثلاثة عشر
        elif role == "hundred" and not conj and self.last_role == "unit" and 3 <= self.current <= 9 and value == 100:
            self.current *= 100  # ثلاث مئة
        elif conj and value < self.last_scale and _can_add(self.current, role):
            self.current += value
        else:
            return False
        self.words = True
        self.last_role = role
        return True

    def step(self, j: int) -> bool:
        """Read token j as part of the number; False ends the number before it."""
        tok = self.tokens[j]
        first = j == self.start
        if tok.is_num:
            return self.digits(j)
        if tok.text == morph.WAW and self.last_role.startswith("scale") and j + 1 < len(self.tokens) \
                and self.tokens[j + 1].is_num:
            return self.waw_before_digits(j)
        if self.last_role == "half":
            nw = _number_word(self.vocab, morph.without_article(tok.text), False)
            if nw and nw[1] == "scale" and nw[0] == self.last_scale:
                self.last_role = "half_scale"  # «7 مليارات ونصف المليار»، «مليون ونصف مليون»: the half of that scale
                return True
        nw = _number_word(self.vocab, tok.text, first)
        if nw is None:
            return False
        value, role, conj = nw
        if role == "fraction":
            if conj and self.last_role.startswith("scale") and self.last_scale < float("inf"):
                self.total += value * self.last_scale  # «مليون ونصف»: and a half of the scale before it
                self.last_role = "half"
                return True
            if not first:
                return False
            self.current, self.last_role = value, role
            return True
        if role.startswith("scale"):
            return self.scale_word(value, role, first, conj)
        return self.part(j, value, role, first, conj)

    def result(self, end: int) -> Num | None:
        if end == self.start or self.last_role in ("", "fraction"):
            return None
        value = self.total + self.current
        base, scale = self.base, self.scale
        if scale is None or value != base * scale:
            base, scale = (value, None) if scale is None else (base, scale)
        return Num(value, end, self.words, base, scale)


def number_at(tokens: list[Token], i: int, vocab: Vocabulary | None = None) -> Num | None:
    """The number that starts at token i, in digits, words or both; None if there is none."""
    reading = _Reading(tokens, i, vocab or vocabulary())
    j = i
    while j < len(tokens) and reading.step(j):
        j += 1
    return reading.result(j)


def _single(tokens: list[Token], i: int, vocab: Vocabulary) -> Qty | None:
    """A number or a vague plural at token i."""
    if i >= len(tokens):
        return None
    num = number_at(tokens, i, vocab)
    if num is not None:
        return Qty(num.value, num.value, num.end, "exact", num.words, num.base, num.scale)
    m = vocab.vague.match(tokens, i)
    if m is not None:
        end, unit = m
        return Qty(3 * unit, 10 * unit, end, "vague", True, unit, None)  # type: ignore[operator]
    return None


# -- figures ------------------------------------------------------------------------------------


def _post_marker(tokens: list[Token], end: int, vocab: Vocabulary) -> tuple[str, int, tuple[int, int] | None] | None:
    """«على الأقل»، «تقريبا» right after the number or after its counted noun: (kind, end, noun span)."""
    if end >= len(tokens):
        return None
    m = vocab.markers.after.match(tokens, end)
    if m:
        return m[1].kind.removesuffix("_after"), m[0], None  # type: ignore[union-attr]
    noun = vocab.nouns.match(tokens, end)
    if noun and noun[0] < len(tokens):
        k = noun[0]
        while k < len(tokens) and k - noun[0] < _MARKER_ADJECTIVES and _adjective(tokens, k, vocab):
            k += 1  # «14 جنديا أفغانيا على الأقل»، «9 مقابر جماعية على الأقل»
        m = vocab.markers.after.match(tokens, k) if k < len(tokens) else None
        if m:
            return m[1].kind.removesuffix("_after"), m[0], (end, noun[0])  # type: ignore[union-attr]
    return None


_MARKER_ADJECTIVES = 2  # adjectives between a counted noun and the bound after it
_ADJECTIVE_ENDINGS = (*morph.NISBA_ADJECTIVE, *morph.NISBA_PLURAL, morph.NISBA + morph.ALEF)


def _adjective(tokens: list[Token], k: int, vocab: Vocabulary) -> bool:
    """A relative adjective after a counted noun (أفغانيا، جماعية، المدنيين), not an event word."""
    w = tokens[k].text
    return tokens[k].is_word and len(w) > 3 and w.endswith(_ADJECTIVE_ENDINGS) and not vocab.events.match(tokens, k)


def _bound_before(tokens: list[Token], i: int, vocab: Vocabulary) -> str | None:
    """«لا يزيد عدد المسلحين عن 200», «يتجاوز عدد المسلحين 300»: a bound verb a few words back."""
    fw = vocab.function
    for k in range(i - 1, max(-1, i - 5), -1):
        if tokens[k].is_num:
            return None  # «تجاوزت 25 ألف بينهم 3000 امرأة»: the bound is the number's before
        for f in strip_conj(tokens[k].text):
            if f in fw.bound_less and not any(t.text in fw.predicate_gap for t in tokens[k + 1:i]):
                continue  # «طائرة تقل 150 مواطنا»: «تقل» carries; «يقل عدد X عن 200» is the bound
            if f in fw.bound_more or f in fw.bound_less:
                negated = k > 0 and any(g in fw.bound_negation for g in strip_conj(tokens[k - 1].text))
                more = f in fw.bound_more
                return "at_most" if more == negated else "at_least"
    return None


def _apply_scale(low: Qty, high: Qty) -> float:
    """«بين 12 و16 ألفا»: the low end shares the high end's scale word."""
    if low.kind == "exact" and low.scale is None and high.scale is not None and low.low < high.base:
        return low.low * high.scale
    return low.low


def _range(tokens: list[Token], start: int, a: Qty, b: Qty, how: Range, vocab: Vocabulary) -> Figure | Blocked | None:
    if a.kind != "exact" or b.kind != "exact":
        return None
    why = blocked_range_end(tokens, b.end, b.low, b.base, b.scale, vocab)
    if why in RANGE_WIDE_BLOCKS:
        return Blocked(start, b.end, why)
    low = _apply_scale(a, b)
    if not low < b.low:
        return None
    return Figure("range", low, b.low, start, b.end, FigureRule(Form.DIGITS, range=how))


def _is_blocked(tokens: list[Token], start: int, q: Qty, vocab: Vocabulary, after_marker: bool = False) -> str | None:
    return blocked(Span(tokens, start, q.end, vocab, q.words, after_marker))


def _from_to(tokens: list[Token], i: int, vocab: Vocabulary) -> Figure | Blocked | None:
    """«من 400 إلى 600»."""
    a = _single(tokens, i + 1, vocab)
    if a and a.end < len(tokens) and any(f in vocab.markers.range_to for f in strip_conj(tokens[a.end].text)):
        if _is_blocked(tokens, i + 1, a, vocab):
            return Blocked(i, a.end, "range_start")
        b = _single(tokens, a.end + 1, vocab)
        if b:
            return _range(tokens, i, a, b, Range.FROM_TO, vocab)
    return None


def _between(tokens: list[Token], i: int, start: int, vocab: Vocabulary) -> Figure | Blocked | None:
    """«بين 3 و5»، «ما بين 12 و16 ألفا»."""
    a = _single(tokens, start, vocab)
    if a is None or a.kind != "exact":
        return None
    if _is_blocked(tokens, start, a, vocab):
        return Blocked(i, a.end, "range_start")
    j = a.end
    b = None
    if j < len(tokens) and tokens[j].text == morph.WAW:
        b = _single(tokens, j + 1, vocab)
    elif j < len(tokens) and tokens[j].text.startswith(morph.WAW) and len(tokens[j].text) > 1:
        b = _waw_number(tokens, j, vocab)
    if b is None:
        a, b = _split_between(tokens, start, a, vocab)
    return _range(tokens, i, a, b, Range.BETWEEN, vocab) if b is not None else None


def _split_between(tokens: list[Token], start: int, a: Qty, vocab: Vocabulary) -> tuple[Qty, Qty | None]:
    """«بين ألف وألفين»: the words read as one number are the two ends when they cannot be one (the part after و
    is no smaller than the part before it, and not the tens after units of «ثلاثة وعشرين»)."""
    for k in range(a.end - 1, start, -1):
        if not (tokens[k].text.startswith(morph.WAW) and len(tokens[k].text) > 1):
            continue
        first, second = _single(tokens[:k], start, vocab), _waw_number(tokens, k, vocab)
        if first is None or second is None or first.end != k or first.kind != "exact":
            return a, None
        ten = vocab.numbers.get(tokens[k].text[1:])
        tens_after_units = first.low < 10 and ten is not None and ten.role == "ten"  # «خمسة وعشرين ألف»: one number
        return (first, second) if second.low >= first.low and not tens_after_units else (a, None)
    return a, None


def figure_at(tokens: list[Token], i: int, vocab: Vocabulary | None = None) -> Figure | Blocked | None:
    """The figure that starts at token i, if any (Blocked: a span that is not a figure)."""
    vocab = vocab or vocabulary()
    mk = vocab.markers.before.match(tokens, i)
    if mk is not None:
        end, row = mk
        bracket = _opens_number(tokens, end, vocab)
        inner = _range_or_single(tokens, end + int(bracket), vocab, after_marker=True)  # «لأكثر من (1300) حالة»
        if inner is None or isinstance(inner, Blocked):
            return inner
        close = inner.end + int(bracket and inner.end < len(tokens) and tokens[inner.end].text == ")")
        rule = replace(inner.rule, marker=row.kind)  # type: ignore[union-attr]
        if inner.kind in ("vague", "range"):
            return Figure(inner.kind, inner.low, inner.high, i, close, rule, inner.noun)
        kind = row.kind  # type: ignore[union-attr]
        v = inner.low
        low, high = {"approx": (v, v), "at_least": (v, None), "at_most": (None, v)}[kind]
        return Figure(kind, low, high, i, close, rule, inner.noun)
    if any(f in vocab.markers.range_from for f in strip_conj(tokens[i].text)):
        return _from_to(tokens, i, vocab)
    bt = vocab.markers.between.match(tokens, i)
    if bt is not None:
        return _between(tokens, i, bt[0], vocab)
    return _range_or_single(tokens, i, vocab)


def _opens_number(tokens: list[Token], k: int, vocab: Vocabulary) -> bool:
    """A bracket or the article glued to the digits after it, between a marker and its number."""
    if k + 1 >= len(tokens) or not tokens[k + 1].is_num:
        return False
    t = tokens[k]
    return t.text == "(" or (t.text in vocab.function.ordinal_article and t.end == tokens[k + 1].start)


def _waw_number(tokens: list[Token], j: int, vocab: Vocabulary) -> Qty | None:
    """A number word glued to و (وخمسة) read as a new number."""
    stripped = tokens[j].text[1:]
    if stripped in vocab.numbers:
        fake = [Token(stripped, tokens[j].start + 1, tokens[j].end)] + tokens[j + 1 :]
        num = number_at(fake, 0, vocab)
        if num:
            return Qty(num.value, num.value, j + num.end, "exact", True, num.base, num.scale)
    return None


def _no_number(tokens: list[Token], i: int, vocab: Vocabulary) -> Figure | None:
    """A dual noun (قريتين) or «أحد» + a plural counted noun, where no number starts; not a dual that says what
    two people are («بأنهما يهوديان»)."""
    if i > 0 and bare(tokens[i - 1].text) in vocab.function.dual_pronoun:
        return None
    if i > 0 and bare(tokens[i - 1].text) in vocab.function.between_two and tokens[i].text.startswith(morph.ARTICLE):
        return None  # «بين القريتين»: the two named before, no count
    dual = vocab.nouns.match(tokens, i)
    if dual and dual[1].number == "dual" and tokens[i].text.startswith(morph.DEFINITE + morph.DEFINITE_PREFIXES):
        return None  # «الجريحين»، «الهجومين»، «والمستشفيين»: the two already named, no count
    if dual and dual[1].number == "dual" and i > 0 and tokens[i].text in vocab.function.others \
            and (_is_dual(tokens[i - 1].text, vocab) or tokens[i - 1].is_num or tokens[i - 1].text in vocab.numbers):
        return None  # «جنديان آخران»، «اثنان آخران»: the adjective of the dual or the number before it
    if dual and dual[1].number == "dual":  # type: ignore[union-attr]
        return Figure("exact", 2, 2, i, _with_two(tokens, dual[0], vocab), FigureRule(Form.DUAL_NOUN),
                      noun=(i, dual[0]))
    if vocab.dual(tokens[i].text) is not None and not (i > 0 and _is_dual(tokens[i - 1].text, vocab)):
        # «تفجيران انتحاريان»، «حافلتين»: a dual the lexicon does not list (not the adjective of a dual before it)
        return Figure("exact", 2, 2, i, _with_two(tokens, i + 1, vocab), FigureRule(Form.DUAL_NOUN),
                      noun=(i, i + 1))
    if any(f in vocab.function.one_of for f in strip_conj(tokens[i].text)) and i + 1 < len(tokens):
        m = vocab.nouns.match(tokens, i + 1)
        if m and m[1].number == "pl" and m[1].subject in HUMAN_SUBJECTS:  # type: ignore[union-attr]
            return Figure("exact", 1, 1, i, i + 1, FigureRule(Form.ONE_OF))
    return None


def _emphasis(tokens: list[Token], k: int, noun: CountedNoun, vocab: Vocabulary) -> bool:
    """«في هجوم واحد»، «لهدف واحد»: «واحد» after a thing in a prepositional phrase stresses «a single», it counts
    nothing («قرية واحدة»، «صاروخا واحدا»، «مدني واحد» count one)."""
    if noun.subject in HUMAN_SUBJECTS:
        return False
    w = tokens[k].text
    after_preposition = k > 0 and tokens[k - 1].text in vocab.function.preposition
    glued = w[:1] in morph.NUMBER_PREFIXES and vocab.nouns.match([Token(w[1:], 0, 0)], 0) is not None  # «لهدف»
    return after_preposition or glued


def _is_dual(word: str, vocab: Vocabulary) -> bool:
    m = vocab.nouns.match([Token(word, 0, 0)], 0)
    return (m is not None and m[1].number == "dual") or vocab.dual(word) is not None  # type: ignore[union-attr]


def _second_half(tokens: list[Token], i: int, a: Qty, vocab: Vocabulary) -> Figure | Blocked | None:
    """«400 إلى 600»، «3000 أو 4000»، «400-600»; «(2-1)» is a score."""
    conn = tokens[a.end].text
    is_or = conn in vocab.markers.range_or
    hyphen = conn == "-" and (tokens[a.end].start == tokens[a.end - 1].end or (i > 0 and tokens[i - 1].text == "("))
    if not (is_or or conn in vocab.markers.range_to or hyphen):
        return None
    b = _single(tokens, a.end + 1, vocab)
    if b and b.kind == "exact" and (not is_or or b.low <= 10 * _apply_scale(a, b)):
        fig = _range(tokens, i, a, b, Range.OR if is_or else Range.TO, vocab)
        if isinstance(fig, Figure) and _score(tokens, i, fig):
            return Blocked(i, fig.end, "score_or_code")
        if fig is not None:
            return fig
    if conn == "-" and b is not None:
        return Blocked(i, b.end, "score_or_code")
    return None


def _score(tokens: list[Token], i: int, fig: Figure) -> bool:
    """«(1-3)»: two numbers glued by a hyphen inside brackets, nothing counted after: a score, not a range."""
    if fig.rule.range is not Range.TO or fig.end >= len(tokens) or i == 0:
        return False
    hyphen = next((t for t in tokens[i:fig.end] if t.text == "-"), None)
    glued = hyphen is not None and tokens[i].end == hyphen.start
    return glued and tokens[i - 1].text == "(" and tokens[fig.end].text == ")"


def _range_or_single(tokens: list[Token], i: int, vocab: Vocabulary, after_marker: bool = False) -> Figure | Blocked | None:
    """A number, a vague plural, a dual noun or أحد + noun at i, possibly the first half of a range."""
    if i >= len(tokens):
        return None
    a = _single(tokens, i, vocab)
    if a is None:
        return _no_number(tokens, i, vocab)
    why = _is_blocked(tokens, i, a, vocab, after_marker)
    if why:
        return Blocked(i, a.end, why)
    noun = None
    if a.kind == "exact" and a.words and a.low in (1, 2) and a.end == i + 1 and tokens[i].text in vocab.numbers:
        # «مدني واحد», «صحفيين اثنين», «عسكريين تركيين اثنين»: one or two counts only after a counted noun (as
        # written: «اتهامات لاثنين» is a number after a preposition, no adjective)
        j = _past_adjectives(tokens, i, vocab)
        before = vocab.nouns.match(tokens, j - 1) if j > 0 else None
        if before and morph.definite(tokens[j - 1].text) != morph.definite(tokens[i].text):
            before = None  # «اعتقلت الشرطة اثنين»: the noun and the number agree in definiteness («مدنيين اثنين»)
        if not before or before[0] != j or (a.low == 1 and _emphasis(tokens, j - 1, before[1], vocab)):
            if a.low == 1:
                return None  # «في هجوم واحد»، «لهدف واحد»: emphasis, not a count
        else:
            noun = (j - 1, j)
    if a.kind == "exact" and a.end < len(tokens):
        second = _second_half(tokens, i, a, vocab)
        if second is not None:
            return second
    return _single_figure(tokens, i, a, noun, vocab, after_marker)


def _with_two(tokens: list[Token], end: int, vocab: Vocabulary) -> int:
    """The end of a dual with the «اثنان» that stresses it («مدنيان اثنان»، «جنديين تركيين اثنين»): one figure."""
    for k in (end, end + 1):
        w = vocab.numbers.get(tokens[k].text) if k < len(tokens) else None
        if w is not None and w.value == 2 and w.role == "unit" and _past_adjectives(tokens, k, vocab) == end:
            return k + 1
    return end


def _past_adjectives(tokens: list[Token], i: int, vocab: Vocabulary) -> int:
    """Where the noun phrase before token i ends once up to two nationality adjectives that close it are skipped
    («عسكريين تركيين | اثنين»); i when there are none."""
    j = i
    while j > max(1, i - 2) and tokens[j - 1].text.endswith(morph.NISBA_PLURAL):
        own = vocab.nouns.match(tokens, j - 1)  # «تركيين» may itself be a people noun
        if (own is not None and own[1].subject != "people") or vocab.nouns.match(tokens, j - 2) is None:  # type: ignore[union-attr]
            break
        j -= 1
    return j


def _single_figure(tokens: list[Token], i: int, a: Qty, noun: tuple[int, int] | None, vocab: Vocabulary,
                   after_marker: bool) -> Figure:
    """A single quantity, with a bound marker after it or a bound verb before it."""
    kind, low, high, end = a.kind, a.low, a.high, a.end
    rule = FigureRule(Form.VAGUE if a.kind == "vague" else (Form.WORDS if a.words else Form.DIGITS))
    if kind == "exact":
        post = _post_marker(tokens, end, vocab)
        bound = None if after_marker else _bound_before(tokens, i, vocab)
        if post is not None:
            kind, end, noun = post[0], post[1], post[2] or noun
            rule = replace(rule, after=kind)
        elif bound is not None:
            kind, rule = bound, replace(rule, bound_verb=True)
        if kind == "at_least":
            high = None
        elif kind == "at_most":
            low = None
    return Figure(kind, low, high, i, end, rule, noun)


def find_figures(tokens: list[Token], vocab: Vocabulary | None = None) -> list[Figure]:
    """Every figure in a token list, left to right, non-overlapping."""
    vocab = vocab or vocabulary()
    out: list[Figure] = []
    i = 0
    # where a figure can start: digits, or a word of the trigger set (asked once per distinct word)
    memo = vocab.memo["triggers"]
    triggers = {w for w in {t.text for t in tokens} if (memo[w] if w in memo else vocab.is_trigger(w))}
    for k in [k for k, t in enumerate(tokens) if t.is_num or t.text in triggers]:
        if k < i:
            continue  # inside the figure found last
        fig = figure_at(tokens, k, vocab)
        if fig is None:
            continue
        if isinstance(fig, Figure):
            out.append(fig)
        i = max(fig.end, k + 1)
    return out


def parse_figures(text: str) -> list[Figure]:
    """Figures of a phrase of raw text (token spans refer to its match key's tokens)."""
    return find_figures(tokenize(normalize(text)))
