"""The story an article tells, as a weighted bag of words: what says that two articles report the same incident.

Words are stems of the match key (no conjunction, preposition or article: «بالباغوز» and «الباغوز» are one word),
weighted by their rarity over the articles of the run (inverse document frequency): the names of a village, a
market or a ship weigh much more than «قتل» or «الشرطة», which every article has. An article's context is its
title and the sentences of its figures.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from arqam.lexicon.loader import read_tsv
from arqam.text.morph import ARTICLE, CONJUNCTIONS, PREFIXES
from arqam.text.normalize import normalize

_WORD = re.compile(r"[^\W\d_]{3,}|\d+")
MIN_STEM = 3
TOP_WORDS = 20  # the words of a context that find its candidate incidents
CONTEXT_WORDS = 40  # the words a mention's context keeps

Vector = dict[str, float]


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """A word of the key without a leading و/ف, then ب/ل/ك/بال/لل ..., then ال (keeping MIN_STEM letters)."""
    if len(word) > MIN_STEM and word[0] in CONJUNCTIONS:
        word = word[1:]
    for p in PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= MIN_STEM:
            word = word[len(p):]
            break
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= MIN_STEM:
        word = word[len(ARTICLE):]
    return word


_TERMS: dict[str, str | None] = {}  # a word of the key -> its term (None: no term); bounded below


def _term(w: str) -> str | None:
    if w[0].isdigit():
        return "#" + w if len(w) < 5 and 2 <= int(w) < 1900 else None
    return stem(w)


def words(text: str) -> list[str]:
    """The stems of the words of a text (short words left out), and its numbers from 2 to 1899 as words of their
    own («#29»: the same figures in two reports are evidence of one incident; years are left out)."""
    terms = _TERMS
    if len(terms) > 500_000:
        terms.clear()
    out = []
    for w in _WORD.findall(normalize(text)):
        t = terms.get(w, "")
        if t == "":
            t = terms[w] = _term(w)
        if t is not None:
            out.append(t)
    return out


@cache
def common_words() -> tuple[int, dict[str, int]]:
    """(articles counted, articles per word) of lexicon/data/common_words.tsv: the words of real news."""
    rows = read_tsv("common_words", ("word", "articles"), key="word", normalize_key=False)
    counts = {r["word"]: int(r["articles"]) for r in rows}
    return counts.pop("_articles"), counts


class Weights:
    """Inverse document frequencies of the words of a set of documents (each a bag of words), counted over the
    documents and the news of common_words.tsv together: a word every article of the run has but news rarely has
    (the town of a run about one incident) still weighs."""

    def __init__(self, documents: Iterable[Iterable[str]]) -> None:
        df: Counter = Counter()
        n = 0
        for doc in documents:
            df.update(set(doc))
            n += 1
        background, common = common_words()
        self.n = n + background
        self.idf = {w: math.log((self.n + 1) / (c + common.get(w, 0) + 0.5)) for w, c in df.items()}

    def idf_floor(self, share: float) -> float:
        """The weight of a word found in `share` of the documents."""
        return math.log((self.n + 1) / (share * self.n + 0.5))

    def vector(self, bag: Iterable[str]) -> Vector:
        """A unit vector: (1 + log tf) * idf of each word; words in every document weigh nothing."""
        tf = Counter(bag)
        v = {w: (1 + math.log(c)) * self.idf.get(w, 0.0) for w, c in tf.items()}
        v = {w: x for w, x in v.items() if x > 0}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {w: x / norm for w, x in v.items()} if norm else {}


def truncate(v: Vector, k: int = CONTEXT_WORDS) -> Vector:
    """The unit vector of the k heaviest words of v (a context keeps what tells it apart; comparisons stay cheap)."""
    if len(v) <= k:
        return v
    kept = sorted(v.items(), key=lambda e: (-e[1], e[0]))[:k]
    norm = math.sqrt(sum(x * x for _, x in kept))
    return {w: x / norm for w, x in kept}


def top_words(v: Vector, k: int = TOP_WORDS) -> list[str]:
    return [w for w, _ in sorted(v.items(), key=lambda e: (-e[1], e[0]))[:k]]


def dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


class Centroid:
    """The sum of the vectors of an incident's articles, with its norm kept up to date."""

    __slots__ = ("sum", "norm2")

    def __init__(self) -> None:
        self.sum: Vector = {}
        self.norm2 = 0.0

    def add(self, v: Vector) -> None:
        for w, x in v.items():
            old = self.sum.get(w, 0.0)
            self.sum[w] = old + x
            self.norm2 += 2 * old * x + x * x

    def add_centroid(self, other: Centroid) -> None:
        self.add(other.sum)

    def unit(self) -> Vector:
        norm = math.sqrt(self.norm2)
        return {w: x / norm for w, x in self.sum.items()} if norm > 0 else {}

    def cosine(self, v: Vector) -> float:
        return dot(v, self.sum) / math.sqrt(self.norm2) if self.norm2 > 0 else 0.0


def blend(a: Vector, b: Vector, weight: float) -> Vector:
    """The unit vector of a + weight * b."""
    out = dict(a)
    for w, x in b.items():
        out[w] = out.get(w, 0.0) + weight * x
    norm = math.sqrt(sum(x * x for x in out.values()))
    return {w: x / norm for w, x in out.items()} if norm else {}
