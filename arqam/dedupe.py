"""Exact and near-duplicate clustering of articles: vectorised MinHash, datasketch LSH.

Exact copies share the hash of their normalized text. Near duplicates (syndicated copies,
re-posts with another title or boilerplate, a dropped paragraph) share most character
5-shingles of the normalized text. Signatures are computed with numpy, all shingles of a
document at once (a rolling hash, then multiply-shift permutations), so the cost is linear in
the text; candidates come from datasketch's MinHash LSH and are confirmed by the share of
equal signature values. Clusters do not depend on input order: the root of a cluster is its
earliest published member (ties: the smallest article_id).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from arqam.arabic.normalize import normalize

SHINGLE = 5
NUM_PERM = 128
SEED = 7
_CHUNK = 4096  # shingles hashed at once: bounds memory for very long texts
_rng = np.random.default_rng(SEED)
_A = _rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_BASE = np.uint64(1_000_003)


@dataclass(frozen=True)
class Item:
    article_id: str
    published: dt.date | None
    text: str


def dedupe_key(text: str) -> str:
    """Normalized text with whitespace collapsed: what duplicates are compared on."""
    return " ".join(normalize(text).split())


def exact_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def shingle_hashes(key: str, k: int = SHINGLE) -> np.ndarray:
    """The distinct 64-bit hashes of the character k-shingles of a key."""
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _BASE + codes[j : j + n]
    return np.unique(h)


def signature(key: str) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a key."""
    h = shingle_hashes(key)
    sig = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(0, len(h), _CHUNK):
            part = h[i : i + _CHUNK]
            sig = np.minimum(sig, ((_A[:, None] * part[None, :] + _B[:, None]) >> np.uint64(32)).min(axis=1))
    return sig.astype(np.uint32)


def signatures(keys: Iterable[str]) -> np.ndarray:
    """Signatures of many keys, one row each."""
    rows = [signature(k) for k in keys]
    return np.vstack(rows) if rows else np.zeros((0, NUM_PERM), dtype=np.uint32)


def _order(published: dt.date | None, article_id: str) -> tuple:
    return (published is None, published or dt.date.max, article_id)


def cluster_signatures(ids: Sequence[str], published: Sequence[dt.date | None], exact: Sequence[str],
                       sigs: np.ndarray, threshold: float = 0.7) -> dict[str, tuple[str, str | None]]:
    """article_id -> (cluster_id, duplicate_of) from exact hashes and MinHash signatures."""
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    ids = [ids[i] for i in order]
    published = [published[i] for i in order]
    exact = [exact[i] for i in order]
    sigs = sigs[order] if len(order) else sigs
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first: dict[str, int] = {}
    for i, h in enumerate(exact):
        if h in first:
            union(first[h], i)
        else:
            first[h] = i
    if len(ids) > 1:
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        hashes = [LeanMinHash(seed=SEED, hashvalues=sig, scheme="affine32") for sig in sigs]
        for i, mh in enumerate(hashes):
            lsh.insert(i, mh)
        for i, mh in enumerate(hashes):
            for j in lsh.query(mh):
                if j > i and find(i) != find(j) and float(np.mean(sigs[i] == sigs[j])) >= threshold:
                    union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(ids)):
        groups.setdefault(find(i), []).append(i)
    out: dict[str, tuple[str, str | None]] = {}
    for members in groups.values():
        root = min(members, key=lambda i: _order(published[i], ids[i]))
        for i in members:
            out[ids[i]] = (ids[root], None if i == root else ids[root])
    return out


def cluster(items: Iterable[Item], threshold: float = 0.7) -> dict[str, tuple[str, str | None]]:
    """article_id -> (cluster_id, duplicate_of); duplicate_of is None for the cluster's root."""
    items = list(items)
    keys = [dedupe_key(it.text) for it in items]
    return cluster_signatures([it.article_id for it in items], [it.published for it in items],
                              [exact_hash(k) for k in keys], signatures(keys), threshold)
