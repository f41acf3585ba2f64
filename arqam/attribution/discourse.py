"""The discourse of an article: who speaks where, and the speaker of each figure.

The article is walked once, sentence by sentence: each reporting cue's speaker phrase is parsed
(phrase.py) and resolved (resolution.py) against the persons of the article; the speaker carries
over sentences that continue its statement (a participle, a verb with no subject, an open
quotation) until another source takes over; a sentence with no cue is in the outlet's own voice (in a press
review's, the press's: review.py).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace

from arqam.attribution.agreement import agreeing
from arqam.attribution.bodies import document, org_speaker
from arqam.attribution.channel import context_word, sentence_channel
from arqam.attribution.cues import CueIndex
from arqam.attribution.model import OUTLET_VOICE, Cue, CueType, Rule, Speaker, SpeakerPhrase
from arqam.attribution.persons import Persons
from arqam.attribution.phrase import HEADS, document_source, issuer, parse_phrase
from arqam.attribution.reader import Reader
from arqam.attribution.resolution import ArticleMemory, resolve, role_in_article
from arqam.attribution.review import press_voice
from arqam.attribution.scope import (
    according_end,
    clause_punct,
    has_from,
    long_phrase,
    phrase_after,
    phrase_before,
    without_mention,
)
from arqam.attribution.validate import rejection
from arqam.figures.typing import CASUALTIES
from arqam.lexicon.vocab import Vocabulary, vocabulary
from arqam.text import morph
from arqam.text.document import Document
from arqam.text.normalize import normalize
from arqam.text.tokens import Token, bare, strip_conj

_MEDIA = ("agency", "outlet")  # speaker types that carry a statement rather than make it
_SPEAKING_CUES = (CueType.VERB, CueType.VERB_STRICT, CueType.VERBAL_NOUN, CueType.MENTION)
_NAMED_SOURCES = (Rule.ORGANIZATION, Rule.ORGANIZATION_HEAD, Rule.ROLE_NAME, Rule.ALIAS, Rule.ANAPHORA)
# the rules that name a source strongly enough to be a sentence's subject
_SUBJECT_RULES = (Rule.ORGANIZATION, Rule.ORGANIZATION_HEAD, Rule.ROLE_NAME, Rule.ROLE_ONLY, Rule.ALIAS, Rule.PLACE,
                  Rule.ANONYMOUS)
_ROLE_TO_NAME = 8  # tokens from a role's head to the given name of the person it names, at most
_TAIL_WORDS = 4  # a reporting verb set after the report has at most this many words after it (and its channel)


def source_start(r: Reader, index: CueIndex, end: int, b: int) -> tuple[int, bool]:
    """Where the source after an according-cue starts, and whether «جاء في/ورد في» (where it appeared) came first."""
    toks, vocab = r.tokens, r.vocab
    j = end
    if j < b and toks[j].text in vocab.function.what:
        j += 1  # «وفقا لما أعلنه الدفاع المدني»: skip the verb, whatever its suffix
        if j < b and vocab.phrase_kind(toks[j]) != "appeared":
            j += 1
    elif j < b and index.cue(j) and vocab.phrase_kind(toks[j]) != "appeared":
        j = index.cue(j)[0]  # type: ignore[index]
    while j < b and vocab.phrase_kind(toks[j]) == "pronoun":
        j += 1  # «وفق ما صرح به»
    appeared = j < b and vocab.phrase_kind(toks[j]) == "appeared"
    if appeared:  # «حسبما جاء في الإعلان»، «وفق ما ورد في بيان للوزارة»: what it appeared in
        j += 2 if j + 1 < b and toks[j + 1].text in vocab.function.in_ else 1
    return j, appeared


def _without_li(r: Reader, np: list[Token], cue: Token | None) -> list[Token] | None:
    """The source phrase after an according-cue without the preposition ل glued to it, None when it counts
    something instead («وفقا لثلاثة معايير»)."""
    vocab = r.vocab
    if not np:
        return np
    first = np[0].text
    stem = Token(first[1:], np[0].start + 1, np[0].end) if len(first) > 2 else None
    glued = stem is not None and first.startswith(morph.LI) and not first.startswith(morph.LIL) and r.org_at(np, 0) is None
    if glued and (vocab.anonymous.match([stem], 0) or vocab.role_kind(stem) in HEADS or document(r, stem)):
        return [stem, *np[1:]]  # type: ignore[list-item]  # «وفقا لمصادر عسكرية»، «وفقا لمركز دمشق الإعلامي»
    if first.startswith(morph.LI) and first[1:] in vocab.numbers:
        return None  # «وفقا لثلاثة معايير»: criteria, not a source
    if glued and cue is not None and any(w in vocab.function.takes_li for w in strip_conj(cue.text)):
        return [stem, *np[1:]]  # type: ignore[list-item]  # «وفقاً لسور غول»: the ل is the cue's
    return np[1:] if first == morph.LI else np


class Attribution:
    """Attribution state of one article, built once, then asked per figure."""

    def __init__(self, doc: Document, vocab: Vocabulary | None = None, until: int | None = None) -> None:
        self.r = Reader(doc, vocab or vocabulary())
        self.index = CueIndex(self.r)
        self.memory = ArticleMemory(self.r, Persons(self.r.vocab.given))
        self.cues: list[Cue] = []
        self.rejected: list[tuple[str, str]] = []  # (speaker string, reason) of the phrases validation turned down
        self._phrases: dict[tuple[Token, ...], SpeakerPhrase | None] = {}  # a phrase is read once (it is pure)
        self.sentence_speaker: dict[int, Speaker] = {}  # sentence index -> open-quote speaker
        self.sentences = [doc.tokens_in(s, e) for s, e in doc.sentences]
        self._starts = [a for a, _ in self.sentences]
        # the last token a figure starts at: reporting clauses after its sentence are not resolved (names are still
        # collected from the whole article)
        self.until = until
        self.voice = press_voice(self.r, self.sentences, self._parse) or OUTLET_VOICE  # who speaks where no one is
        self._collect_persons()
        self._resolve_cues()
        self._cue_starts = [c.start for c in self.cues]  # the cues are found in text order
        self._cue_ends = {c.end for c in self.cues}

    @property
    def persons(self) -> Persons:
        return self.memory.persons

    def _parse(self, toks: list[Token]) -> Speaker | None:
        """The speaker a phrase names, resolved and validated; a phrase that names no speaker keeps its channel."""
        key = tuple(toks)
        phrase = self._phrases[key] if key in self._phrases else self._phrases.setdefault(key, parse_phrase(self.r, toks))
        sp = resolve(phrase, self.memory)
        reason = rejection(self.r, sp)
        if reason:
            self.rejected.append((sp.name or "", reason))  # type: ignore[union-attr]
            return Speaker(channel=sp.channel, rule=Rule.PRONOUN) if sp.channel else None  # type: ignore[union-attr]
        return sp

    # -- persons ----------------------------------------------------------------------------
    def _collect_persons(self) -> None:
        """Register every named person of the article's reporting and interview clauses."""
        toks = self.r.tokens
        interviews = self.index.interview_words
        # only tokens that start a cue or name an interview can register anyone
        todo = sorted({*self.index.at, *(k for k, t in enumerate(toks) if t.text in interviews)})
        for a, b in self.sentences:
            for k in todo[bisect_left(todo, a):bisect_left(todo, b)]:
                cue = self.index.cue(k)
                if cue and cue[1] in _SPEAKING_CUES:
                    np, _, _ = phrase_after(self.r, self.index, cue[0], b)
                    self.persons.register(self._parse(without_mention(self.r, np)),
                                          channel=sentence_channel(self.r, a, k))
                    if not np:
                        before = phrase_before(self.r, self.index, a, k)
                        self.persons.register(self._parse(before) if before is not None else None)
                elif toks[k].text in interviews and (met := _interviewed(self.r, self._parse, k + 1, b)):
                    self.persons.register(met[0], channel=met[1])
        named_roles(self.r, self.index, self.sentences, self._parse, self.persons)

    def _merge(self, sp: Speaker | None, current: Speaker) -> Speaker:
        """A resolved speaker with what the article knows of it; no one named: the current speaker."""
        if sp is None or sp.name is None:
            return replace(current, channel=(sp.channel if sp and sp.channel else current.channel))
        if sp.type == "person":
            known = self.persons.get(sp.name)
            if known:
                sp = replace(sp, role=sp.role or known.role, affiliation=sp.affiliation or known.affiliation,
                             channel=sp.channel or known.channel)
            elif sp.rule is Rule.ROLE_ONLY and (sp.affiliation or morph.definite(normalize(sp.role or "x"))):
                same = role_in_article(self.persons, self.memory, sp)
                if same is not None:
                    sp = replace(same, role=sp.role, channel=sp.channel or same.channel, rule=Rule.ROLE_IN_ARTICLE)
        elif sp.rule in (Rule.ALIAS, Rule.ANAPHORA) and sp.channel is None:
            sp = replace(sp, channel=current.channel if current.name == sp.name else None)
        if sp.rule is Rule.ALIAS:
            known = self.persons.get(sp.name)
            if known and known.channel:
                sp = replace(sp, channel=known.channel)
        return sp

    # -- sources after «بحسب/وفقا لـ/نقلا عن» ---------------------------------------------
    def _according(self, end: int, b: int, current: Speaker, appeared_cue: bool = False) -> Speaker | None:
        """The source after «بحسب/وفقا لـ/نقلا عن» (or after «بحسب ما أفاد»), None for a document; `appeared_cue`:
        the cue itself says where it appeared («وجاء في البيان أن»): only a document or an organization is a source."""
        r, toks, vocab = self.r, self.r.tokens, self.r.vocab
        j, appeared = source_start(self.r, self.index, end, b)
        appeared = appeared or appeared_cue
        np_end = according_end(r, self.index, j, b)
        if j < b and vocab.phrase_kind(toks[j]) == "recipient" and np_end < b and r.punct(toks[np_end]):
            np_end = according_end(r, self.index, np_end + 1, b)  # «... به لمراسل X، الناطق الرسمي ...»
        np = _without_li(r, [t for t in toks[j:np_end] if not r.quote(t)], toks[end - 1] if end > 0 else None)
        if not np:
            return None
        if len(np) > 1 and np[0].text in vocab.function.latest and document(r, np[1]):
            sp = resolve(issuer(r, np[2:]), self.memory)  # «وفقا لآخر إحصائية صادرة أمس»: the speaker's own
            return self._merge(sp, current) if sp else None
        org = r.org_at(np, 0)
        if appeared and not org and not document(r, np[0]):
            return None  # «حسبما جاء في الإعلان»: no one is named
        if org:  # «وفقا لوكالة الأناضول»: the source, not a channel
            return self._merge(org_speaker(r, np, org[1], org[0], r.text(np)), current)
        if document(r, np[0]):
            # «ووفق الدراسة، فإن» after «كشفت دراسة إحصائية أن»: the document named before
            sp = resolve(issuer(r, np[1:]), self.memory) or document_source(r, np) or self.memory.anaphora(np)
            if appeared_cue and (sp is None and morph.definite(np[-1].text)
                                 or sp is not None and sp.rule is Rule.DOCUMENT_SOURCE and len((sp.name or "").split()) == 1):
                # «وجاء في البيان أن»، «نص البلاغ»: the document named before; «وجاء في بيان:»: the speaker's
                return self._merge(None, current)
            return self._merge(sp, current) if sp else None
        return self._merge(self._parse(np), current)

    # -- the walk ---------------------------------------------------------------------------
    def _resolve_cues(self) -> None:
        toks = self.r.tokens
        current = self.voice
        open_quote: Speaker | None = None
        reported: Speaker | None = None  # the source the sentence before named, if it named one
        for si, (a, b) in enumerate(self.sentences):
            if self.until is not None and a > self.until:
                break
            if open_quote is not None and _new_paragraph(self.r, si) and not (a < b and self.r.quote(toks[a])):
                open_quote = None  # a quotation does not run on into the next paragraph unless it reopens there
            if open_quote is not None:
                self.sentence_speaker[si] = open_quote
            known = len(self.cues)
            current, open_quote = self._sentence_cues(a, b, current, open_quote)
            if len(self.cues) == known and reported is not None and si not in self.sentence_speaker \
                    and self._continues(a, b):
                self.sentence_speaker[si] = reported  # «... عن مقتل 17 داعشيا. / كما تم تفكيك 21 عبوة»
            named = [c.speaker for c in self.cues[known:] if c.speaker.name]
            reported = named[-1] if named else None
            if open_quote is not None and si in self.sentence_speaker:
                if _odd_quotes(toks[a:b]):
                    open_quote = None

    def _continues(self, a: int, b: int) -> bool:
        """Does sentence [a, b) open as the continuation of a report («كما تم ...»), not as what a person of the
        article did next («كما التقى أوبراين ...»)?"""
        toks = self.r.tokens
        if not (a < b and toks[a].text in self.r.vocab.function.continues):
            return False
        return not any(self.persons.known([t.text]) for t in toks[a + 1:min(a + 3, b)])

    def _sentence_cues(self, a: int, b: int, current: Speaker, open_quote: Speaker | None
                       ) -> tuple[Speaker, Speaker | None]:
        """Resolve the cues of sentence [a, b): (the current speaker after it, the speaker of a quotation left open)."""
        k = a
        last: Speaker | None = None  # the last speaker named in this sentence
        while k < b:
            m = self.index.cue(k)
            if not m or m[1] is CueType.CONTENT:
                k = self.index.next_cue(k, b)
                continue
            end, typ = m
            if typ is CueType.PARTICIPLE:
                if last is None:
                    last = self._sentence_subject(a, k)
                self.cues.append(Cue(k, end, typ, last or current))
                k = end
                continue
            if typ is CueType.ACCORDING:
                sp = self._according(end, b, current, self.r.vocab.phrase_kind(self.r.tokens[k]) == "appeared")
                if sp is not None and sp.name:
                    if last is not None and last.type == "agency" and not sp.channel:
                        sp = replace(sp, channel=last.affiliation or last.name or "")  # ذكرت سانا نقلا عن مصدر
                    elif last is not None and last.type not in _MEDIA and sp.type in _MEDIA:
                        # «قالت الوزيرة ماري قعوار، إن ...، حسب وكالة الأنباء الأردنية "بترا"»: the agency carried it
                        medium = self.r.vocab.org_display(sp.affiliation or "") or sp.name  # the medium's own name
                        sp = replace(last, channel=last.channel or medium)
                        current = last = sp
                    self.cues.append(Cue(k, end, typ, sp))
                    self.memory.note(sp)
                    last = sp
                k = end
                continue
            k, sp, content = self._verb_cue(a, b, k, end, typ, last or current)
            if sp is None:
                continue
            if sp.name:
                current = last = sp
                self.memory.note(sp)
            if content is not None and _odd_quotes(self.r.tokens[content:b]) and _odd_quotes(self.r.tokens[a:b]):
                open_quote = sp
        return current, open_quote

    def _sentence_subject(self, a: int, k: int) -> Speaker | None:
        """«وثمنت وزيرة التخطيط الأردنية المساعدات ...، لافتة إلى أن»: a participle with no reporting verb before it
        continues the subject of its sentence's first verb, when that subject is a named source."""
        toks = self.r.tokens
        if bare(toks[a].text) in self.r.vocab.function.negation:
            a += 1  # «ولم يحدد المتحدث تاريخ الهجوم، متوقعا أن»
        if k - a < 3 or not toks[a].is_word or self.index.cue(a):
            return None
        end = next((m for m in range(a + 1, k) if self.r.punct(toks[m])), k)
        sp = self._parse(list(toks[a + 1:end]))
        if sp is not None and sp.name and sp.rule in _SUBJECT_RULES and _at_start(self.r, sp, a + 1):
            self.memory.note(sp)
            return self._merge(sp, OUTLET_VOICE)
        return None

    def _verb_cue(self, a: int, b: int, k: int, end: int, typ: CueType, current: Speaker
                  ) -> tuple[int, Speaker | None, int | None]:
        """A verb cue at [k, end): (where to go on, its speaker or None when it is no cue here, where its content
        starts)."""
        r = self.r
        np, content, hard = phrase_after(r, self.index, end, b)
        if typ in (CueType.VERB_STRICT, CueType.VERBAL_NOUN) and not has_from(r, np) and (
                not hard or long_phrase(r, np) or clause_punct(r, np)):
            return end, None, None  # «من بين أكثر عشر مدن ...»: بين is not «بيّن» here
        if any(bare(t.text) in r.vocab.function.claim_object for t in np) and not _claims_toll(r, content):
            return end, None, None  # «أعلن تنظيم داعش مسؤوليته عن هجوم أوقع 40 قتيلا»: a claim, not a report
        if typ is CueType.MENTION:
            np = without_mention(r, np)
        content = content if content is not None else end + len(np)
        parsed = _split_from(r, self._parse, np) or self._parse(np)
        if typ is CueType.VERBAL_NOUN and (parsed is None or not parsed.name):
            return end, None, None  # «إعلان مسؤوليته عن الهجوم»: no one named reports anything
        weak = parsed is not None and parsed.rule is Rule.INSTITUTION  # a definite noun: maybe the verb's object
        if (parsed is None or parsed.name is None or weak) and typ is not CueType.HEDGE \
                and not (parsed and parsed.rule is Rule.NO_SPEAKER):
            before_toks = phrase_before(r, self.index, a, k)
            before = self._parse(before_toks) if before_toks is not None else None
            if before is not None and before.name and (not weak or before.rule in _SUBJECT_RULES):
                # «وكانت الأمم المتحدة أعلنت الدرجة الثالثة من حالة الطوارئ»: the subject came first
                parsed = replace(before, channel=parsed.channel if parsed else before.channel)
        if (parsed is None or parsed.name is None) and not hard and _verb_object(r, np):
            return end, None, None  # «منذ أن أعلنت مبايعتها لتنظيم داعش»: the verb's object, no report
        if parsed is not None and parsed.channel is None:
            parsed = replace(parsed, channel=sentence_channel(r, a, k))
        if typ is CueType.HEDGE and (parsed is None or parsed.name is None or parsed.rule not in _NAMED_SOURCES):
            self.cues.append(Cue(k, end, typ, OUTLET_VOICE))
            return end, None, None
        if parsed is None or parsed.name is None:
            current = agreeing(r, r.tokens[k], current, self.memory.seen, self.voice)
        sp = self._merge(parsed, current)
        self.cues.append(Cue(k, end, typ, sp, content))
        return max(end, content), sp, content

    # -- per figure -------------------------------------------------------------------------
    def cue_ends_at(self, tok: int) -> bool:
        """A reporting cue ends right before token `tok` (the figure is the speaker phrase: «قال أحد السكان»)."""
        return tok in self._cue_ends

    def cues_in(self, a: int, b: int) -> list[Cue]:
        """The cues that start in tokens [a, b)."""
        return self.cues[bisect_left(self._cue_starts, a):bisect_left(self._cue_starts, b)]

    def last_cue(self, a: int, b: int) -> int | None:
        """Where the last cue that starts in tokens [a, b) starts."""
        i = bisect_left(self._cue_starts, b) - 1
        return self._cue_starts[i] if i >= 0 and self._cue_starts[i] >= a else None

    def speaker_for(self, fig_start: int, fig_end: int) -> Speaker:
        """The speaker of the figure at tokens [fig_start, fig_end)."""
        doc = self.r.doc
        post = doc.post_at(doc.token_raw_span(fig_start, fig_end)[0])
        if post is not None:
            return Speaker(post.author, "person", channel=None, rule=Rule.EMBEDDED_POST, raw=f"@{post.handle}")
        si = self._sentence_index(fig_start)
        a, b = self.sentences[si]
        before = self.cues_in(a, fig_start)
        later_cues = self.cues_in(fig_end, b)
        after = [c for c in later_cues if c.type is CueType.ACCORDING]
        if after and after[0].speaker.name and _same_clause(self.r, fig_end, after[0].start):
            return after[0].speaker  # «... مقتل 23 مقاتلا و19 من الموالين لهادي بحسب المسؤول خضر لصور»
        for cue in reversed(before):
            if cue.type is CueType.HEDGE and cue.speaker.name:
                return cue.speaker
            if cue.type is CueType.HEDGE:
                earlier = [c for c in before if c.start < cue.start
                           and c.type in (CueType.VERB, CueType.VERB_STRICT, CueType.PARTICIPLE)]
                return earlier[-1].speaker if earlier else (after[0].speaker if after else self.voice)
            if cue.speaker.name:
                return self.voice if _quotation_closed(self.r, cue, fig_start) else cue.speaker
        if after:
            return after[0].speaker
        if not before:
            tail = _tail_cue(self.r, later_cues, fig_end, b)
            if tail is not None:
                return tail.speaker
            later = next((c for c in later_cues if c.type is CueType.PARTICIPLE), None)
            if later is not None and later.speaker.name:
                return later.speaker  # «وفي اليوم التالي مدنيان و12 جريحا، مبينا أنه ...»: the statement goes on
        if before and before[-1].speaker.name is None:
            return self.voice
        return self.sentence_speaker.get(si, self.voice)

    def _sentence_index(self, tok: int) -> int:
        """The sentence that holds token `tok` (the last one when none does)."""
        i = bisect_right(self._starts, tok) - 1
        if 0 <= i < len(self.sentences) and self.sentences[i][0] <= tok < self.sentences[i][1]:
            return i
        return max(0, len(self.sentences) - 1)


