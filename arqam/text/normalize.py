"""The match key: a normalized copy of raw text with a map back to raw offsets.

The key is built character by character with camel-tools (unicode normalization,
dediacritization, alef / alef-maksura / teh-marbuta normalization), tatweel removal,
ASCII digits and Latin lower case. Every key character remembers the raw index it
came from, so any span found in the key maps back to the exact raw span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

from arqam.lexicon.loader import read_tsv
from arqam.text.digits import DIGIT_MAP


def _character_map() -> dict[str, str]:
    """characters.tsv: code point -> its replacement in the key ("-": deleted)."""
    rows = read_tsv("characters", ("codepoint", "replacement", "name"))
    return {chr(int(r["codepoint"], 16)): "" if r["replacement"] == "-" else chr(int(r["replacement"], 16)) for r in rows}


_PUNCT_MAP = _character_map()


@lru_cache(maxsize=4096)
def key_char(ch: str) -> str:
    """Normalize one raw character to zero or more key characters."""
    if ch in _PUNCT_MAP:
        return _PUNCT_MAP[ch]
    if ch in DIGIT_MAP:
        return DIGIT_MAP[ch]
    out = normalize_unicode(ch)
    out = dediac_ar(out)
    out = normalize_alef_ar(out)
    out = normalize_alef_maksura_ar(out)
    out = normalize_teh_marbuta_ar(out)
    out = "".join(_PUNCT_MAP.get(c, DIGIT_MAP.get(c, c)) for c in out)
    return out.lower()


@dataclass(frozen=True)
class Keyed:
    """Raw text, its match key, and for every key index the raw index it came from."""

    raw: str
    key: str
    offsets: tuple[int, ...]  # len(key) + 1 entries; the last is len(raw)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a key span [start, end) to the raw span that produced it."""
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


class _KeyTable(dict):
    """A str.translate table that normalizes any character on first sight."""

    def __missing__(self, ch: int) -> str:
        out = key_char(chr(ch))
        self[ch] = out
        return out


_TABLE = _KeyTable()
# Blocks whose keys are worked out at import (Latin, combining marks, Arabic, punctuation, Arabic
# presentation forms): a text made only of them is translated with a plain dict, which is faster.
_BLOCKS = ((0x0000, 0x0250), (0x0300, 0x0370), (0x0600, 0x0700), (0x0750, 0x0780), (0x08A0, 0x0900),
           (0x2000, 0x2070), (0x20A0, 0x20C0), (0xFB50, 0xFE00), (0xFE70, 0xFF00))
_BLOCK_TABLE = {cp: _TABLE[cp] for a, b in _BLOCKS for cp in range(a, b)}
_OUTSIDE_BLOCKS = re.compile("[^" + "".join(f"\\u{a:04x}-\\u{b - 1:04x}" for a, b in _BLOCKS) + "]")


def normalize(text: str) -> str:
    """The match key of `text` (no offsets): for lexicon entries and quick matching."""
    return text.translate(_TABLE if _OUTSIDE_BLOCKS.search(text) else _BLOCK_TABLE)


def keyed(raw: str) -> Keyed:
    """Build the match key of `raw` with its offset map."""
    key = normalize(raw)
    lengths = {c: len(_TABLE[ord(c)]) for c in set(raw)}
    if len(key) == len(raw) and all(n == 1 for n in lengths.values()):
        return Keyed(raw, key, tuple(range(len(raw) + 1)))
    if max(lengths.values()) <= 1:
        # only deletions (diacritics, tatweel, marks): the kept positions, vectorised
        codes = np.frombuffer(raw.encode("utf-32-le"), dtype=np.uint32)
        dropped = np.array([ord(c) for c, n in lengths.items() if n == 0], dtype=np.uint32)
        offsets = np.nonzero(~np.isin(codes, dropped))[0].tolist()
    else:
        lens = np.fromiter((lengths[c] for c in raw), dtype=np.int64, count=len(raw))
        offsets = np.repeat(np.arange(len(raw)), lens).tolist()
    offsets.append(len(raw))
    return Keyed(raw, key, tuple(offsets))
