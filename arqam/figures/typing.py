"""What a figure counts (subject) and what happened to it (event), from the figure's own words.

Subject: the counted noun after the number (counted_nouns.tsv); a member noun with the group it
belongs to («38 عنصرا من ميليشيات الحوثي», «7 من قوات الأمن»: actors.tsv); «آخرون» and «بينهم» take
the group counted before them in the sentence.

Event: the figure's own predicate: a casualty noun after the number («60 قتيلا»), the word that
governs the figure («مقتل 5»، «أسفر عن مقتل»، «القبض على 13»، «ارتفع عدد القتلى إلى 30»), or, when
the figure opens its clause, the verb after it («16 فلسطينيا قتلوا»); a part of a group («بينهم 6
أطفال») shares the group's event. Only then the event words of the clause.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from arqam.figures.model import Figure, Form
from arqam.lexicon.vocab import Actor, CountedNoun, Vocabulary, vocabulary
from arqam.text import morph
from arqam.text.digits import year_digits
from arqam.text.tokens import Token, bare, forms, strip_conj

HUMAN_EVENTS = {"killed", "wounded", "killed_or_wounded", "missing", "displaced", "evacuated", "detained", "captured"}
CASUALTIES = {"killed", "wounded", "killed_or_wounded"}
_NOT_DECISIVE = {"other", "present"}  # a predicate that does not say what happened to a casualty
NOT_HUMAN = {"other", "vehicles", "weapons", "rockets", "sites", "airstrikes", "attacks", "towns", "villages"}
HUMAN = {"civilians", "fighters", "soldiers", "police", "children", "women", "people", "displaced", "refugees",
         "detainees", "journalists"}
MEASURES = {"area_km2", "distance_m", "distance_km", "money", "percent"}
_PEOPLE = CountedNoun("", "people", "pl", None)
_ARMED = {"soldiers", "police"}  # state forces: the people hit may be theirs; fighters are mostly the attackers
_NOUN_BEFORE = 30  # tokens back to look for a counted noun written before the figure (a bound, for linear time)
_MAX_GAP = 3  # tokens between a predicate and its figure («أسفر عن مقتل»: none; «القبض على»: one)
_PRESENT_WORDS = 3  # words after a figure's noun phrase that may hold a participle of presence («الأميركيين الموجودين»)
_RELATIVE_WORDS = 3  # words after a figure's noun phrase that hold a relative clause's verb («جنوبيا جرى أسرهم»)
_MAX_AFTER = 5  # tokens between a clause-opening figure and its verb («16 فلسطينيا على الأقل قتلوا»)
_AID_BEFORE = 3  # words before a sum that may name it as money given («بمنحة استثنائية بقيمة 500 دينار»)
_MAX_RELATIVE = 12  # tokens of a relative clause after a clause-opening figure, before its main verb


class SubjectRule(StrEnum):
    NOUN_AFTER = "noun_after"  # the counted noun right after the number (قتل 5 مدنيين)
    GROUP = "group"  # a member of a named group: «38 عنصرا من الحوثيين»، «7 من قوات الأمن»
    OTHERS = "others"  # «وأصيب 10 آخرون»: the group counted before in the sentence
    PART_OF = "part_of"  # «بينهم 150»: a part of the group counted before
    UNKNOWN_NOUN = "unknown_noun"  # a word after the number that no lexicon knows: other
    NOUN_BEFORE = "noun_before"  # a counted noun before the number in the sentence (عدد القتلى إلى 30)
    NONE = "none"  # no noun at all
    NISBA_PLURAL = "nisba_plural"  # آلاف الكتالونيين: people
    HUMAN_EVENT = "human_event"  # a casualty event with no human noun: people
    ANTECEDENT = "antecedent"  # «قتل نحو عشرين من أفرادها»: members of the group named last before the figure
    ANNOTATION = "annotation"  # «سدد خارج المرمى (33).»: a bracketed number closing its sentence annotates it: no claim
    FLED = "fled"  # people who fled or were driven out are the displaced: «فر 45 ألف شخص»
    RANK_CONTEXT = "rank_context"  # «هجوم على مركز شرطة ... مقتل ضابطين»: officers of the police the sentence names
    CIVILIAN_SETTING = "civilian_setting"  # people killed or hurt where civilians gather: «تفجير مسجد ... مقتل 27 شخصا»


_GENERIC_PEOPLE = {SubjectRule.NOUN_AFTER, SubjectRule.OTHERS, SubjectRule.HUMAN_EVENT, SubjectRule.NONE,
                   SubjectRule.NOUN_BEFORE}  # the rules that say «people» for want of anything more specific


class EventRule(StrEnum):
    CASUALTY_NOUN = "casualty_noun"  # «أسفر الهجوم عن 60 قتيلا»: the noun after the number says what happened
    PREDICATE = "predicate"  # the word that governs the figure: «مقتل 5»، «القبض على 13»
    NOUN_PREDICATE = "noun_predicate"  # a casualty noun governs it: «ارتفع عدد القتلى إلى 30»
    VERB_AFTER = "verb_after"  # a clause-opening figure and its verb: «16 فلسطينيا قتلوا»
    PART_OF = "part_of"  # «قتل 27 بينهم 6 أطفال»: the group's event
    COORDINATED = "coordinated"  # «قتل 5 جنود و3 مدنيين»: a figure joined to the one before shares its event
    CLAUSE = "clause"  # the nearest specific event word of the clause
    IMPLIED = "implied"  # the event the counted noun implies (معتقل -> detained)
    MEASURE = "measure"  # a measure (money, area ...) with no event in its clause: none
    COMPOSITION = "composition"  # «ضبط خلية تتكون من 431 إرهابيا»: the members share the group's event
    INCOMPATIBLE = "incompatible"  # the predicate's event cannot happen to what is counted: none
    PRESENT_AFTER = "present_after"  # «مئات الجنود الموجودين فيها»: a participle of presence after the noun phrase
    NONE = "none"  # no predicate of the figure and no specific event in its clause: the text says nothing


@dataclass(frozen=True)
class Typing:
    subject: str
    event: str | None
    subject_rule: SubjectRule
    event_rule: EventRule


EventSpan = tuple[int, int, str]  # (first token, end token, event)


def events_in(tokens: list[Token], a: int, b: int, vocab: Vocabulary) -> list[EventSpan]:
    """The event words of tokens [a, b), without those right after a negation."""
    out = []
    k = a
    while k < b:
        m = vocab.events.match(tokens, k)
        if m and m[0] <= b:
            negated = k > a and tokens[k - 1].text in vocab.function.negation
            if not negated:
                out.append((k, m[0], m[1].event))  # type: ignore[union-attr]
            k = m[0]
        else:
            k += 1
    return out


@dataclass(frozen=True)
class _Noun:
    """The counted noun of a figure: its row, where it ends, and the group named after it."""

    row: CountedNoun
    end: int
    group: Actor | None = None


class _EventReading:
    """What happened to the counted thing: the figure's own predicate, its group's, its clause's (Typist's half that
    reads events; the state it reads is Typist's)."""

    tokens: list[Token]
    vocab: Vocabulary
    events: Callable[[int, int], list[EventSpan]]
    _typed: list[tuple[Figure, Typing]]
    _typed_starts: list[int]
    _breaks: list[int]
    _noun_end: dict[int, int]

    def _previous(self, fig: Figure, a: int, people_only: bool = False) -> Typing | None:
        raise NotImplementedError

    def _conjoined(self, k: int) -> bool:
        raise NotImplementedError

    # -- the event ------------------------------------------------------------------------------
    def _governor(self, fig: Figure, a: int) -> tuple[str, int]:
        """The word that governs the figure: the first token before it past prepositions (its text, its index; "" and
        -1 at the start of the sentence)."""
        toks, gap = self.tokens, self.vocab.function.predicate_gap
        k = fig.start - 1
        while k >= a and fig.start - k <= _MAX_GAP and toks[k].text in gap:
            k -= 1
        k = _before_year(toks, self.vocab, k, a)  # «قدم في 2013 ما يقارب 600 ألف دولار»
        return (toks[k].text, k) if k >= a else ("", -1)

    def _predicate(self, fig: Figure, a: int) -> tuple[str | None, EventRule | None]:
        """The event of the word that governs the figure, if the lexicons know it."""
        toks, vocab = self.tokens, self.vocab
        word, k = self._governor(fig, a)
        if k < 0:
            return None, None
        if k == fig.start - 1 and k > a and morph.definite(word):
            verb = self._event_ending_at(k, a)  # «قتلت الغارات 40 شخصا»: the verb, then its subject, then the figure
            if verb is not None:
                return verb, EventRule.PREDICATE
        negated = k > a and toks[k - 1].text in vocab.function.negation
        m = vocab.events.match(toks, k)
        two = vocab.events.match(toks, k - 1) if k > a else None
        if two and two[0] == k + 1:
            m = two  # «إخلاء سبيل 5»، «مقتل وإصابة 20»: a phrase that ends at the governor
        if m and not negated and word not in vocab.function.existential:
            if word.startswith(morph.WAW) and m is not two and k > a and not self._figure_between(self._clause_start(k, a), k):
                first = self._event_ending_at(k, a)  # «قتلت وأصابت العشرات»: the first of two verbs names it
                if first is not None:
                    return first, EventRule.PREDICATE
            return m[1].event, EventRule.PREDICATE  # type: ignore[union-attr]
        if bare(word) in vocab.function.toll:
            return "killed", EventRule.NOUN_PREDICATE  # «ارتفعت الحصيلة إلى 246»: a toll counts the dead
        noun = vocab.nouns.match(toks, k)
        if noun and noun[0] == k + 1 and noun[1].event in CASUALTIES:  # type: ignore[union-attr]
            return noun[1].event, EventRule.NOUN_PREDICATE  # type: ignore[union-attr]
        counted = _count_risen_to(toks, vocab, fig, a, self._figure_between)
        if counted is not None:
            return counted, EventRule.NOUN_PREDICATE
        verb = self._verb_before_phrase(k, a)
        return (verb, EventRule.PREDICATE) if verb else (None, None)

    def _verb_before_phrase(self, k: int, a: int) -> str | None:
        """«قتل في الهجوم 5 أشخاص»، «وشارك في المسيرات المئات»: the verb before a prepositional phrase of one or two
        words that ends at token k (the subject figure follows the phrase)."""
        toks, fw = self.tokens, self.vocab.function
        for p in (k - 1, k - 2):
            if p - 1 < a or toks[p].text not in fw.preposition or any(not t.is_word for t in toks[p + 1:k + 1]):
                continue
            verb = self._event_ending_at(p, a)
            if verb is not None and verb != "present":  # not «تحمل على متنها 3540 طنا»: a stock is read elsewhere
                return verb
        return None

    def _joined_to(self, fig: Figure, a: int) -> Typing | None:
        """The figure this one is joined to: by «و» or a comma right after the other's noun phrase («5 جنود و3
        مدنيين»، «3910 شاب، و3750 شاب»), or by «إضافة إلى»، «إلى جانب» anywhere before it in the sentence."""
        toks, fw = self.tokens, self.vocab.function
        k = fig.start - 1
        if k > a and toks[k].text in fw.predicate_gap and bare(toks[k - 1].text) in fw.also:
            k -= 1  # «إضافة إلى ثلاثة»
        if k >= a and bare(toks[k].text) in fw.also:
            return self._previous(fig, a)
        if fig.start > a and toks[fig.start].text.startswith(morph.WAW) and self._conjoined(fig.start):
            k = fig.start  # «15 طفلا وامرأتان»، «5 مدنيين وثلاثة جنود»: the و is glued to the figure
        elif k < a or not (toks[k].text == morph.WAW or toks[k].text in fw.punct):
            return None
        while k > a and (toks[k - 1].text == morph.WAW or toks[k - 1].text in fw.punct):
            k -= 1
        for f, t in reversed(self._typed):
            if f.start < a:
                break
            end = self._noun_end.get(f.start, f.end)
            if end <= k and k - end <= 2:
                return t
            break
        return None

    def _figure_between(self, lo: int, hi: int) -> bool:
        """Is a figure typed so far wholly inside tokens [lo, hi)?"""
        i = bisect_left(self._typed_starts, lo)
        return i < len(self._typed) and self._typed[i][0].end <= hi

    def _clause_start(self, k: int, a: int) -> int:
        i = bisect_right(self._breaks, k - 1) - 1
        return max(a, self._breaks[i] + 1) if i >= 0 else a

    def _event_ending_at(self, k: int, a: int) -> str | None:
        """The event of a verb that ends right before token k (one or two tokens long), not a counted noun («قتلى»)."""
        toks = self.tokens
        for start in (k - 1, k - 2):
            if start >= a and not self.vocab.nouns.match(toks, start) and not (start > a and toks[start - 1].is_num):
                m = self.vocab.events.match(toks, start)
                if m and m[0] == k:
                    return m[1].event  # type: ignore[union-attr]
        return None

    def _relative_event(self, k: int, b: int) -> str | None:
        """A specific event in the first words after the figure's noun phrase, before the clause goes on: the
        relative clause of an indefinite noun («30 مقاتلا جرى أسرهم»، «20 شخصا قتلوا»)."""
        toks, fw = self.tokens, self.vocab.function
        for m in range(k, min(b, k + _RELATIVE_WORDS)):
            if not toks[m].is_word or toks[m].text in fw.clause_break or bare(toks[m].text) in fw.part_of:
                return None  # «تضم 30 مقاتلا قتل منهم 5»: the event of a part
            found = self.vocab.events.match(toks, m)
            if found and found[1].event not in _NOT_DECISIVE:  # type: ignore[union-attr]
                return found[1].event  # type: ignore[union-attr]
        return None

    def _opens_clause(self, fig: Figure, a: int) -> bool:
        """Nothing but a clause opener before the figure: the sentence start, a complementizer, a clause break, و."""
        fw = self.vocab.function
        word, k = self._governor(fig, a)
        return k < 0 or word in fw.clause_break or word in fw.complementizer or word == morph.WAW \
            or bare(word) in fw.existential  # «ثمة أكثر من 2700 شخص قد جرحوا»

    def _verb_after(self, fig: Figure, start: int, b: int) -> str | None:
        """«16 فلسطينيا قتلوا»، «ثلاثة من أفراد الجيش قُتلوا»: an event word right after the figure's noun phrase,
        before the clause ends."""
        toks, fw = self.tokens, self.vocab.function
        k, stop = start, min(b, start + _MAX_AFTER)
        relative = False  # a relative clause opened: «الذين شاركوا في الهجوم ... لقيا حتفهما»: the main verb wins
        inner: str | None = None  # the relative clause's stock verb
        stock: str | None = None  # «العشرات لا يزالون في عداد المفقودين»: a stock verb, then what they are
        while k < stop:
            t = toks[k]
            if t.text in fw.relative and not relative:
                relative, stop = True, min(b, k + 1 + _MAX_RELATIVE)
            if t.text in fw.punct and k + 1 < b and bare(toks[k + 1].text) in fw.part_of:
                # «إن 9 أشخاص، بينهم 6 أطفال، لقوا حتفهم»: past the breakdown between commas
                close = next((m for m in range(k + 2, min(b, k + _MAX_AFTER)) if toks[m].text in fw.punct), None)
                if close is not None:
                    k, stop = close + 1, min(b, close + 1 + _MAX_AFTER)
                    continue
            if t.text in fw.clause_break or t.is_num:
                break
            m = self.vocab.events.match(toks, k)
            if m and relative and inner is None and m[1].event in _NOT_DECISIVE:  # type: ignore[union-attr]
                inner = m[1].event  # type: ignore[union-attr]
            elif m and inner and morph.definite(t.text):
                pass  # «الذين شاركوا في الهجوم»: a noun of the relative clause, not the main verb
            elif m and not relative and stock is None and m[1].event == "present":  # type: ignore[union-attr]
                stock, stop = "present", min(b, m[0] + _MAX_AFTER)
                k = m[0]
                continue
            elif m and stock and m[1].event in _NOT_DECISIVE:  # type: ignore[union-attr]
                pass  # only a specific event says more than the stock verb
            elif m:
                return m[1].event  # type: ignore[union-attr]
            k += 1
        return inner or stock or None

    def _event(self, fig: Figure, sentence: tuple[int, int], noun: _Noun | None, subject: str,
               rule: SubjectRule, row: CountedNoun | None = None) -> tuple[str | None, EventRule]:
        event, how = self._own_event(fig, sentence, noun, subject, rule, row)
        if event is not None and (subject, event) in _AS_WHAT_HAPPENS:
            return _AS_WHAT_HAPPENS[(subject, event)], how  # «شن 4 هجمات»: attacks are carried out, strikes launched
        if event is not None and not compatible(event, subject):
            # «مقابل اعتراض عشرة نواب»: MPs are not shot down; «قتل تفجيران»: the bombings happened
            return _HAPPENED.get(subject), EventRule.INCOMPATIBLE
        return event, how

    def _own_event(self, fig: Figure, sentence: tuple[int, int], noun: _Noun | None, subject: str,
                   rule: SubjectRule, row: CountedNoun | None) -> tuple[str | None, EventRule]:
        a, b = sentence
        toks, fw = self.tokens, self.vocab.function
        after = noun.end if noun else fig.end
        m = self.vocab.events.match(toks, after) if after < b else None
        if m and m[1].event == "killed_or_wounded":  # type: ignore[union-attr]
            return "killed_or_wounded", EventRule.CASUALTY_NOUN  # «90 مدنيا بين قتيل وجريح»
        if noun is not None and noun.row.event in CASUALTIES and m and self._conjoined(after) \
                and _both(noun.row.event, m[1].event) == "killed_or_wounded" and self._same_number(noun, after) \
                and not (m[0] < b and toks[m[0]].text in fw.others):  # type: ignore[union-attr]
            return "killed_or_wounded", EventRule.CASUALTY_NOUN  # «سقوط عشرات القتلى والجرحى»
        if m and m[1].event in CASUALTIES and not self._conjoined(after) and noun is None \
                and self._joined_to(fig, a) is not None:  # type: ignore[union-attr]
            return m[1].event, EventRule.VERB_AFTER  # «20 شخصا قتلوا و79 جرحوا»: the figure's own verb
        word, k = self._governor(fig, a)
        if subject == "money" and (money := _money_event(toks, self.vocab, fig, a, (word, k), (after, b))):
            return money
        if subject == "percent" and after + 1 < b and toks[after].text in fw.of and toks[after + 1].text in fw.population:
            return "present", EventRule.PREDICATE  # «10% من السكان»
        implied = noun.row.event if noun else (row.event if row and rule is SubjectRule.NOUN_BEFORE else None)
        implied = implied or self._group_noun_event(fig, noun, rule)  # «عشرات القتلى والجرحى»، «من النازحين»
        if implied in CASUALTIES and rule in (SubjectRule.NOUN_AFTER, SubjectRule.GROUP):
            event, how = self._predicate(fig, a)  # «نقل 25 مصابا إلى المستشفى»: the wounded; «انتشال 35 جثة»: killed
            if how is EventRule.PREDICATE and implied != "killed" and event not in CASUALTIES \
                    and event not in _NOT_DECISIVE \
                    and self._governor(fig, a)[1] == fig.start - 1:  # not «أسفر الهجوم عن 60 قتيلا»
                return event, how
            return implied, EventRule.CASUALTY_NOUN
        if self._governor(fig, a)[0] in self.vocab.function.part_of:
            before = self._previous(fig, a)
            if before is not None and before.event:
                return before.event, EventRule.PART_OF
        joined = self._joined_to(fig, a)
        if joined is not None and joined.event:
            if implied is not None and implied not in _NOT_DECISIVE and implied != joined.event \
                    and rule in (SubjectRule.NOUN_AFTER, SubjectRule.GROUP):
                return implied, EventRule.IMPLIED  # «سقوط 120 ألف قتيل ومئات الآلاف من النازحين»: displaced
            return joined.event, EventRule.COORDINATED
        group_event = self._group_event(fig, a)
        if group_event is not None:
            return group_event, EventRule.COMPOSITION
        event, how = self._predicate(fig, a)
        if event == "present":
            event = self._relative_event(after, b) or event  # «تحمل 30 مقاتلا جرى أسرهم»: captured, not carried
        if how is not None:
            return event, how
        if self._opens_clause(fig, a):
            after = self._verb_after(fig, noun.end if noun else fig.end, b)
            if after is not None:
                return after, EventRule.VERB_AFTER
        return self._clause_event(fig, sentence, implied, subject, noun.end if noun else fig.end, noun is not None)

    def _same_number(self, noun: _Noun, k: int) -> bool:
        """Is the noun at token k (a conjoined casualty noun) in the number of the figure's noun: «30 قتيلا وجريحا»،
        «قتلى وجرحى» count both; «3 قتلى وجريحا» is three dead and one wounded?"""
        m = self.vocab.nouns.match(self.tokens, k)
        return m is None or m[1].number == noun.row.number  # type: ignore[union-attr]

    def _group_noun_event(self, fig: Figure, noun: _Noun | None, rule: SubjectRule) -> str | None:
        """The event a group's own word implies («مئات الآلاف من النازحين»: displaced), or None."""
        if rule is not SubjectRule.GROUP or noun is None:
            return None
        for k in range(fig.end, noun.end):
            m = self.vocab.events.match(self.tokens, k)
            if m and m[0] <= noun.end:
                return m[1].event  # type: ignore[union-attr]
        return None

    def _group_event(self, fig: Figure, a: int) -> str | None:
        """«ضبط خلية تتكون من 431 إرهابيا»: the figure counts the members of a group whose composition it gives;
        the event is the last specific one before the composition word in the sentence."""
        word, k = self._governor(fig, a)
        if k < 0 or bare(word) not in self.vocab.function.composition:  # «وتضم» is read as «تضم»
            return None
        specific = [e for e in self.events(a, k) if e[2] not in ("present", "other") and e[1] <= k]
        return specific[-1][2] if specific else None

    def _governs_a_later_figure(self, e: EventSpan, fig: Figure) -> bool:
        """«بأغلبية 174 صوتا مقابل اعتراض عشرة نواب»: an event word after the figure that governs the next figure
        (a number right after it, or after one preposition) is that figure's, not this one's."""
        if e[0] < fig.end:
            return False
        k = e[1] + 1 if e[1] < len(self.tokens) and self.tokens[e[1]].text in self.vocab.function.preposition else e[1]
        if k >= len(self.tokens):
            return False
        t = self.tokens[k]
        return t.is_num or t.text in self.vocab.numbers or self.vocab.vague.match(self.tokens, k) is not None

    def _clause_event(self, fig: Figure, sentence: tuple[int, int], implied: str | None,
                      subject: str, after: int, counted: bool = False) -> tuple[str | None, EventRule]:
        """The nearest event word of the figure's clause (then of its sentence); `after`: where its noun phrase ends;
        `counted`: the figure has a counted noun. A counted noun of no category (طن، لتر، مشروع) takes no event
        from another word of its clause: what happened to it is said by its own predicate or not at all."""
        a, b = sentence
        cs, ce = _clause(self._breaks, fig, a, b)
        clause_events = [e for e in self.events(cs, ce) if e[2] != "other"  # «other» decides only as the predicate
                         and self.tokens[e[0]].text not in self.vocab.function.predicate_only
                         and not self._governs_a_later_figure(e, fig)]
        specific = [e for e in clause_events if e[2] != "present"]
        if specific and not (subject == "other" and counted):  # «توريد اللحوم في حدود 600 طن»: its own predicate only
            return _nearest(specific, fig, self._figure_between, self.tokens, cs), EventRule.CLAUSE
        if subject == "money" and _names_aid(self.tokens, self.vocab, cs, ce):
            return "paid", EventRule.CLAUSE  # «حجم المساعدات المقدمة ... بلغ 485 مليون درهم»
        if subject in MEASURES:
            return None, EventRule.MEASURE
        if implied:
            return implied, EventRule.IMPLIED
        if subject in HUMAN and _present_after(self.tokens, self.vocab, after, ce):
            return "present", EventRule.PRESENT_AFTER
        return None, EventRule.NONE


