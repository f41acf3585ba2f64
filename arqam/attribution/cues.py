"""Reporting cues of a document: where each cue starts and ends, and what type it is (reporting.tsv)."""

from __future__ import annotations

from bisect import bisect_right

from arqam.attribution.model import CueType
from arqam.attribution.reader import Reader
from arqam.text import morph

_VERBS = (CueType.VERB.value, CueType.VERB_STRICT.value)


class CueIndex:
    """Every reporting cue of a document, found once: token index -> (end, type); and the interview words."""

    def __init__(self, r: Reader) -> None:
        toks = r.tokens
        cues = r.vocab.cues
        vocabulary = {t.text for t in toks}
        starters = {w for w in vocabulary if w[0].isalpha() and cues.starts(w)}
        preposition = r.vocab.function.preposition
        self.at: dict[int, tuple[int, CueType]] = {
            k: (m[0], CueType(m[1].type)) for k, t in enumerate(toks) if t.text in starters  # type: ignore[union-attr]
            for m in [cues.match(toks, k)] if m
            # «تتمثل مهمتهم في رصد المجموعات»: after a preposition a verb's form is its verbal noun, no cue
            and not (k > 0 and toks[k - 1].text in preposition and m[1].type in _VERBS)}  # type: ignore[union-attr]
        self.positions = sorted(self.at)
        interviews = r.vocab.interviews
        # «التقت وكالة أنباء هاوار مع ...»: the agency is the channel of the person it met
        self.interview_words = {w for w in vocabulary if w in interviews or (
            len(w) > 2 and w[0] in morph.CONJUNCTIONS and w[1:] in interviews)}

    def cue(self, k: int) -> tuple[int, CueType] | None:
        """(end, type) of the reporting cue starting at token k, or None."""
        return self.at.get(k)

    def next_cue(self, k: int, b: int) -> int:
        """The first token after k that starts a cue, or b."""
        i = bisect_right(self.positions, k)
        return min(self.positions[i], b) if i < len(self.positions) else b


def find_cues(r: Reader) -> CueIndex:
    """The reporting cues of a document."""
    return CueIndex(r)
