"""The types of the number grammar: a Figure (kind, low, high, token span) and the rule that read it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

KINDS = ("exact", "approx", "range", "at_least", "at_most", "vague")


class Form(StrEnum):
    """How the quantity itself is written."""

    DIGITS = "digits"  # 45، ٤٥، 1.5
    WORDS = "words"  # ثلاثة آلاف، 3 آلاف، نصف مليون (words, or digits with a scale word)
    VAGUE = "vague"  # عشرات، المئات، آلاف
    DUAL_NOUN = "dual_noun"  # قريتين
    ONE_OF = "ahad+noun"  # أحد + a plural noun


class Range(StrEnum):
    """How a range is written."""

    FROM_TO = "range:from_to"  # من 400 إلى 600
    BETWEEN = "range:between"  # بين 3 و5
    OR = "range:or"  # 3000 أو 4000
    TO = "range:to"  # 400 إلى 600، 400-600


@dataclass(frozen=True)
class FigureRule:
    """The named parts of the grammar that read a figure."""

    form: Form
    range: Range | None = None  # a range, and how it is written
    marker: str | None = None  # approx | at_least | at_most: a marker before the number (حوالي، أكثر من)
    after: str | None = None  # approx | at_least | at_most: a marker after it (على الأقل، تقريبا)
    bound_verb: bool = False  # «لا يزيد عدد المسلحين عن 200»

    @property
    def name(self) -> str:
        """The rule as one label: approx+digits, digits+at_least_after, words+bound_verb, range:between ..."""
        inner = self.range.value if self.range else self.form.value
        if self.after:
            inner = f"{inner}+{self.after}_after"
        elif self.bound_verb:
            inner = f"{inner}+bound_verb"
        return f"{self.marker}+{inner}" if self.marker else inner

    @property
    def confidence(self) -> float:
        """How far a figure read by this rule is trusted: a bound or a range read from context less than a number."""
        if self.after or self.bound_verb or self.range:
            return 0.8
        return _FORM_CONFIDENCE[self.form]


_FORM_CONFIDENCE = {Form.DIGITS: 0.9, Form.WORDS: 0.85, Form.VAGUE: 0.7, Form.DUAL_NOUN: 0.75, Form.ONE_OF: 0.8}


@dataclass(frozen=True)
class Figure:
    """A figure found in a token list: tokens [start, end) hold the whole number phrase."""

    kind: str  # KINDS
    low: float | None
    high: float | None
    start: int
    end: int
    rule: FigureRule
    noun: tuple[int, int] | None = None  # tokens of a counted noun that is part of the figure (قريتين، مدني واحد)


@dataclass(frozen=True)
class Blocked:
    """A span that is not a figure, so the scan skips it whole («عام ألفين وأربعة عشر»)."""

    start: int
    end: int
    reason: str  # the named check that refused it (year, date, ordinal ...)


def figure_text(kind: str, low: float | None, high: float | None) -> str:
    """A figure for people: 500, ~500, 400–600, ≥20000, ≤100, 3000–10000 (vague)."""

    def n(x: float | None) -> str:
        return "?" if x is None else (f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}")

    return {"exact": n(low), "approx": f"~{n(low)}", "range": f"{n(low)}–{n(high)}", "at_least": f"≥{n(low)}",
            "at_most": f"≤{n(high)}", "vague": f"{n(low)}–{n(high)} (vague)"}.get(kind, n(low))
