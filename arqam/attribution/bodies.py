"""Bodies and sources in a speaker phrase: organizations, named bodies, anonymous sources, documents."""

from __future__ import annotations

from arqam.attribution.model import Rule, Speaker
from arqam.attribution.reader import Reader
from arqam.lexicon.vocab import Organization
from arqam.text import morph
from arqam.text.tokens import Token, bare, forms

_DEFINITE_OR_LI = (morph.ARTICLE, morph.CONJ_ARTICLE, morph.LI, morph.BIL)
_PHRASE_LIMIT = 8


def document_object(r: Reader, tok: Token) -> bool:
    """A document as an object or adverbial after a name: «نشرت المنظمة تقريرا»، «المنظمة بالتقرير»."""
    w, docs = tok.text, r.vocab.documents
    return len(w) > 4 and ((w.endswith(morph.ALEF) and w[:-1] in docs)
                           or (w[0] == morph.BI and any(f in docs for f in forms(w)[1:])))


def document(r: Reader, tok: Token) -> bool:
    """A document, not a speaker: البيان، بلاغ، التقرير، حصيلة (sources_not_speakers.tsv), also as an object
    (تقريرا، بيانا) or with a pronoun («في بيانه»)."""
    w, docs = tok.text, r.vocab.documents
    return (any(f in docs for f in forms(w)) or document_object(r, tok)
            or (len(w) > 4 and w.endswith(morph.TEH_MARBUTA) and w[:-1] in docs))


def affiliation(r: Reader, toks: list[Token]) -> str | None:
    """The first organization of the lexicon named in the tokens."""
    for k in range(len(toks)):
        org = r.org_at(toks, k)
        if org and org[1].type == "organization":
            return org[1].canonical_as_written
    return None


def until_punct(r: Reader, toks: list[Token], limit: int = _PHRASE_LIMIT) -> list[Token]:
    """The first tokens up to punctuation or a colon («تلفزيون الإخبارية: ...»), at most `limit`."""
    out = []
    for t in toks[:limit]:
        if r.punct(t) or t.text == ":":
            break
        out.append(t)
    return out


def adjectives_after(r: Reader, toks: list[Token], end: int) -> int:
    """Where the definite nationality adjectives after a body's name at `end` stop («وزارة الصحة العراقية»،
    «لوكالة الأناضول الرسمية»): they are the name's."""
    while end < len(toks) and toks[end].text.startswith(morph.ARTICLE) and toks[end].text.endswith(morph.NISBA_ADJECTIVE) \
            and r.vocab.role_kind(toks[end]) is None:
        end += 1
    return end


def org_speaker(r: Reader, toks: list[Token], org: Organization, end: int, raw: str) -> Speaker:
    """An organization of the lexicon; a nationality adjective after it makes it another body
    (وزارة الصحة العراقية), kept as written, and so is an alias fuller than the display name (وكالة الأنباء اليمنية
    for وكالة سبأ)."""
    typ = "organization" if org.type == "organization" else "agency"  # a medium speaking
    adj = adjectives_after(r, toks, end)
    written = r.text(list(toks[:adj]))
    first = toks[0].text if toks else ""
    if first[:1] in (morph.LI, morph.BI) and not r.vocab.orgs.starts_as_written(first) \
            and r.vocab.orgs.starts_as_written(first[1:]):
        written = written[1:].lstrip("\u0640 ")  # «لوكالة الأناضول الرسمية»، «لـوكالة»: the preposition is not the name's
    # the fullest form the text gives: an alias longer than the display name is kept as written
    name = written if adj > end or len(written.split()) > len(org.display.split()) else org.display
    return Speaker(name, typ, affiliation=org.canonical_as_written, rule=Rule.ORGANIZATION, raw=raw)


def ends_name(r: Reader, t: Token) -> bool:
    """Where the name of a body or a role ends: a verb, a relative «ما», a verb's complement (function_words)."""
    return r.vocab.phrase_kind(t) in ("ends_role", "ends_body")


def definite_name(r: Reader, body: list[Token]) -> list[Token]:
    """A definite body's name: its definite and genitive words (الشبكة السورية لحقوق الإنسان، المكتب الإعلامي
    لمقاومة آزال, السلطات في غواتيمالا), up to a bare noun of what it did («الاتحاد الأوروبي اعتماد ...»)."""
    fw = r.vocab.function
    out = body[:1]
    after_in = 0  # words taken after «في»
    for t in body[1:]:
        prev = out[-1].text
        if ends_name(r, t):
            break
        if t.text in fw.in_:
            after_in = 2
        elif after_in and t.is_word and t.text not in fw.time_word:
            after_in -= 1
        elif not (t.text.startswith(_DEFINITE_OR_LI) or (prev.startswith(morph.LI) and not prev.startswith(morph.LIL))
                  or (t.text.startswith(morph.BI) and r.vocab.role_kind(t) == "org_head")):
            break
        out.append(t)
    while out and out[-1].text in fw.preposition:
        out.pop()
    return out


def adjective(r: Reader, t: Token) -> bool:
    """An adjective after an anonymous source's head (مصادر أمنية، مسؤولون محليون), not a medium («مصدر أمني وكالة»)."""
    w = bare(t.text)
    return t.is_word and not w.startswith(morph.LI) and w.endswith(morph.ADJECTIVE) \
        and r.vocab.role_kind(t) not in ("agency_head", "outlet_head")


def anonymous_phrase(r: Reader, toks: list[Token]) -> list[Token]:
    """«مصادر طبية» (head and adjectives), «مصدر في الادعاء العام» (a bare head keeps its complement)."""
    prepositions = r.vocab.function.preposition
    body = until_punct(r, toks)
    end = r.vocab.anonymous.match(body, 0)[0]  # type: ignore[index]
    if end == 1 and body[0].text.endswith(morph.CONSTRUCT_PLURAL) and end < len(body) and morph.definite(body[end].text):
        end += 1  # «مسؤولي الأمن»، «ناشطي المعارضة»: a construct plural and what it is of
    while end < len(body) and body[end].text not in prepositions and adjective(r, body[end]):
        end += 1
    if end == 1 and len(body) > 1 and body[1].text in prepositions:
        return body
    return body[:end]


def indefinite(r: Reader, toks: list[Token]) -> bool:
    """«مسؤول أمني»، «قيادي في قسد» are unnamed sources; «وزير الداخلية»، «مدير صحة إدلب» name an office."""
    if morph.definite(toks[0].text):
        return False
    if len(toks) == 1 or toks[1].text in r.vocab.function.preposition or r.punct(toks[1]):
        return True
    nxt = toks[1].text
    return not nxt.startswith(morph.ARTICLE) and nxt.endswith(morph.NISBA)
