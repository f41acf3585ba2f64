"""Article -> claims: figures with what they count, what happened, who said it and when.

Composes the number grammar (figures), the counted-noun and event lexicons, attribution
and dates. Every claim carries char offsets into the raw text, the quote and its sentence.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import cache

from arqam.attribution import Attribution
from arqam.claims import Claim, Trace, claim_id
from arqam.dates import day_expressions, infer_published, statement_day
from arqam.figures.grammar import find_figures
from arqam.figures.model import Figure, Form
from arqam.figures.typing import Typing, Typist, counts_nothing, events_in
from arqam.lexicon.vocab import HUMAN_SUBJECTS, Vocabulary, vocabulary
from arqam.places import ArticlePlaces
from arqam.text.document import Document, analyze


def extract_document(article_id: str, doc: Document, published: dt.date | None = None,
                     date_source: str | None = None, outlet: str | None = None,
                     rejected: list[tuple[str, str]] | None = None) -> list[Claim]:
    """Claims of one analysed article (`rejected` collects the speaker strings validation turned down)."""
    if published is None:
        published = infer_published(doc)
        date_source = "text" if published else None
    tokens, claims = doc.tokens, list[Claim]()
    figs = find_figures(tokens)
    if not figs:
        return []  # nothing to attribute: skip the article's reporting clauses altogether
    sent_tokens = [doc.tokens_in(s, e) for s, e in doc.sentences]
    vocab = vocabulary()
    speakers = Attribution(doc, vocab, until=figs[-1].start)
    (rejected if rejected is not None else []).extend(speakers.rejected)
    # figures of one sentence share its scans
    days_in = cache(lambda a, b: day_expressions(tokens, a, b))
    kept = _typed_claims(doc, figs, sent_tokens, speakers, vocab)
    # a place after «من» right after a count of people is where they come from («وشخصان من المغرب»)
    places = ArticlePlaces(doc, vocab, [f.start for f in figs],
                           [f.end for f, *_, typing in kept if typing.subject in HUMAN_SUBJECTS])
    named = places.named_at()
    kept = [k for k in kept if not (k[0].rule.form is Form.DUAL_NOUN and k[0].start in named)]  # «في القريتين»
    for fig, start, end, si, typing in kept:
        sentence = sent_tokens[si]
        sp = speakers.speaker_for(fig.start, fig.end)
        cue = speakers.last_cue(sentence[0], fig.start)
        day = statement_day(days_in(*sentence), cue, fig.start)
        s_start, s_end = doc.sentences[si]
        claims.append(Claim(
            claim_id=claim_id(article_id, start, end),
            article_id=article_id,
            char_start=start, char_end=end, quote=doc.raw[start:end],
            sentence=doc.raw[s_start:s_end],
            sentence_start=s_start,
            kind=fig.kind,
            value_low=fig.low,
            value_high=fig.high,
            subject=typing.subject,
            event=typing.event,
            speaker=sp.name,
            speaker_type=sp.type,
            speaker_role=sp.role,
            speaker_affiliation=sp.affiliation,
            channel=sp.channel,
            published=published,
            date_source=date_source,
            statement_date=day.resolve(published),
            statement_offset_days=day.offset_days,
            confidence=_confidence(fig.rule.confidence, typing.subject),
            rule=Trace(fig.rule.name, typing.subject_rule, typing.event_rule, sp.rule, day.rule),
            **places.place_for(fig.start, fig.end, sentence, typing.event in MOVES).columns(),
            outlet=outlet,
        ))
    return claims


def _typed_claims(doc: Document, figs: list[Figure], sent_tokens: list[tuple[int, int]], speakers: Attribution,
                  vocab: Vocabulary) -> list[tuple[Figure, int, int, int, Typing]]:
    """(figure, raw start, raw end, sentence index, typing) of the figures that are claims, in text order."""
    typist = Typist(doc.tokens, vocab, cache(lambda a, b: events_in(doc.tokens, a, b, vocab)))
    sent_starts = [a for a, _ in sent_tokens]
    kept = []
    for fig in figs:
        start, end = doc.token_raw_span(fig.start, fig.end)
        if doc.boilerplate_reason(start, end) or doc.is_list_label(start, end):
            continue
        si = _sentence_of(sent_starts, sent_tokens, fig.start)
        typing = typist.type(fig, sent_tokens[si])
        if counts_nothing(typing) or fig.rule.form is Form.ONE_OF and (  # «الرقم "992"»: counts nothing
                typing.event in (None, "present") or speakers.cue_ends_at(fig.start)):  # «وقال أحد المسافرين»
            continue
        kept.append((fig, start, end, si, typing))
    return kept


MOVES = frozenset({"displaced", "evacuated", "released", "freed"})  # «نزوح 5 آلاف من حلب»: from where it happened


def _confidence(rule_confidence: float, subject: str) -> float:
    """The grammar's trust in a figure, less when it counts nothing the lexicon knows."""
    return round(max(0.05, min(1.0, rule_confidence - (0.2 if subject == "other" else 0.0))), 2)


def _sentence_of(starts: list[int], sentences: list[tuple[int, int]], tok: int) -> int:
    """The sentence that holds token `tok` (the last one when none does)."""
    i = bisect_right(starts, tok) - 1
    return i if 0 <= i < len(sentences) and sentences[i][0] <= tok < sentences[i][1] else len(sentences) - 1


def extract_article(article_id: str, raw: str, published: dt.date | None = None,
                    date_source: str | None = None, outlet: str | None = None) -> list[Claim]:
    """Claims of one article given its raw text."""
    return extract_document(article_id, analyze(raw), published, date_source, outlet)
