"""A speaker phrase -> SpeakerPhrase: what the words after (or before) a reporting cue say on their own.

Stateless: nothing here knows the rest of the article. The phrase is cut (pronouns, fillers, time
words, a channel, an audience), then read by named rules in order: a document and its issuer, an
organization of the lexicon, an anonymous source, a place that stands for its government, a title
and a name, a role (with or without a name), a body named by its head noun, a surname, a definite
body, a name first. Whether the words are a person or an anaphor the article knows is left to
resolution (resolution.py).
"""

from __future__ import annotations

from dataclasses import replace

from arqam.attribution.bodies import (
    affiliation,
    anonymous_phrase,
    definite_name,
    document,
    document_object,
    ends_name,
    indefinite,
    org_speaker,
    until_punct,
)
from arqam.attribution.channel import channel_at, context_word, quoted_medium
from arqam.attribution.model import PhraseForm, Rule, Speaker, SpeakerPhrase, fixed
from arqam.attribution.names import bare, name_ali, name_first, name_run, name_start, surname
from arqam.attribution.reader import Reader
from arqam.text import morph
from arqam.text.tokens import Token, strip_conj

BODY_HEADS = ("org_head", "agency_head", "outlet_head")  # role-lexicon kinds that start a body's name
HEADS = ("head", "title", *BODY_HEADS)
_MAX_ROLE = 18
_MAX_DEFINITE = 6


def speaker_start(r: Reader, toks: list[Token]) -> bool:
    """Tokens that open a speaker phrase: a source, a body, a role or a given name (not «انضمامها إلى ...»)."""
    return bool(toks) and (r.vocab.anonymous.match(toks, 0) is not None or r.org_at(toks, 0) is not None
                           or r.vocab.role_kind(toks[0]) in HEADS or toks[0].text in r.vocab.given)


def _recipient(r: Reader, toks: list[Token]) -> tuple[str | None, list[Token]]:
    """«لمراسل الجوهرة أف أم، الناطق ...»: the medium after «لمراسل» is the channel; the speaker follows the comma."""
    comma = next((i for i, t in enumerate(toks) if r.punct(t)), len(toks))
    end = next((i for i, t in enumerate(toks[1:comma], start=1) if t.text in r.vocab.function.preposition), comma)
    org = r.org_at(toks, 1)
    channel = org[1].canonical_as_written if org else (r.text(toks[1:end]) if end > 1 else None)
    return channel, toks[comma + 1:]


def _keep(r: Reader, toks: list[Token], channel: str | None) -> tuple[list[Token], str | None]:
    """The phrase without its channel and fillers, up to a document, a setting or an audience after which only a
    channel is read («وزارة الداخلية في بلاغ لها»، «البريكي، في تصريح هاتفي، لوكالة رويترز»، «قال X للصحفيين»)."""
    fw = r.vocab.function
    kept: list[Token] = []
    closed = False
    k = 0
    while k < len(toks):
        t = toks[k]
        ch = channel_at(r, toks, k) if k > 0 or t.text in fw.in_ or t.text.startswith(morph.LI) else None
        if ch:
            channel, k = ch[0] or channel, ch[1]
            continue
        if k + 1 < len(toks) and (t.text, toks[k + 1].text) in fw.filler:
            k += 2
            continue
        if k > 0 and t.text in fw.aside_preposition and k + 1 < len(toks) and (
                document(r, toks[k + 1]) or context_word(r, toks[k + 1].text)):
            closed = True
        if k > 0 and r.vocab.phrase_kind(t) == "audience":
            closed = True
        if not closed:
            kept.append(t)
        k += 1
    return kept, channel


def _cut(r: Reader, kept: list[Token]) -> list[Token]:
    """The phrase up to a relative word, a time word or a weekday («المرصد السوري ومقره بريطانيا»، «الوزارة اليوم»),
    without punctuation, a trailing preposition, openers and a complementizer around it."""
    fw, vocab = r.vocab.function, r.vocab
    cut: list[Token] = []
    for i, t in enumerate(kept):
        if vocab.phrase_kind(t) == "official" and cut and (vocab.role_kind(cut[-1]) == "head" or document(r, cut[-1])):
            cut.append(t)  # «المتحدث الرسمي باسم ...» is one role; «الإحصاءات الرسمية» one document
            continue
        w = strip_conj(t.text)[-1]
        if w in fw.relative or t.text in fw.time_word or w in vocab.weekdays or t.text in vocab.weekdays:
            if not cut and t.text in fw.time_word and speaker_start(r, kept[i + 1:]):
                continue  # «أفاد اليوم مصدر أمني»: the time comes first
            break
        cut.append(t)
    while cut and (r.punct(cut[-1]) or (strip_conj(cut[-1].text)[-1] in fw.preposition and not name_ali(r, cut[-1]))):
        cut.pop()
    while cut and (r.punct(cut[0]) or cut[0].text in fw.opener or cut[0].text in fw.complementizer):
        cut.pop(0)
    return cut


