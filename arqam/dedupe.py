"""Exact and near-duplicate clustering of articles (datasketch MinHash LSH).

Exact copies share the hash of their normalized text. Near duplicates (syndicated copies,
re-posts with another title or boilerplate, a dropped paragraph) share enough character
shingles of the normalized text: candidates come from MinHash LSH and are confirmed by
the Jaccard similarity of their shingle sets. Clusters do not depend on input order: the
root of a cluster is its earliest published member (ties: the smallest article_id).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from arqam.arabic.normalize import normalize

SHINGLE = 5
NUM_PERM = 128
SEED = 7


@dataclass(frozen=True)
class Item:
    article_id: str
    published: dt.date | None
    text: str


def dedupe_key(text: str) -> str:
    """Normalized text with whitespace collapsed: what duplicates are compared on."""
    return " ".join(normalize(text).split())


def shingles(key: str, k: int = SHINGLE) -> set[bytes]:
    if len(key) <= k:
        return {key.encode()}
    return {key[i : i + k].encode() for i in range(len(key) - k + 1)}


def signatures(shingle_sets: list[set[bytes]]) -> list[MinHash]:
    """MinHash signatures of many shingle sets at once."""
    return MinHash.bulk(shingle_sets, num_perm=NUM_PERM, seed=SEED)


def _jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _order(item: Item) -> tuple:
    return (item.published is None, item.published or dt.date.max, item.article_id)


def cluster(items: Iterable[Item], threshold: float = 0.7) -> dict[str, tuple[str, str | None]]:
    """article_id -> (cluster_id, duplicate_of); duplicate_of is None for the cluster's root."""
    items = sorted(items, key=lambda it: it.article_id)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    keys = [dedupe_key(it.text) for it in items]
    exact: dict[str, int] = {}
    for i, key in enumerate(keys):
        h = hashlib.sha256(key.encode()).hexdigest()
        if h in exact:
            union(exact[h], i)
        else:
            exact[h] = i
    sets = [shingles(k) for k in keys]
    if len(items) > 1:
        sigs = signatures(sets)
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        for i, sig in enumerate(sigs):
            lsh.insert(i, sig)
        for i, sig in enumerate(sigs):
            for j in lsh.query(sig):
                if j > i and find(i) != find(j) and _jaccard(sets[i], sets[j]) >= threshold:
                    union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    out: dict[str, tuple[str, str | None]] = {}
    for members in groups.values():
        root = min((items[i] for i in members), key=_order)
        for i in members:
            aid = items[i].article_id
            out[aid] = (root.article_id, None if aid == root.article_id else root.article_id)
    return out



