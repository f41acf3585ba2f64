"""Stage: reporting cues (cues.py) and the bounds of a speaker phrase around them (scope.py)."""

from __future__ import annotations

from arqam.attribution.cues import find_cues
from arqam.attribution.model import CueType
from arqam.attribution.reader import Reader
from arqam.attribution.scope import phrase_after, phrase_before
from arqam.lexicon.vocab import vocabulary
from arqam.text.document import analyze


def reader(text: str) -> Reader:
    return Reader(analyze(text), vocabulary())


def cue_types(text: str) -> list[tuple[str, CueType]]:
    r = reader(text)
    index = find_cues(r)
    return [(r.tokens[k].text, typ) for k, (_, typ) in sorted(index.at.items())]


def test_cue_types():
    assert cue_types("وقال مصدر إن") == [("وقال", CueType.VERB)]
    assert cue_types("بحسب المرصد") == [("بحسب", CueType.ACCORDING)]
    assert cue_types("مضيفا أن") == [("مضيفا", CueType.PARTICIPLE)]
    assert ("ويعتقد", CueType.HEDGE) in cue_types("ويعتقد أن العدد أكبر")


def test_a_complementizer_ends_the_phrase_hard():
    r = reader("وقال مصطفى بالي لرويترز إن 157 مسلحا استسلموا")
    index = find_cues(r)
    k, (end, _) = next(iter(index.at.items()))
    toks, content, hard = phrase_after(r, index, end, len(r.tokens))
    assert [t.text for t in toks] == ["مصطفي", "بالي", "لرويترز"] and hard and r.tokens[content].text == "ان"


def test_a_number_ends_the_phrase_soft():
    r = reader("أعلنت الوزارة مقتل 45 شخصا")
    index = find_cues(r)
    _, (end, _) = next(iter(index.at.items()))
    toks, _, hard = phrase_after(r, index, end, len(r.tokens))
    assert [t.text for t in toks] == ["الوزاره"] and not hard


def test_a_speaker_before_the_verb():
    r = reader("وكان المرصد قد ذكر أن 20 قتلوا")
    index = find_cues(r)
    k = next(iter(index.at))
    assert [t.text for t in phrase_before(r, index, 0, k)] == ["المرصد"]
