"""Sentence pairs around the alignment thresholds, for reading by a person.

For the sentences storyfuse selects in shared clusters, lists the best candidate of every
other article with its embedding similarity, content-word overlap and whether
storyfuse.align.claims.supports accepts it; samples are drawn around the thresholds.

Usage: python bench/alignment_pairs.py [--shared ../shared] [--samples 12]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import storyfuse.align.claims as claims
from storyfuse.align.independence import find_independence
from storyfuse.embed import default_embedder
from storyfuse.evaluate.summarization import read_clusters
from storyfuse.select import candidates, concept_weights, select, units

SETS = [
    ("eval/summarization/tac2010_guided_A.jsonl", 20),
    ("eval/summarization/duc2003_task2.jsonl", 15),
    ("eval/summarization/multiling2011_english.jsonl", 10),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--samples", type=int, default=12)
    args = parser.parse_args()
    # Look below the thresholds too: propose every pair with some overlap, judge them after.
    accept, thresholds = claims.supports, (claims.MIN_OVERLAP, claims.SIMILAR)
    claims.supports = lambda *_args: True
    claims.MIN_OVERLAP = 0.2
    rows = []
    for name, limit in SETS:
        for cluster in read_clusters(args.shared / name, limit):
            independence = find_independence(cluster.articles)
            all_units = units(cluster.articles, independence.copy_of)
            weights = concept_weights(all_units, independence.reports)
            pool = candidates(all_units)
            chosen = select(all_units, weights, 250, pool)
            for anchor, matches in claims.find_support(
                all_units, chosen, default_embedder()
            ).items():
                for m in matches:
                    a, b = all_units[anchor].text, all_units[m.unit].text
                    rows.append((m.similarity, m.overlap, a, b))
    claims.supports, (claims.MIN_OVERLAP, claims.SIMILAR) = accept, thresholds
    judged = [(s, o, accept(a, b, s, o), a, b) for s, o, a, b in rows]
    rng = random.Random(0)
    for low, high in ((0.75, 0.84), (0.84, 0.9), (0.9, 1.01)):
        band = [r for r in judged if low <= r[0] < high and r[1] >= 0.35]
        print(f"\n=== similarity {low}-{high}, overlap >= 0.35: {len(band)} pairs")
        for sim, overlap, ok, a, b in rng.sample(band, min(args.samples, len(band))):
            print(f"{sim:.2f} {overlap:.2f} {'ACCEPT' if ok else 'reject'}\n  A: {a}\n  B: {b}")


if __name__ == "__main__":
    main()
