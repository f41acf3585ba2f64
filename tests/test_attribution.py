"""Attribution: golden cases in real-news phrasing, and the speaker registry on the seeds."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from arqam.extract import extract_article
from arqam.speakers import resolve_speakers
from arqam.text.normalize import normalize
from tests.conftest import query

GOLDEN = Path(__file__).resolve().parent / "golden" / "attribution.tsv"
with GOLDEN.open(encoding="utf-8") as f:
    CASES = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _key(s: str | None) -> str:
    return " ".join(normalize(s or "").split())


def test_enough_cases_with_negatives():
    assert len(CASES) >= 80
    assert sum(not c["speaker"] for c in CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["figure"])
def test_attribution_case(case):
    text = case["text"].replace("\\n", "\n")
    start = text.index(case["figure"])
    end = start + len(case["figure"])
    claims = [c for c in extract_article("golden", text) if c.char_start < end and c.char_end > start]
    assert claims, "the figure was not extracted"
    got = claims[0]
    assert (_key(got.speaker), got.speaker_type or "", _key(got.channel)) == (
        _key(case["speaker"]), case["speaker_type"], _key(case["channel"]))


def test_speakers_registry_on_the_seeds(seed_db):
    rows = query(seed_db, "select speaker, speaker_type, role, affiliation, aliases from speakers")
    bali = [r for r in rows if r[0] == "مصطفى بالي"]
    assert len(bali) == 1
    _, typ, role, affiliation, aliases = bali[0]
    assert typ == "person" and affiliation == "قوات سوريا الديمقراطية" and role
    assert "بالي" in aliases
    assert any("المتحدث باسم" in a for a in aliases)
    assert not [r for r in rows if "بالي" in r[0] and r[0] != "مصطفى بالي"]
    afrin = [r for r in rows if "عفرين" in r[0]]
    assert [r[0] for r in afrin] == ["عدنان عفرين"] and afrin[0][1] == "person"


def _claim(article: str, speaker: str, role: str | None = None, affiliation: str | None = None, rule: str = "name"):
    return {"article_id": article, "speaker": speaker, "speaker_type": "person", "speaker_role": role,
            "speaker_affiliation": affiliation, "rule": {"speaker": rule}}


def test_registry_resolves_surnames_and_roles_but_never_merges_two_full_names():
    claims = [
        _claim("a", "مصطفى بالي", "المتحدث باسم قوات سوريا الديمقراطية", "قوات سوريا الديمقراطية"),
        _claim("b", "بالي"),
        _claim("c", "المتحدث باسم قوات قسد", "المتحدث باسم قوات قسد", "قوات سوريا الديمقراطية", rule="role_only"),
        _claim("d", "أحمد خليل"),
        _claim("e", "ريدور خليل"),
        _claim("f", "خليل"),
    ]
    resolved, speakers = resolve_speakers(claims)
    assert [c["speaker"] for c in resolved] == ["مصطفى بالي", "مصطفى بالي", "مصطفى بالي", "أحمد خليل", "ريدور خليل", "خليل"]
    names = {s["speaker"] for s in speakers}
    assert {"مصطفى بالي", "أحمد خليل", "ريدور خليل", "خليل"} == names
