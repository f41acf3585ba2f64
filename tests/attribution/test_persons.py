"""Stage: the one person registry (persons.py), for an article and for the warehouse (speakers.py)."""

from __future__ import annotations

from arqam.attribution.model import Rule, Speaker
from arqam.attribution.persons import Persons
from arqam.speakers import resolve_speakers


def registry() -> Persons:
    p = Persons(frozenset({"مصطفى", "احمد"}))
    p.register(Speaker("مصطفى بالي", "person", "مدير المركز الإعلامي", affiliation="قوات سوريا الديمقراطية",
                       rule=Rule.NAME))
    p.register(Speaker("أحمد خليل", "person", "المتحدث باسم الجيش", affiliation="الجيش", rule=Rule.ROLE_NAME))
    p.register(Speaker("ريدور خليل", "person", "قائد", affiliation="الجيش", rule=Rule.ROLE_NAME))
    return p


def test_a_surname_or_a_first_name_is_the_one_person_it_names():
    p = registry()
    assert p.known(["بالي"]).name == "مصطفى بالي" and p.known(["بالي"]).rule is Rule.ALIAS
    assert p.known(["مصطفى"]).name == "مصطفى بالي"
    assert p.known(["خليل"]) is None  # two full names share it


def test_a_role_is_the_one_person_of_its_affiliation_narrowed_by_its_head():
    p = registry()
    assert p.for_role("المتحدث باسم قسد", "قوات سوريا الديمقراطية").name == "مصطفى بالي"
    assert p.for_role("المتحدث الرسمي", "الجيش").name == "أحمد خليل"
    assert p.for_role("الناطق", "الجيش") is None


def test_only_named_persons_register():
    p = Persons(frozenset({"مصطفى"}))
    p.register(Speaker("المتحدث باسم الجيش", "person", "المتحدث باسم الجيش", rule=Rule.ROLE_ONLY))
    p.register(Speaker("بالي", "person", rule=Rule.SURNAME))
    p.register(Speaker("سوق شعبي", "person", rule=Rule.NAME))  # no role, no known given name
    assert p.by_name == {}


def test_the_warehouse_uses_the_same_rules():
    claims = [
        {"article_id": "a", "speaker": "مصطفى بالي", "speaker_type": "person", "speaker_role": "مدير المركز",
         "speaker_affiliation": "قوات سوريا الديمقراطية", "rule": {"speaker": "name"}},
        {"article_id": "b", "speaker": "بالي", "speaker_type": "person", "speaker_role": None,
         "speaker_affiliation": None, "rule": {"speaker": "surname"}},
        {"article_id": "c", "speaker": "المتحدث باسم قسد", "speaker_type": "person", "speaker_role": "المتحدث باسم قسد",
         "speaker_affiliation": "قوات سوريا الديمقراطية", "rule": {"speaker": "role_only"}},
    ]
    resolved, _ = resolve_speakers(claims)
    assert [c["speaker"] for c in resolved] == ["مصطفى بالي"] * 3
    assert [c["rule"].get("registry") for c in resolved] == [None, "name", "role"]
