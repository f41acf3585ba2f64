"""`make speakers`: the speaker audit over the corpus, read in place, written to docs/speakers.md.

    python -m flows.speaker_audit [--corpus DIR] [--limit N] [--workers 2] [--out docs/speakers.md]
"""

from __future__ import annotations

import argparse
import itertools
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from arqam.speaker_audit import SpeakerAudit, audit_texts, markdown
from flows.evaluate import default_corpus

_CHUNK = 500


def corpus_texts(corpus: Path, limit: int | None = None):
    """The texts of every corpus file (`*/articles.jsonl`), in a fixed order."""
    texts = (json.loads(line).get("text") or "" for path in sorted(corpus.glob("*/articles.jsonl"))
             for line in path.open(encoding="utf-8"))
    return itertools.islice(texts, limit)


def _chunks(texts, size: int):
    it = iter(texts)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run(corpus: Path, limit: int | None = None, workers: int = 2) -> SpeakerAudit:
    total = SpeakerAudit()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(audit_texts, _chunks(corpus_texts(corpus, limit), _CHUNK)):
            total.add(part)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=default_corpus(), help="folder of */articles.jsonl")
    ap.add_argument("--limit", type=int, default=None, help="audit only the first N articles")
    ap.add_argument("--workers", type=int, default=2, help="processes")
    ap.add_argument("--out", type=Path, default=Path("docs/speakers.md"), help="the markdown to write")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"speaker audit: no corpus folder at {args.corpus}")
    audit = run(args.corpus, args.limit, args.workers)
    args.out.write_text(markdown(audit, f"the corpus ({audit.articles:,} articles)"), encoding="utf-8")
    print(f"speaker audit: {audit.articles} articles, {len({n for n, _ in audit.emitted})} distinct speakers, "
          f"{len(audit.failing)} failing, {sum(audit.rejected.values())} phrases turned down -> {args.out}")
    return 1 if audit.failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
