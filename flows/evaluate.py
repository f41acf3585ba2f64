"""`arqam eval`: score a warehouse's claims (or the core run in-process) against a gold folder.

A gold folder (docs/evaluation.md) holds `*claims.jsonl`, and optionally `*traps.jsonl` and
`*optional.jsonl`; the article texts come from `--texts DIR` (<id>.txt), the folder's `texts/`, its
`articles.jsonl`, or its `ids.txt` read from a corpus folder (the repo's sets under tests/gold keep only
ids, never corpus text).
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
from pathlib import Path

from arqam.evaluation import Gold, half, score

CORPUS_FILES = ("ant_multisource", "ant_jawharafm", "saudinewsnet_conflict")


def _jsonl(pattern: str) -> list[dict]:
    rows: list[dict] = []
    for fn in sorted(glob.glob(pattern)):
        with open(fn, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def load_gold(gold: str | os.PathLike) -> Gold:
    """The labels of a gold folder, or of a file prefix (../shared/gold/dev/dev_)."""
    prefix = os.path.join(gold, "") if os.path.isdir(gold) else str(gold)
    claims = _jsonl(prefix + "*claims.jsonl")
    if not claims:
        raise FileNotFoundError(f"no *claims.jsonl under {gold}")
    return Gold(claims, _jsonl(prefix + "*traps.jsonl"), _jsonl(prefix + "*optional.jsonl"))


def corpus_records(ids: list[str], corpus: Path) -> dict[str, dict]:
    """The corpus records of these ids, read in place from the corpus folder."""
    want, out = set(ids), {}
    for name in CORPUS_FILES:
        path = corpus / name / "articles.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec["id"] in want:
                    out[rec["id"]] = rec
    missing = want - set(out)
    if missing:
        raise FileNotFoundError(f"{len(missing)} gold articles are not in the corpus at {corpus} (e.g. {min(missing)})")
    return out


def gold_records(gold: str | os.PathLike, corpus: Path | None = None) -> dict[str, dict]:
    """Article records (id, text, published, outlet ...) of a gold folder: its articles.jsonl, or its ids.txt."""
    folder = Path(gold) if os.path.isdir(gold) else Path(gold).parent
    if (folder / "articles.jsonl").exists():
        return {r["id"]: r for r in _jsonl(str(folder / "articles.jsonl"))}
    if (folder / "ids.txt").exists():
        ids = [line.strip() for line in (folder / "ids.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
        return corpus_records(ids, corpus or default_corpus())
    return {}


def default_corpus() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def load_texts(gold: Gold, gold_dir: str | os.PathLike, texts: str | None = None,
               records: dict[str, dict] | None = None) -> dict[str, str]:
    """The raw text of every article of the gold set."""
    folder = Path(gold_dir) if os.path.isdir(gold_dir) else Path(gold_dir).parent
    text_dir = Path(texts) if texts else folder / "texts"
    out = {}
    for art in gold.articles:
        path = text_dir / f"{art}.txt"
        if path.exists():
            out[art] = path.read_text(encoding="utf-8-sig")
        elif records and art in records:
            out[art] = records[art]["text"]
        else:
            raise FileNotFoundError(f"no text for gold article {art}: give --texts DIR or put texts/{art}.txt beside the labels")
    return out


_PRED_COLUMNS = ("article_id", "kind", "value_low", "value_high", "subject", "event", "speaker", "char_start", "char_end",
                 "sentence", "sentence_start", "rule")


def warehouse_claims(db: Path, articles: list[str]) -> list[dict]:
    """The claims of these articles in a warehouse file (opened read-only)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = [c[0] for c in con.execute("describe claims").fetchall()]
        select = [c for c in _PRED_COLUMNS if c in cols] + [c for c in ("place", "place_name", "place_id", "country_code", "place_rule") if c in cols]
        rows = con.execute(f"select {', '.join(select)} from claims where article_id in (select unnest(?)) "
                           "order by article_id, char_start", [articles]).fetchall()
    finally:
        con.close()
    return [dict(zip(select, r, strict=True)) for r in rows]