def parse_phrase(r: Reader, toks: list[Token]) -> SpeakerPhrase | None:
    """What a speaker phrase says on its own; None when it names no one and no channel."""
    channel, toks = quoted_medium(r, toks)
    toks = [t for t in toks if not r.quote(t)]
    while toks and r.vocab.phrase_kind(toks[0]) == "pronoun":
        toks = toks[1:]  # «أفاد به مصدر أمني»
    if toks and r.vocab.phrase_kind(toks[0]) == "recipient":
        channel, toks = _recipient(r, toks)
    kept, channel = _keep(r, toks, channel)
    cut = _cut(r, kept)
    if cut and (cut[0].is_num or cut[0].text in r.vocab.trigger_forms):
        # «يقول 89% من الآباء»، «ذكرت عشرات الصحف»: a share of a group; «قالت 3 مصادر مطلعة»: sources
        if len(cut) > 1 and r.vocab.anonymous.match(cut, 1):
            name = r.text([cut[0], *anonymous_phrase(r, cut[1:])])
            return fixed(Speaker(name, "anonymous", rule=Rule.ANONYMOUS, raw=r.text(cut), channel=channel))
        return fixed(Speaker(rule=Rule.NO_SPEAKER))
    if cut and (cut[0].text in r.vocab.function.preposition or r.vocab.phrase_kind(cut[0]) == "pronoun"):
        cut = []  # «وقال في تصريح خاص ...»: the subject is the current speaker
    if not cut:
        return fixed(Speaker(channel=channel, rule=Rule.PRONOUN)) if channel else None
    phrase = classify(r, cut)
    return replace(phrase, channel=channel) if phrase else None


def classify(r: Reader, toks: list[Token]) -> SpeakerPhrase | None:
    """Read a cut speaker phrase by the named rules, in order."""
    ws = r.words(toks)
    if not ws:
        return None
    share = len(ws) > 1 and ws[0].text in r.vocab.function.quantifier  # «بعض الدراسات الغربية»
    if document(r, ws[share]):  # «قال بيان للجيش التركي»: its issuer; «وأوضح البيان»: no speaker named
        at = toks.index(ws[0])
        return SpeakerPhrase(PhraseForm.DOCUMENT, document_source(r, toks[at:]),
                             issuer=issuer(r, toks[at + 1 + share:]))
    if ws[0].text in r.vocab.function.no_source_opener:
        return fixed(Speaker(rule=Rule.DOCUMENT))
    return SpeakerPhrase(PhraseForm.NAMED, _read(r, toks, ws), words=tuple(ws))


def _read(r: Reader, toks: list[Token], ws: list[Token]) -> Speaker:
    """Who the words name on their own."""
    vocab = r.vocab
    raw = r.text(toks)
    org = r.org_at(toks, 0)
    if org:
        return org_speaker(r, toks, org[1], org[0], raw)
    if vocab.anonymous.match(toks, 0):
        return Speaker(r.text(anonymous_phrase(r, toks)), "anonymous", affiliation=affiliation(r, toks),
                       rule=Rule.ANONYMOUS, raw=raw)
    place = vocab.places.match(ws, 0)
    if place and (place[0] == len(ws) or not ws[place[0]].text.startswith(morph.ARTICLE)):
        # «وقالت إسرائيل»، «أعلنت واشنطن تسليم ...»: the government speaks
        return Speaker(r.text(ws[:place[0]]), "organization", rule=Rule.PLACE, raw=raw)
    kind0 = vocab.role_kind(toks[0])
    if kind0 == "title":
        rest = toks[1:]
        while rest and vocab.role_kind(rest[0]) == "title":
            rest = rest[1:]
        if rest and bare(r, rest[0]):
            return name_first(r, rest, raw)
    if kind0 in ("head", "title"):
        return _role(r, toks, raw)
    if kind0 in BODY_HEADS:
        return _body(r, toks, kind0, raw)
    start = name_start(r, toks, tail=False) if toks[0].text not in vocab.given else None
    if start:  # «نقيب الأطباء في تعز الدكتور صادق الشجاع»: a role the lexicon lacks, then a title and a name
        name_toks = name_run(r, toks, start)
        return Speaker(r.text(name_toks), "person", r.text([t for t in toks[:start] if not r.punct(t)]) or None,
                       affiliation=affiliation(r, toks), rule=Rule.ROLE_NAME, raw=raw)
    first = strip_conj(toks[0].text)[-1]
    if len(ws) == 1 and surname(r, ws[0]):
        return Speaker(raw, "person", rule=Rule.SURNAME, raw=raw)
    if toks[0].text.startswith(morph.ARTICLE) and toks[0].text not in vocab.given and first not in vocab.given:
        body = definite_name(r, until_punct(r, toks, _MAX_DEFINITE))
        if len(body) == 1 and surname(r, body[0]):
            return Speaker(r.text(body), "person", rule=Rule.SURNAME, raw=raw)
        return Speaker(r.text(body), "organization", affiliation=affiliation(r, toks), rule=Rule.INSTITUTION, raw=raw)
    return name_first(r, toks, raw)


