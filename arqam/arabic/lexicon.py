"""Loader for the language data in arqam/lexicons: validated TSV files, normalized keys.

Every lexicon is a TSV file with a header. The loader checks the header, refuses empty
required cells and duplicate keys, and normalizes the key column to the match key, so
entries can be written in ordinary Arabic spelling (with hamza, diacritics, teh marbuta).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from arqam.arabic.normalize import normalize
from arqam.arabic.tokens import Token, forms, strip_conj

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and line."""


def read_tsv(name: str, columns: tuple[str, ...], key: str | None = None, optional: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of lexicons/<name>.tsv as dicts; `key` (normalized) must be unique.

    The key column holds the normalized form; `<key>_as_written` keeps the file's spelling.
    """
    path = LEXICON_DIR / f"{name}.tsv"
    with path.open(encoding="utf-8") as f:
        lines = [(n, line) for n, line in enumerate(f, start=1) if not line.startswith("#")]
        reader = csv.reader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(header) != columns:
            raise LexiconError(f"{path}: header must be {list(columns)!r}, got {header!r}")
        rows: list[dict[str, str]] = []
        seen: dict[str, int] = {}
        for (lineno, _), cells in zip(lines[1:], reader, strict=True):
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) != len(columns):
                raise LexiconError(f"{path}:{lineno}: expected {len(columns)} columns, got {len(cells)}")
            row = {c: v.strip() for c, v in zip(columns, cells, strict=True)}
            for c in columns:
                if c not in optional and not row[c]:
                    raise LexiconError(f"{path}:{lineno}: empty {c!r}")
            if key:
                row[f"{key}_as_written"] = row[key]
                row[key] = " ".join(normalize(row[key]).split())
                if row[key] in seen:
                    raise LexiconError(f"{path}:{lineno}: duplicate {key} {row[key]!r} (first on line {seen[row[key]]})")
                seen[row[key]] = lineno
            rows.append(row)
    return rows


_CACHE_LIMIT = 65536  # words remembered per cache; a cache is emptied when it fills up


def remember(cache: dict, key: str, value):
    """Store a per-word result in a bounded cache and return it."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


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

    def first_words(self) -> set[str]:
        """Every form a phrase can start with (before prefix stripping)."""
        return set(self._by_first)


def phrase_index(
    rows: list[dict[str, str]], key: str, prefixes: bool = False, min_stem: int = 3, payload=None
) -> PhraseIndex:
    """Index the rows of a lexicon by their (normalized) `key` phrase."""
    idx = PhraseIndex(prefixes=prefixes, min_stem=min_stem)
    for row in rows:
        idx.add(row[key], payload(row) if payload else row)
    return idx


@cache
def words(name: str, column: str = "word") -> frozenset[str]:
    """A one-column word list (normalized)."""
    return frozenset(r[column] for r in read_tsv(name, (column,), key=column))
