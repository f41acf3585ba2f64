"""The place stage of one article: its mentions read once, then a place per figure.

Only the sentences a place can come from are read: those of the figures, the first sentences of the
article and of each dateline section (its main place), and the opening of every line (its dateline). The
article's country is the country most named in them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from arqam.lexicon.vocab import Vocabulary, vocabulary
from arqam.places.dateline import line_starts
from arqam.places.gazetteer import gazetteer
from arqam.places.mentions import MentionReader
from arqam.places.model import How, Located, Mention
from arqam.places.resolve import LEAD_SENTENCES, ORIGIN_GAP, Cues, Resolver
from arqam.text.document import Document

_OPENING = 14  # tokens of a line that may hold its dateline


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _holding(starts: list[int], sentences: list[tuple[int, int]], tok: int) -> int | None:
    """The index of the sentence that holds token `tok`, if one does."""
    k = bisect_right(starts, tok) - 1
    return k if k >= 0 and sentences[k][0] <= tok < sentences[k][1] else None


def _covered(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Is `span` inside one of the merged, sorted `spans`?"""
    k = bisect_right(spans, (span[0], float("inf"))) - 1
    return k >= 0 and spans[k][0] <= span[0] and span[1] <= spans[k][1]


def _origins(doc: Document, mentions: list[Mention], figure_ends: Sequence[int], of: frozenset[str],
             between: frozenset[str]) -> frozenset[int]:
    """The starts of mentions after «من» at most ORIGIN_GAP words after a figure («وشخصان من المغرب»، «أربعة منهم
    من فلوريدا»)."""
    ends = sorted(figure_ends)
    out = set()
    for m in mentions:
        # «من» right before the name, or before a type word and a name's first word («من ولاية نورث كارولينا»)
        k = next((j for j in range(m.start - 1, max(-1, m.start - 2 - ORIGIN_GAP), -1) if doc.tokens[j].text in of), None)
        if k is not None and not any(doc.tokens[j].text in between for j in range(k + 1, m.start)):
            i = bisect_right(ends, k) - 1
            if i >= 0 and k - ORIGIN_GAP <= ends[i] <= k:
                out.add(m.start)
    return frozenset(out)


class ArticlePlaces:
    """`ArticlePlaces(doc, figures=...)` once per article; `place_for(...)` once per figure.

    `figures` are the token indexes where the figures start; without them the whole text is read.
    """

    def __init__(self, doc: Document, vocab: Vocabulary | None = None, figures: Sequence[int] | None = None,
                 figure_ends: Sequence[int] = ()) -> None:
        vocab = vocab or vocabulary()
        words = vocab.place_words
        reader = MentionReader(doc, gazetteer(), words, vocab)
        sentences = [doc.tokens_in(s, e) for s, e in doc.sentences]
        if figures is None:
            found = reader.mentions()
        else:
            starts = [a for a, _ in sentences]
            held = sorted({_holding(starts, sentences, f) for f in figures} - {None})
            read = _merged([sentences[k] for k in held] + sentences[:LEAD_SENTENCES]
                           + [(a, min(b, a + _OPENING)) for a, b in line_starts(doc)])
            found = reader.mark(reader.scan(read))
            firsts = [bisect_left(starts, d) for d in reader.datelines]
            leads = {k for f in firsts for k in range(f, min(f + LEAD_SENTENCES, len(sentences)))}
            more = [sentences[k] for k in sorted(leads) if not _covered(read, sentences[k])]
            if more:  # the first sentences of a section a dateline opens
                extra = reader.scan(_merged(more))
                seen = {m.start for m in found}
                found = reader.mark(sorted(found + [m for m in extra if m.start not in seen], key=lambda m: m.start))
        self.found: list[Mention] = found
        before = {m.start - 1: reader.type_kind(m.start - 1) for m in self.found if m.start > 0}
        breaks = vocab.function.clause_break
        cues = Cues([k for k, w in enumerate(reader.texts) if w in breaks], reader.country_refs(), reader.glue)
        self.resolver = Resolver(self.found, gazetteer(), doc, cues, {k: kind for k, kind in before.items() if kind},
                                 reader.datelines, _origins(doc, self.found, figure_ends, vocab.function.of,
                                                           vocab.function.in_ | vocab.function.preposition))

    @property
    def mentions(self) -> list[Mention]:
        """The resolved mentions, datelines left out."""
        return self.resolver.mentions

    def named_at(self) -> frozenset[int]:
        """The tokens where a gazetteer place is named as a location («يقطنون في القريتين»، «بلدة القريتين»): a dual
        written there is the place's name, not a count of two."""
        return frozenset(m.start for m in self.mentions if m.locative and m.how is not How.TYPE_WORD)

    def place_for(self, start: int, end: int, sentence: tuple[int, int], moving: bool = False) -> Located:
        """The place of the figure at tokens [start, end) of the sentence at token span `sentence` (`moving`: the
        people counted moved, so a place they left is where it happened)."""
        return self.resolver.place_for(start, end, sentence, moving)