def core_claims(records: dict[str, dict], texts: dict[str, str]) -> list[dict]:
    """The claims the core extracts from the gold articles, in-process (no Prefect, no warehouse), with the
    speaker registry applied across them as the aggregate stage does."""
    from arqam.extract import extract_article
    from arqam.ingest import parse_date
    from arqam.speakers import resolve_speakers

    rows = []
    for art, text in sorted(texts.items()):
        rec = records.get(art, {})
        published = parse_date(rec.get("published"))
        rows += [c.row() for c in extract_article(art, text, published, "metadata" if published else None)]
    resolved, _ = resolve_speakers(rows)
    return resolved


def evaluate(gold_dir: str, warehouse: Path | None = None, texts: str | None = None, corpus: Path | None = None,
             split: str | None = None, details: bool = False) -> dict:
    """Score a warehouse (or, with warehouse None, the core run in-process) against a gold folder.

    `split` 'a' or 'b' keeps the half of the articles that `arqam.evaluation.half` assigns to it."""
    gold = load_gold(gold_dir)
    if split:
        gold = gold.only({a for a in gold.articles if half(a) == split})
    records = gold_records(gold_dir, corpus)
    text_of = load_texts(gold, gold_dir, texts, records)
    if warehouse is None:
        preds = core_claims(records, text_of)
    else:
        from tasks.lake import DB_NAME

        db = warehouse / DB_NAME if warehouse.is_dir() else warehouse
        preds = warehouse_claims(db, gold.articles)
    res = score(gold, preds, text_of, details)
    res["articles"] = len(gold.articles)
    res["scored_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return res


def evaluate_links(gold_dir: str | os.PathLike, warehouse: Path, corpus: Path | None = None) -> dict:
    """Pairwise link precision and recall of a warehouse's incidents against a labelled incident set
    (tests/gold/incidents: incident_claims.jsonl and ids.txt): overall, on the design and check halves of the
    incidents (arqam.incidents.scoring), and over the pairs of figures whose claims both have an event family
    (`typed`: the pairs an incident can hold once extraction typed the figures)."""
    import duckdb

    from arqam.evaluation import Gold, match
    from arqam.incidents.model import family
    from arqam.incidents.scoring import figure_halves, link_scores
    from tasks.lake import DB_NAME

    gold_rows = _jsonl(os.path.join(gold_dir, "incident_claims.jsonl"))
    for r, h in zip(gold_rows, figure_halves(gold_rows), strict=True):
        r["half"] = h
    records = gold_records(gold_dir, corpus)
    texts = {a: rec["text"] for a, rec in records.items()}
    db = Path(warehouse) / DB_NAME if Path(warehouse).is_dir() else Path(warehouse)
    preds = warehouse_claims(db, sorted({r["article"] for r in gold_rows}))
    con = duckdb.connect(str(db), read_only=True)
    try:
        incident_of = dict(con.execute("select claim_id, incident_id from incident_claims").fetchall())
        ids = {(a, s, e): c for c, a, s, e in con.execute("select claim_id, article_id, char_start, char_end from claims")
               .fetchall()}
    finally:
        con.close()
    found, missed, _, _, _ = match(Gold(gold_rows), preds, texts)
    labels = [g["incident"] for g, _ in found]
    predicted = [incident_of.get(ids.get((p["article_id"], p["char_start"], p["char_end"]))) for _, p in found]
    halves = [g["half"] for g, _ in found]
    res = link_scores(labels, predicted, halves, [g.get("event") for g, _ in found])
    typed = [family(p.get("event")) is not None for _, p in found]
    res["typed"] = link_scores([lab if t else None for lab, t in zip(labels, typed, strict=True)],
                               [x if t else None for x, t in zip(predicted, typed, strict=True)], halves)
    res.update(gold_figures=len(gold_rows), matched_figures=len(found), unmatched_figures=len(missed),
               incidents=len({g for g in labels if g}))
    return res