def _role(r: Reader, toks: list[Token], raw: str) -> Speaker:
    """A role with a name (مدير المركز الإعلامي لقسد مصطفى بالي) or without one (المتحدث باسم الجيش)."""
    start = name_start(r, toks)
    if start is not None:
        name_toks = name_run(r, toks, start)
        role_toks = [t for t in toks[:start] if not r.punct(t)]
        while len(role_toks) > 1 and r.vocab.role_kind(role_toks[-1]) == "title":
            role_toks.pop()  # «مدير عام الجوازات اللواء سليمان اليحيى»: the rank is not part of the role
        after = r.words(toks[start + len(name_toks):])
        role = r.text(role_toks) or (r.text(after) if after else None)
        return Speaker(r.text(name_toks), "person", role or None, affiliation=affiliation(r, toks), rule=Rule.ROLE_NAME,
                       raw=raw)
    role_toks = until_punct(r, toks, _MAX_ROLE)
    role_toks = role_toks[:next((i for i, t in enumerate(role_toks) if i > 0 and r.vocab.phrase_kind(t) == "ends_role"),
                                len(role_toks))]  # «أكد الوزير على ضرورة ...»
    role_toks = role_toks[:_after_adjectives(r, role_toks)]
    role_toks = role_toks[:_definite_head_end(r, role_toks)]
    return Speaker(r.text(role_toks), "anonymous" if indefinite(r, toks) else "person", r.text(role_toks),
                   affiliation=affiliation(r, toks), rule=Rule.ROLE_ONLY, raw=raw)


def _definite_head_end(r: Reader, toks: list[Token]) -> int:
    """Where a role with a definite head and no name ends: at the first bare word after the head or its
    adjectives, which a definite head cannot govern («ولم يحدد المتحدث | تاريخ بدء الهجوم»; not «المسؤول في غزة»)."""
    if not toks or not morph.definite(toks[0].text):
        return len(toks)
    for i in range(1, len(toks)):
        if not morph.definite(toks[i].text):
            return i if bare(r, toks[i]) else len(toks)
    return len(toks)


def _after_adjectives(r: Reader, toks: list[Token]) -> int:
    """Where a role ends: at a definite noun right after the nationality adjective that closes its genitive
    («وزيرة التخطيط الأردنية | المساعدات»; not «المتحدث الرسمي لمركز ...»)."""
    for i in range(2, len(toks)):
        prev, w = toks[i - 1].text, toks[i].text
        nisba = morph.definite(prev) and prev.endswith(morph.NISBA_ADJECTIVE) and r.vocab.phrase_kind(toks[i - 1]) is None
        known_noun = r.vocab.nouns.match(toks, i) is not None or r.vocab.events.match(toks, i) is not None
        if nisba and morph.definite(w) and known_noun and not w.endswith(morph.NISBA_ADJECTIVE) \
                and r.vocab.role_kind(toks[i]) is None:
            return i
    return len(toks)


def _body(r: Reader, toks: list[Token], kind0: str, raw: str) -> Speaker:
    """A body named by its head noun: وزارة الصحة العراقية، وكالة أنباء هاوار."""
    body = until_punct(r, toks)
    body = body[:next((i for i, t in enumerate(body) if i > 0 and (
        document_object(r, t) or ends_name(r, t) or (i > 1 and document(r, t)))), len(body))]
    if morph.definite(body[0].text):
        body = definite_name(r, body)
    typ = "agency" if kind0 == "agency_head" else "organization"
    name, aff = r.text(body), affiliation(r, body)
    if body[0].text.startswith(morph.LIL) and name.startswith(morph.LIL):  # «وفقا للشرطة الفرنسية»: ل + الشرطة
        prefix = _li_prefix(r, body[0], len(body) > 1 and body[1].text.startswith(morph.ARTICLE))
        name = prefix + name[1:]
        aff = prefix + aff[1:] if aff and aff.startswith(morph.LIL) else aff
    return Speaker(name, typ, affiliation=aff or name, rule=Rule.ORGANIZATION_HEAD, raw=raw)


