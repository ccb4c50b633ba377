"""How much wording article pairs share, in the shared DUC 2003 and TAC 2010 clusters.

Prints the distribution of the share of the shorter article's word 5-grams found in the other
(the measure behind storyfuse.align.independence.SHARED_TEXT), so the threshold between
"different reports" and "copies or rewrites of one story" can be checked on real data.

Usage: python bench/independence.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
from collections import Counter
from itertools import combinations
from pathlib import Path

from storyfuse.align.independence import SHARED_TEXT, _shingles
from storyfuse.evaluate.summarization import read_clusters

SETS = ["eval/summarization/duc2003_task2.jsonl", "eval/summarization/tac2010_guided_A.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    histogram: Counter[int] = Counter()
    for name in SETS:
        for cluster in read_clusters(args.shared / name):
            shingles = [_shingles(a) for a in cluster.articles]
            for i, j in combinations(range(len(shingles)), 2):
                small = min(len(shingles[i]), len(shingles[j]))
                if small:
                    share = len(shingles[i] & shingles[j]) / small
                    histogram[min(9, int(share * 10))] += 1
    total = sum(histogram.values())
    print(f"{total} article pairs; threshold SHARED_TEXT = {SHARED_TEXT}")
    for bucket in range(10):
        bar = "#" * round(60 * histogram[bucket] / max(histogram.values()))
        print(f"{bucket / 10:.1f}-{(bucket + 1) / 10:.1f} {histogram[bucket]:6d} {bar}")


if __name__ == "__main__":
    main()
