"""Scoring claims against hand-labelled gold figures (docs/evaluation.md has the gold format).

The figures agree with `score_claims.py` of the shared gold (a test checks it): a gold figure is
found when a predicted claim of the same article has a matching value and a span that overlaps the
gold quote; speaker, subject and event are scored on the found ones; `all_fields` is the share of
gold figures found with value, subject, event and speaker all right. On top of that: confusion
tables of subject and event, speaker errors grouped by the stage that made them, and places.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field

_DIAC = re.compile(r"[\u064B-\u0652\u0640\u0670]")
# alef forms -> bare alef, alef maksura -> yeh, teh marbuta -> heh (code points: the gold scorer's letters)
_LETTERS = str.maketrans({0x0623: 0x0627, 0x0625: 0x0627, 0x0622: 0x0627, 0x0671: 0x0627, 0x0649: 0x064A,
                          0x0629: 0x0647})
_ARTICLE = chr(0x0627) + chr(0x0644)


def norm(s: object) -> str:
    """The gold scorer's normalization of a speaker string."""
    if s is None:
        return ""
    s = _DIAC.sub("", str(s)).translate(_LETTERS)
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(w[2:] if w.startswith(_ARTICLE) and len(w) > 3 else w for w in s.split())


def same_speaker(gold: str | None, pred: str | None) -> bool:
    """Containment either way, or half the words shared (the gold scorer's rule)."""
    g, p = norm(gold), norm(pred)
    if not g:
        return not p
    if not p:
        return False
    if g in p or p in g:
        return True
    gs, ps = set(g.split()), set(p.split())
    return len(gs & ps) / len(gs | ps) >= 0.5


def _magnitude(x: float | None) -> int | None:
    return int(math.floor(math.log10(x))) if x and x > 0 else None


def value_match(g: dict, p: dict) -> bool:
    kind = g["kind"]
    if p["kind"] != kind and {kind, p["kind"]} != {"approx", "exact"}:
        return False
    if kind == "vague":
        return _magnitude(p["value_low"]) == _magnitude(g["magnitude"])
    if kind == "at_most":
        return p["value_high"] is not None and float(p["value_high"]) == float(g["high"])
    if p["value_low"] is None or float(p["value_low"]) != float(g["low"]):
        return False
    if g.get("high") is None:
        return p["value_high"] is None or kind == "at_least"
    return p["value_high"] is not None and float(p["value_high"]) == float(g["high"])


def same_event(g: dict, p: dict) -> bool:
    """No event named and 'other' say the same: nothing from the list happened."""
    return (g.get("event") or "other") == (p.get("event") or "other")


def same_place(g: dict, p: dict) -> bool:
    """The gold place, or one of its accepted alternatives (`place_also`: the place around it, another name),
    as written or canonical, matches the predicted place, written or canonical (containment either way)."""
    got = {norm(p.get("place")), norm(p.get("place_name"))} - {""}
    names = [n for n in [g.get("place"), *(g.get("place_also") or ())] if n]
    wants = [w for w in map(norm, names) if w]
    return any(w in x or x in w for w in wants for x in got) or bool(p.get("place_id")) and any(
        p["place_id"] in _gazetteer_ids(n) for n in names)


def _gazetteer_ids(name: str) -> set[str]:
    """The gazetteer places a gold place name may be (another name of the same place: بورما, ميانمار)."""
    from arqam.places import gazetteer

    found = gazetteer().names(name)
    return {q.id for q in found.places} if found else set()


def same_country(g: dict, p: dict) -> bool:
    return (g.get("country_code") or None) == (p.get("country_code") or None)


def half(article_id: str) -> str:
    """The fixed split of a gold set: 'a' or 'b' by a hash of the article id."""
    return "ab"[int(hashlib.sha256(article_id.encode()).hexdigest()[:8], 16) % 2]


@dataclass
class Gold:
    claims: list[dict]
    traps: list[dict] = field(default_factory=list)
    optional: list[dict] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted({r["article"] for r in self.claims + self.traps + self.optional})

    def only(self, articles: set[str]) -> Gold:
        keep = lambda rows: [r for r in rows if r["article"] in articles]  # noqa: E731
        return Gold(keep(self.claims), keep(self.traps), keep(self.optional))


def _span(texts: dict[str, str], r: dict) -> tuple[int, int]:
    i = texts[r["article"]].find(r["quote"])
    if i < 0:
        raise ValueError(f"gold quote not found in {r['article']}: {r['quote']}")
    return i, i + len(r["quote"])


def _overlaps(p: dict, s: tuple[int, int]) -> bool:
    return p["char_start"] is not None and p["char_start"] < s[1] and p["char_end"] > s[0]


def match(gold: Gold, preds: list[dict], texts: dict[str, str]) -> tuple[list[tuple[dict, dict]], list[dict], set[int],
                                                                         list[tuple[str, str]], set[int]]:
    """(found pairs, missed gold, indexes of predictions used, trap hits, indexes of predictions on optionals)."""
    by_article: dict[str, list[int]] = {}
    for i, p in enumerate(preds):
        by_article.setdefault(p["article_id"], []).append(i)
    used: set[int] = set()
    found, missed = [], []
    for g in gold.claims:
        s = _span(texts, g)
        cands = [i for i in by_article.get(g["article"], []) if i not in used and _overlaps(preds[i], s)
                 and value_match(g, preds[i])]
        if cands:
            used.add(cands[0])
            found.append((g, preds[cands[0]]))
        else:
            missed.append(g)
    traps = [(t["article"], t["quote"]) for t in gold.traps for i in by_article.get(t["article"], [])
             if _overlaps(preds[i], _span(texts, t))]
    optional = {i for o in gold.optional for i in by_article.get(o["article"], []) if _overlaps(preds[i], _span(texts, o))}
    return found, missed, used, traps, optional


