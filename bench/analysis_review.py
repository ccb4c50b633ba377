"""Hand-checked precision of conflicts, quote speakers and entity kinds on real clusters.

Runs the analysis (conflicts, quotes, entities) on chosen clusters of
../shared/eval/summarization, writes every reported conflict and quote with its sentences, and
the entities a reader sees first (``render.markdown.SHOWN``) with their kind and two sentences
naming them, to a review file a person reads, and scores the judgements kept in
``bench/analysis_judgements.json``: per item a stable key (a hash of cluster, kind and the
sentences involved; for an entity its name and kind, so a changed kind is judged again), the
verdict and a note; no article text,
since the data may not be copied into this repository. Items without a judgement are listed as
unjudged, so a change that reports new items shows up.

Usage: python bench/analysis_review.py [--shared ../shared] [--review FILE.md] [--json FILE] [--all]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

from storyfuse import Brief, BriefOptions, brief
from storyfuse.evaluate.summarization import Cluster, read_clusters
from storyfuse.ingest.build import article_from_record
from storyfuse.render.markdown import SHOWN

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "analysis_judgements.json"
HELDOUT = "eval/clustering/giveme5w1h_news_cluster.jsonl"
MULTINEWS = "eval/summarization/multinews_val_1000.jsonl"
#: The 20 clusters checked: every MultiLing English cluster, the first five of TAC and DUC.
CHOSEN = {
    "multiling2011_english.jsonl": None,
    "tac2010_guided_A.jsonl": 5,
    "duc2003_task2.jsonl": 5,
}


def key(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def items(cluster_id: str, result: Brief) -> list[dict]:
    out = []
    analysis = result.analysis
    for c in analysis.conflicts:
        where = sorted((e.article_id, e.index, s.value) for s in c.sides for e in s.evidence)
        out.append(
            {
                "key": key(cluster_id, "conflict", c.kind, where),
                "kind": "conflict",
                "cluster": cluster_id,
                "item": c,
            }
        )
    for e in analysis.entities[: SHOWN["entities"]]:  # what a reader sees by default
        out.append(
            {
                "key": key(cluster_id, "entity", e.name, e.kind),
                "kind": "entity",
                "cluster": cluster_id,
                "item": e,
            }
        )
    for q in analysis.quotes:
        where = sorted((e.article_id, e.index) for e in q.evidence)
        out.append(
            {
                "key": key(cluster_id, "quote", q.text, q.speaker, where),
                "kind": "quote",
                "cluster": cluster_id,
                "item": q,
            }
        )
    return out


def review_text(entry: dict, context: dict[tuple[str, int], str]) -> str:
    item = entry["item"]
    lines = [f"### {entry['kind']} `{entry['key']}` — cluster {entry['cluster']}"]
    if entry["kind"] == "conflict":
        lines.append(f"**{item.kind}**: {item.about} (latest side: {item.latest})")
        for side in item.sides:
            lines.append(
                f"- side **{side.value}** (revised={side.revised}, as of {side.published})"
            )
            for e in side.evidence:
                lines.append(f"  - [{e.article_id}#{e.index}] {e.text}")
    elif entry["kind"] == "entity":
        lines.append(f"**{item.name}** as **{item.kind}** (also {item.variants[:4]})")
        forms = [item.name, *item.variants]
        seen = [t for t in context.values() if any(f in t for f in forms)]
        lines += [f"  - {t}" for t in seen[:2]]
    else:
        lines.append(f"“{item.text}” — speaker **{item.speaker}** ({item.description})")
        for e in item.evidence:
            before = context.get((e.article_id, e.index - 1), "")
            lines.append(f"  - previous: {before}")
            lines.append(f"  - [{e.article_id}#{e.index}] {e.text}")
    return "\n".join(lines)


def checked_clusters(
    shared: Path, every: bool, heldout: bool, multinews: int = 0
) -> Iterator[Cluster]:
    """The clusters checked: the chosen 20 (or all 86) of the summarization data, or, held
    out, the first 20 stories of at least three articles of the Giveme5W1H clustering data
    (scraped news with outlets and dates, never used while writing the rules); or the first
    ``multinews`` Multi-News validation clusters (undated web pages: the widest test)."""
    if multinews:
        yield from read_clusters(shared / MULTINEWS, multinews)
        return
    if heldout:
        rows = [json.loads(line) for line in (shared / HELDOUT).open(encoding="utf-8")]
        stories: dict[str, list[dict]] = {}
        for row in rows:
            stories.setdefault(row["story_id"], []).append(row)
        chosen = [k for k in sorted(stories) if len(stories[k]) >= 3][:20]
        for story in chosen:
            records = [
                {
                    "id": r["id"],
                    "title": r["title"],
                    "outlet": r["source"],
                    "published": r["date"],
                    "text": r["text"],
                }
                for r in stories[story]
            ]
            articles = [
                article_from_record(r, origin=f"{story}#{k + 1}") for k, r in enumerate(records)
            ]
            yield Cluster(story, articles, [])
        return
    for name, limit in CHOSEN.items():
        yield from read_clusters(shared / "eval" / "summarization" / name, None if every else limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--review", type=Path, help="Write every item for reading (Markdown).")
    parser.add_argument("--json", type=Path, help="Write the figures as JSON.")
    parser.add_argument(
        "--heldout",
        action="store_true",
        help="The first 20 Giveme5W1H stories (3+ articles) instead: data the rules never saw.",
    )
    parser.add_argument(
        "--multinews",
        type=int,
        default=0,
        metavar="N",
        help="The first N Multi-News validation clusters instead (undated web pages).",
    )
    parser.add_argument(
        "--unjudged", action="store_true", help="Write only the items without a judgement."
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="Every cluster of the three datasets (86), not the 20 chosen.",
    )
    args = parser.parse_args()
    judgements = json.loads(JUDGEMENTS.read_text()) if JUDGEMENTS.exists() else {}
    entries, texts, seconds = [], [], []
    for cluster in checked_clusters(args.shared, args.all, args.heldout, args.multinews):
        start = time.perf_counter()
        result = brief(cluster.articles, BriefOptions(sections=("conflicts", "quotes", "entities")))
        seconds.append(time.perf_counter() - start)
        context = {(a.id, s.index): s.text for a in cluster.articles for s in a.sentences}
        for entry in items(cluster.id, result):
            entries.append(entry)
            texts.append(review_text(entry, context))
    if args.review:
        shown = [
            text
            for entry, text in zip(entries, texts, strict=True)
            if not args.unjudged or entry["key"] not in judgements
        ]
        args.review.write_text("\n\n".join(shown) + "\n", encoding="utf-8")
    report: dict[str, dict] = {}
    for kind in ("conflict", "quote", "entity"):
        mine = [e for e in entries if e["kind"] == kind]
        judged = [judgements[e["key"]] for e in mine if e["key"] in judgements]
        correct = sum(1 for j in judged if j["ok"])
        report[kind] = {
            "reported": len(mine),
            "judged": len(judged),
            "correct": correct,
            "precision": round(correct / len(judged), 4) if judged else None,
            "errors": [
                {"key": e["key"], "cluster": e["cluster"], "note": judgements[e["key"]]["note"]}
                for e in mine
                if e["key"] in judgements and not judgements[e["key"]]["ok"]
            ],
            "unjudged": [e["key"] for e in mine if e["key"] not in judgements],
        }
    clusters = len(seconds)
    mean = sum(seconds) / clusters
    print(f"{clusters} clusters; analysis (conflicts, quotes, entities) mean {mean:.2f} s")
    for kind, r in report.items():
        p = "n/a" if r["precision"] is None else f"{r['precision']:.1%}"
        print(
            f"{kind}s: {r['reported']} reported, {r['judged']} judged, "
            f"{r['correct']} correct: precision {p}; {len(r['unjudged'])} unjudged"
        )
        for err in r["errors"]:
            print(f"  error {err['key']} ({err['cluster']}): {err['note']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
