"""Speed and memory of `storyfuse brief`, measured on real clusters from ../shared/eval.

  * warm: every TAC 2010 cluster (10 articles, ~250-300 sentences) briefed in one process
    after the model is loaded, with the embedding cache emptied between clusters, beside
    sumy LexRank on the same articles;
  * cold: the whole CLI call (`storyfuse brief CLUSTER.jsonl`, start-up and model load
    included) on one 10-article cluster, and its peak RSS;
  * large: one 200-article cluster (20 TAC clusters merged), warm and as a CLI call;
  * small: the first ``--multinews`` Multi-News validation clusters (2-10 web pages, ~20
    sentences at 250 words), warm, beside LexRank in the same run;
  * full: every section (the analysis too), warm, on the TAC clusters.

Usage: python bench/brief_speed.py [--shared ../shared] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storyfuse import BriefOptions, brief
from storyfuse.embed import MiniLMEmbedder
from storyfuse.evaluate import baselines
from storyfuse.evaluate.summarization import read_clusters

TAC = "eval/summarization/tac2010_guided_A.jsonl"
MULTINEWS = "eval/summarization/multinews_val_1000.jsonl"


def cli_call(path: Path, *options: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `storyfuse brief PATH OPTIONS... -q` process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyfuse", "brief", str(path), *options, "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(proc.stderr.read().decode())  # type: ignore[union-attr]
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--multinews", type=int, default=300, help="Multi-News clusters timed")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    clusters = list(read_clusters(args.shared / TAC))
    lexrank = baselines.lexrank()
    embedder = MiniLMEmbedder()
    embedder.embed(["load the model before timing"])
    ours, theirs, sizes = [], [], []
    for cluster in clusters:
        embedder.clear_cache()  # no help from earlier clusters
        start = time.perf_counter()
        brief(
            cluster.articles,
            BriefOptions(words=args.words, sections=("summary",)),
            embedder=embedder,
        )
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        lexrank(cluster.articles, args.words)
        theirs.append(time.perf_counter() - start)
        sizes.append(sum(len(a.sentences) for a in cluster.articles))
    full = []
    for cluster in clusters:
        embedder.clear_cache()
        start = time.perf_counter()
        brief(cluster.articles, BriefOptions(words=args.words), embedder=embedder)
        full.append(time.perf_counter() - start)
    small_ours, small_theirs, small_sizes = [], [], []
    for cluster in read_clusters(args.shared / MULTINEWS, args.multinews):
        if not cluster.articles:
            continue
        embedder.clear_cache()
        start = time.perf_counter()
        brief(cluster.articles, BriefOptions(words=250, sections=("summary",)), embedder=embedder)
        small_ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        lexrank(cluster.articles, 250)
        small_theirs.append(time.perf_counter() - start)
        small_sizes.append(sum(len(a.sentences) for a in cluster.articles))
    merged = [a for c in clusters[:20] for a in c.articles]
    embedder.clear_cache()
    start = time.perf_counter()
    brief(merged, BriefOptions(words=args.words, sections=("summary",)), embedder=embedder)
    large_warm = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "cluster.jsonl"
        record = json.loads((args.shared / TAC).read_text(encoding="utf-8").splitlines()[0])
        one.write_text(json.dumps(record) + "\n", encoding="utf-8")
        cold, cold_rss = cli_call(one, "--words", str(args.words), "-s", "summary")
        big = Path(tmp) / "large.jsonl"
        lines = (args.shared / TAC).read_text(encoding="utf-8").splitlines()[:20]
        articles = [a for line in lines for a in json.loads(line)["articles"]]
        big.write_text(json.dumps({"id": "large", "articles": articles}) + "\n", encoding="utf-8")
        large_cold, large_rss = cli_call(big, "--words", str(args.words), "-s", "summary")
    results = {
        "clusters": len(clusters),
        "sentences_per_cluster": round(statistics.mean(sizes)),
        "warm_seconds": {
            "mean": statistics.mean(ours),
            "median": statistics.median(ours),
            "max": max(ours),
        },
        "lexrank_seconds": {
            "mean": statistics.mean(theirs),
            "median": statistics.median(theirs),
            "max": max(theirs),
        },
        "speedup_over_lexrank": statistics.mean(theirs) / statistics.mean(ours),
        "full_brief_seconds": {"mean": statistics.mean(full), "max": max(full)},
        "multinews_clusters": len(small_ours),
        "multinews_sentences_median": statistics.median(small_sizes),
        "multinews_seconds": statistics.mean(small_ours),
        "multinews_lexrank_seconds": statistics.mean(small_theirs),
        "multinews_slowdown_over_lexrank": statistics.mean(small_ours)
        / statistics.mean(small_theirs),
        "cli_seconds_10_articles": cold,
        "cli_peak_rss_mib": cold_rss,
        "large_articles": len(merged),
        "large_sentences": sum(len(a.sentences) for a in merged),
        "large_warm_seconds": large_warm,
        "large_cli_seconds": large_cold,
        "large_cli_peak_rss_mib": large_rss,
    }
    print(
        f"storyfuse brief speed ({os.cpu_count()} CPUs), {len(clusters)} TAC 2010 clusters of "
        f"10 articles, ~{results['sentences_per_cluster']} sentences each, --words {args.words}"
    )
    print()
    print("| measure | value |")
    print("|---|---:|")
    w, lx = results["warm_seconds"], results["lexrank_seconds"]
    print(
        f"| brief, warm (mean / median / max) | {w['mean']:.3f} / {w['median']:.3f} / "
        f"{w['max']:.3f} s |"
    )
    print(
        f"| sumy LexRank, same clusters (mean / median / max) | {lx['mean']:.3f} / "
        f"{lx['median']:.3f} / {lx['max']:.3f} s |"
    )
    print(f"| speed-up over LexRank | {results['speedup_over_lexrank']:.1f}x |")
    f = results["full_brief_seconds"]
    print(f"| brief with every section, warm (mean / max) | {f['mean']:.3f} / {f['max']:.3f} s |")
    median = results["multinews_sentences_median"]
    print(
        f"| {len(small_ours)} Multi-News clusters (median {median:.0f}"
        f" sentences), 250 words: storyfuse / LexRank mean | {results['multinews_seconds']:.3f} / "
        f"{results['multinews_lexrank_seconds']:.3f} s "
        f"({results['multinews_slowdown_over_lexrank']:.1f}x LexRank's time) |"
    )
    print(f"| whole CLI call, 10 articles (start-up + model load) | {cold:.2f} s |")
    print(f"| peak RSS of that call | {cold_rss:.0f} MiB |")
    print(
        f"| {len(merged)}-article cluster ({results['large_sentences']} sentences), warm | "
        f"{large_warm:.2f} s |"
    )
    print(
        f"| {len(merged)}-article cluster, whole CLI call / peak RSS | {large_cold:.2f} s / "
        f"{large_rss:.0f} MiB |"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
