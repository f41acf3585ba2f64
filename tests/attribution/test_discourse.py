"""Stage: the discourse of an article (discourse.py): the scope of a speaker and the speaker of each figure."""

from __future__ import annotations

from arqam.attribution.discourse import Attribution
from arqam.attribution.model import Rule
from arqam.figures.grammar import find_figures
from arqam.text.document import analyze


def speakers(text: str) -> list[tuple[str | None, str]]:
    doc = analyze(text)
    att = Attribution(doc)
    return [(sp.name, str(sp.rule)) for f in find_figures(doc.tokens) for sp in [att.speaker_for(f.start, f.end)]]


def test_a_continuation_keeps_the_speaker():
    text = "قال مصطفى بالي، مدير المركز الإعلامي لقوات سوريا الديمقراطية، إن 157 مسلحا استسلموا. وأضاف أن 30 آخرين قتلوا."
    assert speakers(text) == [("مصطفى بالي", "name"), ("مصطفى بالي", "name")]


def test_a_sentence_with_no_cue_is_the_outlets_voice():
    text = "قال مصطفى بالي، المتحدث باسم قسد، إن 157 مسلحا استسلموا. وتشهد المنطقة معارك منذ 3 أشهر قتل فيها 200 شخص."
    assert speakers(text)[-1] == (None, "outlet_voice")


def test_a_surname_later_is_the_person_named_before():
    text = ("قال العميد تركي المالكي، المتحدث باسم قوات التحالف، إن 7 صواريخ أطلقت. "
            "وأكد المالكي أن 3 منها سقطت في مناطق خالية.")
    assert speakers(text)[-1] == ("تركي المالكي", "alias")


def test_an_anaphor_is_the_source_named_before():
    text = "قال مصدر عسكري لسبوتنيك إن الجيش تقدم. وأضاف المصدر أن 18 مسلحا قتلوا."
    assert speakers(text) == [("مصدر عسكري", "anaphora")]


def test_an_open_quotation_carries_its_speaker():
    text = 'وقال الناطق باسم الجيش أحمد المسماري: "قتلنا 23 إرهابيا. ودمرنا خمس آليات".'
    assert [s for s, _ in speakers(text)] == ["أحمد المسماري", "أحمد المسماري"]


def test_rules_are_named():
    doc = analyze("وقالت وزارة الصحة إن 16 فلسطينيا قتلوا.")
    f = find_figures(doc.tokens)[0]
    sp = Attribution(doc).speaker_for(f.start, f.end)
    assert (sp.name, sp.rule) == ("وزارة الصحة", Rule.ORGANIZATION)