def _present_after(tokens: list[Token], vocab: Vocabulary, k: int, b: int) -> bool:
    """A word of presence right after the figure's noun phrase: «مئات الجنود الموجودين فيها»، «المقيمين»."""
    for m in range(k, min(b, k + _PRESENT_WORDS)):
        found = vocab.events.match(tokens, m)
        if found:
            return found[1].event == "present"  # type: ignore[union-attr]
        if not tokens[m].is_word or tokens[m].text in vocab.function.clause_break:
            return False
    return False


def _before_year(toks: list[Token], vocab: Vocabulary, k: int, a: int) -> int:
    """Past a year in a prepositional phrase right before the figure («قدم في 2013 ما يقارب»): the token before it."""
    if k - 1 > a and toks[k].is_num and year_digits(toks[k].text) and toks[k - 1].text in vocab.function.in_:
        return k - 2
    return k


def _count_risen_to(toks: list[Token], vocab: Vocabulary, fig: Figure, a: int,
                    figure_between: Callable[[int, int], bool]) -> str | None:
    """«ارتفع عدد القتلى من المشاركين في مظاهرات ... إلى 3 أشخاص»: a figure after «إلى» whose sentence says «عدد» +
    a casualty noun a few words before, however long the noun's complement, takes the noun's event."""
    if fig.start - 1 <= a or toks[fig.start - 1].text not in vocab.function.rise_to:
        return None
    lo = max(a, fig.start - _NOUN_BEFORE)  # past the commas of the complement («، بارك كون هيه،»)
    for j in range(fig.start - 2, lo - 1, -1):
        if bare(toks[j].text) in vocab.function.total and j + 1 < fig.start:
            noun = vocab.nouns.match(toks, j + 1)
            if noun and noun[1].event in CASUALTIES and not figure_between(j, fig.start):  # type: ignore[union-attr]
                return noun[1].event  # type: ignore[union-attr]
            return None
    return None