def named_roles(r: Reader, index: CueIndex, sentences: list[tuple[int, int]],
                parse: Callable[[list[Token]], Speaker | None], persons: Persons) -> None:
    """Register a person the article names by role and name outside any reporting clause («تقدم وزير التعليم
    العالي، سليم خلبوس، بمقترح»), so that the role alone later («وأوضح الوزير») is that person."""
    toks, given = r.tokens, persons.given
    names = [k for k, t in enumerate(toks) if t.is_word and bare(t.text) in given]
    starts = [a for a, _ in sentences]
    done: set[int] = set()
    for g in names:  # a role's head a few words before a given name («وزير التعليم العالي، سليم خلبوس»)
        si = bisect_right(starts, g) - 1
        if si < 0 or g >= sentences[si][1]:
            continue
        a, b = sentences[si]
        for k in range(max(a, g - _ROLE_TO_NAME), g):
            if k in done or r.vocab.role_kind(toks[k]) != "head" or (k > a and index.cue(k - 1)):
                continue  # a role right after a cue was read with its cue
            done.add(k)
            np, _, _ = phrase_after(r, index, k, b)
            sp = parse(np[:12]) if np else None
            if sp is not None and sp.type == "person" and sp.rule is Rule.ROLE_NAME and sp.name \
                    and _apposed(r, np, normalize(sp.name).split(), given):
                persons.register(sp)


