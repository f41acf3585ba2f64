"""The medium a speaker spoke to: «لرويترز»، «لوكالة "سبوتنيك"»، «في تصريح للأناضول»، «لصحيفة حريت»."""

from __future__ import annotations

from arqam.attribution.bodies import adjectives_after
from arqam.attribution.reader import Reader
from arqam.text import morph
from arqam.text.tokens import Token, bare

_MEDIUM_HEADS = ("agency_head", "outlet_head")
_MAX_UNKNOWN_MEDIUM = 3  # words of a medium the lexicon does not know («لصحيفة حريت»)


def context_word(r: Reader, w: str) -> bool:
    """A word that sets the scene of a statement (تصريح، مؤتمر، تغريدة), also with a pronoun: «في كلمته»."""
    context = r.vocab.function.channel_context
    if w in context:
        return True
    for suffix in morph.CONTEXT_SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)]
            return stem in context or (stem.endswith(morph.FEMININE_T) and stem[:-1] + morph.TEH_MARBUTA in context)
    return False


def _medium_after_head(r: Reader, toks: list[Token], j: int) -> tuple[str, int]:
    """A medium named after «لوكالة/لصحيفة/لقناة» at toks[j]: (name, end); the name is "" when none follows."""
    fw = r.vocab.function
    if r.vocab.phrase_kind(toks[j + 1]) == "generic_medium" and j + 2 < len(toks) and toks[j + 2].is_word \
            and not toks[j + 2].text.startswith(morph.ARTICLE):
        j += 1  # «لوكالة الأنباء "رويترز"»
    org = r.org_at(toks, j + 1)
    if org:
        return org[1].canonical_as_written, org[0]
    end = j + 1
    while end < len(toks) and end < j + 1 + _MAX_UNKNOWN_MEDIUM and toks[end].is_word \
            and toks[end].text not in fw.preposition and toks[end].text not in fw.complementizer:
        end += 1
    if end > j + 1:
        return r.text(list(toks[j + 1 : end])), end
    return "", j + 1


def channel_at(r: Reader, toks: list[Token], k: int) -> tuple[str, int] | None:
    """A channel at token k: لرويترز، لوكالة "سبوتنيك"، في تصريح للأناضول، لقناة X: (name, end).

    The name is "" for «قال للوكالة»: the medium of the article itself, unnamed.
    """
    fw = r.vocab.function
    t = toks[k].text
    j = k
    if t in fw.in_ and k + 1 < len(toks) and toks[k + 1].text in fw.channel_context:
        j = k + 2
    elif t in fw.channel_context:
        j = k + 1
    if j > k and j + 1 < len(toks) and not toks[j].text.startswith(morph.LI) and toks[j + 1].text.startswith(morph.LI):
        j += 1  # «في تصريح خاص لـ»، «في حديث هاتفي لوكالة»
    if j >= len(toks) or not toks[j].text.startswith(morph.LI):
        return None
    if toks[j].text == morph.LI:
        j += 1
        if j >= len(toks):
            return None
    org = r.org_at(toks, j)
    if org and org[1].type in ("agency", "outlet"):
        return org[1].canonical_as_written, adjectives_after(r, toks, org[0])
    kind = r.vocab.role_kind(toks[j])
    if kind in _MEDIUM_HEADS:
        return ("", j + 1) if j + 1 == len(toks) else _medium_after_head(r, toks, j)
    return None


def quoted_medium(r: Reader, toks: list[Token]) -> tuple[str | None, list[Token]]:
    """«لـ"اليوم"»، «لـ"الشرق"»: a medium named in quotes after a bare «لـ» (read before quotes are dropped, so a
    name that is also a common word is not read as one): (its name or None, the tokens without it)."""
    quote = r.vocab.function.quote
    for j in range(1, len(toks) - 2):
        if toks[j].text != morph.LI or toks[j + 1].text not in quote:
            continue
        close = next((m for m in range(j + 2, min(len(toks), j + 3 + _MAX_UNKNOWN_MEDIUM)) if toks[m].text in quote),
                     None)
        if close is not None and close > j + 2 and all(t.is_word for t in toks[j + 2:close]):
            org = r.org_at(toks, j + 2)
            name = org[1].canonical_as_written if org and org[0] == close else r.text(list(toks[j + 2:close]))
            return name, toks[:j] + toks[close + 1:]
    return None, toks


def sentence_channel(r: Reader, a: int, k: int) -> str | None:
    """«وفي حديث لقناة الجزيرة، قال ...»: a channel phrase before the verb at k in its sentence (from token a)."""
    fw = r.vocab.function
    seg = list(r.tokens[a:k])
    for i in range(len(seg)):
        text = seg[i].text
        if text in fw.channel_context or bare(text) in fw.in_:
            if bare(text) in fw.in_ and text == morph.WAW + bare(text):  # «وفي حديث»: read as «في حديث»
                ch = channel_at(r, [Token(bare(text), seg[i].start, seg[i].end)] + seg[i + 1:], 0)
            else:
                ch = channel_at(r, seg, i)
            if ch:
                return ch[0]
    return None
