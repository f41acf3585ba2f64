"""Match keys and their offset maps back to raw text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extract import extract_article
from arqam.text.digits import parse_number
from arqam.text.document import analyze, split_sentences
from arqam.text.normalize import keyed, normalize

GOLDEN = [
    ("أحمد", "احمد"),
    ("إسرائيل", "اسرائيل"),
    ("مستشفى", "مستشفي"),
    ("المدينة", "المدينه"),
    ("قُتِلَ", "قتل"),
    ("الـ9", "ال9"),
    ("٣٠٠٠ مدني", "3000 مدني"),
    ("۱۲۳", "123"),
    ("١٢٫٥", "12.5"),
    ("20٬000", "20,000"),
    ("“قسد”", '"قسد"'),
    ("ﻻ", "لا"),
]


def test_golden_keys():
    for raw, key in GOLDEN:
        assert normalize(raw) == key, raw


def test_parse_number_of_every_script():
    assert parse_number("١٢٫٥") == 12.5
    assert parse_number("20,000") == 20000
    assert parse_number("۲۰٬۰۰۰") == 20000
    assert parse_number("abc") is None


@given(st.text(alphabet=st.sampled_from(list("قُتِلَ أإآى ة ـ ٣٠٠ ١٢٫٥ abc ,.،\n\u200f")), max_size=80))
@settings(max_examples=300, deadline=None)
def test_every_key_char_maps_back_to_the_raw_char_it_came_from(raw):
    k = keyed(raw)
    assert len(k.offsets) == len(k.key) + 1
    for i, ch in enumerate(k.key):
        assert normalize(raw[k.offsets[i]]).find(ch) >= 0
    s, e = k.raw_span(0, len(k.key)) if k.key else (0, 0)
    assert 0 <= s <= e <= len(raw)


def test_sentences_split_on_stops_newlines_and_spaced_commas():
    raw = "قال بالي إن 5 قتلوا. وأضاف أن 3 أصيبوا , ويضم الجيب قريتين\nسطر جديد"
    assert [raw[s:e] for s, e in split_sentences(raw)] == [
        "قال بالي إن 5 قتلوا.", "وأضاف أن 3 أصيبوا", "ويضم الجيب قريتين", "سطر جديد"]


def test_a_spaced_comma_before_anything_but_a_conjunction_is_a_comma():
    raw = "وأفاد مصدر أن القوات نفذت عملية في منطقة الحامضية , شمالي مدينة الرمادي، مما أسفر عن مقتل 22 من عناصره"
    assert split_sentences(raw) == [(0, len(raw))]
    claims = extract_article("a", raw)
    assert [(c.quote, c.speaker) for c in claims] == [("22", "مصدر")]


def test_boilerplate_is_marked_not_deleted():
    raw = "عنوان الخبر - موقع الأخبار\n\nنص الخبر هنا: قتل 5 مدنيين.\n\nمقالات ذات صلة\n\nمقتل 100 شخص في مكان آخر"
    doc = analyze(raw)
    reasons = {why: raw[s:e] for s, e, why in doc.boilerplate}
    assert reasons["site_name"] == "موقع الأخبار"
    assert reasons["related_articles"].startswith("مقالات ذات صلة")
    assert doc.raw == raw


def test_a_story_link_line_repeats_a_title_and_gives_no_figure():
    inline = "وقتل 47 متمردا في معارك عنيفة. \xa0 رابط الخبر بصحيفة الوئام: ألغام أرضية تقتل 9 أشخاص في عدن"
    own_line = "قتل 22 مسلحا في غارة.\nرابط الخبر بصحيفة الوئام: مقتل «22» مسلحا في غارة"
    for raw in (inline, own_line):
        doc = analyze(raw)
        links = [raw[s:e] for s, e, why in doc.boilerplate if why == "story_link"]
        assert len(links) == 1 and links[0].startswith("رابط الخبر")
        assert len(extract_article("a", raw)) == 1
    mid = "وقال إن رابط الخبر بصحيفة كذا خاطئ وإن 5 أشخاص قتلوا."  # not after a sentence's end: no link line
    assert not analyze(mid).boilerplate and len(extract_article("a", mid)) == 1


def test_embedded_post_footer_gives_author_and_date():
    raw = "نص المقال.\nتغريدة قصيرة هنا\n— Akhbar | أخبار الآن (@akhbar) February 15, 2019\nنص آخر"
    doc = analyze(raw)
    assert [(p.author, p.handle, p.date.isoformat()) for p in doc.posts] == [("Akhbar | أخبار الآن", "akhbar", "2019-02-15")]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_fast_table_gives_the_keys_of_the_full_one(text: str):
    """Texts made only of the precomputed blocks go through a plain dict: it must agree character by character."""
    from arqam.text.normalize import _TABLE

    assert normalize(text) == text.translate(_TABLE)
    assert keyed(text).key == normalize(text)


def test_look_up_forms_strip_a_pronoun_from_the_stem_without_its_conjunction():
    from arqam.text.tokens import forms

    assert forms("واسرهم", 4) == ("واسرهم", "اسرهم")  # «وأسرهم» (and their families) is not «وأسر» + هم
    assert "قوات" in forms("وقواتهم")
    assert "الامم" in forms("للامم")
    assert "فصائل" in forms("فصائلهم") and "بلدات" in forms("بلداتهم")  # ف and ب of the root are no conjunction