def _apposed(r: Reader, np: list[Token], name: list[str], given: frozenset[str]) -> bool:
    """Is the name a given name and what follows, ended by punctuation, a time word or a preposition («، سليم
    خلبوس،»، «باراك أوباما الخميس»), not a phrase that runs on into the clause («عمر منصور ظهر اليوم», «وصفها به»)?"""
    if not (1 < len(name) <= 3 and name[0] in given):
        return False
    texts = [t.text for t in np]
    for i in range(len(texts) - len(name) + 1):
        if texts[i:i + len(name)] == name:
            end = i + len(name)
            fw = r.vocab.function
            return end == len(np) or r.punct(np[end]) or bare(np[end].text) in fw.time_word \
                or bare(np[end].text) in r.vocab.weekdays or np[end].text in fw.preposition
    return False


def _interviewed(r: Reader, parse: Callable[[list[Token]], Speaker | None], k: int, b: int
                 ) -> tuple[Speaker | None, str] | None:
    """«التقت وكالة أنباء هاوار مع مدير المركز ... مصطفى بالي»: (the person, the agency: his channel)."""
    toks = r.tokens
    org = r.org_at(toks, k)
    if not org or org[1].type not in _MEDIA:
        return None
    j = org[0]
    if j >= b or toks[j].text not in r.vocab.function.with_:
        return None
    end = next((m for m in range(j + 1, b) if toks[m].text in r.vocab.function.preposition and m > j + 2), b)
    return parse(list(toks[j + 1:end])), org[1].canonical_as_written


