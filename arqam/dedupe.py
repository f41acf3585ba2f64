"""Exact and near-duplicate clustering of articles: vectorised MinHash, datasketch LSH.

Exact copies share the hash of their normalized text. Near duplicates (syndicated copies,
re-posts with another title or boilerplate, a dropped paragraph) share most character
5-shingles of the normalized text. Signatures are computed with numpy, all shingles of a
document at once (a rolling hash, then one-permutation MinHash), so the cost is linear in
the text; candidates share a whole band of datasketch's MinHash LSH layout (bucketed with numpy) and are
confirmed by the share of equal signature values. Clusters do not depend on input order: the root of a cluster is its
earliest published member (ties: the smallest article_id).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from arqam.text.normalize import normalize

SHINGLE = 5
NUM_PERM = 128  # signature values: one per bin of the hash space (a power of two)
SEED = 7
_BIN_BITS = NUM_PERM.bit_length() - 1
_BASE = np.uint64(1_000_003)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_CHUNK_CHARS = 4_000_000  # characters hashed at once: bounds memory whatever the shard size
_MASK32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint64(2**64 - 1)  # an empty bin (real values have 32 bits)


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


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: spreads a polynomial hash over all 64 bits (the bins read the top ones)."""
    with np.errstate(over="ignore"):
        h = (h + _GOLDEN + np.uint64(SEED)) ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def _shingle_bins(keys: list[str], k: int = SHINGLE) -> np.ndarray:
    """Bin minima of the character k-shingle hashes of some keys: a (len(keys), NUM_PERM) uint64 array.

    All keys are hashed in one pass over their concatenation (a rolling polynomial hash, mixed);
    windows that cross from one key into the next are dropped. A key shorter than k is padded.
    """
    padded = [key.ljust(k, "\0") for key in keys]
    lengths = np.fromiter((len(key) for key in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _BASE + codes[j : j + n]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    doc = np.repeat(np.arange(len(padded)), lengths - k + 1)
    keep = np.concatenate([np.arange(s, s + m - k + 1) for s, m in zip(starts, lengths, strict=True)])
    h = _mix(h[keep])
    cell = doc * NUM_PERM + (h >> np.uint64(64 - _BIN_BITS)).astype(np.int64)
    out = np.full(len(padded) * NUM_PERM, _EMPTY, dtype=np.uint64)
    # within a bin the top bits are equal, so the smallest hash also has the smallest next 32 bits
    np.minimum.at(out, cell, (h >> np.uint64(32 - _BIN_BITS)) & _MASK32)
    return out.reshape(len(padded), NUM_PERM)


def _densify(row: np.ndarray) -> np.ndarray:
    """Fill the empty bins of a short text from the next non-empty bin, shifted by the distance."""
    present = np.flatnonzero(row != _EMPTY)
    idx = np.arange(NUM_PERM)
    nxt = present[np.searchsorted(present, idx) % len(present)]
    dist = ((nxt - idx) % NUM_PERM).astype(np.uint64)
    with np.errstate(over="ignore"):
        return (row[nxt] + dist * np.uint64(0x9E3779B9)) & _MASK32


def signatures(keys: Iterable[str]) -> np.ndarray:
    """MinHash signatures (NUM_PERM uint32 values each) of many keys, by one-permutation hashing.

    The hash space is cut into NUM_PERM bins by the top bits; a bin's value is the smallest
    shingle hash that falls in it, which costs one pass over the shingles instead of NUM_PERM.
    An empty bin (short texts) takes the value of the next non-empty bin, shifted by the
    distance (rotation densification), so the share of equal bins still estimates the Jaccard
    similarity. Keys are hashed in chunks of many keys at once.
    """
    keys = list(keys)
    rows: list[np.ndarray] = []
    i = 0
    while i < len(keys):
        j, size = i, 0
        while j < len(keys) and (j == i or size + len(keys[j]) <= _CHUNK_CHARS):
            size += len(keys[j])
            j += 1
        bins = _shingle_bins(keys[i:j])
        for r in np.flatnonzero((bins == _EMPTY).any(axis=1)):
            bins[r] = _densify(bins[r])
        rows.append(bins.astype(np.uint32))
        i = j
    return np.vstack(rows) if rows else np.zeros((0, NUM_PERM), dtype=np.uint32)


def signature(key: str) -> np.ndarray:
    """The MinHash signature of one key (see `signatures`)."""
    return signatures([key])[0]


def candidate_pairs(sigs: np.ndarray, threshold: float) -> np.ndarray:
    """Pairs (i < j) of rows that agree on a whole LSH band: an (n, 2) array, sorted, without repeats.

    The bands are datasketch's MinHashLSH layout for this threshold; rows are bucketed by sorting
    each band's values (numpy), so the cost grows with the number of rows, not of pairs of rows.
    """
    from datasketch import MinHashLSH  # here, not at the top: it pulls in scipy, which signing needs not

    bands = MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges
    found: list[np.ndarray] = []
    for start, end in bands:
        band = np.ascontiguousarray(sigs[:, start:end])
        _, bucket, sizes = np.unique(band.view(np.dtype((np.void, band.itemsize * band.shape[1]))).ravel(),
                                     return_inverse=True, return_counts=True)
        rows = np.flatnonzero(sizes[bucket] > 1)
        rows = rows[np.argsort(bucket[rows], kind="stable")]
        cuts = np.flatnonzero(np.diff(bucket[rows])) + 1
        for members in np.split(rows, cuts):
            if len(members) > 1:
                a, b = np.triu_indices(len(members), k=1)
                found.append(np.stack([members[a], members[b]], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def _order(published: dt.date | None, article_id: str) -> tuple:
    return (published is None, published or dt.date.max, article_id)


def cluster_signatures(ids: Sequence[str], published: Sequence[dt.date | None], exact: Sequence[str],
                       sigs: np.ndarray, threshold: float) -> dict[str, tuple[str, str | None]]:
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
        pairs = candidate_pairs(sigs, threshold)
        if len(pairs):
            similar = (sigs[pairs[:, 0]] == sigs[pairs[:, 1]]).mean(axis=1) >= threshold
            for i, j in pairs[similar].tolist():
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


def cluster(items: Iterable[Item], threshold: float) -> dict[str, tuple[str, str | None]]:
    """article_id -> (cluster_id, duplicate_of); duplicate_of is None for the cluster's root."""
    items = list(items)
    keys = [dedupe_key(it.text) for it in items]
    return cluster_signatures([it.article_id for it in items], [it.published for it in items],
                              [exact_hash(k) for k in keys], signatures(keys), threshold)
