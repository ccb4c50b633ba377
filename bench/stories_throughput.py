"""Adding and clustering articles into the story store: articles/s and peak memory.

Builds streams of 1k, 10k and 100k articles (``--sizes``) from the full-text articles of
../shared/eval (DUC 2003, TAC 2010, MultiLing English, Giveme5W1H), in a temporary directory,
never in the repository. Copy k of an article is shifted k x 400 days into the past (beyond two
story windows, so the copies of one event never merge; backwards, because storyfuse takes dates
after 2100 for errors) and gets its own id, URL and a "(k)" in its title (so the store does not
drop it as a duplicate); within a stream articles arrive in date order, as a feed would. Copies
overlap in time, so the stream gets denser as it grows: a harder test than a feed of constant
rate. Then it times the real CLI, ``storyfuse add --db NEW.db STREAM.jsonl``,
start-up and model loads included, and samples the peak RSS of the process tree every 20 ms.
A fixed workload (:func:`reference_seconds`) is timed before and after each run, to tell the
VM's speed at the time.

With ``--in-process`` it also times the library alone on the same streams: the articles are
read first (not timed), then ``Store.add`` (features, deduplication, clustering, SQLite) and,
separately, the clustering pass alone over the features (``storyfuse.stories.cluster.assign``).

Usage: python bench/stories_throughput.py [--shared ../shared] [--sizes 1000,10000,100000]
       [--jobs 2] [--embed-titles] [--in-process] [--json FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from ingest_throughput import run_once

SOURCES = [
    "eval/summarization/duc2003_task2.jsonl",
    "eval/summarization/tac2010_guided_A.jsonl",
    "eval/summarization/multiling2011_english.jsonl",
    "eval/clustering/giveme5w1h_news_cluster.jsonl",
    "eval/clustering/giveme5w1h_google_news.jsonl",
]
#: Days between copies of the corpus: more than two 90-day story windows.
SHIFT_DAYS = 400


def reference_seconds(texts: list[str]) -> float:
    """py3langid (code we do not change, with a 68 MB model, so it feels the memory system as
    well as the CPU) on fixed texts, timed. This VM's speed drifts by 2x within a day, so every
    result carries the speed it was measured at; compare results with similar figures only.
    A plain Python loop did not track it (it stayed the same while the bench slowed down)."""
    import py3langid

    py3langid.classify("warm up")
    start = time.perf_counter()
    for text in texts:
        py3langid.classify(text)
    return round(time.perf_counter() - start, 2)


def originals(shared: Path) -> list[dict]:
    """Every full-text article with a date, once."""
    out, seen = [], set()
    for rel in SOURCES:
        for line in (shared / rel).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for article in record.get("articles", [record]):
                text, date = article.get("text") or "", article.get("date") or ""
                if not text.strip() or text == "None" or not date[:10]:
                    continue
                key = (article.get("title"), text[:200])
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    {
                        "title": article.get("title") or "",
                        "text": text,
                        "date": date[:10],
                        "source": article.get("source"),
                    }
                )
    return out


def stream(base: list[dict], count: int) -> list[dict]:
    rows = []
    copy = 0
    while len(rows) < count:
        for i, article in enumerate(base):
            if len(rows) == count:
                break
            day = dt.date.fromisoformat(article["date"]) - dt.timedelta(days=copy * SHIFT_DAYS)
            title = article["title"] or article["text"].split("\n")[0][:80]
            rows.append(
                {
                    "id": f"c{copy}-{i}",
                    "title": f"{title} ({copy})",
                    "text": article["text"],
                    "date": day.isoformat(),
                    "source": article["source"],
                    "url": f"https://stream.example/{copy}/{i}",
                }
            )
        copy += 1
    rows.sort(key=lambda r: (r["date"], r["id"]))
    return rows


def in_process(path: Path, db: Path) -> dict:
    """``Store.add`` and the clustering pass alone, timed on articles already read."""
    from storyfuse.options import IngestOptions
    from storyfuse.stories.batch import article_from_data
    from storyfuse.stories.cluster import assign, order_key
    from storyfuse.stories.features import featurize
    from storyfuse.stories.store import Store

    options = IngestOptions(audit_html=False)
    lines = path.read_text(encoding="utf-8").splitlines()
    articles = [
        article_from_data(json.loads(x), f"{path}:{n}", options) for n, x in enumerate(lines, 1)
    ]
    start = time.perf_counter()
    with Store(db, embed_titles=False) as store:
        added = sum(1 for r in store.add(articles) if r.status == "added")
    store_s = time.perf_counter() - start
    start = time.perf_counter()
    features = sorted(featurize(articles, None), key=order_key)
    featurize_s = time.perf_counter() - start
    start = time.perf_counter()
    stories = len({n for _, n in assign(features)})
    cluster_s = time.perf_counter() - start
    return {
        "added": added,
        "store_add_per_s": round(len(articles) / store_s, 1),
        "featurize_per_s": round(len(articles) / featurize_s, 1),
        "cluster_pass_per_s": round(len(articles) / cluster_s, 1),
        "cluster_pass_stories": stories,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--jobs", type=int, default=2, help="storyfuse add --jobs")
    parser.add_argument("--embed-titles", action="store_true", help="storyfuse add --embed-titles")
    parser.add_argument("--in-process", action="store_true", help="Also time the library alone.")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="Keep the streams and stores in DIR.")
    args = parser.parse_args()
    base = originals(args.shared)
    print(f"{len(base)} distinct dated full-text articles to build streams from", file=sys.stderr)
    results = []
    reference = [a["text"][:800] for a in base[:1000]]
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            path = root / f"stream-{size}.jsonl"
            with open(path, "w", encoding="utf-8") as out:
                for row in stream(base, size):
                    out.write(json.dumps(row) + "\n")
            db = root / f"stream-{size}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            cmd = [sys.executable, "-m", "storyfuse", "add", "--db", str(db), str(path)]
            cmd += ["-q", "--no-progress", "--jobs", str(args.jobs)]
            if args.embed_titles:
                cmd.append("--embed-titles")
            before = reference_seconds(reference)
            wall, rss, total_rss, _ = run_once(cmd)
            after = reference_seconds(reference)
            con = sqlite3.connect(db)
            stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            stories = con.execute(
                "SELECT count(*) FROM stories WHERE merged_into IS NULL AND size > 0"
            ).fetchone()[0]
            con.close()
            row = {
                "articles": size,
                "stored": stored,
                "stories": stories,
                "wall_s": round(wall, 1),
                "articles_per_s": round(size / wall, 1),
                "ms_per_article": round(1000 * wall / size, 2),
                "peak_rss_mib": round(rss / 1024),
                "peak_total_rss_mib": round(total_rss / 1024),
                "db_mib": round(db.stat().st_size / 2**20, 1),
                "options": " ".join(cmd[7:]),
                "reference_s": [before, after],
            }
            if args.in_process:
                row["in_process"] = in_process(path, root / f"stream-{size}-lib.db")
            results.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        "\n| articles | stories | wall s | articles/s | ms/article | peak RSS (tree) MiB "
        "| reference s, before / after |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['articles']:,} | {r['stories']:,} | {r['wall_s']} | {r['articles_per_s']} "
            f"| {r['ms_per_article']} | {r['peak_rss_mib']} ({r['peak_total_rss_mib']}) "
            f"| {r['reference_s'][0]} / {r['reference_s'][1]} |"
        )
    if args.in_process:
        print(
            "\n| articles | Store.add articles/s | features articles/s | clustering pass "
            "articles/s | stories |"
        )
        print("|---:|---:|---:|---:|---:|")
        for r in results:
            p = r["in_process"]
            print(
                f"| {r['articles']:,} | {p['store_add_per_s']} | {p['featurize_per_s']} "
                f"| {p['cluster_pass_per_s']} | {p['cluster_pass_stories']:,} |"
            )


if __name__ == "__main__":
    main()