def _claims_toll(r: Reader, content: int | None) -> bool:
    """«أعلن التنظيم مسؤوليته عن مقتل 12»: the claim itself names the toll."""
    toks = r.tokens
    m = r.vocab.events.match(toks, content) if content is not None and content < len(toks) else None
    return m is not None and m[1].event in CASUALTIES  # type: ignore[union-attr]


def _odd_quotes(toks: list[Token]) -> bool:
    """An odd number of double quotes: a quotation opens (or closes) here."""
    return sum(t.text == '"' for t in toks) % 2 == 1


def _at_start(r: Reader, sp: Speaker, k: int) -> bool:
    """The speaker's words are the first words after the verb (not a name further on)."""
    first = normalize(sp.raw or sp.name or "").split()[:1]
    return bool(first) and k < len(r.tokens) and r.tokens[k].text.endswith(first[0])


def _quotation_closed(r: Reader, cue: Cue, fig_start: int) -> bool:
    """«وقال اوبراين انه "..." بعد جولة على مخيم ... الذي حصد حياة 39 شخصا»: the cue's content is a quotation that
    closed before the figure, which the outlet tells (unless a quotation opens again before the figure)."""
    toks = r.tokens
    k = cue.content
    if k is None:
        return False
    while k < fig_start and toks[k].text in r.vocab.function.complementizer:
        k += 1  # «انه "..."»
    if k >= fig_start or not r.quote(toks[k]):
        return False
    close = next((m for m in range(k + 1, fig_start) if r.quote(toks[m])), None)
    if close is None or close + 1 >= fig_start:
        return False
    # «وأضاف المصدر أن "مسلحي بوكو حرام هاجموا قرية" ... وقاموا "بذبح 18 شخصا"»: quoted again, the source's words
    return r.quotes_between(close + 1, fig_start) % 2 == 0