def _share(ok: list[bool]) -> float:
    return round(sum(ok) / len(ok), 3) if ok else 0.0


def speaker_error_stage(g: dict, p: dict, texts: dict[str, str]) -> str:
    """Which stage most likely made a wrong speaker: no_cue, scope, bounds, resolution or false_cue."""
    text = texts[g["article"]]
    sentence_start = p.get("sentence_start") or 0
    rule = p.get("rule") or {}
    gold_sp, pred_sp = norm(g.get("speaker")), norm(p.get("speaker"))
    if gold_sp and not pred_sp:
        earlier = norm(text[:sentence_start])
        return "scope" if gold_sp.split()[-1] in earlier.split() else "no_cue"
    if pred_sp and not gold_sp:
        return "false_cue" if pred_sp.split()[0] in norm(p.get("sentence")).split() else "scope"
    if rule.get("speaker") in ("alias", "anaphora", "role_in_article") or rule.get("registry"):
        return "resolution"
    if set(gold_sp.split()) & set(pred_sp.split()) or gold_sp.split()[-1] in norm(p.get("sentence")).split():
        return "bounds"
    return "scope"


def score(gold: Gold, preds: list[dict], texts: dict[str, str], details: bool = False) -> dict:
    """The gold scorer's figures (recall, precision, speaker, subject, event, all_fields, trap_hits), with confusion
    tables and speaker errors by stage; `details` adds the misses, extras and wrong fields."""
    found, missed, used, traps, optional = match(gold, preds, texts)
    wrong = [p for i, p in enumerate(preds) if i not in used and i not in optional]
    judged = len(used) + len(wrong)

    def perfect(g: dict, p: dict) -> bool:
        return g["subject"] == p["subject"] and same_event(g, p) and same_speaker(g.get("speaker"), p["speaker"])

    res: dict = {
        "gold": len(gold.claims), "predicted": len(preds), "found": len(found),
        "recall": round(len(found) / len(gold.claims), 3) if gold.claims else 0.0,
        "precision": round(len(used) / judged, 3) if judged else 0.0,
        "speaker": _share([same_speaker(g.get("speaker"), p["speaker"]) for g, p in found]),
        "subject": _share([g["subject"] == p["subject"] for g, p in found]),
        "event": _share([same_event(g, p) for g, p in found]),
        "trap_hits": len(traps),
        "all_fields": round(sum(perfect(g, p) for g, p in found) / len(gold.claims), 3) if gold.claims else 0.0,
    }
    placed = [(g, p) for g, p in found if g.get("place")]
    if placed:
        res["place"] = _share([same_place(g, p) for g, p in placed])
        res["place_country"] = _share([same_country(g, p) for g, p in placed])
    res["subject_confusion"] = _confusion((g["subject"], p["subject"]) for g, p in found if g["subject"] != p["subject"])
    res["event_confusion"] = _confusion((g.get("event") or "other", p.get("event") or "other") for g, p in found
                                        if not same_event(g, p))
    res["speaker_errors"] = dict(Counter(speaker_error_stage(g, p, texts) for g, p in found
                                         if not same_speaker(g.get("speaker"), p["speaker"])).most_common())
    if details:
        res["missed"] = [(g["article"], g["quote"]) for g in missed]
        res["extra"] = [(p["article_id"], p["value_low"], p["value_high"], p["kind"],
                         texts[p["article_id"]][p["char_start"]:p["char_end"]]) for p in wrong]
        res["wrong_speaker"] = [(g["quote"], g.get("speaker"), p["speaker"], speaker_error_stage(g, p, texts))
                                for g, p in found if not same_speaker(g.get("speaker"), p["speaker"])]
        res["wrong_subject"] = [(g["quote"], g["subject"], p["subject"]) for g, p in found if g["subject"] != p["subject"]]
        res["wrong_event"] = [(g["quote"], g.get("event"), p.get("event")) for g, p in found if not same_event(g, p)]
        res["traps"] = traps
        res["wrong_place"] = [(g["article"], g["quote"], g.get("place"), g.get("country_code"), p.get("place"),
                               p.get("place_name"), p.get("country_code"), p.get("place_rule"))
                              for g, p in placed if not (same_place(g, p) and same_country(g, p))]
    return res


def _confusion(pairs) -> dict[str, int]:
    """'gold -> predicted': count, most frequent first."""
    return dict(Counter(f"{g} -> {p}" for g, p in pairs).most_common())


def verdict(res: dict) -> str:
    """The one-line summary the gold scorer prints."""
    return (f"recall={res['recall']} precision={res['precision']} speaker={res['speaker']} subject={res['subject']} "
            f"event={res['event']} all_fields={res['all_fields']} traps={res['trap_hits']}")
