"""The marts on a small crafted input whose expected rows are written out by hand, and the example queries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import query, run_flow

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "marts" / "articles.jsonl"
QUERIES = sorted((ROOT / "warehouse" / "queries").glob("*.sql"))
D = dt.date
BALI, OHCHR = "مصطفى بالي", "المرصد السوري لحقوق الإنسان"


@pytest.fixture(scope="module")
def crafted_db(tmp_path_factory) -> Path:
    wh = tmp_path_factory.mktemp("marts") / "wh"
    run_flow([FIXTURE], wh)
    return wh / "arqam.duckdb"


def test_syndicated_copy_is_one_cluster(crafted_db):
    assert query(crafted_db, "select article_id, cluster_id, duplicate_of from articles order by article_id")[:2] == [
        ("a1", "a1", None), ("a2", "a1", "a1")]


def test_yesterday_resolves_against_the_published_field(crafted_db):
    assert query(crafted_db, "select published, statement_date, statement_offset_days from claims where article_id = 'a1'") == [
        (D(2019, 2, 18), D(2019, 2, 17), -1)]


def test_daily_figures_by_hand(crafted_db):
    rows = query(crafted_db, """select day, subject, event, speaker, kind, value_low, value_high, n_articles, n_clusters,
                                   outlets, channels, first_seen_article from daily_figures order by day, speaker""")
    assert rows == [
        (D(2019, 2, 17), "civilians", "evacuated", BALI, "exact", 500.0, 500.0, 2, 1, ["موقع ب", "وكالة أ"], ["رويترز"], "a1"),
        (D(2019, 2, 19), "civilians", "evacuated", OHCHR, "exact", 1200.0, 1200.0, 1, 1, ["صحيفة ج"], [], "a3"),
        (D(2019, 2, 19), "civilians", "evacuated", BALI, "exact", 800.0, 800.0, 1, 1, ["وكالة أ"], [], "a5"),
        (D(2019, 3, 20), "civilians", "evacuated", OHCHR, "exact", 3000.0, 3000.0, 1, 1, ["صحيفة ج"], [], "a4"),
    ]


def test_discrepancies_by_hand(crafted_db):
    """One incident (the evacuation: a1 and its copy a2, a3, a5; a4's total since the start of the month is no
    member): the pairs inside it that disagree are two sources on the same day. Bali 500 -> 800 is the same
    source upward, 500 and 1200 are two days apart."""
    rows = query(crafted_db, """select speaker_a, value_low_a, day_a, speaker_b, value_low_b, day_b, days_apart,
                                   discrepancy_type from discrepancies""")
    assert [(frozenset([(r[0], r[1], r[2]), (r[3], r[4], r[5])]), r[6], r[7]) for r in rows] == [
        (frozenset([(OHCHR, 1200.0, D(2019, 2, 19)), (BALI, 800.0, D(2019, 2, 19))]), 0, "different_sources")]
    assert query(crafted_db, "select count(distinct incident_id), count(*) from incident_claims") == [(1, 4)]


def test_marts_are_not_empty_on_the_seeds(seed_db):
    assert query(seed_db, "select count(*) from daily_figures")[0][0] > 0
    assert query(seed_db, "select count(*) from incidents")[0][0] > 0
    assert query(seed_db, "select count(*) from incident_claims")[0][0] > 0


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_example_queries_run_and_answer(path, crafted_db, seed_db):
    assert len(QUERIES) >= 3
    assert query(crafted_db, path.read_text()), f"{path.name} gave no rows on the crafted input"
    # the seeds have no two reports of one quantity: a query over disagreements runs there and may find none
    rows = query(seed_db, path.read_text())
    assert rows or "disagree" in path.stem, f"{path.name} gave no rows on the seeds"


def test_a_breakdown_joined_by_wa_is_no_toll(tmp_path):
    """«700 مدني خرجوا من الباغوز و400 من هجين» counts parts of a toll the sentence does not state: neither part is
    compared with another source's whole (1200), though all three are one incident."""
    rows = [
        {"id": "b1", "outlet": "صحيفة ج", "published": "2019-02-19", "title": "المرصد: خروج 1200 مدني من ريف دير الزور",
         "text": "قال المرصد السوري لحقوق الإنسان اليوم إن 1200 مدني خرجوا من الباغوز في ريف دير الزور."},
        {"id": "b2", "outlet": "وكالة أ", "published": "2019-02-19", "title": "ناشطون: خروج مدنيين من ريف دير الزور",
         "text": "وقال ناشطون اليوم إن 700 مدني خرجوا من الباغوز و400 مدني من هجين في ريف دير الزور."},
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    run_flow([path], tmp_path / "wh")
    db = tmp_path / "wh" / "arqam.duckdb"
    assert query(db, "select count(distinct incident_id), count(*) from incident_claims") == [(1, 3)]
    assert query(db, "select count(*) from discrepancies") == [(0,)]