def _verb_object(r: Reader, np: list[Token]) -> bool:
    """A phrase after a verb that opens with a noun and its pronoun («مبايعتها»، «رفضه»): what the verb's subject
    did, not who speaks (not a document or a setting: «بيانها»، «تصريحه»)."""
    words = r.words([t for t in np if not r.quote(t)])
    if not words:
        return False
    w, fw = words[0], r.vocab.function
    stem = next((w.text[: -len(s)] for s in morph.PRONOUN_SUFFIXES if w.text.endswith(s)), None)
    return w.is_word and stem is not None and len(w.text) > 4 and not document(r, w) \
        and not context_word(r, w.text) and r.vocab.phrase_kind(w) is None \
        and bare(stem) not in fw.quantifier | fw.one_of  # «وقال أحدهم»، «بعضهم»: some of them speak


def _same_clause(r: Reader, start: int, end: int) -> bool:
    """No clause break (punctuation, a complementizer, a clause opener) in tokens [start, end); a «و» that joins
    two figures («مقتل 23 مقاتلا و19 من الموالين») joins them in one clause."""
    fw, toks = r.vocab.function, r.tokens
    return not any((t.text in fw.clause_break or t.text in fw.opener)
                   and not (t.text == morph.WAW and k + 1 < len(toks) and toks[k + 1].is_num)
                   for k, t in enumerate(toks[start:end], start=start))


