"""The one loader of language data: validated TSV files in arqam/lexicon/data, normalized keys.

Every lexicon is a TSV file with a header. The loader checks the header, refuses empty
required cells and keys that collide after normalization, and normalizes the key column to
the match key, so entries can be written in ordinary Arabic spelling (with hamza, diacritics,
teh marbuta). Lines starting with `#` are comments.
"""

from __future__ import annotations

import csv
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "data"


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and line."""


def read_tsv(name: str, columns: tuple[str, ...], key: str | None = None, optional: tuple[str, ...] = (),
             unique: tuple[str, ...] | None = None, normalize_key: bool = True) -> list[dict[str, str]]:
    """Rows of data/<name>.tsv as dicts, in file order.

    `key` is normalized to the match key (`<key>_as_written` keeps the file's spelling); the key, or the
    columns named in `unique`, must not repeat.
    """
    path = LEXICON_DIR / f"{name}.tsv"
    with path.open(encoding="utf-8") as f:
        lines = [(n, line) for n, line in enumerate(f, start=1) if not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None or tuple(header) != columns:
        raise LexiconError(f"{path}: header must be {list(columns)!r}, got {header!r}")
    rows: list[dict[str, str]] = []
    seen: dict[tuple[str, ...], int] = {}
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
            if normalize_key:
                from arqam.text.normalize import normalize  # here: the match key itself reads a lexicon file

                row[key] = " ".join(normalize(row[key]).split())
        ident = tuple(row[c] for c in (unique or ((key,) if key else ())))
        if ident:
            if ident in seen:
                what = " ".join(unique or (key,))  # type: ignore[arg-type]
                raise LexiconError(f"{path}:{lineno}: duplicate {what} {' '.join(ident)!r} (first on line {seen[ident]})")
            seen[ident] = lineno
        rows.append(row)
    return rows


_CACHE_LIMIT = 65536  # words remembered per cache; a cache is emptied when it fills up


def remember(cache: dict, key: str, value):
    """Store a per-word result in a bounded cache and return it."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value
