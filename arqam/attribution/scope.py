"""The bounds of a speaker phrase around a reporting cue: after the verb (قال X إن), before it («بالي، أكد
أن»، «وكان المرصد قد ذكر»), after «بحسب/وفقا لـ»; and the checks that tell a strict verb (بين، نقل) from a
common word."""

from __future__ import annotations

from arqam.attribution.channel import channel_at
from arqam.attribution.cues import CueIndex
from arqam.attribution.model import CueType
from arqam.attribution.phrase import speaker_start
from arqam.attribution.reader import Reader
from arqam.text import morph
from arqam.text.tokens import Token, bare, forms

MAX_PHRASE = 18  # tokens of a speaker phrase after its cue
_MAX_BEFORE_VERB = 12
_MAX_STRICT = 8  # a strict verb's speaker phrase: tokens, or words when it opens like a speaker (12)
_MAX_STRICT_SPEAKER = 12
_MAX_SUBJECT = 6
_ASIDE_SPAN = 8  # an aside about a source between commas is at most this many tokens long
_QUOTE_SPAN = 5


def object_with_ba(r: Reader, toks: list[Token], j: int) -> bool:
    """A ب-object after the channel: «أفاد مصدر لوكالة X بوصول 13 جثة»."""
    t = toks[j].text
    return (len(t) > 3 and t[0] == morph.BI and t not in r.vocab.function.on_behalf and not t.startswith(morph.BIL)
            and r.org_at(toks, j) is None and r.vocab.role_kind(toks[j]) is None)


def phrase_after(r: Reader, cues: CueIndex, k: int, limit: int) -> tuple[list[Token], int | None, bool]:
    """The speaker phrase after a cue ending at k: (tokens, where the reported content starts, hard).

    `hard` is True when a complementizer, a colon, «قوله» or a quotation ends the phrase; a number,
    an event word or a ب-object only make a soft end; no end at all gives content None.
    """
    fw = r.vocab.function
    toks = r.tokens
    j = k
    channel_seen = False
    while j < limit:
        t = toks[j].text
        if t in fw.complementizer or t == ":":
            return toks[k:j], j, True
        if t in fw.pre_complementizer and j + 1 < limit and toks[j + 1].text in fw.complementizer:
            return toks[k:j], j, True
        cue = cues.cue(j)
        if cue and cue[1] is CueType.CONTENT:
            return toks[k:j], cue[0], True
        if j > k and r.punct(toks[j]) and j + 1 < limit and r.vocab.phrase_kind(toks[j + 1]) == "ends_role":
            close = next((m for m in range(j + 2, min(limit, j + _ASIDE_SPAN)) if r.punct(toks[m])), None)
            if close is not None:  # «ذكر مصدران أمنيان، طلبا عدم كشف هويتيهما، أن»: past an aside about the source
                j = close + 1
                continue
        if t in fw.quote and t != "(":
            close = next((m for m in range(j + 1, min(limit, j + _QUOTE_SPAN)) if toks[m].text in fw.quote), None)
            if close is None:
                return toks[k:j], j, True  # a direct quotation starts here
            j = close + 1
            continue
        if j > k and (toks[j].is_num or r.vocab.events.match(toks, j) or (channel_seen and object_with_ba(r, toks, j))):
            return toks[k:j], j, False  # «أعلنت الوزارة مقتل 45»، «أفاد مصدر لوكالة X بوصول 13 جثة»
        if j == k and toks[j].is_word and r.vocab.events.match(toks, j):
            return [], j, False  # «وكانت المصادر قد أكدت مقتل العشرات»: the speaker came before the verb
        if j - k > MAX_PHRASE or cue:
            break
        channel_seen = channel_seen or (j > k and channel_at(r, toks, j) is not None)
        j += 1
    return toks[k:j], None, False


def short_subject(r: Reader, seg: list[Token]) -> bool:
    """A short noun phrase that can be a clause's subject: a body, a source, a role or a definite noun."""
    if not seg or len(seg) > _MAX_SUBJECT or any(not t.is_word for t in seg):
        return False
    if len(seg) > 1 and seg[0].text in r.vocab.function.quantifier:
        seg = seg[1:]  # «بعض الدراسات الغربية تؤكد»
    first = seg[0]
    if r.vocab.role_kind(first) in ("head", "title", "org_head", "agency_head", "outlet_head") \
            or r.org_at(seg, 0) is not None:
        return True  # «شركة ايسمان المالكة للطائرة المنكوبة»
    return len(seg) <= 4 and (first.text.startswith(morph.ARTICLE) or r.vocab.anonymous.match(seg, 0) is not None)


def _filler_at(r: Reader, seg: list[Token], i: int) -> bool:
    return i + 1 < len(seg) and (seg[i].text, seg[i + 1].text) in r.vocab.function.filler


