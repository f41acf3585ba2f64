"""Language data: every lexicon loads through the validating loader and uses known vocabularies."""

from __future__ import annotations

import pytest

from arqam.arabic.lexicon import LEXICON_DIR, LexiconError, read_tsv
from arqam.attribution import lexicons as attribution_lexicons
from arqam.extract import lexicons as extract_lexicons
from arqam.figures import lexicons as figure_lexicons

SUBJECTS = {"civilians", "fighters", "soldiers", "police", "children", "women", "people", "displaced", "refugees",
            "detainees", "journalists", "sites", "villages", "towns", "attacks", "airstrikes", "rockets", "vehicles",
            "weapons", "area_km2", "distance_m", "distance_km", "money", "percent", "other"}
EVENTS = {"killed", "wounded", "killed_or_wounded", "captured", "detained", "released", "freed", "evacuated",
          "displaced", "missing", "held", "present", "seized", "attacked", "launched", "destroyed", "other"}


def test_all_lexicons_load():
    figure_lexicons()
    extract_lexicons()
    attribution_lexicons()


def test_vocabularies():
    nouns = read_tsv("counted_nouns", ("noun", "subject", "number", "event"), key="noun", optional=("event",))
    assert {r["subject"] for r in nouns} <= SUBJECTS
    assert {r["number"] for r in nouns} <= {"sg", "pl", "dual"}
    assert {r["event"] for r in nouns if r["event"]} <= EVENTS
    assert {r["event"] for r in read_tsv("events", ("form", "event"), key="form")} <= EVENTS
    kinds = {r["kind"] for r in read_tsv("markers", ("phrase", "kind"), key="phrase")}
    assert kinds <= {"approx", "at_least", "at_most", "approx_after", "at_least_after", "at_most_after",
                     "range_from", "range_between", "range_to", "range_and", "range_or"}
    for r in read_tsv("number_words", ("word", "value", "role"), key="word"):
        assert float(r["value"]) > 0
        assert r["role"] in {"unit", "unit_teen", "ten_unit", "ten", "hundred", "scale", "scale_dual", "scale_plural",
                             "fraction"}
    for r in read_tsv("vague", ("phrase", "unit"), key="phrase"):
        assert float(r["unit"]) in {10.0 ** k for k in range(1, 12)}
    types = {r["type"] for r in read_tsv("organizations", ("canonical", "type", "display", "aliases"), key="canonical",
                                         optional=("aliases",))}
    assert types <= {"organization", "agency", "outlet"}
    kinds = {r["kind"] for r in read_tsv("function_words", ("word", "kind"), key="word")}
    assert kinds == {"pronoun", "recipient", "audience", "appeared", "issued", "same_before", "same_after", "ends_role",
                     "ends_body", "generic_medium", "official"}


def test_every_lexicon_file_is_valid_tsv():
    for path in LEXICON_DIR.glob("*.tsv"):
        header = next(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        read_tsv(path.stem, tuple(header.split("\t")), key=header.split("\t")[0],
                 optional=tuple(header.split("\t")[1:]))


def test_loader_refuses_duplicates_after_normalization(tmp_path, monkeypatch):
    (tmp_path / "dup.tsv").write_text("word\tx\nأحمد\t1\nاحمد\t2\n", encoding="utf-8")
    monkeypatch.setattr("arqam.arabic.lexicon.LEXICON_DIR", tmp_path)
    with pytest.raises(LexiconError, match=r"dup.tsv:3: duplicate word"):
        read_tsv("dup", ("word", "x"), key="word")


def test_loader_refuses_a_wrong_header(tmp_path, monkeypatch):
    (tmp_path / "bad.tsv").write_text("form\tx\nقال\t1\n", encoding="utf-8")
    monkeypatch.setattr("arqam.arabic.lexicon.LEXICON_DIR", tmp_path)
    with pytest.raises(LexiconError, match="header"):
        read_tsv("bad", ("word", "x"), key="word")
