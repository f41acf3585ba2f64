"""Who said it: the speaker, speaker type, role and channel of each figure in an article.

There is no NER model here; the structure of Arabic reporting clauses does the work:
a reporting cue (قال، أكد، أشار إلى أن، بحسب، نقلا عن ...) and the speaker's noun phrase
after it (or before it: «بالي، أكد أن», «وكان X قد قال»), split into a name, a role
(مدير المركز الإعلامي لقسد), an affiliation and a channel (لرويترز، في تصريحات لوكالة
"سبوتنيك"). Organizations, agencies, role words, titles, anonymous heads and given names
come from the lexicons. Within an article a surname (بالي) resolves to the full name, a
definite head (المصدر، الوزارة) to the speaker it refers back to, continuation cues with no
subject (وأضاف، مضيفا) keep the current speaker, and sentences with no cue are in the outlet's
own voice (speaker None) unless they sit inside a quotation that is still open.

A model-backed recognizer can be plugged in through `NameRecognizer` (off by default).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Protocol

from arqam.arabic.lexicon import PhraseIndex, phrase_index, read_tsv, words
from arqam.arabic.normalize import normalize
from arqam.arabic.tokens import Token, forms, strip_conj
from arqam.document import Document
from arqam.figures import lexicons as figure_lexicons

QUOTES = {'"', "'", "(", ")", "[", "]"}
PUNCT = {"،", ",", ".", ";", "؛", "-", "\u2013", "\u2014"}
_COMPLEMENTIZERS = {"ان", "انه", "انها", "انهم", "انهما", "انهن", "بان", "بانه", "بانها", "بانهم", "وان", "فان"}
_PRE_COMPLEMENTIZER = {"الي", "علي"}  # أشار إلى أن، شدد على أن
_RELATIVE = {"التابعه", "التابع", "التي", "الذي", "الذين", "المدعومه", "المدعوم", "المقرب", "المقربه", "ومقره", "الرسميه",
             "الرسمي"}
_TIME_WORDS = {"اليوم", "امس", "يوم", "مساء", "صباح", "ليل", "الليله", "الشهر", "الاسبوع", "اول", "الاول",
               "الماضي", "الماضيه", "حاليا", "ايضا", "كذلك", "بدوره", "بدورها", "وقت", "انذاك", "حينها", "حينذاك", "مؤخرا", "توا"}
_FILLERS = {("من", "جهته"), ("من", "جهتها"), ("من", "جانبه"), ("من", "جانبها"), ("من", "ناحيته"), ("من", "ناحيتها")}
_CHANNEL_CONTEXT = {"تصريحات", "تصريح", "حديث", "مقابله", "لقاء", "اتصال", "حوار", "مؤتمر", "ندوه", "كلمه", "تغريده",
                    "تغريدات", "سلسله", "رساله", "منشور", "تدوينه"}
_PREPOSITIONS = {"في", "من", "على", "علي", "عن", "مع", "الي", "خلال", "لدى", "لدي"}
_OPENERS = {"و", "اما", "وكان", "وكانت", "كان", "كانت", "فيما", "بينما", "لكن", "ولكن", "غير", "الا", "لكنه", "لكنها",
            "لكنهم", "ولكنه", "ولكنها", "انه", "انها"}
_MAX_NP = 18
_BODY_HEADS = ("org_head", "agency_head", "outlet_head")  # role-lexicon kinds that start a body's name
_HEADS = ("head", "title", *_BODY_HEADS)


def _context_word(w: str) -> bool:
    """A word that sets the scene of a statement (تصريح، مؤتمر، تغريدة), also with a pronoun: «في كلمته»."""
    if w in _CHANNEL_CONTEXT:
        return True
    for suffix in ("ها", "هم", "ه"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)]
            return stem in _CHANNEL_CONTEXT or (stem.endswith("ت") and stem[:-1] + "ه" in _CHANNEL_CONTEXT)
    return False


@dataclass(frozen=True)
class Speaker:
    """Who a figure is attributed to; name None means the outlet's own voice."""

    name: str | None = None
    type: str | None = None
    role: str | None = None
    channel: str | None = None
    affiliation: str | None = None
    rule: str = "outlet_voice"
    raw: str | None = None  # the speaker phrase as written


OUTLET_VOICE = Speaker()


class NameRecognizer(Protocol):
    """An optional model-backed person-name recognizer: token texts -> (start, end) of a person name."""

    def person_span(self, words: list[str]) -> tuple[int, int] | None: ...


class AttributionLexicons:
    def __init__(self) -> None:
        self.cues: PhraseIndex = phrase_index(read_tsv("reporting", ("form", "type"), key="form"), "form")
        orgs = read_tsv("organizations", ("canonical", "type", "display", "aliases"), key="canonical", optional=("aliases",))
        self.orgs = PhraseIndex(prefixes=True, min_stem=2)
        for row in orgs:
            for alias in {row["canonical_as_written"], row["display"], *filter(None, row["aliases"].split("|"))}:
                self.orgs.add(alias, row)
        roles = read_tsv("roles", ("word", "kind"), key="word")
        self.roles = {r["word"]: r["kind"] for r in roles}
        self.role_heads = phrase_index([r for r in roles if r["kind"] == "head"], "word")
        self.anonymous = phrase_index(read_tsv("anonymous", ("word",), key="word"), "word")
        self.not_speakers = words("sources_not_speakers")
        self.interviews = words("interviews", "form")
        self.given = {r["name"] for r in read_tsv("given_names", ("name", "source"), key="name")}
        self.weekdays = {r["form"] for r in read_tsv("weekdays", ("form", "weekday"), key="form")}
        self.places: PhraseIndex = phrase_index(read_tsv("places", ("name", "kind"), key="name"), "name")
        self.function_words = {r["word"]: r["kind"] for r in read_tsv("function_words", ("word", "kind"), key="word")}
        self.events: PhraseIndex = phrase_index(read_tsv("events", ("form", "event"), key="form"), "form", prefixes=True,
                                                min_stem=4)

    def function(self, tok: Token) -> str | None:
        """The kind of a token in function_words.tsv (pronoun, recipient, audience, ends_role ...), as written or
        without و/ف."""
        for f in strip_conj(tok.text):
            if f in self.function_words:
                return self.function_words[f]
        return None

    def kind(self, tok: Token) -> str | None:
        """The role-lexicon kind of a token (head, title, vocab, org_head, agency_head, outlet_head)."""
        for f in forms(tok.text):
            if f in self.roles:
                return self.roles[f]
        return None


