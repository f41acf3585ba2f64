"""A press review: an article that reports what the day's newspapers carry («توزعت اهتمامات الصحف التونسية
الصادرة اليوم على ...»، «سلطت الصحف السودانية الصادرة اليوم الضوء على ...»). Its sentences go on in the press's
voice («وتطرقت إلى ...»، «وأخبرت عن ...»), so the press, not the outlet, speaks where no one else is named."""

from __future__ import annotations

from collections.abc import Callable

from arqam.attribution.model import Rule, Speaker
from arqam.attribution.reader import Reader
from arqam.text.tokens import Token, bare

_OPENING = 2  # sentences that may open a review (a dateline line, then its first sentence)
_PRESS_WORDS = 3  # «الصحف» and at most two words that say whose


def press_voice(r: Reader, sentences: list[tuple[int, int]], parse: Callable[[list[Token]], Speaker | None]
                ) -> Speaker | None:
    """The press of a press review, named in one of its first sentences as «الصحف X» followed by «الصادرة» or after
    «اهتمامات»; None for any other article."""
    toks, fw = r.tokens, r.vocab.function
    for a, b in sentences[:_OPENING]:
        for k in range(a, b):
            if bare(toks[k].text) not in fw.press:
                continue
            reviewed = k > a and bare(toks[k - 1].text) in fw.press_review
            end = next((m for m in range(k + 1, min(b, k + _PRESS_WORDS + 1))
                        if toks[m].text in fw.issued or r.punct(toks[m]) or bare(toks[m].text) in fw.preposition), None)
            issued = end is not None and toks[end].text in fw.issued
            if not (reviewed or issued):
                continue
            end = end if end is not None else min(b, k + _PRESS_WORDS)
            sp = parse(list(toks[k:end])) if end > k + 1 else None
            if sp is not None and sp.name:
                return Speaker(sp.name, "outlet", rule=Rule.PRESS_REVIEW, raw=sp.raw)
    return None