def _money_event(toks: list[Token], vocab: Vocabulary, fig: Figure, a: int, governor: tuple[str, int],
                 noun_end: tuple[int, int]) -> tuple[str | None, EventRule] | None:
    """A sum's own event: none for a price («17.800 دينار/كلغ»), paid for a sum given; None when neither."""
    if _per_unit(toks, vocab, *noun_end):
        return None, EventRule.MEASURE
    return ("paid", EventRule.PREDICATE) if _paid(toks, vocab, fig, a, *governor) else None


def _per_unit(toks: list[Token], vocab: Vocabulary, k: int, b: int) -> bool:
    """A unit right after a sum that it is given per («دينار/كلغ»، «دينار للكغ»، «دولارا للبرميل»)."""
    if k + 1 < b and toks[k].text == "/":
        k += 1
    elif k >= b or not toks[k].text.startswith(morph.LI):
        return False
    w = toks[k].text
    return any(w.removeprefix(p) in vocab.function.per_unit for p in (morph.LIL, morph.LI, morph.ARTICLE, ""))


def _paid(toks: list[Token], vocab: Vocabulary, fig: Figure, a: int, governor: str, k: int) -> bool:
    """A sum governed by a verb that gives money («حوّل أكثر من مليوني دولار») or named, a few words before it, as
    money given («إسناد منحة بقيمة 500 دينار»: the sum of a grant)."""
    return (k >= 0 and bare(governor) in vocab.function.transfer) \
        or _names_aid(toks, vocab, max(a, fig.start - _AID_BEFORE), fig.start)


