"""Which selection settings hold on every summarization development set.

Runs storyfuse's brief (summary only) on the four development sets of ``storyfuse eval
summarization`` (TAC 2010 and DUC 2003 at 100 words, recall; MultiLing 2011 English at 250
words, recall; the first Multi-News validation clusters at 250 words, F1) for each setting of
a small grid of ``storyfuse.select`` constants, and reports per set ROUGE-1, ROUGE-2 and the
share of briefs repeating a fact (``storyfuse.evaluate.redundancy``, both readings), each
setting's change against the library's defaults, and its **worst** set. A setting is chosen
by its worst-set ROUGE-2 change (never the best set); the redundancy columns say what it buys.

Usage: python bench/summary_sweep.py [--shared ../shared] [--multinews 200] [--json FILE]
       [--set NAME=VALUE,NAME=VALUE ...]   (settings to compare; default: the built-in grid;
       NAME is a constant of storyfuse.select, MODULE.NAME one of storyfuse.MODULE)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

SETS = [
    ("tac2010", "eval/summarization/tac2010_guided_A.jsonl", 100, "recall"),
    ("duc2003", "eval/summarization/duc2003_task2.jsonl", 100, "recall"),
    ("multiling", "eval/summarization/multiling2011_english.jsonl", 250, "recall"),
    ("multinews", "eval/summarization/multinews_val_1000.jsonl", 250, "f1"),
]
#: The built-in grid: the fact-level redundancy rule (0: off) and the wording overlap.
GRID: list[dict[str, float]] = [
    {"SAME_FACTS": 0},
    {"SAME_FACTS": 3},
    {"SAME_FACTS": 4},
    {"SAME_FACTS": 3, "REDUNDANT_OVERLAP": 0.4},
]


def parse_setting(text: str) -> dict[str, float]:
    out = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        out[name.strip()] = float(value)
    return out


def run(args: tuple[dict[str, float], str, str, int, str, int | None]) -> dict[str, Any]:
    setting, name, path, words, measure, limit = args
    import importlib

    from storyfuse.evaluate.summarization import evaluate_summarization

    for key, value in setting.items():
        # NAME is a constant of storyfuse.select; MODULE.NAME one of storyfuse.MODULE.
        where, _, constant = key.rpartition(".")
        module = importlib.import_module(f"storyfuse.{where or 'select'}")
        setattr(module, constant, type(getattr(module, constant))(value))
    report = evaluate_summarization(
        path, words=words, measure=measure, limit=limit, baselines_on=False
    )
    ours = next(s for s in report.systems if s.name == "storyfuse")
    return {
        "setting": setting,
        "set": name,
        "clusters": report.clusters,
        "rouge1": round(ours.scores["rouge1"], 2),
        "rouge2": round(ours.scores["rouge2"], 2),
        "repeats": round(100 * ours.repeat_share, 1),
        "strict": round(100 * ours.strict_repeat_share, 1),
        "seconds": round(sum(ours.seconds) / max(len(ours.seconds), 1), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--multinews", type=int, default=200, help="Multi-News clusters read")
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE,... (repeatable)")
    parser.add_argument("--json", default=None, help="Also write the results here.")
    args = parser.parse_args()
    grid = [{}] + ([parse_setting(s) for s in args.set] if args.set else GRID)
    jobs = [
        (setting, name, str(Path(args.shared) / path), words, measure, None)
        if name != "multinews"
        else (setting, name, str(Path(args.shared) / path), words, measure, args.multinews)
        for setting in grid
        for name, path, words, measure in SETS
    ]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(2, maxtasksperchild=1) as pool:
        results = pool.map(run, jobs, chunksize=1)
    by = {(json.dumps(r["setting"], sort_keys=True), r["set"]): r for r in results}
    default = json.dumps({}, sort_keys=True)
    names = [name for name, *_ in SETS]
    print(
        "| setting | "
        + " | ".join(f"{n} R-1 / R-2 / rep / strict" for n in names)
        + " | worst ΔR-2 |"
    )
    print("|---|" + "---:|" * (len(names) + 1))
    ranked = []
    for setting in grid:
        key = json.dumps(setting, sort_keys=True)
        cells, deltas = [], []
        for n in names:
            r = by[(key, n)]
            deltas.append(r["rouge2"] - by[(default, n)]["rouge2"])
            scores = f"{r['rouge1']:.2f} / {r['rouge2']:.2f}"
            cells.append(f"{scores} / {r['repeats']:.0f} % / {r['strict']:.0f} %")
        label = ", ".join(f"{k}={v:g}" for k, v in setting.items()) or "defaults"
        print(f"| {label} | " + " | ".join(cells) + f" | {min(deltas):+.2f} |")
        ranked.append((min(deltas), label))
    print(
        f"\nBy worst-set ROUGE-2 change: {max(ranked)[1]}. {time.perf_counter() - started:.0f} s."
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