def _tail_cue(r: Reader, cues: list[Cue], fig_end: int, b: int) -> Cue | None:
    """A reporting verb set after the report, ending its sentence: «قتل 12 شخصا، قالت الشرطة»،
    «... كما قال مسؤول أمني لرويترز»."""
    toks = r.tokens
    for c in cues:
        if fig_end <= c.start < b and c.type in (CueType.VERB, CueType.VERB_STRICT) and c.speaker.name \
                and c.speaker.raw:
            prev = toks[c.start - 1].text if c.start > 0 else ""
            as_said = bare(prev) in r.vocab.function.as_said  # «كما قال»
            # «، قالت الشرطة»: not «، وأعلن X ...», which starts a clause of its own
            after_comma = prev in r.vocab.function.punct and not toks[c.start].text.startswith(morph.WAW)
            words = [t for t in toks[c.end:b] if t.is_word]
            to_whom = len(c.speaker.channel.split()) + 1 if c.speaker.channel else 0
            named_here = set(normalize(c.speaker.raw).split()) <= {t.text for t in words}
            # nothing after the verb but who said it (and to whom): no reported content of its own
            whole = c.content is not None and not any(t.is_word for t in toks[c.content:b])
            if (as_said or after_comma) and named_here and (len(words) <= _TAIL_WORDS + to_whom or whole) \
                    and not any(r.quote(t) for t in toks[c.end:b]):
                return c
    return None