def _names_aid(tokens: list[Token], vocab: Vocabulary, a: int, b: int) -> bool:
    """Does the clause [a, b) name money given (مساعدات، منحة، هبة ...), with its clitics?"""
    aid = vocab.function.aid
    return any(f in aid for t in tokens[a:b] if t.is_word for f in forms(t.text))


class Typist(_EventReading):
    """Types the figures of one text, sentence by sentence, in order (a figure may read the ones before it)."""

    def __init__(self, tokens: list[Token], vocab: Vocabulary | None = None,
                 events: Callable[[int, int], list[EventSpan]] | None = None) -> None:
        self.tokens = tokens
        self.vocab = vocab or vocabulary()
        self.events = events or (lambda a, b: events_in(tokens, a, b, self.vocab))
        self._typed: list[tuple[Figure, Typing]] = []
        self._typed_starts: list[int] = []  # the starts of the typed figures, in text order
        self._noun_end: dict[int, int] = {}  # figure start -> where its counted noun (and group) ends
        self._settings: dict[tuple[int, int], bool] = {}  # sentence -> does it tell of civilians hit
        breaks = self.vocab.function.clause_break
        self._breaks = [k for k, t in enumerate(tokens) if t.text in breaks]  # clause breaks, found once per text

    # -- the noun -------------------------------------------------------------------------------
    def _group_at(self, k: int, b: int) -> tuple[Actor, int] | None:
        """A named group at token k («الحوثيين»، «قوات الأمن»), or after «من» there."""
        toks, vocab = self.tokens, self.vocab
        if k < b and (toks[k].text in vocab.function.of or toks[k].text in vocab.function.in_):
            k += 1  # «38 عنصرا من الحوثيين»، «خمسة عناصر في الشرطة»
            if k < b and toks[k].text in vocab.function.ranks:
                k += 1  # «أربعة جرحى في صفوف المقاتلين»
        if k < b:
            m = vocab.actors.match(toks, k)
            if m is None and k + 1 < b and bare(toks[k].text) in vocab.function.forces:
                m = vocab.actors.match(toks, k + 1)  # «20 من قوات الحوثي»: the forces of a group named after
            if m and m[0] <= b:
                return m[1], m[0]  # type: ignore[return-value]
        return None

    def _ranks_noun(self, k: int, b: int) -> CountedNoun | None:
        """The people named by a counted noun in «في صفوف X» / «من صفوف X» at token k, or None."""
        toks, vocab = self.tokens, self.vocab
        if not (k + 2 < b and (toks[k].text in vocab.function.of or toks[k].text in vocab.function.in_)
                and toks[k + 1].text in vocab.function.ranks):
            return None
        m = vocab.nouns.match(toks, k + 2)
        return m[1] if m and m[1].subject in HUMAN and m[1].subject != "people" else None  # type: ignore[union-attr]

    def _noun(self, fig: Figure, b: int) -> _Noun | None:
        """The counted noun right after the number (skipping «من», «ال», quotes) or within the figure (قريتين)."""
        toks, vocab = self.tokens, self.vocab
        if fig.noun is not None:
            m = vocab.nouns.match(toks, fig.noun[0])
            if m:
                return _Noun(m[1], fig.noun[1])  # type: ignore[arg-type]
            dual = vocab.dual(toks[fig.noun[0]].text)
            return _Noun(dual, fig.noun[1]) if dual else None
        group = self._group_at(fig.end, b)
        if group:  # «6 من قوات النظام»
            return _Noun(CountedNoun("", group[0].subject, "pl", None), group[1], group[0])
        k, skipped = fig.end, 0
        while k < b and skipped <= 2:
            if self._conjoined(k):
                break  # «مقتل 25 وإصابة 78»: a word joined by و starts the next phrase, not the counted noun
            m = vocab.nouns.match(toks, k)
            if m:
                return _Noun(m[1], m[0])  # type: ignore[arg-type]
            if toks[k].text not in vocab.function.before_noun:
                break
            k += 1
            skipped += 1
        return None

    def _conjoined(self, k: int) -> bool:
        """Token k carries a conjunction («وإصابة») rather than being a word that starts with its letter («وحدة»)."""
        word = self.tokens[k].text
        return len(strip_conj(word)) > 1 and not self.vocab.nouns.starts_as_written(word)

    def _previous(self, fig: Figure, a: int, people_only: bool = False) -> Typing | None:
        """The typing of the nearest figure before this one in its sentence; with `people_only`, the nearest figure of
        people that does not break another down («13 شخصا بينهم ضابطي شرطة وإصابة 40 آخرين»: more people, not police;
        «40 مسلحا قتلوا في معارك بأربع مناطق، وأصيب 30 آخرين»: more fighters, not places)."""
        part_of = self.vocab.function.part_of
        for f, t in reversed(self._typed):
            if f.end <= fig.start and f.start >= a and not (people_only and (
                    t.subject not in HUMAN or (f.start > a and bare(self.tokens[f.start - 1].text) in part_of))):
                return t
        return None

    def _own_members(self, fig: Figure, a: int, b: int) -> Actor | None:
        """«نحو عشرين من أفرادها»، «22 من عناصره»: members of a group named by a pronoun are members of the
        group named last before the figure in its sentence."""
        toks, vocab = self.tokens, self.vocab
        k = fig.end + 1 if fig.end < b and toks[fig.end].text in vocab.function.of else fig.end
        if fig.noun is not None or k >= b:
            return None
        word = toks[k].text
        stems = [word[: -len(s)] for s in (*morph.PRONOUN_SUFFIXES, morph.TEH_MARBUTA) if word.endswith(s)]
        if not any(stem in vocab.function.member for stem in stems):  # a final ه after a plural is a pronoun
            return None
        for j in range(fig.start - 1, max(a, fig.start - _NOUN_BEFORE) - 1, -1):
            m = vocab.actors.match(toks, j)
            if m and m[0] <= fig.start:
                return m[1]  # type: ignore[return-value]
        return None

    def _subject(self, fig: Figure, sentence: tuple[int, int], noun: _Noun | None) -> tuple[CountedNoun | None, SubjectRule]:
        a, b = sentence
        toks, vocab = self.tokens, self.vocab
        group = self._own_members(fig, a, b)
        if group is not None:
            return CountedNoun("", group.subject, "pl", None), SubjectRule.ANTECEDENT
        if noun is not None:
            if noun.group is not None:
                return noun.row, SubjectRule.GROUP
            member = toks[noun.end - 1].text in vocab.function.member or noun.row.subject == "people"
            group = self._group_at(max(noun.end, fig.end), b) if member else None
            if group:  # «38 عنصرا من ميليشيات الحوثي»، «ثلاثة من أفراد الجيش»
                return CountedNoun("", group[0].subject, noun.row.number, noun.row.event), SubjectRule.GROUP
            ranks = self._ranks_noun(max(noun.end, fig.end), b) if member else None
            if ranks is not None:  # «أربعة جرحى في صفوف المقاتلين»
                return CountedNoun("", ranks.subject, noun.row.number, noun.row.event), SubjectRule.GROUP
            if noun.row.subject in HUMAN and (toks[noun.end - 1].text in vocab.function.others
                                              or (fig.end < b and toks[fig.end].text in vocab.function.others)):
                subject = self._others_of(fig, a)
                if subject is not None:
                    return CountedNoun("", subject, "pl", None), SubjectRule.OTHERS
            return noun.row, SubjectRule.NOUN_AFTER
        nxt = toks[fig.end].text if fig.end < b else ""
        if nxt in vocab.function.others:  # «وإصابة 11 آخرين»: more of the group counted before
            return CountedNoun("", self._others_of(fig, a) or "people", "pl", None), SubjectRule.OTHERS
        if self._governor(fig, a)[0] in vocab.function.part_of:
            before = self._previous(fig, a)
            if before is not None:
                return CountedNoun("", before.subject, "pl", None), SubjectRule.PART_OF
        row, rule = None, SubjectRule.UNKNOWN_NOUN
        if not (nxt and nxt[0].isalpha() and nxt not in vocab.function.not_counted and fig.rule.form is not Form.VAGUE
                and nxt not in vocab.function.part_of  # «إلى 27 على الأقل هم 6 من ...»: a breakdown follows
                and not self._conjoined(fig.end)  # «مقتل 25 وإصابة 78»: the next word opens the next phrase
                and not (nxt[0] == morph.BI and vocab.events.match(toks, fig.end))):  # «وأصيب أكثر من 130 بجروح»
            row = self._noun_before(fig, a)
            rule = SubjectRule.NOUN_BEFORE if row else SubjectRule.NONE
        if row is None and nxt in vocab.function.part_of and nxt in vocab.function.not_counted:
            return _PEOPLE, SubjectRule.PART_OF  # «أكثر من ألف منهم»: a part of people named in an earlier sentence
        if row is None:
            after = fig.end + 1 if fig.end + 1 < b and toks[fig.end].text in vocab.function.of else fig.end
            if after < b and is_nisba_plural(toks[after].text):
                return _PEOPLE, SubjectRule.NISBA_PLURAL  # آلاف الكتالونيين، الآلاف من الأردنيين
        return row, rule

    def _others_of(self, fig: Figure, a: int) -> str | None:
        """What «آخرون» adds more of: the group of the figure before it in the sentence, else a person named by a
        singular noun before it («مقتل جندي وإصابة اثنين آخرين»: soldiers)."""
        before = self._previous(fig, a, people_only=True)
        if before is not None:
            return before.subject
        for k in range(fig.start - 1, max(a, fig.start - _NOUN_BEFORE) - 1, -1):
            m = self.vocab.nouns.match(self.tokens, k)
            if m and m[0] <= fig.start and m[1].number == "sg" and self._event_ending_at(k, a) is not None \
                    and not morph.definite(self.tokens[k].text):  # «مقتل جندي»، not «تصريح صحافي»، «قتلت المهاجم»
                subject = m[1].subject  # type: ignore[union-attr]
                return subject if subject in HUMAN and subject != "people" else None  # «طعن رجلا، وأصاب 4 آخرين»
        return None

    def _noun_before(self, fig: Figure, a: int) -> CountedNoun | None:
        """A counted noun written before the figure in its sentence («عدد القتلى إلى 30»), at most 30 tokens back."""
        own: CountedNoun | None = None  # the figure's own verbal noun («وإصابة 10»), if it is one
        for k in range(fig.start - 1, max(a, fig.start - _NOUN_BEFORE) - 1, -1):
            m = self.vocab.nouns.match(self.tokens, k)
            if m and m[0] == fig.start and m[1].number == "sg" and self.vocab.events.match(self.tokens, k):  # type: ignore[union-attr]
                own = m[1]  # type: ignore[assignment]
                continue
            if m and m[0] <= fig.start:
                counted = m[1].number == "pl" or (k > a and self.tokens[k - 1].is_num)  # type: ignore[union-attr]
                if own is None or (counted and m[1].subject in HUMAN):  # type: ignore[union-attr]
                    return m[1]  # type: ignore[return-value]  # «مقتل 5 جنود وإصابة 10»: soldiers
                return own
        return own

    def _annotation(self, fig: Figure, sentence: tuple[int, int]) -> bool:
        """Numbers alone in brackets at the end of their sentence or clause («خارج المرمى (33).»، «واقفا بوجه فريقه
        (68 و69).»): a minute, a reference, not a count (a count in brackets is governed: «بواقع (375) و (346)
        مراجعا»، «(1300) حالة»)."""
        a, b = sentence
        toks = self.tokens
        left, right = fig.start - 1, fig.end
        while left > a and self._in_number_list(toks[left]):
            left -= 1
        while right < b - 1 and self._in_number_list(toks[right]):
            right += 1
        if not (left >= a and toks[left].text == "(" and right < b and toks[right].text == ")"):
            return False
        return right + 1 >= b or toks[right + 1].text in self.vocab.function.punct

    def _in_number_list(self, t: Token) -> bool:
        """A number or the «و» between two of them, inside the brackets of an annotation («(68 و69)»)."""
        return t.is_num or t.text == morph.WAW

    def _refine(self, fig: Figure, sentence: tuple[int, int], subject: str, rule: SubjectRule,
                event: str | None) -> tuple[str, SubjectRule]:
        """What the event says of a figure whose noun says little: people hit, people who fled, civilians hit."""
        a, b = sentence
        if (rule in (SubjectRule.NONE, SubjectRule.NOUN_BEFORE) and event in HUMAN_EVENTS and subject in NOT_HUMAN) \
                or (rule is SubjectRule.UNKNOWN_NOUN and event in CASUALTIES) \
                or (rule is SubjectRule.UNKNOWN_NOUN and event in HUMAN_EVENTS and fig.end < b
                    and self.vocab.events.match(self.tokens, fig.end)):  # «250 ألف نزحوا»: the word is the verb
            # «لقي آلاف حتفهم»، «قتل 5 في القصف»، «حافلة ... ما أسفر عن مقتل 12 على الأقل»، «وأصيب 16 عندما انفجرت»
            subject, rule = "people", SubjectRule.HUMAN_EVENT
        if subject == "people" and event == "displaced" and rule in _GENERIC_PEOPLE:
            return "displaced", SubjectRule.FLED  # «فر 45 ألف شخص»، «نزوح أكثر من 120 ألفا»
        if subject == "people" and event in CASUALTIES and rule in _GENERIC_PEOPLE:
            found = self._settings.get(sentence)
            if found is None:
                found = self._settings[sentence] = civilian_setting(self.tokens, a, b, self.vocab)
            if found:
                return "civilians", SubjectRule.CIVILIAN_SETTING
        return subject, rule

    # -- a figure -------------------------------------------------------------------------------
    def _police_joined(self, k: int, b: int) -> bool:
        """«350 ألف ضابط وفرد شرطة»: officers joined by و to a police word, a few words on."""
        toks, police = self.tokens, self.vocab.function.police_word
        return k < b and toks[k].text.startswith(morph.WAW) and any(
            bare(t.text) in police for t in toks[k:min(b, k + 3)])

    def _police_only(self, a: int, b: int, skip: tuple[int, int]) -> bool:
        """Does the sentence [a, b) name the police («مركز شرطة»، «قوات الأمن») and no army, outside `skip`?"""
        armed = _armed_in(self.tokens, a, b, self.vocab, skip)
        if any(bare(t.text) in self.vocab.function.police_word for t in self.tokens[a:b]):
            armed.add("police")
        return armed == {"police"}

    def type(self, fig: Figure, sentence: tuple[int, int]) -> Typing:
        """Subject and event of a figure within its sentence (token range); figures come in text order."""
        a, b = sentence
        noun = self._noun(fig, b)
        if noun is not None:
            self._noun_end[fig.start] = noun.end
        row, rule = self._subject(fig, sentence, noun)
        subject = row.subject if row else "other"
        event, event_rule = self._event(fig, sentence, noun, subject, rule, row)
        subject, rule = self._refine(fig, sentence, subject, rule, event)
        if subject == "soldiers" and noun is not None and noun.row.noun in self.vocab.function.rank_noun \
                and (self._police_only(a, b, (fig.start, noun.end)) or self._police_joined(noun.end, b)):
            subject, rule = "police", SubjectRule.RANK_CONTEXT  # «هجوم على مركز شرطة ... مقتل ضابطين»
        if rule is SubjectRule.NOUN_BEFORE and self._annotation(fig, sentence):
            subject, event, rule, event_rule = "other", None, SubjectRule.ANNOTATION, EventRule.NONE
        typing = Typing(subject, event, rule, event_rule)
        self._typed.append((fig, typing))
        self._typed_starts.append(fig.start)
        return typing


