"""Exact and near-duplicate clustering."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.dedupe import NUM_PERM, Item, candidate_pairs, cluster, signature, signatures
from flows.config import DEFAULTS
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
    out = cluster(items, DEFAULTS.dedupe_threshold)
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
    assert cluster(shuffled, DEFAULTS.dedupe_threshold) == cluster(items, DEFAULTS.dedupe_threshold)


TEXTS = st.text(alphabet=st.sampled_from("ابتثجحخدذرسشصقكلمنهوي ةىأإآ0123456789 abc.\n"), max_size=400)


@given(st.lists(TEXTS, min_size=1, max_size=8))
@settings(max_examples=50, deadline=None)
def test_signatures_in_bulk_equal_one_at_a_time(keys: list[str]):
    bulk = signatures(keys)
    assert bulk.shape == (len(keys), NUM_PERM) and bulk.dtype == np.uint32
    for k, row in zip(keys, bulk, strict=True):
        assert (signature(k) == row).all()


def test_signatures_estimate_jaccard_similarity():
    base = SEED_TEXTS["002_565d6dba81aa7b38"]
    same, near, other = signatures([base, variants(base)[1], SEED_TEXTS["004_eb165dc4831d5914"]])
    assert (same == signatures([base])[0]).all()
    assert np.mean(same == near) > 0.7
    assert np.mean(same == other) < 0.2


@given(st.integers(0, 2**32 - 1))
@settings(max_examples=25, deadline=None)
def test_lsh_candidates_are_the_pairs_sharing_a_band(seed: int):
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, 4, size=(30, NUM_PERM), dtype=np.uint32)  # small values: bands collide often
    sigs[7] = sigs[3]  # a planted duplicate
    bands = MinHashLSH(threshold=0.7, num_perm=NUM_PERM).hashranges
    expected = {(i, j) for i in range(30) for j in range(i + 1, 30)
                if any((sigs[i, a:b] == sigs[j, a:b]).all() for a, b in bands)}
    found = {tuple(p) for p in candidate_pairs(sigs, 0.7).tolist()}
    assert found == expected and (3, 7) in found
