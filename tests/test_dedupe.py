"""Exact and near-duplicate clustering."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.dedupe import Item, cluster
from tests.conftest import SEEDS

SEED_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def variants(text: str) -> list[str]:
    paras = [p for p in text.split("., ") if p]
    return [
        "عنوان مختلف تماما للخبر\n" + text,
        text + "\nمقالات ذات صلة\nخبر أول عن موضوع آخر\nخبر ثان",
        "., ".join(paras[:3] + paras[4:]),
    ]


def test_seeds_are_distinct_and_syndicated_variants_join_their_seed():
    items = [Item(k, None, v) for k, v in SEED_TEXTS.items()]
    seed = "002_565d6dba81aa7b38"
    items += [Item(f"copy{i}", None, v) for i, v in enumerate(variants(SEED_TEXTS[seed]))]
    out = cluster(items)
    assert len({out[k][0] for k in SEED_TEXTS}) == 5
    assert {out[f"copy{i}"] for i in range(3)} == {(seed, seed)}
    assert out[seed] == (seed, None)


@given(st.randoms(use_true_random=False))
@settings(max_examples=20, deadline=None)
def test_clusters_do_not_depend_on_input_order(rnd: random.Random):
    items = [Item(k, None, v) for k, v in SEED_TEXTS.items()]
    items += [Item(f"copy{i}", None, v) for i, v in enumerate(variants(SEED_TEXTS["004_eb165dc4831d5914"]))]
    shuffled = items[:]
    rnd.shuffle(shuffled)
    assert cluster(shuffled) == cluster(items)