def _armed_in(tokens: list[Token], a: int, b: int, vocab: Vocabulary, skip: tuple[int, int] = (0, 0)) -> set[str]:
    """The state forces the sentence [a, b) names (actors and counted nouns: soldiers, police), outside `skip`."""
    found = set()
    for k in range(a, b):
        if skip[0] <= k < skip[1]:
            continue
        m = vocab.actors.match(tokens, k) or vocab.nouns.match(tokens, k)
        if m and m[1].subject in _ARMED:  # type: ignore[union-attr]
            found.add(m[1].subject)  # type: ignore[union-attr]
    return found


def civilian_setting(tokens: list[Token], a: int, b: int, vocab: Vocabulary) -> bool:
    """Does the sentence [a, b) tell of civilians hit: a place where they gather, a crowd or a ramming
    (civilian_settings.tsv), and no soldiers or police?"""
    return any(vocab.civilian_settings.match(tokens, k) for k in range(a, b)) and not _armed_in(tokens, a, b, vocab)


def _both(first: str | None, second: str | None) -> str | None:
    """The event of two coordinated words: killed and wounded together are killed_or_wounded, else the first."""
    return "killed_or_wounded" if {first, second} == {"killed", "wounded"} else first


def _clause(breaks: list[int], fig: Figure, a: int, b: int) -> tuple[int, int]:
    """The clause of a figure within its sentence [a, b): from the token after the last break before it to the first
    break after it (`breaks`: the sorted indexes of the text's clause-break tokens)."""
    i = bisect_right(breaks, fig.start - 1) - 1
    s = max(a, breaks[i] + 1) if i >= 0 else a
    j = bisect_left(breaks, fig.end)
    e = min(b, breaks[j]) if j < len(breaks) else b
    return s, e