@cache
def lexicons() -> AttributionLexicons:
    return AttributionLexicons()


@dataclass
class _Cue:
    start: int  # token index of the cue
    end: int
    type: str
    speaker: Speaker


def _words(toks: list[Token]) -> list[Token]:
    return [t for t in toks if t.text not in PUNCT]


@dataclass
class ArticleSpeakers:
    """Attribution state of one article, built once, then asked per figure."""

    doc: Document
    lex: AttributionLexicons = field(default_factory=lexicons)
    recognizer: NameRecognizer | None = None
    persons: dict[str, Speaker] = field(default_factory=dict)  # normalized full name -> what we know
    cues: list[_Cue] = field(default_factory=list)
    sentence_speaker: dict[int, Speaker] = field(default_factory=dict)  # sentence index -> open-quote speaker
    _seen: list[Speaker] = field(default_factory=list)  # speakers in order, for «المصدر»، «الوزارة»
    # the last token a figure starts at, when known: reporting clauses after its sentence are not resolved
    # (names are still collected from the whole article)
    until: int | None = None

    def __post_init__(self) -> None:
        self._sentences = [self.doc.tokens_in(s, e) for s, e in self.doc.sentences]
        toks = self.doc.tokens
        cues = self.lex.cues
        vocabulary = {t.text for t in toks}
        starters = {w for w in vocabulary if w[0].isalpha() and cues.starts(w)}
        self._cues_at = {k: m for k, t in enumerate(toks) if t.text in starters for m in [cues.match(toks, k)] if m}
        interviews = self.lex.interviews
        self._interview_words = {w for w in vocabulary if w in interviews or (
            len(w) > 2 and w[0] in "وف" and w[1:] in interviews)}
        self._cue_positions = sorted(self._cues_at)
        self._collect_persons()
        self._resolve_cues()

    def _cue(self, k: int):
        """The reporting cue starting at token k of the document (precomputed), or None."""
        return self._cues_at.get(k)

    def _next_cue(self, k: int, b: int) -> int:
        """The first token after k that starts a cue, or b."""
        i = bisect_right(self._cue_positions, k)
        return min(self._cue_positions[i], b) if i < len(self._cue_positions) else b

    # -- text ---------------------------------------------------------------------------
    def _text(self, toks: list[Token]) -> str:
        """Raw text of tokens, quotes and attached prefixes of the first word dropped, single-spaced."""
        if not toks:
            return ""
        s, e = self.doc.keyed.raw_span(toks[0].start, toks[-1].end)
        raw = self.doc.raw[s:e]
        for q in '"\'«»“”()':
            raw = raw.replace(q, "")
        raw = raw.replace("ـ", "")
        return " ".join(raw.split()).strip("،, ")

    def _org_at(self, toks: list[Token], k: int) -> tuple[int, dict] | None:
        m = self.lex.orgs.match(toks, k)
        return (m[0], m[1]) if m else None  # type: ignore[return-value]

    # -- speaker phrases ----------------------------------------------------------------
    def _channel_at(self, toks: list[Token], k: int) -> tuple[str, int] | None:
        """A channel at token k: لرويترز، لوكالة "سبوتنيك"، في تصريح للأناضول، لقناة X: (name, end)."""
        t = toks[k].text
        j = k
        if t == "في" and k + 1 < len(toks) and toks[k + 1].text in _CHANNEL_CONTEXT:
            j = k + 2
        elif t in _CHANNEL_CONTEXT:
            j = k + 1
        if j > k and j + 1 < len(toks) and not toks[j].text.startswith("ل") and toks[j + 1].text.startswith("ل"):
            j += 1  # «في تصريح خاص لـ»، «في حديث هاتفي لوكالة»
        if j >= len(toks) or not toks[j].text.startswith("ل"):
            return None
        if toks[j].text == "ل":
            j += 1
            if j >= len(toks):
                return None
        org = self._org_at(toks, j)
        if org and org[1]["type"] in ("agency", "outlet"):
            return org[1]["canonical_as_written"], org[0]
        kind = self.lex.kind(toks[j])
        if kind in ("agency_head", "outlet_head") and j + 1 == len(toks):
            return "", j + 1  # «قال للوكالة»: the medium of the article itself, unnamed
        if kind in ("agency_head", "outlet_head"):
            if self.lex.function(toks[j + 1]) == "generic_medium" and j + 2 < len(toks) and toks[j + 2].is_word \
                    and not toks[j + 2].text.startswith("ال"):
                j += 1  # «لوكالة الأنباء "رويترز"»
            # a medium not in the lexicon: «لصحيفة حريت» -> حريت
            org = self._org_at(toks, j + 1)
            if org:
                return org[1]["canonical_as_written"], org[0]
            end = j + 1
            while end < len(toks) and end < j + 4 and toks[end].is_word and toks[end].text not in _PREPOSITIONS \
                    and toks[end].text not in _COMPLEMENTIZERS:
                end += 1
            if end > j + 1:
                return self._text(list(toks[j + 1 : end])), end
            return "", j + 1
        return None

    def parse_np(self, toks: list[Token]) -> Speaker | None:
        """Split a speaker phrase into name, type, role, channel and affiliation."""
        toks = [t for t in toks if t.text not in QUOTES]
        while toks and self.lex.function(toks[0]) == "pronoun":
            toks = toks[1:]  # «أفاد به مصدر أمني»
        channel = None
        if toks and self.lex.function(toks[0]) == "recipient":  # «لمراسل الجوهرة أف أم، الناطق ...»
            comma = next((i for i, t in enumerate(toks) if t.text in PUNCT), len(toks))
            end = next((i for i, t in enumerate(toks[1:comma], start=1) if t.text in _PREPOSITIONS), comma)
            org = self._org_at(toks, 1)
            channel = org[1]["canonical_as_written"] if org else (self._text(toks[1:end]) if end > 1 else None)
            toks = toks[comma + 1:]
        kept: list[Token] = []
        closed = False  # after «في بيان»، «في تصريح صحفي»، «للصحفيين» only a channel is still read
        k = 0
        while k < len(toks):
            ch = self._channel_at(toks, k) if k > 0 or toks[k].text == "في" or toks[k].text.startswith("ل") else None
            if ch:
                channel, k = ch[0] or channel, ch[1]
                continue
            if k + 1 < len(toks) and (toks[k].text, toks[k + 1].text) in _FILLERS:
                k += 2
                continue
            if k > 0 and toks[k].text in ("في", "ضمن", "عبر") and k + 1 < len(toks) and (
                    self._document(toks[k + 1]) or _context_word(toks[k + 1].text)):
                closed = True  # «وزارة الداخلية في بلاغ لها»، «البريكي، في تصريح هاتفي، لوكالة رويترز»
            if k > 0 and self.lex.function(toks[k]) == "audience":
                closed = True  # «قال X للصحفيين»
            if not closed:
                kept.append(toks[k])
            k += 1
        cut: list[Token] = []
        for i, t in enumerate(kept):
            base = strip_conj(t.text)[-1]
            if self.lex.function(t) == "official" and cut and self.lex.kind(cut[-1]) == "head":
                cut.append(t)  # «المتحدث الرسمي باسم ...» is one role
                continue
            if t.text in _RELATIVE or t.text in _TIME_WORDS or base in self.lex.weekdays or t.text in self.lex.weekdays:
                if not cut and t.text in _TIME_WORDS and self._speaker_start(kept[i + 1:]):
                    continue  # «أفاد اليوم مصدر أمني»: the time comes first
                break
            cut.append(t)
        while cut and (cut[-1].text in PUNCT or (strip_conj(cut[-1].text)[-1] in _PREPOSITIONS
                                                  and not self._name_ali(cut[-1]))):
            cut.pop()
        while cut and (cut[0].text in PUNCT or cut[0].text in _OPENERS or cut[0].text in _COMPLEMENTIZERS):
            cut.pop(0)
        if cut and (cut[0].is_num or cut[0].text in figure_lexicons().triggers):
            # «يقول 89% من الآباء»، «ذكرت عشرات الصحف»: a share of a group; «قالت 3 مصادر مطلعة»: sources
            if len(cut) > 1 and self.lex.anonymous.match(cut, 1):
                name = self._text([cut[0], *self._anonymous_phrase(cut[1:])])
                return Speaker(name, "anonymous", rule="anonymous", raw=self._text(cut), channel=channel)
            return Speaker(rule="no_speaker")
        if cut and (cut[0].text in _PREPOSITIONS or self.lex.function(cut[0]) == "pronoun"):
            cut = []  # «وقال في تصريح خاص ...»: the subject is the current speaker
        if not cut:
            return Speaker(channel=channel, rule="pronoun") if channel else None
        sp = self._classify(cut)
        return replace(sp, channel=channel or sp.channel) if sp else None

    def _speaker_start(self, toks: list[Token]) -> bool:
        """Tokens that open a speaker phrase: a source, a body, a role or a given name (not «انضمامها إلى ...»)."""
        return bool(toks) and (self.lex.anonymous.match(toks, 0) is not None or self._org_at(toks, 0) is not None
                               or self.lex.kind(toks[0]) in _HEADS or toks[0].text in self.lex.given)

    def _document(self, tok: Token) -> bool:
        """A document, not a speaker: البيان، بلاغ، التقرير، حصيلة (sources_not_speakers), also as an object
        (تقريرا، بيانا)."""
        w = tok.text
        return (any(f in self.lex.not_speakers for f in forms(w)) or self._document_object(tok)
                or (len(w) > 4 and w.endswith("ه") and w[:-1] in self.lex.not_speakers))  # «في بيانه»

    def _document_object(self, tok: Token) -> bool:
        """A document as an object or adverbial after a name: «نشرت المنظمة تقريرا»، «المنظمة بالتقرير»."""
        w = tok.text
        return len(w) > 4 and ((w.endswith("ا") and w[:-1] in self.lex.not_speakers)
                               or (w[0] == "ب" and any(f in self.lex.not_speakers for f in forms(w)[1:])))

    def _affiliation(self, toks: list[Token]) -> str | None:
        for k in range(len(toks)):
            org = self._org_at(toks, k)
            if org and org[1]["type"] == "organization":
                return org[1]["canonical_as_written"]
        return None

    def _until_punct(self, toks: list[Token], limit: int = 8) -> list[Token]:
        out = []
        for t in toks[:limit]:
            if t.text in PUNCT or t.text == ":":  # «تلفزيون الإخبارية: ...»
                break
            out.append(t)
        return out

    def _org_speaker(self, toks: list[Token], row: dict, end: int, raw: str) -> Speaker:
        """An organization of the lexicon; a nationality adjective after it makes it another body
        (وزارة الصحة العراقية), kept as written."""
        typ = "organization" if row["type"] == "organization" else "agency"  # a medium speaking
        adj = end
        while adj < len(toks) and toks[adj].text.startswith("ال") and toks[adj].text.endswith(("يه", "ي")) \
                and self.lex.kind(toks[adj]) is None:
            adj += 1
        name = self._text(list(toks[:adj])) if adj > end else row["display"]
        if adj > end and forms(toks[0].text)[-1] != toks[0].text:
            name = self._text(list(toks[:adj]))
        return Speaker(name, typ, affiliation=row["canonical_as_written"], rule="organization", raw=raw)

    def _classify(self, toks: list[Token]) -> Speaker | None:
        lex = self.lex
        raw = self._text(toks)
        ws = _words(toks)
        if not ws:
            return None
        if self._document(ws[0]):  # «قال بيان للجيش التركي»: its issuer; «وأوضح البيان»: no speaker named
            return self._issuer(toks[toks.index(ws[0]) + 1:]) or Speaker(rule="document")
        if ws[0].text in ("حيث", "كما", "ذلك"):
            return Speaker(rule="document")
        person = self._known_person(toks)
        if person:
            return person
        back = self._anaphora(ws)
        if back:
            return back
        org = self._org_at(toks, 0)
        if org:
            return self._org_speaker(toks, org[1], org[0], raw)
        if lex.anonymous.match(toks, 0):
            return Speaker(self._text(self._anonymous_phrase(toks)), "anonymous", affiliation=self._affiliation(toks),
                           rule="anonymous", raw=raw)
        place = lex.places.match(ws, 0)
        if place and (place[0] == len(ws) or not ws[place[0]].text.startswith("ال")):
            # «وقالت إسرائيل»، «أعلنت واشنطن تسليم ...»: the government speaks
            return Speaker(self._text(ws[:place[0]]), "organization", rule="place", raw=raw)
        kind0 = lex.kind(toks[0])
        if kind0 == "title":
            rest = toks[1:]
            while rest and lex.kind(rest[0]) == "title":
                rest = rest[1:]
            if rest and self._bare(rest[0]):
                return self._name_first(rest, raw)
        if kind0 in ("head", "title"):
            start = self._name_start(toks)
            if start is not None:
                name_toks = self._name_run(toks, start)
                role_toks = [t for t in toks[:start] if t.text not in PUNCT]
                after = _words(toks[start + len(name_toks):])
                role = self._text(role_toks) or (self._text(after) if after else None)
                return Speaker(self._text(name_toks), "person", role or None, affiliation=self._affiliation(toks),
                               rule="role+name", raw=raw)
            role_toks = self._until_punct(toks, _MAX_NP)
            role_toks = role_toks[:next((i for i, t in enumerate(role_toks)
                                         if i > 0 and self.lex.function(t) == "ends_role"),
                                        len(role_toks))]  # «أكد الوزير على ضرورة ...»
            indefinite = self._indefinite(toks)
            return Speaker(self._text(role_toks), "anonymous" if indefinite else "person", self._text(role_toks),
                           affiliation=self._affiliation(toks), rule="role_only", raw=raw)
        if kind0 in _BODY_HEADS:
            body = self._until_punct(toks)
            body = body[:next((i for i, t in enumerate(body) if i > 0 and (
                self._document_object(t) or self._ends_name(t) or (i > 1 and self._document(t)))), len(body))]
            if body[0].text.startswith(("ال", "وال")):
                body = self._definite_name(body)
            typ = "agency" if kind0 == "agency_head" else "organization"
            return Speaker(self._text(body), typ, affiliation=self._affiliation(body) or self._text(body),
                           rule="organization_head", raw=raw)
        first = strip_conj(toks[0].text)[-1]
        if len(ws) == 1 and self._surname(ws[0]):
            return Speaker(raw, "person", rule="surname", raw=raw)
        if toks[0].text.startswith("ال") and toks[0].text not in lex.given and first not in lex.given:
            body = self._definite_name(self._until_punct(toks, 6))
            if len(body) == 1 and self._surname(body[0]):
                return Speaker(self._text(body), "person", rule="surname", raw=raw)
            return Speaker(self._text(body), "organization", affiliation=self._affiliation(toks), rule="institution", raw=raw)
        return self._name_first(toks, raw)

    def _definite_name(self, body: list[Token]) -> list[Token]:
        """A definite body's name: its definite and genitive words (الشبكة السورية لحقوق الإنسان، المكتب الإعلامي
        لمقاومة آزال, السلطات في غواتيمالا), up to a bare noun of what it did («الاتحاد الأوروبي اعتماد ...»)."""
        out = body[:1]
        after_in = 0  # words taken after «في»
        for t in body[1:]:
            prev = out[-1].text
            if self._ends_name(t):
                break
            if t.text == "في":
                after_in = 2
            elif after_in and t.is_word and t.text not in _TIME_WORDS:
                after_in -= 1
            elif not (t.text.startswith(("ال", "وال", "ل", "بال")) or (prev.startswith("ل") and not prev.startswith("لل"))
                      or (t.text.startswith("ب") and self.lex.kind(t) == "org_head")):
                break
            out.append(t)
        while out and out[-1].text in _PREPOSITIONS:
            out.pop()
        return out

    def _ends_name(self, t: Token) -> bool:
        """Where the name of a body or a role ends: a verb, a relative «ما», a verb's complement (function_words)."""
        return self.lex.function(t) in ("ends_role", "ends_body")

    def _surname(self, t: Token) -> bool:
        """A family name alone: a definite nisba (المالكي، الحربي) that is no role, organization or group."""
        w = t.text
        return (w.startswith("ال") and w.endswith("ي") and not w.endswith("يي") and len(w) > 5
                and self._raw(t).endswith("ي")  # not «الدعوى»
                and self.lex.kind(t) is None and self._org_at([t], 0) is None
                and not self._anonymous_head(w[2:], t))

    def _anonymous_head(self, word: str, at: Token) -> bool:
        """Is `word` (a token's text without a prefix, at token `at`) the head of an anonymous source?"""
        return bool(word) and self.lex.anonymous.match([Token(word, at.start, at.end)], 0) is not None

    def _anonymous_phrase(self, toks: list[Token]) -> list[Token]:
        """«مصادر طبية» (head and adjectives), «مصدر في الادعاء العام» (a bare head keeps its complement)."""
        body = self._until_punct(toks)
        end = self.lex.anonymous.match(body, 0)[0]  # type: ignore[index]
        while end < len(body) and body[end].text not in _PREPOSITIONS and self._adjective(body[end]):
            end += 1
        if end == 1 and len(body) > 1 and body[1].text in _PREPOSITIONS:
            return body
        return body[:end]

    def _adjective(self, t: Token) -> bool:
        w = strip_conj(t.text)[-1]
        return t.is_word and not w.startswith("ل") and w.endswith(("ي", "يه", "يون", "يين", "ون", "ين", "ه")) \
            and self.lex.kind(t) not in ("agency_head", "outlet_head")  # «مصدر أمني وكالة ...»: a noun

    def _indefinite(self, toks: list[Token]) -> bool:
        """«مسؤول أمني»، «قيادي في قسد» are unnamed sources; «وزير الداخلية»، «مدير صحة إدلب» name an office."""
        if toks[0].text.startswith(("ال", "وال")):
            return False
        if len(toks) == 1 or toks[1].text in _PREPOSITIONS or toks[1].text in PUNCT:
            return True
        nxt = toks[1].text
        return not nxt.startswith("ال") and nxt.endswith("ي")

    def _name_first(self, toks: list[Token], raw: str) -> Speaker:
        """«عدنان عفرين القيادي في قسد»، «مصطفى بالي، المتحدث باسم ...»."""
        if self.recognizer is not None:
            span = self.recognizer.person_span([t.text for t in toks])
            if span:
                toks = toks[span[0]:]
        name_toks = self._name_run(toks, 0)
        rest = _words(toks[len(name_toks):])
        role = self._text(rest) if rest and self.lex.kind(rest[0]) in ("head", "title") else None
        return Speaker(self._text(name_toks), "person", role, affiliation=self._affiliation(rest), rule="name", raw=raw)

    def _name_start(self, toks: list[Token]) -> int | None:
        """Where a name begins after a role (مدير المركز الإعلامي لقسد مصطفى بالي)."""
        lex = self.lex
        for k in range(1, len(toks)):
            t = toks[k].text
            if t in PUNCT:
                continue
            if lex.kind(toks[k - 1]) == "title" and self._bare(toks[k]) and not self._names_a_body(toks, k):
                return k
            if (t in lex.given or " ".join(x.text for x in toks[k:k + 2]) in lex.given) and toks[k - 1].text != "باسم" \
                    and not self._names_a_body(toks, k) and (t != "علي" or self._name_ali(toks[k])):
                return k
        tail = _words(toks)[-2:]
        if len(tail) == 2 and len(toks) > 3 and all(self._bare(t) for t in tail) and not tail[0].text.endswith("ه"):
            start = toks.index(tail[0])
            if not any((m := self._org_at(toks, i)) and m[0] > start for i in range(start)):
                return start
        return None

    def _raw(self, t: Token) -> str:
        return self.doc.raw[slice(*self.doc.keyed.raw_span(t.start, t.end))]

    def _name_ali(self, t: Token) -> bool:
        """The name «علي», which the match key spells like the preposition «على»."""
        return t.text == "علي" and self._raw(t).endswith("ي")

    def _names_a_body(self, toks: list[Token], k: int) -> bool:
        """A given name inside the name of a body: «مركز الملك سلمان للإغاثة»، «جائزة الشيخ زايد للكتاب»."""
        for t in toks[k + 1:k + 4]:
            if t.text in PUNCT or self.lex.function(t) == "audience":
                return False
            if t.text.startswith("لل"):
                return True
        return False

    def _bare(self, t: Token) -> bool:
        w = t.text
        return (w.isalpha() and not w.startswith(("ال", "لل", "بال", "وال")) and self.lex.kind(t) is None
                and not w.startswith("ل") and self.lex.orgs.match([t], 0) is None and (w not in _PREPOSITIONS or self._name_ali(t)))

    def _name_run(self, toks: list[Token], start: int) -> list[Token]:
        """The name tokens from `start`: until a role word, punctuation, preposition or organization; at most 4."""
        out: list[Token] = []
        for k in range(start, min(len(toks), start + 4)):
            t = toks[k]
            if t.text in PUNCT or t.text in _PREPOSITIONS or self.lex.kind(t) in ("head", "title", "org_head") \
                    or self.lex.function(t) == "audience":
                break
            if out and (self._org_at(toks, k) or self.lex.events.match(toks, k)):
                break
            out.append(t)
        return out or toks[start:start + 1]

    def _known_person(self, toks: list[Token]) -> Speaker | None:
        """A surname or full name already seen in this article."""
        name_words = [t.text for t in _words(toks)]
        if not name_words or len(name_words) > 2:
            return None
        key = " ".join(name_words)
        matches = [p for full, p in self.persons.items()
                   if full == key or full.split()[-1] == key or (len(name_words) == 1 and full.split()[0] == key)]
        if len(matches) == 1:
            return replace(matches[0], rule="alias", channel=None)
        return None

    def _anaphora(self, ws: list[Token]) -> Speaker | None:
        """«وأضاف المصدر»، «وقالت الوزارة»، «المصدر ذاته»، «نفس المصدر»: a definite head naming a speaker seen
        before; an anonymous head seen nowhere before is that anonymous source."""
        same = False
        head_word = ws[0].text.removeprefix("ال")
        if len(ws) > 1 and head_word != ws[0].text and all(w.text.startswith("ال") for w in ws[1:]) \
                and self._anonymous_head(head_word, ws[0]):
            # «المصادر الميدانية»: the anonymous sources named before, or anonymous sources
            back = self._anaphora(ws[:1])
            return replace(back, name=back.name if back.rule == "anaphora" else self._text(ws)) if back else None
        if len(ws) == 2 and self.lex.function(ws[0]) == "same_before":
            ws, same = ws[1:], True
        elif len(ws) == 2 and self.lex.function(ws[1]) == "same_after":
            ws, same = ws[:1], True
        if len(ws) != 1:
            return None
        head = ws[0].text.removeprefix("ال")
        if not head or (head == ws[0].text and not same):
            return None
        for sp in reversed(self._seen):
            first = normalize(sp.name or "").split()[:1]
            if first and first[0].removeprefix("ال") == head:
                return replace(sp, rule="anaphora", channel=None)
        if self._anonymous_head(head, ws[0]):
            return Speaker(self._text(ws), "anonymous", rule="anonymous", raw=self._text(ws))
        return None

    # -- the article --------------------------------------------------------------------
    def _np_after(self, k: int, limit: int) -> tuple[list[Token], int | None, bool]:
        """The speaker phrase after a cue ending at k: (tokens, where the reported content starts, hard).

        `hard` is True when a complementizer, a colon, «قوله» or a quotation ends the phrase; a number,
        an event word or a ب-object only make a soft end; no end at all gives content None.
        """
        toks = self.doc.tokens
        j = k
        channel_seen = False
        while j < limit:
            t = toks[j].text
            if t in _COMPLEMENTIZERS or t == ":":
                return toks[k:j], j, True
            if t in _PRE_COMPLEMENTIZER and j + 1 < limit and toks[j + 1].text in _COMPLEMENTIZERS:
                return toks[k:j], j, True
            cue = self._cue(j)
            if cue and cue[1]["type"] == "content":  # type: ignore[index]
                return toks[k:j], cue[0], True
            if t in QUOTES and t != "(":
                close = next((m for m in range(j + 1, min(limit, j + 5)) if toks[m].text in QUOTES), None)
                if close is None:
                    return toks[k:j], j, True  # a direct quotation starts here
                j = close + 1
                continue
            if j > k and (toks[j].is_num or self.lex.events.match(toks, j) or (channel_seen and self._object_with_ba(toks, j))):
                return toks[k:j], j, False  # «أعلنت الوزارة مقتل 45»، «أفاد مصدر لوكالة X بوصول 13 جثة»
            if j == k and toks[j].is_word and self.lex.events.match(toks, j):
                return [], j, False  # «وكانت المصادر قد أكدت مقتل العشرات»: the speaker came before the verb
            if j - k > _MAX_NP or cue:
                break
            channel_seen = channel_seen or (j > k and self._channel_at(toks, j) is not None)
            j += 1
        return toks[k:j], None, False

    def _object_with_ba(self, toks: list[Token], j: int) -> bool:
        t = toks[j].text
        return (len(t) > 3 and t[0] == "ب" and t not in ("باسم",) and not t.startswith("بال")
                and self._org_at(toks, j) is None and self.lex.kind(toks[j]) is None)

    def _collect_persons(self) -> None:
        """Register every named person of the article's reporting and interview clauses."""
        toks = self.doc.tokens
        # only tokens that start a cue or name an interview can register anyone
        todo = sorted({*self._cues_at, *(k for k, t in enumerate(toks) if t.text in self._interview_words)})
        for a, b in self._sentences:
            for k in todo[bisect_left(todo, a):bisect_left(todo, b)]:
                cue = self._cue(k)
                interview = toks[k].text in self._interview_words
                if cue and cue[1]["type"] in ("verb", "verb_strict", "mention"):  # type: ignore[index]
                    np, _, _ = self._np_after(cue[0], b)
                    self._register(self.parse_np(self._strip_mention(np)), channel=self._sentence_channel(a, k))
                    if not np:
                        self._register(self._pre_verb_np(a, k))
                elif interview:
                    self._register_interview(k + 1, b)

    def _strip_mention(self, np: list[Token]) -> list[Token]:
        """«تحدث X عن سير العمليات»: the speaker phrase ends at عن."""
        for i, t in enumerate(np):
            if t.text == "عن" and i > 0:
                return np[:i]
        return np

    def _register(self, sp: Speaker | None, channel: str | None = None) -> None:
        if sp is None or sp.type != "person" or sp.rule not in ("role+name", "name") or len(sp.name.split()) < 2:
            return
        if sp.rule == "name" and not sp.role and normalize(sp.name).split()[0] not in self.lex.given:
            return  # a bare two-word phrase is a name only with a role or a known given name
        key = normalize(sp.name)
        old = self.persons.get(key)
        self.persons[key] = Speaker(sp.name, "person", sp.role or (old.role if old else None),
                                    channel or sp.channel or (old.channel if old else None),
                                    sp.affiliation or (old.affiliation if old else None), "person")

    def _register_interview(self, k: int, b: int) -> None:
        """التقت وكالة أنباء هاوار مع مدير المركز ... مصطفى بالي: the agency is his channel."""
        toks = self.doc.tokens
        org = self._org_at(toks, k)
        if not org or org[1]["type"] not in ("agency", "outlet"):
            return
        j = org[0]
        if j < b and toks[j].text == "مع":
            end = next((m for m in range(j + 1, b) if toks[m].text in _PREPOSITIONS and m > j + 2), b)
            self._register(self.parse_np(list(toks[j + 1:end])), channel=org[1]["canonical_as_written"])

    def _resolve(self, sp: Speaker | None, current: Speaker) -> Speaker:
        if sp is None or sp.name is None:
            return replace(current, channel=(sp.channel if sp and sp.channel else current.channel))
        if sp.type == "person":
            known = self.persons.get(normalize(sp.name))
            if known:
                sp = replace(sp, role=sp.role or known.role, affiliation=sp.affiliation or known.affiliation,
                             channel=sp.channel or known.channel)
            elif sp.rule == "role_only" and sp.affiliation:
                same = [p for p in self.persons.values() if p.affiliation == sp.affiliation]
                if len(same) == 1:
                    sp = replace(same[0], role=sp.role, channel=sp.channel or same[0].channel, rule="role_in_article")
        elif sp.rule in ("alias", "anaphora") and sp.channel is None:
            sp = replace(sp, channel=current.channel if current.name == sp.name else None)
        if sp.rule == "alias":
            known = self.persons.get(normalize(sp.name))
            if known and known.channel:
                sp = replace(sp, channel=known.channel)
        return sp

    def _speaker_after_according(self, end: int, b: int, current: Speaker) -> Speaker | None:
        """The source after «بحسب/وفقا لـ/نقلا عن» (or after «بحسب ما أفاد»), None for a document."""
        toks = self.doc.tokens
        j = end
        if j < b and toks[j].text in ("ما", "لما"):
            j += 1  # «وفقا لما أعلنه الدفاع المدني»: skip the verb, whatever its suffix
            if j < b and self.lex.function(toks[j]) != "appeared":
                j += 1
        elif j < b and self._cue(j):
            j = self._cue(j)[0]  # type: ignore[index]
        while j < b and self.lex.function(toks[j]) == "pronoun":
            j += 1  # «وفق ما صرح به»
        appeared = j < b and self.lex.function(toks[j]) == "appeared"
        if appeared:  # «حسبما جاء في الإعلان»، «وفق ما ورد في بيان للوزارة»: what it appeared in
            j += 2 if j + 1 < b and toks[j + 1].text == "في" else 1
        np_end = self._according_end(j, b)
        if j < b and self.lex.function(toks[j]) == "recipient" and np_end < b and toks[np_end].text in PUNCT:
            np_end = self._according_end(np_end + 1, b)  # «... به لمراسل X، الناطق الرسمي ...»
        np = [t for t in toks[j:np_end] if t.text not in QUOTES]
        bare = Token(np[0].text[1:], np[0].start + 1, np[0].end) if np and len(np[0].text) > 2 else None
        if bare and np[0].text.startswith("ل") and not np[0].text.startswith("لل") and self._org_at(np, 0) is None \
                and (self.lex.anonymous.match([bare], 0) or self.lex.kind(bare) in _HEADS):
            np[0] = bare  # «وفقا لمصادر عسكرية»، «وفقا لمركز دمشق الإعلامي»
        elif np and np[0].text.startswith("ل") and np[0].text[1:] in figure_lexicons().numbers:
            return None  # «وفقا لثلاثة معايير»: criteria, not a source
        if np and np[0].text == "ل":
            np = np[1:]
        if not np:
            return None
        org = self._org_at(np, 0)
        if appeared and not org and not self._document(np[0]):
            return None  # «حسبما جاء في الإعلان»: no one is named
        if org:  # «وفقا لوكالة الأناضول»: the source, not a channel
            return self._resolve(self._org_speaker(np, org[1], org[0], self._text(np)), current)
        if self._document(np[0]):
            sp = self._issuer(np[1:])
            return self._resolve(sp, current) if sp else None
        return self._resolve(self.parse_np(np), current)

    def _issuer(self, rest: list[Token]) -> Speaker | None:
        """Who issued a document, from the words after it: «بيان صادر عن وزارة الصحة»، «بلاغ لوزارة الفلاحة»،
        «بيانات حديثة لصندوق النقد الدولي»، «رواية وسائل الإعلام»; None when no one is named."""
        if len(rest) > 2 and self.lex.function(rest[0]) == "issued" and rest[1].text == "عن":
            sp = self.parse_np(rest[2:])
            return sp if sp and sp.name else None
        of = next((i for i, t in enumerate(rest[:3]) if t.text == "من"), None)
        if of is not None and of + 1 < len(rest) and all(t.is_word for t in rest[:of]):
            rest = rest[of + 1:]  # «حصيلة جديدة من المرصد السوري»
        if rest and not rest[0].text.startswith("ل") and (
                self.lex.anonymous.match(rest, 0) or self._org_at(rest, 0) or self.lex.kind(rest[0]) in _BODY_HEADS):
            return self.parse_np(rest)  # «رواية وسائل الإعلام»، «تقارير وزارة الصحة»
        for i, t in enumerate(rest[:3]):  # past an adjective or two («بيانات حديثة»)
            if t.text.startswith("ل") and t.text != "ل":
                org = self._org_at(rest, i)
                if org:
                    return self._org_speaker(rest[i:], org[1], org[0] - i, self._text(rest[i:]))
                bare = Token(t.text[1:], t.start + 1, t.end) if len(t.text) > 3 else None
                if bare and self.lex.kind(bare) in _BODY_HEADS:
                    sp = self.parse_np([bare, *rest[i + 1:]])
                    if sp and sp.name and t.text.startswith("لل"):
                        # «للجيش» is ل + الجيش; «للجنة الانتخابية» is ل + اللجنة (a stem in ل), unless indefinite
                        definite = i + 1 < len(rest) and rest[i + 1].text.startswith("ال")
                        if t.text[1:] not in self.lex.roles:
                            sp = replace(sp, name="ا" + sp.name)
                        elif definite:
                            sp = replace(sp, name="ال" + sp.name)
                    return sp if sp and sp.name else None
                return None
            if not t.is_word or t.text in PUNCT:
                return None
        return None

    def _according_end(self, j: int, b: int) -> int:
        toks = self.doc.tokens
        return next((m for m in range(j, b) if toks[m].text in PUNCT or toks[m].text in _COMPLEMENTIZERS
                     or (m > j and self._cue(m))), b)

    def _resolve_cues(self) -> None:
        toks = self.doc.tokens
        current = OUTLET_VOICE
        open_quote: Speaker | None = None
        for si, (a, b) in enumerate(self._sentences):
            if self.until is not None and a > self.until:
                break
            if open_quote is not None:
                self.sentence_speaker[si] = open_quote
            k = a
            last_in_sentence: Speaker | None = None
            while k < b:
                m = self._cue(k)
                if not m or m[1]["type"] == "content":  # type: ignore[index]
                    k = self._next_cue(k, b)
                    continue
                end, row = m
                typ = row["type"]  # type: ignore[index]
                if typ == "participle":
                    self.cues.append(_Cue(k, end, typ, last_in_sentence or current))
                    k = end
                    continue
                if typ == "according":
                    sp = self._speaker_after_according(end, b, current)
                    if sp is not None and sp.name:
                        if last_in_sentence is not None and last_in_sentence.type == "agency" and not sp.channel:
                            sp = replace(sp, channel=self._channel_name(last_in_sentence))  # ذكرت سانا نقلا عن مصدر
                        self.cues.append(_Cue(k, end, typ, sp))
                        self._note(sp)
                        last_in_sentence = sp
                    k = end
                    continue
                np, content, hard = self._np_after(end, b)
                if typ == "verb_strict" and not self._has_from(np) and (
                        not hard or self._long_phrase(np) or self._clause_punct(np)):
                    k = end  # «من بين أكثر عشر مدن ...»: بين is not «بيّن» here
                    continue
                if typ == "mention":
                    np = self._strip_mention(np)
                content = content if content is not None else end + len(np)
                parsed = self._split_from(np) or self.parse_np(np)
                if (parsed is None or parsed.name is None) and typ != "hedge" and not (parsed and parsed.rule == "no_speaker"):
                    before = self._pre_verb_np(a, k)
                    if before is not None and before.name:
                        parsed = replace(before, channel=parsed.channel if parsed else before.channel)
                if parsed is not None and parsed.channel is None:
                    parsed = replace(parsed, channel=self._sentence_channel(a, k))
                if typ == "hedge" and (parsed is None or parsed.name is None or parsed.rule not in ("organization", "organization_head", "role+name", "alias", "anaphora")):
                    self.cues.append(_Cue(k, end, "hedge", OUTLET_VOICE))
                    k = end
                    continue
                sp = self._resolve(parsed, last_in_sentence or current)
                self.cues.append(_Cue(k, end, typ, sp))
                if sp.name:
                    current = sp
                    last_in_sentence = sp
                    self._note(sp)
                quotes = [t for t in toks[content:b] if t.text == '"']
                if len(quotes) % 2 == 1:
                    open_quote = sp
                k = max(end, content)
            if open_quote is not None and si in self.sentence_speaker:
                quotes = [t for t in toks[a:b] if t.text == '"']
                if len(quotes) % 2 == 1:
                    open_quote = None

    def _sentence_channel(self, a: int, k: int) -> str | None:
        """«وفي حديث لقناة الجزيرة، قال ...»: a channel phrase before the verb in its sentence."""
        toks = self.doc.tokens
        seg = list(toks[a:k])
        for i in range(len(seg)):
            if seg[i].text in _CHANNEL_CONTEXT or strip_conj(seg[i].text)[-1] == "في":
                ch = self._channel_at(seg, i) if seg[i].text != "وفي" else self._channel_at(
                    [Token("في", seg[i].start, seg[i].end)] + seg[i + 1:], 0)
                if ch:
                    return ch[0]
        return None

    def _note(self, sp: Speaker) -> None:
        if sp.name:
            self._seen.append(sp)

    def _channel_name(self, sp: Speaker) -> str:
        return sp.affiliation or sp.name or ""

    def _long_phrase(self, np: list[Token]) -> bool:
        """Too long for a strict verb's speaker: over 8 tokens, or over 12 words when it opens like a speaker
        («وذكر القيادي في المقاومة في المنطقة الوسطى العميد محمد الشموخ»، «شهود عيان لـ«الشرق الأوسط»»)."""
        if self._speaker_start(np):
            return len([t for t in np if t.is_word]) > 12
        return len(np) > 8

    def _clause_punct(self, np: list[Token]) -> bool:
        """Punctuation inside a speaker phrase other than around an aside: «ذكر المرصد، الثلاثاء، أن»،
        «وذكر المركز، في بيان، أن»."""
        for i, t in enumerate(np):
            if t.text in PUNCT:
                aside = [x for x in np[i + 1:] if x.text not in PUNCT]
                if not aside:  # «وذكر الجيش التركي، أن»: a comma before the reported clause, after a speaker
                    return not self._speaker_start([x for x in np if x.text not in QUOTES])
                return not (len(aside) <= 3 and (
                    strip_conj(aside[0].text)[-1] in self.lex.weekdays or aside[0].text in _TIME_WORDS
                    or (aside[0].text == "في" and len(aside) > 1 and (self._document(aside[1])
                                                                     or aside[1].text in _CHANNEL_CONTEXT))))
        return False

    def _has_from(self, np: list[Token]) -> bool:
        return any(t.text == "عن" for t in np[1:])

    def _split_from(self, np: list[Token]) -> Speaker | None:
        """«نقلت وكالة إنترفاكس عن نائب وزير الخارجية ...»: the speaker after عن, the medium as channel."""
        for i, t in enumerate(np):
            if t.text == "عن" and i > 0:
                medium = self.parse_np(np[:i])
                if medium is None or medium.type not in ("agency", "organization"):
                    return None
                org = self._org_at(np, 0)
                if medium.type == "organization" and not (org and org[1]["type"] == "outlet") \
                        and self.lex.kind(np[0]) not in ("outlet_head", "agency_head"):
                    return None
                source = self.parse_np(np[i + 1:])
                if source is None or source.name is None:
                    return None
                name = org[1]["canonical_as_written"] if org else self._text(_words(np[1:i]))
                return replace(source, channel=source.channel or name)
        return None

    def _pre_verb_np(self, a: int, k: int) -> Speaker | None:
        """The speaker written before the verb: «بالي، أكد أن», «وكان المرصد قد ذكر», «أما X، فقد أكد»."""
        toks = self.doc.tokens
        seg = list(toks[a:k])
        while seg and (seg[-1].text in PUNCT or strip_conj(seg[-1].text)[-1] in ("قد", "فقد")):
            seg.pop()
        comp = max((i for i, t in enumerate(seg) if t.text in _COMPLEMENTIZERS), default=None)
        if comp is not None and self._short_subject(seg[comp + 1:]):
            # «قال المالكي إن الحكومة اليمنية ذكرت»، «يذكر أن وزارة الدفاع الجزائرية أكدت»: the clause's own subject
            return self.parse_np(seg[comp + 1:])
        for i in range(len(seg) - 1, -1, -1):  # «..., لكن مسؤولا إقليميا أضاف»: only the last clause
            if seg[i].text in PUNCT and not (i + 2 < len(seg) and (seg[i + 1].text, seg[i + 2].text) in _FILLERS):
                if not any(seg[j].text in PUNCT for j in range(i + 1, len(seg))) and i > 0:
                    later = seg[i + 1:]
                    if later and not (len(later) >= 2 and (later[0].text, later[1].text) in _FILLERS):
                        seg = later
                break
        while seg and seg[0].text in _OPENERS:
            seg.pop(0)
        while seg and (seg[0].text in PUNCT or seg[0].text in _OPENERS):
            seg.pop(0)
        if not seg or len(seg) > 12 or any(self._cue(t_i) for t_i in range(a, k)
                                            if toks[t_i] in seg):
            return None
        return self.parse_np(seg)

    def _short_subject(self, seg: list[Token]) -> bool:
        """A short noun phrase that can be a clause's subject: a body, a source, a role or a definite noun."""
        if not seg or len(seg) > 6 or any(not t.is_word for t in seg):
            return False
        first = seg[0]
        if self.lex.kind(first) in _HEADS or self._org_at(seg, 0) is not None:
            return True  # «شركة ايسمان المالكة للطائرة المنكوبة»
        return len(seg) <= 4 and (first.text.startswith("ال") or self.lex.anonymous.match(seg, 0) is not None)

    def cue_ends_at(self, tok: int) -> bool:
        """A reporting cue ends right before token `tok` (the figure is the speaker phrase: «قال أحد السكان»)."""
        return any(c.end == tok for c in self.cues)

    def speaker_for(self, fig_start: int, fig_end: int) -> Speaker:
        """The speaker of the figure at tokens [fig_start, fig_end)."""
        raw_start = self.doc.token_raw_span(fig_start, fig_end)[0]
        post = self.doc.post_at(raw_start)
        if post is not None:
            return Speaker(post.author, "person", channel=None, rule="embedded_post", raw=f"@{post.handle}")
        si = self._sentence_index(fig_start)
        a, b = self._sentences[si]
        before = [c for c in self.cues if a <= c.start < fig_start]
        after = [c for c in self.cues if fig_end <= c.start < b and c.type == "according"]
        for cue in reversed(before):
            if cue.type == "hedge" and cue.speaker.name:
                return cue.speaker
            if cue.type == "hedge":
                earlier = [c for c in before if c.start < cue.start and c.type in ("verb", "verb_strict", "participle")]
                return earlier[-1].speaker if earlier else (after[0].speaker if after else OUTLET_VOICE)
            if cue.speaker.name:
                return cue.speaker
        if after:
            return after[0].speaker
        if not before:
            tail = self._tail_cue(fig_end, b)
            if tail is not None:
                return tail.speaker
        if before and before[-1].speaker.name is None:
            return OUTLET_VOICE
        return self.sentence_speaker.get(si, OUTLET_VOICE)

    def _tail_cue(self, fig_end: int, b: int) -> _Cue | None:
        """A reporting verb set after the report, ending its sentence: «قتل 12 شخصا، قالت الشرطة»،
        «... كما قال مسؤول أمني لرويترز»."""
        toks = self.doc.tokens
        for c in self.cues:
            if fig_end <= c.start < b and c.type in ("verb", "verb_strict") and c.speaker.name and c.speaker.raw:
                prev = toks[c.start - 1].text if c.start > 0 else ""
                as_said = strip_conj(prev)[-1] == "كما"  # «كما قال»
                # «، قالت الشرطة»: not «، وأعلن X ...», which starts a clause of its own
                after_comma = prev in PUNCT and not toks[c.start].text.startswith("و")
                words = [t for t in toks[c.end:b] if t.is_word]
                to_whom = len(c.speaker.channel.split()) + 1 if c.speaker.channel else 0
                named_here = set(normalize(c.speaker.raw).split()) <= {t.text for t in words}
                # nothing after the verb but who said it (and to whom): no reported content of its own
                if (as_said or after_comma) and named_here and len(words) <= 4 + to_whom \
                        and not any(t.text in QUOTES for t in toks[c.end:b]):
                    return c
        return None

    def _sentence_index(self, tok: int) -> int:
        for si, (a, b) in enumerate(self._sentences):
            if a <= tok < b:
                return si
        return max(0, len(self._sentences) - 1)