def phrase_before(r: Reader, cues: CueIndex, a: int, k: int) -> list[Token] | None:
    """The tokens of a speaker written before the verb at k (sentence from a): «بالي، أكد أن», «وكان المرصد قد
    ذكر», «أما X، فقد أكد», or the subject of a reported clause («قال المالكي إن الحكومة اليمنية ذكرت»)."""
    fw = r.vocab.function
    lo, hi = a, k  # the segment is tokens [lo, hi)
    toks = r.tokens
    while hi > lo and (r.punct(toks[hi - 1]) or bare(toks[hi - 1].text) in fw.perfect_particle):
        hi -= 1
    comp = max((i for i in range(lo, hi) if toks[i].text in fw.complementizer), default=None)
    if comp is not None and short_subject(r, toks[comp + 1:hi]):
        return toks[comp + 1:hi]  # «يذكر أن وزارة الدفاع الجزائرية أكدت»: the clause's own subject
    seg = toks[lo:hi]
    for i in range(len(seg) - 1, -1, -1):  # «..., لكن مسؤولا إقليميا أضاف»: only the last clause
        if r.punct(seg[i]) and not _filler_at(r, seg, i + 1):
            if not any(r.punct(seg[j]) for j in range(i + 1, len(seg))) and i > 0:
                if i + 1 < len(seg):
                    lo += i + 1
            break
    while lo < hi and toks[lo].text in fw.opener:
        lo += 1
    while lo < hi and (r.punct(toks[lo]) or toks[lo].text in fw.opener):
        lo += 1
    if lo >= hi or hi - lo > _MAX_BEFORE_VERB or any(cues.cue(i) for i in range(lo, hi)):
        return None
    return toks[lo:hi]


def according_end(r: Reader, cues: CueIndex, j: int, b: int) -> int:
    """Where the source after «بحسب/وفقا لـ» ends: punctuation, a complementizer, another cue or a number
    («حسب التصريحات الرسمية بمليون و900 ألف»)."""
    toks, fw = r.tokens, r.vocab.function
    return next((m for m in range(j, b) if (r.punct(toks[m]) and not _apposed_name(r, m, j, b))
                 or toks[m].text in fw.complementizer
                 or (m > j and (cues.cue(m) or _number_at(r, toks[m])))), b)


def _apposed_name(r: Reader, m: int, j: int, b: int) -> bool:
    """A comma between a role and the name it gives («وفق ما أكده والي قبلي، سامي الغابي»)."""
    toks = r.tokens
    return m > j and r.punct(toks[m]) and m + 1 < b and bare(toks[m + 1].text) in r.vocab.given


def _number_at(r: Reader, t: Token) -> bool:
    """Digits, or a number word not made definite («بمليون»، «وثلاثة»; not «الاثنين», a weekday too)."""
    if t.is_num:
        return True
    return not morph.definite(t.text) and any(f in r.vocab.numbers for f in forms(t.text, 2)
                                                 if not morph.definite(f))


def without_mention(r: Reader, np: list[Token]) -> list[Token]:
    """«تحدث X عن سير العمليات»: the speaker phrase ends at عن."""
    for i, t in enumerate(np):
        if t.text in r.vocab.function.from_source and i > 0:
            return np[:i]
    return np


def has_from(r: Reader, np: list[Token]) -> bool:
    return any(t.text in r.vocab.function.from_source for t in np[1:])


def long_phrase(r: Reader, np: list[Token]) -> bool:
    """Too long for a strict verb's speaker: over 8 tokens, or over 12 words when it opens like a speaker
    («وذكر القيادي في المقاومة في المنطقة الوسطى العميد محمد الشموخ»، «شهود عيان لـ«الشرق الأوسط»»)."""
    if speaker_start(r, np):
        return len([t for t in np if t.is_word]) > _MAX_STRICT_SPEAKER
    return len(np) > _MAX_STRICT


def clause_punct(r: Reader, np: list[Token]) -> bool:
    """Punctuation inside a speaker phrase other than around an aside: «ذكر المرصد، الثلاثاء، أن»،
    «وذكر المركز، في بيان، أن» are speakers; «من بين أكثر عشر مدن، ...» is not."""
    from arqam.attribution.bodies import document

    fw = r.vocab.function
    for i, t in enumerate(np):
        if r.punct(t):
            aside = [x for x in np[i + 1:] if not r.punct(x)]
            if not aside:  # «وذكر الجيش التركي، أن»: a comma before the reported clause, after a speaker
                return not speaker_start(r, [x for x in np if not r.quote(x)])
            first = aside[0].text
            if r.vocab.phrase_kind(aside[0]) == "ends_role":
                return False  # «ذكر مصدران أمنيان، طلبا عدم كشف هويتيهما، أن»: an aside about the source
            return not (len(aside) <= 3 and (
                bare(first) in r.vocab.weekdays or first in fw.time_word
                or (first in fw.in_ and len(aside) > 1 and (document(r, aside[1]) or aside[1].text in fw.channel_context))))
    return False
