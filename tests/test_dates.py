"""Dates: golden day expressions from real news, and publication dates inferred from text."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from arqam.dates import infer_published, statement_date_of
from arqam.text.document import analyze
from tests.conftest import SEEDS, query

GOLDEN = Path(__file__).resolve().parent / "golden" / "dates.tsv"
with GOLDEN.open(encoding="utf-8") as f:
    CASES = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_enough_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:40])
def test_day_expression(case):
    published = dt.date.fromisoformat(case["published"]) if case["published"] else None
    date, offset = statement_date_of(case["text"], published)
    assert (date.isoformat() if date else "", "" if offset is None else str(offset)) == (case["date"], case["offset_days"])


def test_seed_000_is_dated_from_its_embedded_posts_and_today_saturday():
    doc = analyze((SEEDS / "000_1d3015e818a30bbc.txt").read_text(encoding="utf-8"))
    assert infer_published(doc) == dt.date(2019, 2, 16)


def test_undated_seeds_stay_undated():
    for p in SEEDS.glob("00[1-4]_*.txt"):
        assert infer_published(analyze(p.read_text(encoding="utf-8"))) is None, p.name


def test_warehouse_dates_seed_000_from_text(seed_db):
    rows = set(query(seed_db, "select published, date_source from claims where article_id like '000_%'"))
    assert rows == {(dt.date(2019, 2, 16), "text")}


def test_articles_table_carries_the_date_from_text(seed_db):
    rows = query(seed_db, "select article_id, published, date_source from articles order by article_id")
    assert rows[0][1:] == (dt.date(2019, 2, 16), "text")
    assert all(r[1:] == (None, None) for r in rows[1:])


PUBLISHED = dt.date(2019, 3, 1)


@pytest.mark.parametrize(("text", "day", "rule"), [
    # an explicit date in the sentence dates the event the sentence tells, not the statement
    ("قال المرصد إن 5 مدنيين قتلوا في 15 شباط 2019.", PUBLISHED, "published"),
    ("قال المرصد اليوم إن 5 مدنيين قتلوا في 15 شباط 2019.", PUBLISHED, "اليوم"),
    ("قال المرصد أمس إن 5 مدنيين قتلوا في 15 شباط 2019.", dt.date(2019, 2, 28), "امس"),
    # unless it follows the cue: the day the statement was made
    ("أعلن الجيش يوم 20 شباط 2019 أن 5 جنود قتلوا.", dt.date(2019, 2, 20), "explicit_date"),
])
def test_statement_day_of_a_figure(text, day, rule):
    from arqam.extract import extract_article
    [claim] = extract_article("d", text, PUBLISHED)
    assert (claim.statement_date, claim.rule.date) == (day, rule)
