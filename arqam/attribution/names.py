"""Person names in a speaker phrase: where a name starts after a role, how far it runs, surnames.

There is no NER model: a name is a run of bare words (no article, no role word, no organization)
after a title or a role, or starting with a known given name (given_names.tsv).
"""

from __future__ import annotations

from arqam.attribution.model import Rule, Speaker
from arqam.attribution.reader import Reader
from arqam.text import morph
from arqam.text.tokens import Token

_NAME_BREAKING_ROLES = ("head", "title", "org_head")
_MAX_NAME = 4


def name_ali(r: Reader, t: Token) -> bool:
    """The name «علي», which the match key spells like the preposition «على»."""
    return t.text in r.vocab.function.name_like_preposition and r.raw(t).endswith(morph.NISBA)


def bare(r: Reader, t: Token) -> bool:
    """A word that can be part of a name: no article or prefix, no role word, no organization, no preposition."""
    w = t.text
    return (w.isalpha() and not w.startswith((morph.ARTICLE, morph.LIL, morph.BIL, morph.CONJ_ARTICLE))
            and r.vocab.role_kind(t) is None and not w.startswith(morph.LI) and r.vocab.orgs.match([t], 0) is None
            and (w not in r.vocab.function.preposition or name_ali(r, t)))


def anonymous_head(r: Reader, word: str, at: Token) -> bool:
    """Is `word` (a token's text without a prefix, at token `at`) the head of an anonymous source?"""
    return bool(word) and r.vocab.anonymous.match([Token(word, at.start, at.end)], 0) is not None


def surname(r: Reader, t: Token) -> bool:
    """A family name alone: a definite nisba (المالكي، الحربي) that is no role, organization or group."""
    w = t.text
    return (w.startswith(morph.ARTICLE) and w.endswith(morph.NISBA) and not w.endswith(morph.NISBA_DOUBLE)
            and len(w) > 5 and r.raw(t).endswith(morph.NISBA)  # not «الدعوى»
            and r.vocab.role_kind(t) is None and r.org_at([t], 0) is None
            and not anonymous_head(r, morph.without_article(w), t))


def names_a_body(r: Reader, toks: list[Token], k: int) -> bool:
    """A given name inside the name of a body: «مركز الملك سلمان للإغاثة»، «جائزة الشيخ زايد للكتاب»."""
    for t in toks[k + 1:k + 4]:
        if r.punct(t) or r.vocab.phrase_kind(t) == "audience":
            return False
        if t.text.startswith(morph.LIL):
            return True
    return False


def name_start(r: Reader, toks: list[Token], tail: bool = True) -> int | None:
    """Where a name begins after a role (مدير المركز الإعلامي لقسد مصطفى بالي): after a title, at a given name, or
    (with `tail`) the last two bare words of a long phrase."""
    vocab = r.vocab
    for k in range(1, len(toks)):
        t = toks[k].text
        if r.punct(toks[k]):
            continue
        if vocab.role_kind(toks[k - 1]) == "title" and bare(r, toks[k]) and not names_a_body(r, toks, k):
            return k
        if (t in vocab.given or " ".join(x.text for x in toks[k:k + 2]) in vocab.given) \
                and toks[k - 1].text not in vocab.function.on_behalf and not names_a_body(r, toks, k) \
                and (t not in vocab.function.name_like_preposition or name_ali(r, toks[k])):
            return k
    last = r.words(toks)[-2:]
    if tail and len(last) == 2 and len(toks) > 3 and all(bare(r, t) for t in last) \
            and not last[0].text.endswith(morph.TEH_MARBUTA):
        start = toks.index(last[0])
        if not any((m := r.org_at(toks, i)) and m[0] > start for i in range(start)):
            return start
    return None


def name_run(r: Reader, toks: list[Token], start: int) -> list[Token]:
    """The name tokens from `start`: until a role word, punctuation, preposition or organization; at most 4."""
    vocab = r.vocab
    out: list[Token] = []
    for k in range(start, min(len(toks), start + _MAX_NAME)):
        t = toks[k]
        if r.punct(t) or t.text in vocab.function.preposition or vocab.role_kind(t) in _NAME_BREAKING_ROLES \
                or vocab.phrase_kind(t) == "audience":
            break
        if out and (r.org_at(toks, k) or vocab.events.match(toks, k)):
            break
        out.append(t)
    return out or toks[start:start + 1]


def name_first(r: Reader, toks: list[Token], raw: str) -> Speaker:
    """A phrase that starts with the name: «عدنان عفرين القيادي في قسد»، «مصطفى بالي، المتحدث باسم ...»."""
    from arqam.attribution.bodies import affiliation

    name_toks = name_run(r, toks, 0)
    rest = r.words(toks[len(name_toks):])
    role = r.text(rest) if rest and r.vocab.role_kind(rest[0]) in ("head", "title") else None
    return Speaker(r.text(name_toks), "person", role, affiliation=affiliation(r, rest), rule=Rule.NAME, raw=raw)
