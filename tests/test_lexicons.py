"""Language data: every lexicon loads through the one validating loader into the typed Vocabulary."""

from __future__ import annotations

import pytest

from arqam.lexicon import loader
from arqam.lexicon.loader import LEXICON_DIR, LexiconError, read_tsv
from arqam.lexicon.vocab import EVENTS, SUBJECTS, FunctionWords, vocabulary

DESIGN_SUBJECTS = {"civilians", "fighters", "soldiers", "police", "children", "women", "people", "displaced", "refugees",
                   "detainees", "journalists", "sites", "villages", "towns", "attacks", "airstrikes", "rockets",
                   "vehicles", "weapons", "area_km2", "distance_m", "distance_km", "money", "percent", "other"}
DESIGN_EVENTS = {"killed", "wounded", "killed_or_wounded", "captured", "detained", "released", "freed", "evacuated",
                 "displaced", "missing", "held", "present", "seized", "attacked", "launched", "destroyed", "paid", "other"}


def test_the_vocabulary_loads_every_file():
    v = vocabulary()
    assert v.numbers and v.trigger_forms and v.function.complementizer and v.boilerplate and v.civilian_settings.first_words()
    used = {"number_words", "vague", "markers", "counted_nouns", "events", "time_units", "months", "weekdays",
            "relative_days", "blockers", "reporting", "roles", "organizations", "anonymous", "sources_not_speakers",
            "interviews", "given_names", "places", "news_places", "place_words", "not_places", "function_words",
            "boilerplate", "morphology", "characters", "actors", "civilian_settings"}
    # the incident linker's own files (arqam/incidents: cues.py, context.py) load through the same loader
    from arqam.incidents.context import common_words
    from arqam.incidents.cues import cue_index

    assert cue_index() and common_words()[0] > 0
    assert {p.stem for p in LEXICON_DIR.glob("*.tsv")} == used | {"incident_cues", "common_words"}


def test_closed_vocabularies_are_the_design_ones():
    assert set(SUBJECTS) == DESIGN_SUBJECTS and set(EVENTS) == DESIGN_EVENTS
    v = vocabulary()
    nouns = [row for entries in v.nouns._by_first.values() for _, row in entries]
    assert {n.subject for n in nouns} <= DESIGN_SUBJECTS
    assert {n.event for n in nouns if n.event} <= DESIGN_EVENTS


def test_every_function_word_kind_is_a_field_with_words():
    kinds = {r["kind"] for r in read_tsv("function_words", ("word", "kind"), key="word", unique=("word", "kind"))}
    fields = {f.rstrip("_") for f in FunctionWords.__dataclass_fields__}
    assert kinds == fields


def test_a_phrase_kind_word_has_one_phrase_kind():
    rows = read_tsv("function_words", ("word", "kind"), key="word", unique=("word", "kind"))
    seen: dict[str, str] = {}
    for r in rows:
        if r["kind"] in FunctionWords.PHRASE_KINDS:
            assert seen.setdefault(r["word"], r["kind"]) == r["kind"], r["word"]


def test_every_lexicon_file_is_valid_tsv():
    for path in LEXICON_DIR.glob("*.tsv"):
        header = next(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        columns = tuple(header.split("\t"))
        read_tsv(path.stem, columns, optional=columns[1:], unique=columns)


def test_loader_refuses_duplicates_after_normalization(tmp_path, monkeypatch):
    (tmp_path / "dup.tsv").write_text("word\tx\nأحمد\t1\nاحمد\t2\n", encoding="utf-8")
    monkeypatch.setattr(loader, "LEXICON_DIR", tmp_path)
    with pytest.raises(LexiconError, match=r"dup.tsv:3: duplicate word"):
        read_tsv("dup", ("word", "x"), key="word")


def test_loader_refuses_a_wrong_header(tmp_path, monkeypatch):
    (tmp_path / "bad.tsv").write_text("form\tx\nقال\t1\n", encoding="utf-8")
    monkeypatch.setattr(loader, "LEXICON_DIR", tmp_path)
    with pytest.raises(LexiconError, match="header"):
        read_tsv("bad", ("word", "x"), key="word")


def test_loader_refuses_an_empty_required_cell(tmp_path, monkeypatch):
    (tmp_path / "empty.tsv").write_text("word\tx\nقال\t\n", encoding="utf-8")
    monkeypatch.setattr(loader, "LEXICON_DIR", tmp_path)
    with pytest.raises(LexiconError, match="empty 'x'"):
        read_tsv("empty", ("word", "x"), key="word")
