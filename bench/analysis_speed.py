"""What the cross-source analysis adds to a brief, in time and memory (issue 4's speed bar).

Every TAC 2010 cluster (10 articles, ~250-300 sentences) is briefed twice in one process with
the models loaded and their caches emptied: the summary alone, then every section. The figure
is the difference, per cluster, beside the time of each section's own code, and the whole CLI
call with every section on one cluster with its peak RSS.

Usage: python bench/analysis_speed.py [--shared ../shared] [--limit N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from storyfuse import BriefOptions, brief
from storyfuse.analyse import ANALYSIS_SECTIONS, Context, analyse
from storyfuse.analyse.nlp import SpacyAnnotator
from storyfuse.embed import MiniLMEmbedder
from storyfuse.evaluate.summarization import read_clusters

sys.path.insert(0, str(Path(__file__).resolve().parent))
from brief_speed import TAC, cli_call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    clusters = list(read_clusters(args.shared / TAC, args.limit))
    embedder, annotator = MiniLMEmbedder(), SpacyAnnotator()
    embedder.embed(["load the model before timing"])
    annotator.entities(["Load the model before timing, said Jane Doe."])
    added, sizes, per_section = [], [], {s: [] for s in ("entities (NER)", *ANALYSIS_SECTIONS)}
    for cluster in clusters:
        embedder.clear_cache()
        start = time.perf_counter()
        base = brief(
            cluster.articles,
            BriefOptions(sections=("summary",)),
            embedder=embedder,
            annotator=annotator,
        )
        summary_only = time.perf_counter() - start
        embedder.clear_cache()
        annotator.clear_cache()
        start = time.perf_counter()
        brief(cluster.articles, BriefOptions(), embedder=embedder, annotator=annotator)
        added.append(time.perf_counter() - start - summary_only)
        sizes.append(base.stats["sentences"])
        # Each section alone, on a context built the way brief() builds it.
        from storyfuse.align.independence import find_independence
        from storyfuse.select import concept_weights, units

        independence = find_independence(cluster.articles)
        all_units = units(cluster.articles, independence.copy_of)
        weights = concept_weights(all_units, independence.reports)
        context = Context(cluster.articles, all_units, independence, weights, embedder)
        annotator.clear_cache()
        start = time.perf_counter()
        analyse(context, ["entities"], annotator)  # the NER model, on the sentences it reads
        per_section["entities (NER)"].append(time.perf_counter() - start)
        for section in ANALYSIS_SECTIONS:
            embedder.clear_cache()  # each section pays for the sentences it embeds
            context.cache.clear()
            start = time.perf_counter()
            analyse(context, [section], annotator)
            per_section[section].append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "cluster.jsonl"
        record = json.loads((args.shared / TAC).read_text(encoding="utf-8").splitlines()[0])
        one.write_text(json.dumps(record) + "\n", encoding="utf-8")
        cli_seconds, cli_rss = cli_call(one)
    report = {
        "clusters": len(clusters),
        "sentences_mean": round(statistics.mean(sizes), 1),
        "added_seconds": {
            "mean": round(statistics.mean(added), 3),
            "p90": round(sorted(added)[int(0.9 * (len(added) - 1))], 3),
            "max": round(max(added), 3),
        },
        "section_seconds_mean": {k: round(statistics.mean(v), 3) for k, v in per_section.items()},
        "cli_all_sections": {"seconds": round(cli_seconds, 2), "peak_rss_mib": round(cli_rss)},
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
