"""Extraction quality on HTML pages with gold article text.

The metric is the article-extraction-benchmark's (scrapinghub): the gold and the extracted
text are tokenised into ``\\w+`` words, compared as multisets of 4-word shingles, and each
page's true/false positive/negative counts are normalised to sum to one so long pages do not
dominate. Precision and recall are means over pages, F1 is their harmonic mean.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SHINGLE = 4
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[str, str | None], str]


@dataclass(frozen=True, slots=True)
class PageScore:
    tp: float
    fp: float
    fn: float


def _shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def score_page(gold: str, predicted: str) -> PageScore:
    truth, pred = _shingles(gold), _shingles(predicted)
    tp = sum((truth & pred).values())
    fp = sum((pred - truth).values())
    fn = sum((truth - pred).values())
    total = tp + fp + fn
    return PageScore(tp / total, fp / total, fn / total) if total else PageScore(0.0, 0.0, 0.0)


def _precision(s: PageScore) -> float:
    if s.fp == s.fn == 0:
        return 1.0
    return 0.0 if s.tp == s.fp == 0 else s.tp / (s.tp + s.fp)


def _recall(s: PageScore) -> float:
    if s.fp == s.fn == 0:
        return 1.0
    return 0.0 if s.tp == s.fn == 0 else s.tp / (s.tp + s.fn)


def aggregate(scores: list[PageScore]) -> tuple[float, float, float]:
    """(precision, recall, F1) as the benchmark computes them."""
    precisions = [_precision(s) for s in scores if s.tp + s.fp > 0]
    recalls = [_recall(s) for s in scores if s.tp + s.fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(slots=True)
class SystemResult:
    name: str
    precision: float
    recall: float
    f1: float
    ms_per_page: float
    empty_pages: int
    worst: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ExtractionReport:
    dataset: str
    pages: int
    systems: list[SystemResult]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "pages": self.pages,
            "systems": [asdict(s) for s in self.systems],
        }

    def to_markdown(self) -> str:
        lines = [
            f"Extraction on {self.dataset} ({self.pages} pages; word 4-gram shingles, "
            "article-extraction-benchmark metric)",
            "",
            "| system | precision | recall | F1 | ms/page | empty |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for s in self.systems:
            lines.append(
                f"| {s.name} | {s.precision:.4f} | {s.recall:.4f} | **{s.f1:.4f}** | "
                f"{s.ms_per_page:.1f} | {s.empty_pages} |"
            )
        return "\n".join(lines) + "\n"


def read_pages(path: str | Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Pages ``{"id", "url", "html", "gold_text"}`` from a (gzipped) JSONL file."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:  # type: ignore[operator]
        for count, line in enumerate(stream):
            if limit is not None and count >= limit:
                break
            if line.strip():
                yield json.loads(line)


def storyfuse_extractor() -> Extractor:
    from storyfuse.errors import InputRejected
    from storyfuse.ingest.build import article_from_html
    from storyfuse.options import IngestOptions

    options = IngestOptions(audit_html=False)

    def extract(html: str, url: str | None) -> str:
        try:
            return article_from_html(html, url=url, options=options).text
        except InputRejected:
            return ""

    return extract


def trafilatura_extractor() -> Extractor:
    """Plain trafilatura as the benchmark runs it (default settings, no comments)."""
    import trafilatura

    def extract(html: str, url: str | None) -> str:
        return trafilatura.extract(html, include_comments=False) or ""

    return extract


def default_systems() -> dict[str, Extractor]:
    return {"storyfuse": storyfuse_extractor(), "trafilatura": trafilatura_extractor()}


def evaluate_extraction(
    path: str | Path,
    systems: dict[str, Extractor] | None = None,
    *,
    limit: int | None = None,
    worst: int = 0,
    progress: Callable[[int], None] | None = None,
) -> ExtractionReport:
    """Run every system on every page (the same pages, one pass) and score them."""
    systems = systems or default_systems()
    scores: dict[str, list[PageScore]] = {name: [] for name in systems}
    seconds: dict[str, float] = dict.fromkeys(systems, 0.0)
    empty: dict[str, int] = dict.fromkeys(systems, 0)
    per_page: dict[str, list[tuple[float, str]]] = {name: [] for name in systems}
    pages = 0
    for page in read_pages(path, limit):
        pages += 1
        for name, extract in systems.items():
            start = time.perf_counter()
            text = extract(page["html"], page.get("url"))
            seconds[name] += time.perf_counter() - start
            empty[name] += not text.strip()
            score = score_page(page.get("gold_text") or "", text)
            scores[name].append(score)
            per_page[name].append((score.tp, str(page.get("id") or page.get("url"))))
        if progress is not None:
            progress(pages)
    results = []
    for name in systems:
        p, r, f = aggregate(scores[name])
        worst_pages = sorted(per_page[name])[:worst]
        results.append(
            SystemResult(
                name=name,
                precision=p,
                recall=r,
                f1=f,
                ms_per_page=1000 * seconds[name] / max(pages, 1),
                empty_pages=empty[name],
                worst=[{"page": page_id, "overlap": round(tp, 4)} for tp, page_id in worst_pages],
            )
        )
    return ExtractionReport(dataset=Path(path).name, pages=pages, systems=results)