def document_source(r: Reader, toks: list[Token]) -> Speaker | None:
    """A document that names a source of its own when no issuer is named: «تقارير إعلامية تركية»، «الإحصاءات الرسمية
    للدولة الإيرانية»، «معلومات»; not a bare definite document, which refers back («البيان»، «التقرير»)."""
    fw, vocab = r.vocab.function, r.vocab
    body: list[Token] = []
    for t in until_punct(r, toks):
        if body and not morph.definite(body[0].text) and t.is_word and not morph.definite(t.text) \
                and not strip_conj(t.text)[-1].endswith(morph.ADJECTIVE):
            break  # «بحسب بيان تمكن المكتب ...»، «معلومات وفرها الأهالي»: an indefinite document goes on with adjectives
        if body and (t.text in fw.preposition or t.text in fw.complementizer or vocab.events.match([t], 0) or t.is_num
                     or vocab.cues.match([t], 0) or vocab.phrase_kind(t) not in (None, "official")
                     or t.text in fw.time_word
                     or (t.text in fw.relative and t.text not in fw.official)  # «الإحصاءات الرسمية»
                     or t.text in vocab.weekdays):
            break
        body.append(t)
    first = body[0].text if body else ""
    if body and first not in r.vocab.documents and strip_conj(first)[-1] != first:  # «فالإحصاءات»: no conjunction
        body[0] = Token(body[0].text[1:], body[0].start + 1, body[0].end)
    if not body or (len(body) == 1 and morph.definite(body[0].text)) or strip_conj(body[0].text)[-1] in fw.toll:
        return None
    rest = toks[len(body):]
    if morph.definite(body[0].text) and rest and rest[0].text in fw.relative:
        return None  # «بحسب المعلومات التي وصلتنا»: the speaker's own information
    return Speaker(r.text(body), "anonymous", rule=Rule.DOCUMENT_SOURCE, raw=r.text(body))


def issuer(r: Reader, rest: list[Token]) -> SpeakerPhrase | None:
    """Who issued a document, from the words after it: «بيان صادر عن وزارة الصحة»، «بلاغ لوزارة الفلاحة»،
    «بيانات حديثة لصندوق النقد الدولي»، «رواية وسائل الإعلام»; None when no one is named."""
    fw = r.vocab.function
    if len(rest) > 2 and (r.vocab.phrase_kind(rest[0]) == "issued" and rest[1].text in fw.from_source
                          or rest[0].text in fw.made and rest[1].text in fw.made_by):  # «تصريحات أدلى بها عمدة»
        sp = parse_phrase(r, rest[2:])
        return replace(sp, need_name=True) if sp else None
    of = next((i for i, t in enumerate(rest[:3]) if t.text in fw.of), None)
    if of is not None and of + 1 < len(rest) and all(t.is_word for t in rest[:of]):
        rest = rest[of + 1:]  # «حصيلة جديدة من المرصد السوري»
    if rest and not rest[0].text.startswith(morph.LI) and (
            r.vocab.anonymous.match(rest, 0) or r.org_at(rest, 0) or r.vocab.role_kind(rest[0]) in BODY_HEADS):
        return parse_phrase(r, rest)  # «رواية وسائل الإعلام»، «تقارير وزارة الصحة»
    for i, t in enumerate(rest[:3]):  # past an adjective or two («بيانات حديثة»)
        if t.text.startswith(morph.LI) and t.text != morph.LI:
            return _issuer_after_li(r, rest, i)
        if not t.is_word or r.punct(t):
            return None
    return None


def _issuer_after_li(r: Reader, rest: list[Token], i: int) -> SpeakerPhrase | None:
    """«بلاغ لوزارة الداخلية»، «بيان للجيش»: the issuer is the ل-word at rest[i] and what follows."""
    t = rest[i]
    org = r.org_at(rest, i)
    if org:
        return fixed(org_speaker(r, rest[i:], org[1], org[0] - i, r.text(rest[i:])))
    stem = Token(t.text[1:], t.start + 1, t.end) if len(t.text) > 3 else None
    if stem is None or r.vocab.role_kind(stem) not in BODY_HEADS:
        return None
    sp = parse_phrase(r, [stem, *rest[i + 1:]])
    if sp is None:
        return None
    definite = i + 1 < len(rest) and rest[i + 1].text.startswith(morph.ARTICLE)
    prefix = _li_prefix(r, t, definite) if t.text.startswith(morph.LIL) else ""
    return replace(sp, need_name=True, name_prefix=prefix)


def _li_prefix(r: Reader, t: Token, definite_next: bool) -> str:
    """What ل took from a word in لل: «للجيش» is ل + الجيش (ا); «للجنة الانتخابية» is ل + اللجنة (ال), a stem in ل,
    unless indefinite («للجنة»: ل + لجنة)."""
    if t.text[1:] not in r.vocab.roles:
        return morph.ALEF
    return morph.ARTICLE if definite_next else ""
