"""Multi-word lexicon phrases matched on tokens of the match key."""

from __future__ import annotations

from dataclasses import dataclass, field

from arqam.lexicon.loader import remember
from arqam.text.normalize import normalize
from arqam.text.tokens import Token, forms, strip_conj


@dataclass
class PhraseIndex:
    """Multi-word phrases matched on tokens; the first word may carry a conjunction و/ف.

    `prefixes` lets the first word also match without ال/ب/ل (for nouns), not for numbers.
    The phrases a word can start are worked out once per word and remembered, so asking about a
    word that starts none (most words of a text) is one dictionary look-up.
    """

    prefixes: bool = False
    min_stem: int = 3
    _by_first: dict[str, list[tuple[tuple[str, ...], object]]] = field(default_factory=dict)
    _starts: dict[str, tuple[tuple[tuple[str, ...], object], ...]] = field(default_factory=dict, repr=False)

    def add(self, phrase: str, payload: object) -> None:
        words = tuple(normalize(phrase).split())
        self._by_first.setdefault(words[0], []).append((words, payload))
        self._by_first[words[0]].sort(key=lambda e: -len(e[0]))
        self._starts.clear()

    def starts(self, word: str) -> tuple[tuple[tuple[str, ...], object], ...]:
        """The phrases a token text can start, in the order they are tried (most specific form, longest first)."""
        found = self._starts.get(word)
        if found is None:
            found = remember(self._starts, word, tuple(
                entry for form in (forms(word, self.min_stem) if self.prefixes else strip_conj(word))
                for entry in self._by_first.get(form, ())))
        return found

    def match(self, tokens: list[Token], i: int) -> tuple[int, object] | None:
        """Longest phrase starting at token i: (end token index, payload)."""
        cands = self.starts(tokens[i].text)
        if not cands:
            return None
        n = len(tokens)
        for words, payload in cands:
            end = i + len(words)
            if end <= n and all(tokens[i + k].text == words[k] for k in range(1, len(words))):
                return end, payload
        return None

    def starts_as_written(self, word: str) -> bool:
        """Does a phrase start with this word as written (no conjunction or prefix stripped)?"""
        return normalize(word) in self._by_first

    def payloads(self) -> list[object]:
        """Every entry's payload, in no particular order."""
        return [payload for entries in self._by_first.values() for _, payload in entries]

    def first_words(self) -> set[str]:
        """Every form a phrase can start with (before prefix stripping)."""
        return set(self._by_first)


def phrase_index(rows: list, key: str, prefixes: bool = False, min_stem: int = 3, payload=None) -> PhraseIndex:
    """Index lexicon rows (dicts or row dataclasses) by their (normalized) `key` phrase."""
    idx = PhraseIndex(prefixes=prefixes, min_stem=min_stem)
    for row in rows:
        phrase = row[key] if isinstance(row, dict) else getattr(row, key)
        idx.add(phrase, payload(row) if payload else row)
    return idx
