"""The number grammar: golden phrases from real news (positive and negative) and properties."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extract import extract_article
from arqam.figures import parse_figures
from arqam.figures.model import KINDS

GOLDEN = Path(__file__).resolve().parent / "golden"


def _rows(name: str) -> list[dict]:
    with (GOLDEN / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _num(x: str) -> float | None:
    return float(x) if x else None


POSITIVE = _rows("figures_positive.tsv")
NEGATIVE = _rows("figures_negative.tsv")


def test_golden_files_are_big_enough_and_well_formed():
    assert len(POSITIVE) >= 200 and len(NEGATIVE) >= 60
    assert {r["kind"] for r in POSITIVE} <= set(KINDS)


@pytest.mark.parametrize("row", POSITIVE, ids=lambda r: r["phrase"])
def test_positive_phrase(row):
    figs = parse_figures(row["phrase"])
    assert figs, "no figure"
    assert (figs[0].kind, figs[0].low, figs[0].high) == (row["kind"], _num(row["low"]), _num(row["high"]))
    if row["subject"]:
        assert extract_article("golden", row["phrase"])[0].subject == row["subject"]


@pytest.mark.parametrize("row", NEGATIVE, ids=lambda r: r["phrase"])
def test_negative_phrase(row):
    assert [(f.kind, f.low, f.high) for f in parse_figures(row["phrase"])] == []


IN_CONTEXT_NEGATIVE = _rows("claims_negative.tsv")


@pytest.mark.parametrize("row", IN_CONTEXT_NEGATIVE, ids=lambda r: r["reason"] + ":" + r["text"][:30])
def test_no_claim_in_context(row):
    """Numbers the grammar reads, that are no figure where they stand: list labels, «one of them»."""
    quotes = [c.quote for c in extract_article("golden", row["text"].replace("\\n", "\n"))]
    assert row["quote"] not in quotes


EVENTS = _rows("events.tsv")


@pytest.mark.parametrize("row", EVENTS, ids=lambda r: r["phrase"][:40])
def test_event_of_a_figure(row):
    """What happened: a casualty noun right after the number decides («الهجوم ... أوقع 32 قتيلا»), «آخرون» does not."""
    claims = {c.quote: c.event for c in extract_article("golden", row["phrase"])}
    assert row["quote"] in claims and (claims[row["quote"]] or "") == row["event"], claims  # "": no event


@pytest.mark.parametrize("text, quote, subject", [
    ("مما أسفر عن مقتل 13 شخصا بينهم ضابطي شرطة وإصابة 40 آخرين", "40", "people"),  # past the breakdown
    ("أعلنت الوزارة مقتل رجلي أمن وإصابة ثلاثة آخرين", "ثلاثة", "police"),
    # no figure before: the singular noun an event governs
    ("في صفوفنا مقتل جندي واصابة اثنين آخرين بجروح", "اثنين", "soldiers"),
    ("لقي شرطي مصري مصرعه وأصيب 3 آخرون في هجوم", "3", "police"),
    ("قتل طفل و أصيب 7 آخرون بجروح متفاوتة", "7", "children"),
    ("قتل ثلاثة رجال شرطة وأصيب اثنان آخران", "اثنان", "police"),  # the dual «آخران»
    ("إن أكثر من 40 مسلحاً قتلوا في معارك بأربع مناطق مختلفة، وأصيب ما يقرب من 30 آخرين", "ما يقرب من 30", "fighters"),
    ("بالنظر في قضيتين أخريين ضد الأسرة بعد الإفراج عن أحد القضاة", "قضيتين", "other"),  # not people: cases
    # no «آخرين»: the group counted before the figure's own verbal noun
    ("أعلن الجيش مقتل 5 جنود وإصابة 10 في الهجوم", "10", "soldiers"),
    ("أعلنت الوزارة مقتل فتاة وإصابة 100 في غزة", "100", "people"),  # one person counted is no group
    ("يذكر أن الشرطة قتلت المهاجم بعد أن طعن رجلاً، وأصاب أربعة آخرين", "أربعة", "people"),  # a definite noun
    ("وقال المصدر في تصريح صحافي أن شخصا قتل، وأصيب خمسة آخرون", "خمسة", "people"),  # not governed
])
def test_others_are_more_of_the_whole_counted_before(text, quote, subject):
    claims = {c.quote: c.subject for c in extract_article("golden", text)}
    assert claims.get(quote) == subject, claims


# -- properties -----------------------------------------------------------------------------

UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
TEENS = {10: "عشرة", 11: "أحد عشر", 12: "اثنا عشر"}
TENS = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
HUNDREDS = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة"]


def words_below_1000(n: int) -> list[str]:
    parts = []
    if n >= 100:
        parts.append(HUNDREDS[n // 100])
    rest = n % 100
    if rest in TEENS:
        parts.append(TEENS[rest])
    elif 13 <= rest <= 19:
        parts.append(f"{UNITS[rest - 10]} عشر")
    elif rest:
        u, t = rest % 10, rest // 10
        if u and t:
            parts += [UNITS[u], TENS[t]]
        elif t:
            parts.append(TENS[t])
        else:
            parts.append(UNITS[u])
    return parts


def in_words(n: int) -> str:
    """Arabic words for 2 <= n < 1,000,000 in the usual news order (thousands, hundreds, units, tens)."""
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands == 1:
        parts.append("ألف")
    elif thousands == 2:
        parts.append("ألفان")
    elif 3 <= thousands <= 10:
        parts.append(f"{' و'.join(words_below_1000(thousands))} آلاف")
    elif thousands > 10:
        parts.append(f"{' و'.join(words_below_1000(thousands))} ألفا")
    parts += words_below_1000(rest)
    return " و".join(parts)


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_grammar_never_raises(text):
    for f in parse_figures(text):
        assert f.kind in KINDS


@given(st.integers(min_value=2, max_value=999_999).filter(lambda n: n % 1000 != 1 and not 1900 <= n <= 2100))
@settings(max_examples=300, deadline=None)
def test_digits_and_words_give_the_same_value(n):
    by_digits = parse_figures(f"قتل {n} مدنيا")
    by_words = parse_figures(f"قتل {in_words(n)} مدنيا")
    assert [(f.kind, f.low) for f in by_digits] == [("exact", float(n))]
    assert [(f.kind, f.low) for f in by_words] == [("exact", float(n))], in_words(n)


@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(["حوالي", "أكثر من", "أقل من", ""]))
@settings(max_examples=200, deadline=None)
def test_arabic_indic_and_western_digits_agree(n, marker):
    western = f"{marker} {n} شخص".strip()
    indic = western.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    persian = western.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    expect = [(f.kind, f.low, f.high) for f in parse_figures(western)]
    assert [(f.kind, f.low, f.high) for f in parse_figures(indic)] == expect
    assert [(f.kind, f.low, f.high) for f in parse_figures(persian)] == expect


def test_a_dual_and_the_two_that_stresses_it_are_one_figure():
    for text, quote in (("وقتل مدنيان اثنان في القصف", "مدنيان اثنان"),
                        ("أعلنت مصادر مقتل جنديين تركيين اثنين", "جنديين تركيين اثنين")):
        assert [c.quote for c in extract_article("golden", text)] == [quote]


def test_a_list_of_numbers_may_end_the_text():
    """«... و6» at the very end: the look-up of a month after a list of days stops at the text's end."""
    assert [c.quote for c in extract_article("golden", "قتل 5 و6")] == ["5", "6"]


def test_a_bound_verb_does_not_reach_past_another_number():
    """«تجاوزت 25 ألف بينهم 3000 امرأة»: the breakdown after the bounded figure is exact."""
    figs = {(f.low, f.high, f.kind) for f in parse_figures("ارتفعت حالات الإصابة حيث تجاوزت 25 ألف بينهم 3000 امرأة حامل")}
    assert figs == {(25000, None, "at_least"), (3000, 3000, "exact")}, figs
