"""Ingest throughput and peak memory, measured by running the real CLI on real articles.

Builds two inputs from ../shared/eval (in a temporary directory, never in the repository):
  * 1,000 plain-text articles (title line + text) from the summarization and clustering sets;
  * the 181 HTML pages of the extraction benchmark, one .html file each;
then runs ``storyfuse ingest DIR --jsonl`` on each, several times, and reports the median wall
time, articles per second and the peak RSS of the process. A one-file run measures the fixed
start-up cost (imports, model loads) that the rates include.

Usage: python bench/ingest_throughput.py [--shared ../shared] [--repeat 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PLAIN_SOURCES = [
    "eval/summarization/duc2003_task2.jsonl",
    "eval/summarization/tac2010_guided_A.jsonl",
    "eval/summarization/multiling2011_english.jsonl",
    "eval/clustering/giveme5w1h_news_cluster.jsonl",
    "eval/clustering/giveme5w1h_google_news.jsonl",
]


def plain_articles(shared: Path, count: int) -> list[str]:
    texts: list[str] = []
    for rel in PLAIN_SOURCES:
        for line in (shared / rel).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for article in record.get("articles", [record]):
                title = article.get("title")
                body = article.get("text") or ""
                if not body.strip() or body == "None":
                    continue
                head = f"{title}\n\n" if title and title != "None" else ""
                texts.append(head + body)
                if len(texts) == count:
                    return texts
    raise SystemExit(f"only {len(texts)} plain-text articles found under {shared}")


def write_inputs(shared: Path, root: Path, count: int) -> tuple[Path, Path, Path]:
    plain = root / "plain"
    plain.mkdir()
    for i, text in enumerate(plain_articles(shared, count)):
        (plain / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    html = root / "html"
    html.mkdir()
    bench = shared / "eval/extraction/article_extraction_benchmark.jsonl.gz"
    with gzip.open(bench, "rt", encoding="utf-8") as stream:
        for i, line in enumerate(stream):
            page = json.loads(line)
            (html / f"{i:03d}.html").write_text(page["html"], encoding="utf-8")
    single = root / "single"
    single.mkdir()
    (single / "one.txt").write_text(plain_articles(shared, 1)[0], encoding="utf-8")
    return plain, html, single


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in KiB."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) if "VmRSS:" in status else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_once(args: list[str]) -> tuple[float, int, int, int]:
    """Wall seconds, peak RSS of the largest process and peak total RSS of the process tree
    (sampled every 20 ms, so worker processes count), both in KiB, and JSONL lines written."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_total = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_total
        while not done.wait(0.02):
            peak_total = max(peak_total, _tree_rss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    lines = sum(1 for _ in proc.stdout)  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
    return wall, usage.ru_maxrss, max(peak_total, usage.ru_maxrss), lines


def measure(name: str, directory: Path, repeat: int, extra: list[str]) -> dict[str, object]:
    cmd = [
        sys.executable,
        "-m",
        "storyfuse",
        "ingest",
        str(directory),
        "--jsonl",
        "-q",
        "--no-progress",
        *extra,
    ]
    runs = [run_once(cmd) for _ in range(repeat)]
    wall = statistics.median(r[0] for r in runs)
    articles = runs[0][3]
    return {
        "input": name,
        "options": " ".join(extra) or "(defaults)",
        "articles": articles,
        "wall_s": round(wall, 2),
        "articles_per_s": round(articles / wall, 1),
        "peak_rss_mib": round(max(r[1] for r in runs) / 1024, 1),
        "peak_total_rss_mib": round(max(r[2] for r in runs) / 1024, 1),
        "runs_s": [round(r[0], 2) for r in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--count", type=int, default=1000, help="plain-text articles")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="storyfuse-bench-") as tmp:
        plain, html, single = write_inputs(args.shared, Path(tmp), args.count)
        results = [
            measure("1 plain-text article (start-up cost)", single, args.repeat, []),
            measure(f"{args.count} plain-text articles", plain, args.repeat, []),
            measure(f"{args.count} plain-text articles", plain, args.repeat, ["--jobs", "2"]),
            measure("181 HTML pages", html, args.repeat, []),
            measure("181 HTML pages", html, args.repeat, ["--no-audit-html"]),
            measure("181 HTML pages", html, args.repeat, ["--jobs", "2"]),
        ]
    print(
        f"storyfuse ingest throughput ({os.cpu_count()} CPUs, median of {args.repeat} runs, "
        "wall time includes start-up)\n"
    )
    print("| input | options | articles | wall s | articles/s | peak RSS MiB | all processes MiB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['input']} | {r['options']} | {r['articles']} | {r['wall_s']} | "
            f"{r['articles_per_s']} | {r['peak_rss_mib']} | {r['peak_total_rss_mib']} |"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
