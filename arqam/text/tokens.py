"""Tokens of a match key, and the prefix-stripped forms used for lexicon look-ups."""

from __future__ import annotations

import re
from functools import lru_cache

from arqam.text.morph import (
    ARTICLE,
    CONJUNCTIONS,
    DECIMAL_MARK,
    DEFINITE_PREFIXES,
    PREFIXES,
    PRONOUN_SUFFIXES,
)

# numbers (with , . or ، between digit groups; «5ر1»: the Tunisian decimal mark, see digits.py), words, marks
_TOKEN_RE = re.compile(rf"\d+{DECIMAL_MARK}\d+(?![^\W\d_])|\d+(?:[.,\u060c]\d+)*|[^\W\d_]+|\S")


class Token:
    """A token of the key: its text and key span [start, end).

    `is_num` (starts with a digit) and `is_word` (starts with a letter) are set once, because the
    grammar asks them of every token of every article.
    """

    __slots__ = ("text", "start", "end", "is_num", "is_word")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.is_num = text[0].isdigit()
        self.is_word = text[0].isalpha()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.text, self.start, self.end) == (other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokenize(key: str) -> list[Token]:
    """Split a match key into numbers, words and single punctuation marks."""
    return [Token(m.group(), *m.span()) for m in _TOKEN_RE.finditer(key)]


@lru_cache(maxsize=65536)
def strip_conj(word: str) -> tuple[str, ...]:
    """The word, and the word without a leading conjunction و/ف."""
    if len(word) > 2 and word[0] in CONJUNCTIONS:
        return (word, word[1:])
    return (word,)


def bare(word: str) -> str:
    """The word without a leading conjunction و/ف (the last of `strip_conj`)."""
    return strip_conj(word)[-1]


@lru_cache(maxsize=262144)
def forms(word: str, min_stem: int = 3) -> tuple[str, ...]:
    """Look-up forms of a word, most specific first: as written, without و/ف, without ال/ب/ل/ك.

    A form stripped of ال/ب/ل/ك must keep `min_stem` letters (الأسر "the families" must not
    become أسر "captured").
    """
    out = list(strip_conj(word))
    for w in list(out):
        for p in PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= min_stem:
                if p in DEFINITE_PREFIXES:
                    out.append(ARTICLE + w[len(p) :])  # للأمم -> الأمم
                out.append(w[len(p) :])
    conj = len(strip_conj(word)) > 1
    for w in list(out):  # attached pronouns: مسلحيها، قواتهم (not a bare ه, which is also teh marbuta)
        for suffix in PRONOUN_SUFFIXES:
            # the stem of the word as written is counted without its و/ف: «وأسرهم» is not «وأسر» + هم
            stem = len(w) - len(suffix) - (1 if conj and w == word else 0)
            if w.endswith(suffix) and stem >= max(min_stem, 3):
                out.append(w[: -len(suffix)])
    return tuple(dict.fromkeys(out))
