"""Who said it: the speaker, speaker type, role and channel of each figure in an article.

There is no NER model here; the structure of Arabic reporting clauses does the work:
a reporting cue (قال، أكد، أشار إلى أن، بحسب، ...) followed by the speaker's noun phrase,
which is split into a name, a role (مدير المركز الإعلامي لقسد), an affiliation and a
channel (لرويترز، في تصريحات لوكالة "سبوتنيك"). Organizations, agencies, role words,
anonymous heads and given names come from the lexicons. Within an article a surname
(بالي) resolves to the full name (مصطفى بالي), continuation cues with no subject
(وأضاف، وتابع، مضيفا) keep the current speaker, and sentences with no cue are in the
outlet's own voice (speaker None) unless they sit inside a quotation that is still open.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from arqam.arabic.lexicon import PhraseIndex, phrase_index, read_tsv, words
from arqam.arabic.normalize import normalize
from arqam.arabic.tokens import Token, forms, strip_conj
from arqam.document import Document

QUOTES = {'"', "'", "(", ")", "[", "]", "«", "»"}
PUNCT = {"،", ",", ".", ";", "؛", "-", "\u2013", "\u2014"}
_COMPLEMENTIZERS = {"ان", "انه", "انها", "انهم", "انهما", "انهن", "بان", "بانه", "بانها", "بانهم", "لان"}
_RELATIVE = {"التابعه", "التابع", "التي", "الذي", "الذين", "المدعومه", "المدعوم", "المقرب", "المقربه", "ومقره"}
_TIME_WORDS = {"اليوم", "امس", "يوم", "مساء", "صباح", "ليل", "الليله", "الشهر", "الاسبوع", "العام", "اول", "الاول",
               "الماضي", "الماضيه", "اليومين", "حاليا", "ايضا", "كذلك", "بدوره", "بدورها", "من", "جهته", "جهتها"}
_CHANNEL_CONTEXT = {"تصريحات", "تصريح", "حديث", "مقابله", "لقاء", "اتصال", "بيان", "مؤتمر"}
_PREPOSITIONS = {"في", "من", "على", "عن", "مع", "الي", "خلال", "لدى"}


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


class AttributionLexicons:
    def __init__(self) -> None:
        cues = read_tsv("reporting", ("form", "type"), key="form")
        self.cues: PhraseIndex = phrase_index(cues, "form")
        orgs = read_tsv("organizations", ("canonical", "type", "display", "aliases"), key="canonical", optional=("aliases",))
        self.orgs = PhraseIndex(prefixes=True)
        for row in orgs:
            for alias in {row["canonical"], normalize(row["display"]), *filter(None, row["aliases"].split("|"))}:
                if alias.strip() and "(" not in alias:
                    self.orgs.add(alias, row)
        roles = read_tsv("roles", ("word", "kind"), key="word")
        self.role_heads = phrase_index([r for r in roles if r["kind"] == "head"], "word")
        self.role_vocab = {r["word"] for r in roles if r["kind"] == "vocab"}
        self.anonymous = phrase_index(read_tsv("anonymous", ("word",), key="word"), "word")
        self.not_speakers = words("sources_not_speakers")
        self.interviews = words("interviews", "form")
        self.given = {r["name"] for r in read_tsv("given_names", ("name", "source"), key="name")}
        self.weekdays = {r["form"] for r in read_tsv("weekdays", ("form", "weekday"), key="form")}


@cache
def lexicons() -> AttributionLexicons:
    return AttributionLexicons()


@dataclass
class _Cue:
    start: int  # token index of the cue
    end: int
    type: str
    speaker: Speaker


@dataclass
class ArticleSpeakers:
    """Attribution state of one article, built once, then asked per figure."""

    doc: Document
    lex: AttributionLexicons = field(default_factory=lexicons)
    persons: dict[str, Speaker] = field(default_factory=dict)  # full name -> what we know
    cues: list[_Cue] = field(default_factory=list)
    sentence_speaker: dict[int, Speaker] = field(default_factory=dict)  # sentence index -> open-quote speaker

    def __post_init__(self) -> None:
        self._sentences = [self.doc.tokens_in(s, e) for s, e in self.doc.sentences]
        self._collect_persons()
        self._resolve_cues()

    # -- noun phrases -------------------------------------------------------------------
    def _text(self, toks: list[Token]) -> str:
        """Raw text of tokens, quotes dropped, single-spaced."""
        if not toks:
            return ""
        s, e = self.doc.keyed.raw_span(toks[0].start, toks[-1].end)
        raw = self.doc.raw[s:e]
        for q in '"\'«»“”()':
            raw = raw.replace(q, "")
        raw = raw.replace("ـ", "")
        return " ".join(raw.split())

    def _org_at(self, toks: list[Token], k: int) -> tuple[int, dict] | None:
        m = self.lex.orgs.match(toks, k)
        return (m[0], m[1]) if m else None  # type: ignore[return-value]

    def parse_np(self, toks: list[Token]) -> Speaker | None:
        """Split a speaker phrase into name, type, role, channel and affiliation."""
        lex = self.lex
        toks = [t for t in toks if t.text not in QUOTES and t.text not in ("ـ",)]
        channel = None
        kept: list[Token] = []
        k = 0
        while k < len(toks):
            t = toks[k]
            if t.text in _CHANNEL_CONTEXT or (t.text in ("في",) and k + 1 < len(toks) and toks[k + 1].text in _CHANNEL_CONTEXT):
                # في تصريحات لوكالة X / في حديث لقناة X
                j = k + (2 if t.text == "في" else 1)
                if j < len(toks) and toks[j].text.startswith("ل"):
                    org = self._org_at(toks, j) or (self._org_at(toks, j + 1) if toks[j].text == "ل" else None)
                    if org:
                        channel = org[1]["canonical_as_written"]
                        k = org[0] if toks[j].text != "ل" else org[0]
                        continue
                break
            if t.text.startswith("ل") and k > 0:
                org = self._org_at(toks, k)
                if org is None and t.text in ("ل", "لوكاله", "لقناه", "لصحيفه", "لموقع", "لشبكه") and k + 1 < len(toks):
                    org = self._org_at(toks, k + 1)
                if org and org[1]["type"] in ("agency", "outlet"):
                    channel = org[1]["canonical_as_written"]
                    k = org[0]
                    continue
            kept.append(t)
            k += 1
        # cut at relative clauses, time expressions and punctuation at the end
        cut: list[Token] = []
        for t in kept:
            base = strip_conj(t.text)[-1]
            if t.text in _RELATIVE or t.text in _TIME_WORDS or t.text in lex.weekdays or base in lex.weekdays:
                break
            cut.append(t)
        while cut and (cut[-1].text in PUNCT or cut[-1].text in _PREPOSITIONS):
            cut.pop()
        while cut and cut[0].text in PUNCT:
            cut.pop(0)
        if not cut:
            return Speaker(channel=channel, rule="pronoun") if channel else None
        sp = self._classify(cut)
        return replace(sp, channel=channel or sp.channel) if sp else None

    def _affiliation(self, toks: list[Token]) -> str | None:
        for k in range(len(toks)):
            org = self._org_at(toks, k)
            if org and org[1]["type"] == "organization":
                return org[1]["canonical_as_written"]
        return None

    def _classify(self, toks: list[Token]) -> Speaker | None:
        lex = self.lex
        raw = self._text(toks)
        words_ = [t.text for t in toks if t.text not in PUNCT]
        if not words_:
            return None
        # a known person by full name or surname
        person = self._known_person(toks)
        if person:
            return person
        org = self._org_at(toks, 0)
        if org:
            row = org[1]
            return Speaker(normalize_display(row["display"]), "agency" if row["type"] == "agency" else "organization",
                           channel=None, affiliation=row["canonical_as_written"], rule="organization", raw=raw)
        if lex.anonymous.match(toks, 0):
            end = len(toks)
            for k in range(1, len(toks)):
                if toks[k].text in PUNCT or toks[k].text in _PREPOSITIONS or lex.role_heads.match(toks, k):
                    end = k
                    break
            return Speaker(self._text(toks[: min(end, 3)]), "anonymous", affiliation=self._affiliation(toks),
                           rule="anonymous", raw=raw)
        if lex.role_heads.match(toks, 0):
            start = self._name_start(toks)
            if start is not None:
                name_toks = self._name_run(toks, start)
                role = self._text([t for t in toks[:start] if t.text not in PUNCT])
                return Speaker(self._text(name_toks), "person", role or None, affiliation=self._affiliation(toks),
                               rule="role+name", raw=raw)
            role_toks = [t for t in toks if t.text not in PUNCT]
            return Speaker(self._text(role_toks), "person", self._text(role_toks), affiliation=self._affiliation(toks),
                           rule="role_only", raw=raw)
        first = strip_conj(toks[0].text)[-1]
        if toks[0].text.startswith("ال") and toks[0].text not in lex.given and first not in lex.given:
            # an institution named by a common noun: الشرطة، الحكومة، الوكالة
            end = len(toks)
            for k in range(1, len(toks)):
                if toks[k].text in PUNCT:
                    end = k
                    break
            return Speaker(self._text(toks[: min(end, 6)]), "organization", affiliation=self._affiliation(toks),
                           rule="institution", raw=raw)
        name_toks = self._name_run(toks, 0)
        rest = toks[len(name_toks):]
        role_toks = [t for t in rest if t.text not in PUNCT]
        role = self._text(role_toks) if role_toks and lex.role_heads.match(role_toks, 0) else None
        return Speaker(self._text(name_toks), "person", role, affiliation=self._affiliation(rest), rule="name", raw=raw)

    def _name_start(self, toks: list[Token]) -> int | None:
        """Where a name begins after a role (مدير المركز الإعلامي لقسد مصطفى بالي)."""
        lex = self.lex
        for k in range(1, len(toks)):
            t = toks[k].text
            if t in lex.given or " ".join(x.text for x in toks[k:k + 2]) in lex.given:
                if k > 0 and toks[k - 1].text == "باسم":
                    continue
                return k
        # two trailing bare words that are not role vocabulary or an organization
        tail = [t for t in toks if t.text not in PUNCT][-2:]
        if len(tail) == 2 and len(toks) > 3 and all(self._bare(t) for t in tail):
            return toks.index(tail[0])
        return None

    def _bare(self, t: Token) -> bool:
        w = t.text
        return (w.isalpha() and not w.startswith(("ال", "لل", "بال", "وال")) and w not in self.lex.role_vocab
                and not w.startswith("ل") and self.lex.orgs.match([t], 0) is None)

    def _name_run(self, toks: list[Token], start: int) -> list[Token]:
        """The name tokens from `start`: until a role word, punctuation, preposition or organization; at most 4."""
        out: list[Token] = []
        for k in range(start, min(len(toks), start + 4)):
            t = toks[k]
            if t.text in PUNCT or t.text in _PREPOSITIONS or self.lex.role_heads.match(toks, k):
                break
            if out and self._org_at(toks, k):
                break
            out.append(t)
        return out or toks[start:start + 1]

    def _known_person(self, toks: list[Token]) -> Speaker | None:
        """A surname or full name already seen in this article."""
        name_words = [t.text for t in toks if t.text not in PUNCT]
        if not name_words or len(name_words) > 2:
            return None
        key = " ".join(name_words)
        matches = [p for full, p in self.persons.items()
                   if full == key or full.split()[-1] == key or (len(name_words) == 1 and full.split()[0] == key)]
        if len(matches) == 1:
            return replace(matches[0], rule="alias", channel=None)
        return None

    # -- the article --------------------------------------------------------------------
    def _np_after(self, k: int, limit: int) -> tuple[list[Token], int | None]:
        """Tokens of the speaker phrase after a cue ending at k, and where the reported content starts.

        The content start is None when no complementizer, colon or quotation was found.
        """
        toks = self.doc.tokens
        j = k
        while j < limit:
            t = toks[j].text
            if t in _COMPLEMENTIZERS or t == ":" or (t == "الي" and j + 1 < limit and toks[j + 1].text in _COMPLEMENTIZERS):
                return toks[k:j], j
            if t in QUOTES and t != "(":
                close = next((m for m in range(j + 1, min(limit, j + 5)) if toks[m].text == t or toks[m].text in QUOTES), None)
                if close is None:
                    return toks[k:j], j  # a direct quotation starts here
                j = close + 1
                continue
            if j - k > 18 or self.lex.cues.match(toks, j):
                break
            j += 1
        return toks[k:j], None

    def _collect_persons(self) -> None:
        """Register every named person of the article's reporting and interview clauses."""
        toks = self.doc.tokens
        for a, b in self._sentences:
            for k in range(a, b):
                cue = self.lex.cues.match(toks, k)
                interview = toks[k].text in self.lex.interviews or strip_conj(toks[k].text)[-1] in self.lex.interviews
                if cue and cue[1]["type"] in ("verb", "verb_strict", "hedge"):
                    np, _ = self._np_after(cue[0], b)
                    self._register(self.parse_np(np))
                elif interview:
                    self._register_interview(k + 1, b)

    def _register(self, sp: Speaker | None, channel: str | None = None) -> None:
        if sp is None or sp.type != "person" or sp.rule not in ("role+name", "name") or len(sp.name.split()) < 2:
            return
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
            key = normalize(sp.name)
            known = self.persons.get(key)
            if known:
                sp = replace(sp, role=sp.role or known.role, affiliation=sp.affiliation or known.affiliation,
                             channel=sp.channel or known.channel)
            elif sp.rule == "role_only" and sp.affiliation:
                same = [p for p in self.persons.values() if p.affiliation == sp.affiliation]
                if len(same) == 1:
                    sp = replace(same[0], role=sp.role, channel=sp.channel or same[0].channel, rule="role_in_article")
        if sp.type in ("agency", "organization") and normalize(sp.name) in ("الوكاله",) and current.type == "agency":
            sp = current
        return sp

    def _resolve_cues(self) -> None:
        toks = self.doc.tokens
        current = OUTLET_VOICE
        open_quote: Speaker | None = None
        for si, (a, b) in enumerate(self._sentences):
            if open_quote is not None:
                self.sentence_speaker[si] = open_quote
            k = a
            last_in_sentence: Speaker | None = None
            while k < b:
                m = self.lex.cues.match(toks, k)
                if not m:
                    k += 1
                    continue
                end, row = m
                typ = row["type"]
                if typ == "participle":
                    sp = last_in_sentence or current
                    self.cues.append(_Cue(k, end, typ, sp))
                    k = end
                    continue
                if typ == "according":
                    np_end = next((j for j in range(end, b) if toks[j].text in PUNCT or self.lex.cues.match(toks, j)), b)
                    np = list(toks[end:np_end])
                    head = [t for t in np if t.text not in QUOTES]
                    if not head or any(f in self.lex.not_speakers for f in forms(head[0].text)):
                        k = end
                        continue
                    sp = self._resolve(self.parse_np(np), current)
                    self.cues.append(_Cue(k, end, typ, sp))
                    k = end
                    continue
                np, content = self._np_after(end, b)
                if typ == "verb_strict" and content is None:
                    k = end
                    continue
                content = content if content is not None else k + len(np) + 1
                parsed = self.parse_np(np)
                if parsed is None and typ == "verb":
                    parsed = self._pre_verb_np(a, k)
                if typ == "hedge" and (parsed is None or parsed.name is None or parsed.type is None
                                       or parsed.rule in ("institution", "name")):
                    self.cues.append(_Cue(k, end, "hedge", OUTLET_VOICE))
                    k = end
                    continue
                sp = self._resolve(parsed, last_in_sentence or current)
                self.cues.append(_Cue(k, end, typ, sp))
                if sp.name:
                    current = sp
                    last_in_sentence = sp
                # a quotation opened after the cue and not closed in this sentence goes on
                quotes = [t for t in toks[content:b] if t.text == '"']
                if len(quotes) % 2 == 1:
                    open_quote = sp
                k = max(end, content)
            if open_quote is not None and si in self.sentence_speaker:
                quotes = [t for t in toks[a:b] if t.text == '"']
                if len(quotes) % 2 == 1:
                    open_quote = None

    def _pre_verb_np(self, a: int, k: int) -> Speaker | None:
        """«بالي، أكد أن»: the speaker written before the verb, at the start of the sentence."""
        toks = self.doc.tokens
        seg = list(toks[a:k])
        if not seg or len(seg) > 6 or seg[-1].text not in ("،", ","):
            return None
        return self.parse_np(seg)

    def speaker_for(self, fig_start: int, fig_end: int) -> Speaker:
        """The speaker of the figure at tokens [fig_start, fig_end)."""
        raw_start = self.doc.token_raw_span(fig_start, fig_end)[0]
        post = self.doc.post_at(raw_start)
        if post is not None:
            return Speaker(post.author, "person", channel=None, rule="embedded_post", raw=f"@{post.handle}")
        si = self._sentence_index(fig_start)
        a, b = self._sentences[si]
        before = [c for c in self.cues if a <= c.start < fig_start]
        for cue in reversed(before):
            if cue.type == "hedge":
                earlier = [c for c in before if c.start < cue.start and c.type in ("verb", "participle")]
                return earlier[-1].speaker if earlier else OUTLET_VOICE
            if cue.speaker.name:
                return cue.speaker
        after = [c for c in self.cues if fig_end <= c.start < b and c.type == "according"]
        if after:
            return after[0].speaker
        if before and before[-1].speaker.name is None:
            return OUTLET_VOICE
        return self.sentence_speaker.get(si, OUTLET_VOICE)

    def _sentence_index(self, tok: int) -> int:
        for si, (a, b) in enumerate(self._sentences):
            if a <= tok < b:
                return si
        return max(0, len(self._sentences) - 1)


def normalize_display(name: str) -> str:
    return " ".join(name.split())
