"""What a figure counts (subject) and what happened to it (event), within its sentence.

The subject comes from the counted noun after the number (or one written before it), the event
from the event words of the figure's clause (counted_nouns.tsv, events.tsv).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from arqam.figures.model import Figure, Form
from arqam.lexicon.vocab import CountedNoun, Vocabulary, vocabulary
from arqam.text import morph
from arqam.text.tokens import Token, bare

HUMAN_EVENTS = {"killed", "wounded", "killed_or_wounded", "missing", "displaced", "evacuated", "detained", "captured"}
CASUALTIES = {"killed", "wounded", "killed_or_wounded"}
NOT_HUMAN = {"other", "vehicles", "weapons", "rockets", "sites", "airstrikes", "attacks", "towns", "villages"}
MEASURES = {"area_km2", "distance_m", "distance_km", "money", "percent"}
_PEOPLE = CountedNoun("", "people", "pl", None)


class SubjectRule(StrEnum):
    NOUN_AFTER = "noun_after"  # the counted noun right after the number (قتل 5 مدنيين)
    UNKNOWN_NOUN = "unknown_noun"  # a word after the number that no lexicon knows: other
    NOUN_BEFORE = "noun_before"  # a counted noun before the number in the sentence (عدد القتلى إلى 30)
    NONE = "none"  # no noun at all
    NISBA_PLURAL = "nisba_plural"  # آلاف الكتالونيين: people
    HUMAN_EVENT = "human_event"  # a casualty event with no human noun: people


class EventRule(StrEnum):
    CASUALTY_NOUN = "casualty_noun"  # «أسفر الهجوم عن 60 قتيلا»: the noun after the number says what happened
    CLAUSE = "clause"  # the nearest specific event word of the clause
    IMPLIED = "implied"  # the event the counted noun implies (جريح -> wounded)
    CLAUSE_PRESENT = "clause_present"  # only «present» in the clause
    MEASURE = "measure"  # a measure (money, area ...) with no event in its clause: none
    SENTENCE = "sentence"  # the nearest event word of the sentence


@dataclass(frozen=True)
class Typing:
    subject: str
    event: str | None
    subject_rule: SubjectRule
    event_rule: EventRule


EventSpan = tuple[int, int, str]  # (first token, end token, event)


def _noun_after(tokens: list[Token], fig: Figure, b: int, vocab: Vocabulary) -> tuple[int, CountedNoun] | None:
    if fig.noun is not None:
        m = vocab.nouns.match(tokens, fig.noun[0])
        return (fig.noun[1], m[1]) if m else None  # type: ignore[return-value]
    k = fig.end
    skipped = 0
    while k < b and skipped <= 2:
        m = vocab.nouns.match(tokens, k)
        if m:
            return m  # type: ignore[return-value]
        if tokens[k].text in vocab.function.before_noun:
            k += 1
            skipped += 1
            continue
        break
    return None


def _noun_before(tokens: list[Token], fig: Figure, a: int, vocab: Vocabulary) -> CountedNoun | None:
    for k in range(fig.start - 1, a - 1, -1):
        m = vocab.nouns.match(tokens, k)
        if m and m[0] <= fig.start:
            return m[1]  # type: ignore[return-value]
    return None


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


def _clause(tokens: list[Token], fig: Figure, a: int, b: int, vocab: Vocabulary) -> tuple[int, int]:
    breaks = vocab.function.clause_break
    s = fig.start
    while s > a and tokens[s - 1].text not in breaks:
        s -= 1
    e = fig.end
    while e < b and tokens[e].text not in breaks:
        e += 1
    return s, e


def _dist(e: EventSpan, fig: Figure) -> tuple[int, int]:
    k, end, _ = e
    return (fig.start - end, 0) if end <= fig.start else (k - fig.end, 1)


def _nearest(events: list[EventSpan], fig: Figure, others: list[Figure], tokens: list[Token],
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
        if prev and not any(o.end <= prev[0][0] and o.start >= clause_start for o in others):
            return prev[0][2]
    return best[2]


def _subject(tokens: list[Token], fig: Figure, sentence: tuple[int, int], vocab: Vocabulary
             ) -> tuple[CountedNoun | None, SubjectRule]:
    """The counted noun of a figure and the rule that found it."""
    a, b = sentence
    noun = _noun_after(tokens, fig, b, vocab)
    if noun:
        return noun[1], SubjectRule.NOUN_AFTER
    nxt = tokens[fig.end].text if fig.end < b else ""
    row, rule = None, SubjectRule.UNKNOWN_NOUN
    if not (nxt and nxt[0].isalpha() and nxt not in vocab.function.not_counted and fig.rule.form is not Form.VAGUE
            and not (nxt[0] == morph.BI and vocab.events.match(tokens, fig.end))):  # «وأصيب أكثر من 130 بجروح»
        row = _noun_before(tokens, fig, a, vocab)
        rule = SubjectRule.NOUN_BEFORE if row else SubjectRule.NONE
    if row is None:
        after = fig.end + 1 if fig.end + 1 < b and tokens[fig.end].text in vocab.function.of else fig.end
        if after < b and is_nisba_plural(tokens[after].text):
            return _PEOPLE, SubjectRule.NISBA_PLURAL  # آلاف الكتالونيين، الآلاف من الأردنيين
    return row, rule


def type_figure(tokens: list[Token], fig: Figure, sentence: tuple[int, int], others: list[Figure],
                vocab: Vocabulary | None = None, events: Callable[[int, int], list[EventSpan]] | None = None) -> Typing:
    """Subject and event of a figure within its sentence (token range).

    `events(a, b)`: the event words of tokens [a, b); pass a memoized one when typing many
    figures of one text.
    """
    vocab = vocab or vocabulary()
    events = events or (lambda a, b: events_in(tokens, a, b, vocab))
    a, b = sentence
    row, rule = _subject(tokens, fig, sentence, vocab)
    subject = row.subject if row else "other"
    implied = row.event if row else None
    cs, ce = _clause(tokens, fig, a, b, vocab)
    clause_events = events(cs, ce)
    specific = [e for e in clause_events if e[2] != "present"]
    if implied in CASUALTIES and rule is SubjectRule.NOUN_AFTER:
        event, event_rule = implied, EventRule.CASUALTY_NOUN
    elif specific:
        event, event_rule = _nearest(specific, fig, others, tokens, cs), EventRule.CLAUSE
    elif implied:
        event, event_rule = implied, EventRule.IMPLIED
    elif clause_events:
        event, event_rule = _nearest(clause_events, fig, others, tokens, cs), EventRule.CLAUSE_PRESENT
    elif subject in MEASURES:
        event, event_rule = None, EventRule.MEASURE
    else:
        event, event_rule = _nearest(events(a, b), fig, others, tokens, cs), EventRule.SENTENCE
    if rule in (SubjectRule.NONE, SubjectRule.NOUN_BEFORE) and event in HUMAN_EVENTS and subject in NOT_HUMAN:
        # «لقي آلاف حتفهم»، «قتل 5 في القصف»، «حافلة ... ما أسفر عن مقتل 12 على الأقل»
        subject, rule = "people", SubjectRule.HUMAN_EVENT
    return Typing(subject, event, rule, event_rule)


def is_nisba_plural(word: str) -> bool:
    """A plural of a relative adjective (السوريين، الكتالونيين) names people."""
    w = bare(word)
    return len(w) >= 6 and w.endswith(morph.NISBA_PLURAL)
