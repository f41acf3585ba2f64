"""What every attribution stage reads: the document, the vocabulary, and the raw text of its tokens."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from arqam.lexicon.vocab import Vocabulary
from arqam.text.document import Document
from arqam.text.tokens import Token

_TATWEEL = unicodedata.lookup("ARABIC TATWEEL")
_ARABIC_COMMA = unicodedata.lookup("ARABIC COMMA")
_DROPPED = "\"'\u00ab\u00bb\u201c\u201d()#" + _TATWEEL  # quotes, brackets and hashtag signs dropped from a phrase
_STRIPPED = _ARABIC_COMMA + ", "


@dataclass(frozen=True)
class Reader:
    """A document and the vocabulary, with the raw text of token spans."""

    doc: Document
    vocab: Vocabulary

    @property
    def tokens(self) -> list[Token]:
        return self.doc.tokens

    def text(self, toks: list[Token] | tuple[Token, ...]) -> str:
        """Raw text of tokens, quotes and attached prefixes of the first word dropped, single-spaced."""
        if not toks:
            return ""
        s, e = self.doc.keyed.raw_span(toks[0].start, toks[-1].end)
        raw = self.doc.raw[s:e]
        for q in _DROPPED:
            raw = raw.replace(q, "")
        return " ".join(raw.replace("_", " ").split()).strip(_STRIPPED)  # «#الداخلية_اليمنية»: words of a hashtag

    def raw(self, t: Token) -> str:
        """The raw text of one token."""
        return self.doc.raw[slice(*self.doc.keyed.raw_span(t.start, t.end))]

    def punct(self, t: Token) -> bool:
        return t.text in self.vocab.function.punct

    def words(self, toks: list[Token]) -> list[Token]:
        """The tokens that are not punctuation."""
        punct = self.vocab.function.punct
        return [t for t in toks if t.text not in punct]

    def quote(self, t: Token) -> bool:
        return t.text in self.vocab.function.quote

    @cached_property
    def _quotes_before(self) -> list[int]:
        """Quotation marks before each token (one more entry than tokens): counts over any span in constant time."""
        out, n, quote = [0], 0, self.vocab.function.quote
        for t in self.tokens:
            n += t.text in quote
            out.append(n)
        return out

    def quotes_between(self, a: int, b: int) -> int:
        """How many quotation marks tokens [a, b) hold."""
        return self._quotes_before[b] - self._quotes_before[a] if b > a else 0

    def org_at(self, toks: list[Token], k: int):
        """(end, Organization) of a lexicon organization starting at toks[k], or None."""
        return self.vocab.orgs.match(toks, k)
