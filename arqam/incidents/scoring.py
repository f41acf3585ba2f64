"""Pairwise link scores against hand-labelled incidents (tests/gold/incidents), and the fixed halves of the set.

A gold figure is matched to a claim as `arqam.evaluation.match` does (same article, overlapping span, same value).
Over the matched figures, pairs are judged: two figures of one gold incident should share an incident_id
(recall), two figures sharing one should be of one gold incident (precision); a background total, a sum or a
figure of an incident outside the list (gold incident null) shares no incident_id with a figure of a listed
incident. Two null figures sharing one are not judged: they may be of one incident the list leaves out.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from arqam.incidents.model import family

HALVES = ("design", "check")


def incident_half(incident: str) -> str:
    """The fixed split of the labelled incidents: odd numbers (I01, I03 ...) design, even numbers check."""
    return HALVES[0] if int(incident.lstrip("I")) % 2 else HALVES[1]


def figure_halves(gold: list[dict]) -> list[str]:
    """The half of each gold figure: its incident's; a null figure takes the half of its article's most labelled
    incident (ties: the lowest id), and an article with no labelled incident alternates in sorted order."""
    by_article: dict[str, Counter] = {}
    for g in gold:
        counts = by_article.setdefault(g["article"], Counter())
        if g.get("incident"):
            counts[g["incident"]] += 1
    unlabelled = sorted(a for a, c in by_article.items() if not c)
    article_half = {a: HALVES[i % 2] for i, a in enumerate(unlabelled)}
    for a, c in by_article.items():
        if c:
            top = min(c, key=lambda i: (-c[i], i))
            article_half[a] = incident_half(top)
    return [incident_half(g["incident"]) if g.get("incident") else article_half[g["article"]] for g in gold]


def _pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pair_counts(labels: list[str | None], predicted: list[str | None]) -> dict[str, int]:
    """Linked pairs (same predicted id), gold pairs (same gold incident) and correct pairs (both). Two figures of
    no listed incident linked together are not judged (they may be of one incident the list does not have)."""
    linked = _pairs(Counter(p for p in predicted if p is not None))
    linked -= _pairs(Counter(p for g, p in zip(labels, predicted, strict=True) if g is None and p is not None))
    gold = _pairs(Counter(g for g in labels if g is not None))
    correct = _pairs(Counter((g, p) for g, p in zip(labels, predicted, strict=True) if g is not None and p is not None))
    return {"linked_pairs": linked, "gold_pairs": gold, "correct_pairs": correct}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def link_scores(labels: list[str | None], predicted: list[str | None], halves: list[str] | None = None,
                events: list[str | None] | None = None) -> dict:
    """Precision and recall of the pairs; with `halves`, also per half (a pair counts in a half when either of
    its figures is in it); with `events` (the gold event of each figure), also `recall_same_family`: recall over
    the gold pairs of one event family (the pairs an incident of one family can hold)."""
    out = _scores(labels, predicted, events, range(len(labels)))
    for half in HALVES if halves is not None else ():
        outside = [i for i, h in enumerate(halves) if h != half]
        rest = _scores(labels, predicted, events, outside)
        counts = {k: out[k] - rest[k] for k in rest if k.endswith("pairs")}
        out[half] = {**counts, **_precision_recall(counts), "figures": len(labels) - len(outside)}
    return out


def _precision_recall(c: dict[str, int]) -> dict[str, float | None]:
    out = {"precision": _ratio(c["correct_pairs"], c["linked_pairs"]), "recall": _ratio(c["correct_pairs"], c["gold_pairs"])}
    if "family_gold_pairs" in c:
        out["recall_same_family"] = _ratio(c["family_correct_pairs"], c["family_gold_pairs"])
    return out


def _scores(labels: list[str | None], predicted: list[str | None], events: list[str | None] | None, keep) -> dict:
    keep = list(keep)
    lab, pred = [labels[i] for i in keep], [predicted[i] for i in keep]
    counts = pair_counts(lab, pred)
    if events is not None:
        fam = [(g, family(events[i])) if g is not None and family(events[i]) else None for g, i in zip(lab, keep, strict=True)]
        same = pair_counts(fam, [p if f is not None else None for p, f in zip(pred, fam, strict=True)])
        counts |= {"family_gold_pairs": same["gold_pairs"], "family_correct_pairs": same["correct_pairs"]}
    return {**counts, **_precision_recall(counts), "figures": len(keep)}


def wrong_pairs(labels: list[str | None], predicted: list[str | None], limit: int = 50) -> list[tuple[int, int]]:
    """Index pairs linked but not of one gold incident (for reading the errors)."""
    out = []
    for i, j in combinations(range(len(labels)), 2):
        judged = labels[i] is not None or labels[j] is not None
        if judged and predicted[i] is not None and predicted[i] == predicted[j] and labels[i] != labels[j]:
            out.append((i, j))
            if len(out) >= limit:
                break
    return out