def _dist(e: EventSpan, fig: Figure) -> tuple[int, int]:
    k, end, _ = e
    return (fig.start - end, 0) if end <= fig.start else (k - fig.end, 1)


def _nearest(events: list[EventSpan], fig: Figure, figure_between: Callable[[int, int], bool], tokens: list[Token],
             clause_start: int) -> str | None:
    """The event nearest the figure (before wins a tie).

    «قتلت وأصابت العشرات»: two coordinated verbs right before a figure share it, and the first
    names the event, unless another figure stands before them in the clause («أحد ... قتل وأصيب أربعة»).
    """
    cands = sorted((e for e in events if not (fig.start <= e[0] < fig.end)), key=lambda e: _dist(e, fig))
    if not cands:
        return None
    best = cands[0]
    if best[1] <= fig.start and tokens[best[0]].text.startswith(morph.WAW):
        prev = [e for e in cands if e[1] == best[0]]
        if prev and not figure_between(clause_start, prev[0][0]):
            return prev[0][2]
    return best[2]


# events that happen only to people, and only to things
_PEOPLE_EVENTS = {"killed", "wounded", "killed_or_wounded", "captured", "detained", "released", "freed", "evacuated",
                  "displaced", "missing", "held"}
_THING_EVENTS = {"destroyed", "launched", "seized", "paid"}


