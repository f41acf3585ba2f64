"""Robustness on real news (../shared/corpus, read in place; skipped where it is absent)."""

from __future__ import annotations

import json

import pytest

from arqam.extract import extract_article
from arqam.figures.model import KINDS
from arqam.ingest import parse_date
from tests.conftest import SHARED

CORPUS = sorted((SHARED / "corpus").glob("*/articles.jsonl"))
pytestmark = pytest.mark.skipif(not CORPUS, reason="../shared/corpus is absent")


def sample(every: int = 30):
    for path in CORPUS:
        with path.open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % every == 0:
                    yield json.loads(line)


def test_extraction_on_a_sample_of_real_news_is_provable_and_well_typed():
    n_articles = n_claims = 0
    for art in sample():
        claims = extract_article(art["id"], art["text"], parse_date(art.get("published")))
        n_articles += 1
        n_claims += len(claims)
        for c in claims:
            assert art["text"][c.char_start:c.char_end] == c.quote
            assert c.quote in c.sentence
            assert c.kind in KINDS
            if c.kind in ("exact", "approx"):
                assert c.value_low == c.value_high is not None
            elif c.kind in ("range", "vague"):
                assert c.value_low < c.value_high
            elif c.kind == "at_least":
                assert c.value_low is not None and c.value_high is None
            else:
                assert c.value_low is None and c.value_high is not None
            assert (c.speaker is None) == (c.speaker_type is None)
    assert n_articles > 900 and n_claims > n_articles
