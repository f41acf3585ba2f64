"""Stages: the voice of a press review (review.py) and the gender agreement of a subjectless verb (agreement.py)."""

from __future__ import annotations

import pytest

from arqam.attribution.agreement import agreeing, feminine_verb, masculine
from arqam.attribution.discourse import Attribution
from arqam.attribution.model import OUTLET_VOICE, Rule, Speaker
from arqam.attribution.reader import Reader
from arqam.lexicon.vocab import vocabulary
from arqam.text.document import analyze


def voice(text: str) -> Speaker:
    return Attribution(analyze(text)).voice


@pytest.mark.parametrize("text, press", [
    ("تونس 25 شوال 1436هـ واس\nتوزعت اهتمامات الصحف التونسية الصادرة اليوم على عدد من القضايا.", "الصحف التونسية"),
    ("سلطت الصحف السودانية الصادرة اليوم الضوء على إعلان المنظمة.", "الصحف السودانية"),
])
def test_a_press_review_speaks_in_the_press_voice(text, press):
    sp = voice(text)
    assert (sp.name, sp.rule) == (press, Rule.PRESS_REVIEW)


@pytest.mark.parametrize("text", [
    "قالت الصحف إن 5 أشخاص قتلوا.",  # the press named, but no review: a speaker like another
    "وقال الوزير إن الصحف الصادرة في لندن نشرت التقرير.",  # not in the article's opening ... and no «الصحف X»
    "أعلنت وزارة الصحة مقتل 5 أشخاص.",
])
def test_other_articles_speak_in_the_outlet_voice(text):
    assert voice(text) == OUTLET_VOICE


def test_feminine_verbs_and_masculine_roles():
    r = Reader(analyze("وأخبرت وأضاف قالت تقول"), vocabulary())
    assert [feminine_verb(r, t) for t in r.tokens] == [True, False, True, False]
    man = Speaker("المبعوث الأممي", "person", role="المبعوث الأممي")
    woman = Speaker("ماري قعوار", "person", role="وزيرة التخطيط")
    body = Speaker("وزارة الصحة", "organization")
    assert masculine(man) and not masculine(woman) and not masculine(body)
    assert not masculine(Speaker("أنجيلا ميركل", "person"))  # no role: unknown, never assumed
    she, he = r.tokens[0], r.tokens[1]
    assert agreeing(r, she, man, [body, man], OUTLET_VOICE) == body
    assert agreeing(r, she, man, [man], OUTLET_VOICE) == OUTLET_VOICE
    assert agreeing(r, he, man, [body, man], OUTLET_VOICE) == man
    assert agreeing(r, she, woman, [body, woman], OUTLET_VOICE) == woman
