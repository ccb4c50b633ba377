"""How much room a summarization dataset leaves above round-robin Lead, measured.

For each cluster of a CLUSTERS.jsonl (the format of `storyfuse eval summarization`) it scores,
with the eval command's ROUGE:

  * storyfuse's brief and round-robin Lead, and the paired standard error of their difference
    (what a bar "Lead + x" can be told apart from);
  * the brief filled to exactly the budget with round-robin Lead's next sentences, the last one
    cut (an upper bound of what filling the budget can add);
  * the articles concatenated in their order and cut at the budget;
  * with --oracle, a greedy oracle that reads the references (adds the sentence raising ROUGE-2
    most until none does): a ceiling for extractive selection.

Usage: python bench/summarization_headroom.py CLUSTERS.jsonl [--words 250] [--measure f1]
       [--limit 500] [--oracle] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from storyfuse import BriefOptions, brief
from storyfuse.embed import MiniLMEmbedder
from storyfuse.evaluate import baselines
from storyfuse.evaluate.rouge import rouge
from storyfuse.evaluate.summarization import read_clusters

METRICS = ("rouge1", "rouge2")


def greedy_oracle(
    sentences: Sequence[str], references: Sequence[str], words: int, measure: str
) -> list[str]:
    chosen: list[str] = []
    pool = list(sentences)
    best = 0.0
    while pool and sum(len(s.split()) for s in chosen) < words:
        score, pick = max(
            ((rouge([*chosen, s], references, words, measure)["rouge2"], s) for s in pool),
            key=lambda pair: pair[0],
        )
        if score <= best:
            break
        best = score
        chosen.append(pick)
        pool.remove(pick)
    return chosen


def mean_se(values: Sequence[float]) -> tuple[float, float]:
    se = statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return statistics.mean(values), se


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("clusters", type=Path)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--measure", choices=("recall", "f1"), default="f1")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--oracle", action="store_true", help="also the greedy oracle (slow)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    embedder = MiniLMEmbedder()
    options = BriefOptions(words=args.words, sections=("summary",))
    scores: dict[str, list[dict[str, float]]] = defaultdict(list)  # system -> per cluster
    for n, cluster in enumerate(read_clusters(args.clusters, args.limit), 1):
        ours = [s.text for s in brief(cluster.articles, options, embedder=embedder).sentences]
        lead = baselines.lead_round_robin(cluster.articles, args.words)
        every = [s.text for a in cluster.articles for s in a.sentences]
        systems = {
            "storyfuse": ours,
            "lead-round-robin": lead,
            "storyfuse-filled": ours + [s for s in lead if s not in ours],
            "concatenated": every,
        }
        if args.oracle:
            systems["oracle"] = greedy_oracle(every, cluster.references, args.words, args.measure)
        for name, summary in systems.items():
            scores[name].append(rouge(summary, cluster.references, args.words, args.measure))
        print(f"\r{n} clusters", end="", flush=True)
    print()

    out: dict[str, dict[str, float]] = {}
    for name, rows in scores.items():
        out[name] = {m: statistics.mean(r[m] for r in rows) for m in METRICS}
        print(f"{name:18} " + " / ".join(f"{out[name][m]:.2f}" for m in METRICS))
    for m in METRICS:
        pairs = zip(scores["storyfuse"], scores["lead-round-robin"], strict=True)
        diff, se = mean_se([a[m] - b[m] for a, b in pairs])
        out.setdefault("storyfuse minus lead-round-robin", {})[m] = diff
        out.setdefault("paired standard error", {})[m] = se
        print(f"storyfuse minus round-robin Lead, {m}: {diff:+.2f} (paired se {se:.2f})")
    if args.json:
        args.json.write_text(json.dumps({"clusters": len(scores["storyfuse"]), **out}, indent=2))


if __name__ == "__main__":
    main()
