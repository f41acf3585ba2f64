"""The core's accuracy on the hand-labelled corpus sets kept in the repo (tests/gold/corpus_*), scored in-process
as `arqam eval --core` does: a floor a little under the last measured score (docs/accuracy.md), so that a change
that loses figures, fields or precision on news the rules were not written from fails here. Skipped where the
corpus (../shared/corpus) is absent: the labels point into it."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.evaluate import evaluate
from tests.conftest import SHARED

GOLD = Path(__file__).resolve().parent / "gold"
CORPUS = SHARED / "corpus"

# set: (all_fields, precision) floors; measured 4 December (evening): corpus_a 0.713/0.941, corpus_b 0.712/0.958,
# corpus_c_a 0.440/0.927, corpus_c_b 0.60/0.974, corpus_d_a 0.584/0.914, corpus_d_b 0.461/0.919; 8 December:
# corpus_e_a 0.443/0.773, corpus_e_b 0.435/0.952 (labelled that morning, before any rule was written from them);
# at the session's end corpus_c_a 0.464/0.975, corpus_d_a 0.607/0.935, corpus_e_a 0.541/0.951, the others unchanged
FLOORS = {
    "corpus_a": (0.68, 0.91),
    "corpus_b": (0.68, 0.93),
    "corpus_c_a": (0.42, 0.94),
    "corpus_c_b": (0.55, 0.94),
    "corpus_d_a": (0.56, 0.90),
    "corpus_d_b": (0.41, 0.89),
    "corpus_e_a": (0.49, 0.92),
    "corpus_e_b": (0.38, 0.92),
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus (../shared/corpus) is not here")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floor_on_a_labelled_corpus_set(name):
    res = evaluate(str(GOLD / name), corpus=CORPUS)
    all_fields, precision = FLOORS[name]
    assert res["articles"] >= 15 and res["found"] > 0
    assert res["all_fields"] >= all_fields, (name, res["all_fields"])
    assert res["precision"] >= precision, (name, res["precision"])


def test_every_corpus_set_has_a_floor():
    sets = {p.name for p in GOLD.glob("corpus_*") if (p / "claims.jsonl").is_file()}
    assert sets == set(FLOORS)
