"""Article -> claims: figures with what they count, what happened, who said it and when.

Composes the number grammar (figures), the counted-noun and event lexicons, attribution
and dates. Every claim carries char offsets into the raw text, the quote and its sentence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache

from arqam.arabic.lexicon import PhraseIndex, phrase_index, read_tsv
from arqam.arabic.tokens import Token, strip_conj
from arqam.attribution import ArticleSpeakers
from arqam.dates import day_expressions, infer_published, statement_day
from arqam.document import Document, analyze
from arqam.figures import Figure, find_figures
from arqam.figures import lexicons as figure_lexicons

_CLAUSE_BREAKS = {"،", ",", ";", "؛", ":", ".", "ان", "انه", "انها", "انهم", "وان", "وانه", "لكن", "لكنه", "بينما"}
_NEGATIONS = {"ليس", "لا", "لم", "لن", "ليست", "عدم"}
_SKIP_BEFORE_NOUN = {"من", "ال"}
# words after a number that name nothing it counts (in key spelling: علي is «على»)
_FUNCTION_WORDS = {"في", "من", "علي", "الي", "خلال", "منذ", "بعد", "قبل", "عند", "مع", "حتى", "و", "او", "اخرين", "اخرون",
                   "بينهم", "بينهن", "منهم", "منهن"}
_HUMAN_EVENTS = {"killed", "wounded", "killed_or_wounded", "missing", "displaced", "evacuated", "detained", "captured"}
_CASUALTIES = {"killed", "wounded", "killed_or_wounded"}
_NOT_HUMAN = {"other", "vehicles", "weapons", "rockets", "sites", "airstrikes", "attacks", "towns", "villages"}
_MEASURES = {"area_km2", "distance_m", "distance_km", "money", "percent"}
_RULE_CONFIDENCE = {"digits": 0.9, "words": 0.85, "digits+words": 0.9, "vague": 0.7, "dual_noun": 0.75, "ahad+noun": 0.75}


@dataclass(frozen=True)
class _Typing:
    subject: str
    event: str | None
    rule: str


class ExtractLexicons:
    def __init__(self) -> None:
        self.events: PhraseIndex = phrase_index(read_tsv("events", ("form", "event"), key="form"), "form", prefixes=True, min_stem=4)
        self.nouns: PhraseIndex = figure_lexicons().nouns


@cache
def lexicons() -> ExtractLexicons:
    return ExtractLexicons()


def claim_id(article_id: str, start: int, end: int) -> str:
    """Deterministic id of a claim: hash of article id and span."""
    return hashlib.sha256(f"{article_id}\x1f{start}\x1f{end}".encode()).hexdigest()[:20]


def _noun_after(tokens: list[Token], fig: Figure, b: int, lex: ExtractLexicons) -> tuple[int, dict] | None:
    if fig.noun is not None:
        m = lex.nouns.match(tokens, fig.noun[0])
        return (fig.noun[1], m[1]) if m else None  # type: ignore[return-value]
    k = fig.end
    skipped = 0
    while k < b and skipped <= 2:
        m = lex.nouns.match(tokens, k)
        if m:
            return m  # type: ignore[return-value]
        if tokens[k].text in _SKIP_BEFORE_NOUN or tokens[k].text in ('"', "'", "("):
            k += 1
            skipped += 1
            continue
        break
    return None


def _noun_before(tokens: list[Token], fig: Figure, a: int, lex: ExtractLexicons) -> dict | None:
    for k in range(fig.start - 1, a - 1, -1):
        m = lex.nouns.match(tokens, k)
        if m and m[0] <= fig.start:
            return m[1]  # type: ignore[return-value]
    return None


def _events_in(tokens: list[Token], a: int, b: int, lex: ExtractLexicons) -> list[tuple[int, int, str]]:
    out = []
    k = a
    while k < b:
        m = lex.events.match(tokens, k)
        if m and m[0] <= b:
            negated = k > a and tokens[k - 1].text in _NEGATIONS
            if not negated:
                out.append((k, m[0], m[1]["event"]))  # type: ignore[index]
            k = m[0]
        else:
            k += 1
    return out


def _clause(tokens: list[Token], fig: Figure, a: int, b: int) -> tuple[int, int]:
    s = fig.start
    while s > a and tokens[s - 1].text not in _CLAUSE_BREAKS:
        s -= 1
    e = fig.end
    while e < b and tokens[e].text not in _CLAUSE_BREAKS:
        e += 1
    return s, e


def _dist(e: tuple[int, int, str], fig: Figure) -> tuple[int, int]:
    k, end, _ = e
    return (fig.start - end, 0) if end <= fig.start else (k - fig.end, 1)


def _nearest(events: list[tuple[int, int, str]], fig: Figure, others: list[Figure], tokens: list[Token],
             clause_start: int) -> str | None:
    """The event nearest the figure (before wins a tie).

    «قتلت وأصابت العشرات»: two coordinated verbs right before a figure share it, and the first
    names the event, unless another figure stands before them in the clause («أحد ... قتل وأصيب أربعة»).
    """
    cands = sorted((e for e in events if not (fig.start <= e[0] < fig.end)), key=lambda e: _dist(e, fig))
    if not cands:
        return None
    best = cands[0]
    if best[1] <= fig.start and tokens[best[0]].text.startswith("و"):
        prev = [e for e in cands if e[1] == best[0]]
        if prev and not any(o.end <= prev[0][0] and o.start >= clause_start for o in others):
            return prev[0][2]
    return best[2]


def type_figure(tokens: list[Token], fig: Figure, sentence: tuple[int, int], others: list[Figure],
                lex: ExtractLexicons | None = None, events_in=None) -> _Typing:
    """Subject and event of a figure within its sentence (token range).

    `events_in(a, b)`: the event words of tokens [a, b); pass a memoized one when typing many
    figures of one text.
    """
    lex = lex or lexicons()
    events_in = events_in or (lambda a, b: _events_in(tokens, a, b, lex))
    a, b = sentence
    noun = _noun_after(tokens, fig, b, lex)
    rule = "noun_after"
    row = noun[1] if noun else None
    if row is None:
        nxt = tokens[fig.end].text if fig.end < b else ""
        if nxt and nxt[0].isalpha() and nxt not in _FUNCTION_WORDS and fig.rule != "vague" \
                and not (nxt[0] == "ب" and lex.events.match(tokens, fig.end)):  # «وأصيب أكثر من 130 بجروح»
            row, rule = None, "unknown_noun"
        else:
            row = _noun_before(tokens, fig, a, lex)
            rule = "noun_before" if row else "none"
    after = fig.end + 1 if fig.end + 1 < b and tokens[fig.end].text == "من" else fig.end
    if row is None and after < b and _is_nisba_plural(tokens[after].text):
        row, rule = {"subject": "people", "event": ""}, "nisba_plural"  # آلاف الكتالونيين، الآلاف من الأردنيين
    subject = row["subject"] if row else "other"
    implied = (row.get("event") or None) if row else None
    cs, ce = _clause(tokens, fig, a, b)
    clause_events = events_in(cs, ce)
    specific = [e for e in clause_events if e[2] != "present"]
    if implied in _CASUALTIES and rule == "noun_after":
        event = implied  # «أسفر الهجوم عن 60 قتيلا»: the noun after the number says what happened
    elif specific:
        event = _nearest(specific, fig, others, tokens, cs)
    elif implied:
        event = implied
    elif clause_events:
        event = _nearest(clause_events, fig, others, tokens, cs)
    elif subject in _MEASURES:
        event = None
    else:
        event = _nearest(events_in(a, b), fig, others, tokens, cs)
    if rule in ("none", "noun_before") and event in _HUMAN_EVENTS and subject in _NOT_HUMAN:
        # «لقي آلاف حتفهم»، «قتل 5 في القصف»، «حافلة ... ما أسفر عن مقتل 12 على الأقل»
        subject, rule = "people", "human_event"
    return _Typing(subject, event, rule)


def _is_nisba_plural(word: str) -> bool:
    """A plural of a relative adjective (السوريين، الكتالونيين) names people."""
    w = strip_conj(word)[-1]
    return len(w) >= 6 and w.endswith(("يين", "يون"))


def extract_document(article_id: str, doc: Document, published: dt.date | None = None,
                     date_source: str | None = None) -> list[dict]:
    """Claims of one analysed article, as dicts with the columns of the `claims` contract."""
    if published is None:
        published = infer_published(doc)
        date_source = "text" if published else None
    tokens = doc.tokens
    claims: list[dict] = []
    figs = find_figures(tokens)
    if not figs:
        return claims  # nothing to attribute: skip the article's reporting clauses altogether
    speakers = ArticleSpeakers(doc, until=figs[-1].start)
    sent_tokens = [doc.tokens_in(s, e) for s, e in doc.sentences]
    lex = lexicons()
    # figures of one sentence share its scans
    events_in = cache(lambda a, b: _events_in(tokens, a, b, lex))
    days_in = cache(lambda a, b: day_expressions(tokens, a, b))
    for fig in figs:
        start, end = doc.token_raw_span(fig.start, fig.end)
        if doc.boilerplate_reason(start, end) or doc.is_list_label(start, end):
            continue
        si = next((i for i, (a, b) in enumerate(sent_tokens) if a <= fig.start < b), len(sent_tokens) - 1)
        sentence = sent_tokens[si]
        typing = type_figure(tokens, fig, sentence, figs, lex, events_in)
        if fig.rule == "ahad+noun" and (typing.event in (None, "present") or speakers.cue_ends_at(fig.start)):
            continue  # «وقال أحد المسافرين»، «أحد اللاجئين يعيش ...»: one of them, not a count
        sp = speakers.speaker_for(fig.start, fig.end)
        cue = next((c.start for c in reversed(speakers.cues) if sentence[0] <= c.start < fig.start), None)
        day = statement_day(days_in(*sentence), cue, fig.start)
        s_start, s_end = doc.sentences[si]
        confidence = _RULE_CONFIDENCE.get(fig.rule.split("+")[-1], 0.8)
        if typing.subject == "other":
            confidence -= 0.2
        claims.append({
            "claim_id": claim_id(article_id, start, end),
            "article_id": article_id,
            "char_start": start,
            "char_end": end,
            "quote": doc.raw[start:end],
            "sentence": doc.raw[s_start:s_end],
            "sentence_start": s_start,
            "kind": fig.kind,
            "value_low": fig.low,
            "value_high": fig.high,
            "subject": typing.subject,
            "event": typing.event,
            "speaker": sp.name,
            "speaker_type": sp.type,
            "speaker_role": sp.role,
            "speaker_affiliation": sp.affiliation,
            "channel": sp.channel,
            "published": published,
            "date_source": date_source,
            "statement_date": day.resolve(published),
            "statement_offset_days": day.offset_days,
            "confidence": round(max(0.05, min(1.0, confidence)), 2),
            "rule": f"{fig.rule}|{typing.rule}|{sp.rule}|{day.rule}",
        })
    return claims


def extract_article(article_id: str, raw: str, published: dt.date | None = None,
                    date_source: str | None = None) -> list[dict]:
    """Claims of one article given its raw text."""
    return extract_document(article_id, analyze(raw), published, date_source)