def _new_paragraph(r: Reader, si: int) -> bool:
    """Does sentence si start a new paragraph (a line break since the sentence before)?"""
    if si == 0:
        return True
    raw, spans = r.doc.raw, r.doc.sentences
    return "\n" in raw[spans[si - 1][1]:spans[si][0]]


def _split_from(r: Reader, parse: Callable[[list[Token]], Speaker | None], np: list[Token]) -> Speaker | None:
    """«نقلت وكالة إنترفاكس عن نائب وزير الخارجية ...»: the speaker after عن, the medium as channel."""
    for i, t in enumerate(np):
        if t.text in r.vocab.function.from_source and i > 0:
            k = i - 1 if i > 1 and r.vocab.phrase_kind(np[i - 1]) == "pronoun" else i
            if document(r, np[k - 1]):
                return None  # «في تقرير لها عن معاناة السنة»: a report about something, not from someone
            medium = parse(np[:i])
            if medium is None or medium.type not in ("agency", "organization"):
                return None
            org = r.org_at(np, 0)
            if medium.type == "organization" and not (org and org[1].type == "outlet") \
                    and r.vocab.role_kind(np[0]) not in ("outlet_head", "agency_head"):
                return None
            source = parse(np[i + 1:])
            if source is None or source.name is None:
                return None
            name = org[1].canonical_as_written if org else r.text(r.words(np[1:i]))
            return replace(source, channel=source.channel or name)
    return None
