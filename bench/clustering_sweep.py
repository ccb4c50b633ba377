"""Which story-clustering settings hold on every development set, and leave-one-set-out figures.

Runs storyfuse's batch clustering (``storyfuse recluster``, ``storyfuse cluster``: the pass over
articles in date order) on the seven labelled development streams of ``storyfuse eval
clustering`` for every setting of a small grid, and reports:

* per setting, B-cubed F1 on each set, the mean and the **worst** set;
* the setting chosen by the worst set (the default's rule: never the best set, never the mean);
* leave-one-set-out: for each set, the setting chosen by the worst of the *other* six, and the
  F1 it then gets on the set left out, beside the setting in the library's defaults: a reader
  sees whether the default is fitted to any one set;
* the TF-IDF + agglomerative baseline of the same run, per set.

The grid: the body words read after the title (``lead_words``), how a story's likeness is read
(``ClusterOptions.link``: 1 the centroid cosine, 0.5 between it and average link), the join
threshold, the merge threshold and the time window (``window_days``, ``max_span_days``). A
setting is chosen by its worst set; worst-set F1s within ``TIE`` of the best are a tie, broken by
the mean. About four minutes on two cores.

Usage: python bench/clustering_sweep.py [--shared ../shared] [--json FILE]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from storyfuse.evaluate.clustering import baseline, bcubed, read_labelled
from storyfuse.stories.cluster import ClusterOptions, cluster
from storyfuse.stories.features import featurize

SETS = [
    "eval/clustering/giveme5w1h_news_cluster.jsonl",
    "eval/clustering/giveme5w1h_google_news.jsonl",
    "eval/clustering/uci_news_aggregator_first1000.jsonl",
    "eval/summarization/duc2003_task2.jsonl",
    "eval/summarization/tac2010_guided_A.jsonl",
    "eval/summarization/multiling2011_english.jsonl",
    "eval/summarization/multinews_val_1000.jsonl",
]
LEAD_WORDS = (100, 300)
LINKS = (1.0, 0.5)
#: Lexical join thresholds (``ClusterOptions.lexical_threshold``; the mixed one follows).
THRESHOLDS = (0.12, 0.14, 0.16)
MERGES = (0.4, 0.5)
#: (window_days, max_span_days): how far apart in time one story's articles may be.
WINDOWS = ((90, 120), (180, 365), (365, None))
#: Worst-set F1s this close are a tie (one article of a set moves them more), broken by the
#: mean over the sets.
TIE = 0.005


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--json", help="Also write every figure to this file.")
    args = parser.parse_args()
    paths = [Path(args.shared) / s for s in SETS]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"missing development sets: {', '.join(missing)}", file=sys.stderr)
        return 3
    start = time.perf_counter()
    streams = [read_labelled(p) for p in paths]
    names = [s.name for s in streams]
    base = [bcubed(baseline(s.articles), s.labels)[2] for s in streams]
    print(f"read {len(streams)} sets in {time.perf_counter() - start:.1f} s", file=sys.stderr)

    default = ClusterOptions()
    from storyfuse.stories.features import LEAD_WORDS as DEFAULT_LEAD

    grid = [
        (lead, link, join, merge, *window)
        for lead, link, join, merge, window in itertools.product(
            LEAD_WORDS, LINKS, THRESHOLDS, MERGES, WINDOWS
        )
    ]
    key_default = (
        DEFAULT_LEAD,
        default.link,
        default.lexical_threshold,
        default.merge_threshold,
        default.window_days,
        default.max_span_days,
    )
    if key_default not in grid:
        grid.append(key_default)
    Key = tuple[int, float, float, float, int, int | None]
    results: dict[Key, list[float]] = {}
    for lead in LEAD_WORDS + (() if DEFAULT_LEAD in LEAD_WORDS else (DEFAULT_LEAD,)):
        features = [featurize(s.articles, None, lead_words=lead) for s in streams]
        for key in [k for k in grid if k[0] == lead]:
            _, link, threshold, merge, window, span = key
            options = replace(
                default,
                link=link,
                lexical_threshold=threshold,
                merge_threshold=merge,
                window_days=window,
                max_span_days=span,
            )
            row = []
            for stream, feats in zip(streams, features, strict=True):
                found = cluster(feats, options)
                row.append(bcubed([found[a.id] for a in stream.articles], stream.labels)[2])
            results[key] = row
            print(f"{key}: worst {min(row):.3f}", file=sys.stderr)

    def label(key: Key) -> str:
        span = "no span limit" if key[5] is None else f"span {key[5]} d"
        return (
            f"lead {key[0]}, link {key[1]}, join {key[2]}, merge {key[3]}, "
            f"window {key[4]} d, {span}"
        )

    def chosen(excluded: int | None) -> Key:
        def kept(key: Key) -> list[float]:
            return [f for i, f in enumerate(results[key]) if i != excluded]

        best_worst = max(min(kept(k)) for k in results)
        tied = [k for k in results if min(kept(k)) >= best_worst - TIE]
        return max(tied, key=lambda k: sum(kept(k)))

    lines = [
        f"Batch B-cubed F1 over {len(grid)} settings on {len(streams)} sets "
        f"({time.perf_counter() - start:.0f} s).",
        "",
        "| setting | " + " | ".join(names) + " | mean | worst |",
        "|---|" + "---:|" * (len(names) + 2),
    ]
    ranked = sorted(results, key=lambda k: -min(results[k]))
    for key in ranked:
        row = results[key]
        mark = " (default)" if key == key_default else ""
        lines.append(
            f"| {label(key)}{mark} | "
            + " | ".join(f"{f:.3f}" for f in row)
            + f" | {sum(row) / len(row):.3f} | {min(row):.3f} |"
        )
    lines.append(
        "| TF-IDF + agglomerative (baseline) | "
        + " | ".join(f"{f:.3f}" for f in base)
        + f" | {sum(base) / len(base):.3f} | {min(base):.3f} |"
    )
    best = chosen(None)
    lines += [
        "",
        f"Chosen by the worst set (ties within {TIE} broken by the mean): {label(best)}; "
        f"default: {label(key_default)}.",
        "",
        "Leave one set out: the setting chosen by the worst of the other sets, scored on the "
        "set left out.",
        "",
        "| set left out | setting chosen without it | F1 on it | default's F1 | baseline |",
        "|---|---|---:|---:|---:|",
    ]
    loso = []
    for i, name in enumerate(names):
        key = chosen(i)
        loso.append({"left_out": name, "setting": list(key), "f1": results[key][i]})
        lines.append(
            f"| {name} | {label(key)} | {results[key][i]:.3f} | "
            f"{results[key_default][i]:.3f} | {base[i]:.3f} |"
        )
    held = [r["f1"] for r in loso]
    lines.append(
        f"| **mean / worst** | | **{sum(held) / len(held):.3f} / {min(held):.3f}** | "
        f"{sum(results[key_default]) / len(names):.3f} / {min(results[key_default]):.3f} | "
        f"{sum(base) / len(base):.3f} / {min(base):.3f} |"
    )
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "sets": names,
                    "baseline": base,
                    "settings": [
                        {
                            "lead_words": k[0],
                            "link": k[1],
                            "join": k[2],
                            "merge": k[3],
                            "window_days": k[4],
                            "max_span_days": k[5],
                            "f1": v,
                        }
                        for k, v in results.items()
                    ],
                    "default": list(key_default),
                    "chosen": list(best),
                    "leave_one_set_out": loso,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
