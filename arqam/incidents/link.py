"""The linking pass over a run's claims: read them, weigh the articles' stories, link in day order, summarize."""

from __future__ import annotations

from collections import Counter

from arqam.incidents.context import Vector, Weights, blend, truncate, words
from arqam.incidents.cues import named_places
from arqam.incidents.linker import Bars, Linker
from arqam.incidents.mentions import Mention, mention
from arqam.incidents.summary import summarize

DEFAULT_WINDOW = 7
STORY_WEIGHT = 1.0  # the article's story in a mention's context, beside its sentence
RARE_PLACE = 0.10  # a place name in at most this share of the run's articles tells one place from another


def _stories(rows: list[dict], by_article: dict[str, list[Mention]], sentence_words: dict[str, list[str]],
             told: dict[str, list[str]]) -> tuple[Weights, dict[str, list[str]]]:
    """Each article's bag of words (its title, its lead and the sentences of its figures that can be incident
    members) and their weights; `sentence_words` is filled with the words of each sentence, `told` with those of
    each title and lead. Articles with no such figure have no story (and cost nothing)."""
    bags = {}
    for article, every in by_article.items():
        ms = [m for m in every if m.linkable]
        if not ms:
            continue
        first = rows[ms[0].index]
        told[article] = words((first.get("title") or "") + " " + (first.get("lead") or ""))
        bag = list(told[article])
        for sentence in dict.fromkeys(rows[m.index].get("sentence") or "" for m in ms):
            if sentence not in sentence_words:
                sentence_words[sentence] = words(sentence)
            bag += sentence_words[sentence]
        bags[article] = bag
    return Weights(bags.values()), bags


def _article_order(by_article: dict[str, list[Mention]]) -> list[str]:
    big = 10**9

    def key(article: str) -> tuple:
        ms = by_article[article]
        days = [m.day for m in ms if m.linkable and m.day is not None]
        published = next((m.published for m in ms if m.published is not None), big)
        return (min(days) if days else big, published, article)

    return sorted(by_article, key=key)


def link_claims(rows: list[dict], window: int = DEFAULT_WINDOW, bars: Bars | None = None,
                story_weight: float = STORY_WEIGHT) -> tuple[list[dict], list[dict], Counter]:
    """(incidents rows, incident_claims rows, counts of why claims with an event family were left out)."""
    mentions = [mention(i, r) for i, r in enumerate(rows)]
    by_article: dict[str, list[Mention]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    sentence_words: dict[str, list[str]] = {}
    told: dict[str, list[str]] = {}
    weights, bags = _stories(rows, by_article, sentence_words, told)
    linker = Linker(window, bars)
    for article in _article_order(by_article):
        linkable = sorted((m for m in by_article[article] if m.linkable), key=lambda m: m.char_start)
        if not linkable:
            continue
        story = weights.vector(bags[article])
        _mark_elsewhere(linkable, rows, weights, set(told[article]))
        sentences: dict[int, Vector] = {}
        contexts: dict[int, Vector] = {}
        seen: dict[str, tuple[Vector, Vector]] = {}
        for m in linkable:
            s = rows[m.index].get("sentence") or ""
            if s not in seen:
                alone = weights.vector(sentence_words.get(s) or words(s))
                seen[s] = alone, truncate(blend(alone, story, story_weight))
            sentences[m.index], contexts[m.index] = seen[s]
        details = [m for m in by_article[article] if m.detail]
        linker.link_article(linkable, contexts, sentences, details)
    outlets = {r["article_id"]: r.get("outlet") for r in rows}
    speakers = {i: r.get("speaker") for i, r in enumerate(rows)}
    incidents, members = [], []
    for inc in linker.incidents:
        if not inc.members:  # merged into another by a bridge
            continue
        row, claims = summarize(inc, outlets, speakers)
        incidents.append(row)
        members += claims
    left_out = Counter(str(m.exclusion) for m in mentions if m.exclusion is not None)
    return incidents, members, left_out


def _mark_elsewhere(mentions: list[Mention], rows: list[dict], weights: Weights, told: set[str]) -> None:
    """A mention without a place whose sentence names a rare place that its article's title and lead do not name
    is told as another incident (a mixed article: «وفي ولاية بادغيس ...» in a story about Kabul)."""
    rare = weights.idf_floor(RARE_PLACE)
    for m in mentions:
        if m.place is not None:
            continue
        named = named_places(rows[m.index].get("sentence") or "")
        firsts = {name.split()[0] for name in named if weights.idf.get(name.split()[0], rare + 1) >= rare}
        m.named_elsewhere = bool(firsts) and not firsts & told