# what happens to attacks and strikes whatever the verb says of them
_AS_WHAT_HAPPENS = {("attacks", "launched"): "attacked", ("airstrikes", "attacked"): "launched",
                    ("rockets", "attacked"): "launched",
                    **{(h, "seized"): "detained" for h in HUMAN}}  # «ضبط 5 أشخاص»: people seized are detained
_HAPPENED = {"attacks": "attacked", "airstrikes": "launched", "rockets": "launched"}


def counts_nothing(typing: Typing) -> bool:
    """A number with no counted noun, no group and no event: a label, an edition, a time, not a figure."""
    return typing.subject == "other" and typing.event is None and typing.subject_rule in (SubjectRule.NONE,
                                                                                       SubjectRule.ANNOTATION)


def compatible(event: str, subject: str) -> bool:
    """Can this event happen to what is counted? People are not destroyed or launched, villages are not wounded."""
    if subject in HUMAN:
        return event not in _THING_EVENTS
    if subject in ("other", "percent"):
        return True
    if event == "paid":
        return subject == "money"
    return event not in _PEOPLE_EVENTS


def is_nisba_plural(word: str) -> bool:
    """A plural of a relative adjective (السوريين، الكتالونيين) names people."""
    w = bare(word)
    return len(w) >= 6 and w.endswith(morph.NISBA_PLURAL)
