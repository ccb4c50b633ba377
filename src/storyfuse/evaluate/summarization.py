"""``storyfuse eval summarization``: storyfuse beside baselines and published systems, in one run.

For every cluster of a JSONL file (``{"id", "articles": [...], "references": [...]}``) it
briefs the articles with storyfuse, runs Lead, round-robin Lead, a plain bigram-coverage
greedy selector, sumy LexRank and TextRank, reads the published systems' summaries when given,
and scores them all with one ROUGE implementation (see :mod:`storyfuse.evaluate.rouge`). It
also times storyfuse and LexRank on the same clusters, reports the peak memory of the run, and
re-checks every citation of every brief with :mod:`storyfuse.evaluate.citations`, and counts,
for every system, the summaries that say one thing twice (:mod:`storyfuse.evaluate.redundancy`).
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyfuse.errors import InputRejected
from storyfuse.evaluate import baselines
from storyfuse.evaluate.citations import CitationCheck, check_citations
from storyfuse.evaluate.redundancy import repeats
from storyfuse.evaluate.rouge import METRICS, rouge, split_sentences, truncate
from storyfuse.ingest.build import article_from_record
from storyfuse.model import Article
from storyfuse.options import BriefOptions, IngestOptions


@dataclass(slots=True)
class Cluster:
    id: str
    articles: list[Article]
    references: list[str]


def read_clusters(path: str | Path, limit: int | None = None) -> Iterator[Cluster]:
    options = IngestOptions(audit_html=False)
    with open(path, encoding="utf-8") as stream:
        count = 0
        for line in stream:
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            count += 1
            data = json.loads(line)
            articles = []
            for k, record in enumerate(data.get("articles") or []):
                try:
                    articles.append(
                        article_from_record(record, origin=f"{data['id']}#{k + 1}", options=options)
                    )
                except InputRejected:
                    continue  # e.g. an empty article in the dataset
            yield Cluster(str(data["id"]), articles, list(data.get("references") or []))


def read_system_summaries(path: str | Path) -> dict[str, dict[str, str]]:
    """``{system: {cluster id: summary}}`` from ``{"id", "system", "summary"}`` lines."""
    out: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                row = json.loads(line)
                out.setdefault(str(row["system"]), {})[str(row["id"])] = str(row["summary"])
    return out


@dataclass(slots=True)
class SystemScore:
    name: str
    kind: str  # storyfuse | baseline | published
    clusters: int
    scores: dict[str, float]
    seconds: list[float] = field(default_factory=list, repr=False)
    with_repeats: int = 0  # summaries with a pair of sentences repeating a fact (pair reading)
    repeat_pairs: int = 0
    with_repeats_strict: int = 0  # the same over the shorter sentence's words

    @property
    def repeat_share(self) -> float:
        return self.with_repeats / self.clusters if self.clusters else 0.0

    @property
    def strict_repeat_share(self) -> float:
        return self.with_repeats_strict / self.clusters if self.clusters else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = {"name": self.name, "kind": self.kind, "clusters": self.clusters}
        data.update({k: round(v, 2) for k, v in self.scores.items()})
        data["with_repeats"] = self.with_repeats
        data["with_repeats_over_shorter"] = self.with_repeats_strict
        data["repeat_pairs_per_summary"] = round(self.repeat_pairs / max(self.clusters, 1), 3)
        if self.seconds:
            data["seconds_per_cluster"] = _timing(self.seconds)
        return data


def _timing(values: list[float]) -> dict[str, float]:
    return {
        "mean": round(statistics.mean(values), 3),
        "median": round(statistics.median(values), 3),
        "max": round(max(values), 3),
    }


@dataclass(slots=True)
class SummarizationReport:
    dataset: str
    clusters: int
    words: int
    measure: str
    systems: list[SystemScore]
    citations: CitationCheck
    peak_rss_mb: float
    per_cluster: list[dict[str, Any]]

    def _system(self, name: str) -> SystemScore | None:
        return next((s for s in self.systems if s.name == name), None)

    @property
    def speedup_over_lexrank(self) -> float | None:
        ours, lex = self._system("storyfuse"), self._system("lexrank")
        if not ours or not lex or not ours.seconds or not lex.seconds:
            return None
        return statistics.mean(lex.seconds) / max(statistics.mean(ours.seconds), 1e-9)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "clusters": self.clusters,
            "words": self.words,
            "measure": self.measure,
            "rouge": "rouge-score, Porter stemming, summaries cut to `words`, references averaged",
            "systems": [s.to_dict() for s in self.systems],
            "speedup_over_lexrank": round(self.speedup_over_lexrank or 0.0, 2),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "citations": {
                "checked": self.citations.citations,
                "supported": self.citations.supported,
                "precision": round(self.citations.precision, 4),
                "failures": self.citations.failures[:50],
            },
            "per_cluster": self.per_cluster,
        }

    def to_markdown(self) -> str:
        name = {"recall": "recall", "f1": "F1", "precision": "precision"}[self.measure]
        lines = [
            f"## {self.dataset}: {self.clusters} clusters, ROUGE {name} at {self.words} words",
            "",
            "| system | clusters | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | repeats | strict | s/cluster |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        ranked = sorted(self.systems, key=lambda s: (s.kind == "published", -s.scores["rouge2"]))
        for s in ranked:
            seconds = f"{statistics.mean(s.seconds):.3f}" if s.seconds else ""
            label = f"**{s.name}**" if s.kind == "storyfuse" else s.name
            lines.append(
                f"| {label} | {s.clusters} | {s.scores['rouge1']:.2f} | {s.scores['rouge2']:.2f} | "
                f"{s.scores['rougeLsum']:.2f} | {100 * s.repeat_share:.1f} % | "
                f"{100 * s.strict_repeat_share:.1f} % | {seconds} |"
            )
        lines.append("")
        speedup = self.speedup_over_lexrank
        if speedup and speedup >= 1:
            lines.append(f"storyfuse is {speedup:.1f}x faster than sumy LexRank on these clusters.")
        elif speedup:  # tiny clusters: the embedding model's fixed cost per brief dominates
            lines.append(
                f"storyfuse is {1 / speedup:.1f}x slower than sumy LexRank on these clusters."
            )
        lines.append(
            "Repeats: the share of summaries (cut to the budget) with a pair of sentences "
            "sharing at least 35 % of their content words (strict: of the shorter one's)."
        )
        lines.append(
            f"Citations: {self.citations.supported}/{self.citations.citations} supported "
            f"({100 * self.citations.precision:.1f} %) by the independent lexical check. "
            f"Peak RSS of the run: {self.peak_rss_mb:.0f} MB."
        )
        return "\n".join(lines) + "\n"


def _storyfuse(embedder: Any) -> Callable[[Sequence[Article], int], tuple[list[str], Any]]:
    from storyfuse.pipeline import brief

    def run(articles: Sequence[Article], words: int) -> tuple[list[str], Any]:
        result = brief(
            articles, BriefOptions(words=words, sections=("summary",)), embedder=embedder
        )
        return [s.text for s in result.sentences], result

    return run


def evaluate_summarization(
    path: str | Path,
    systems_path: str | Path | None = None,
    *,
    words: int = 100,
    measure: str = "recall",
    limit: int | None = None,
    baselines_on: bool = True,
    embedder: Any = None,
    progress: Callable[[int], None] | None = None,
) -> SummarizationReport:
    from storyfuse.embed import default_embedder

    embedder = embedder or default_embedder()
    embedder.embed(["Warm the model up before timing anything."])
    published = read_system_summaries(systems_path) if systems_path else {}
    ours = _storyfuse(embedder)
    runners: dict[str, Callable[[Sequence[Article], int], list[str]]] = {}
    if baselines_on:
        runners = {
            "lead": baselines.lead,
            "lead-round-robin": baselines.lead_round_robin,
            "bigram-greedy": baselines.bigram_greedy,
            "lexrank": baselines.lexrank(),
            "textrank": baselines.textrank(),
        }
    totals: dict[str, SystemScore] = {}

    def add(
        name: str,
        kind: str,
        sentences: Sequence[str],
        references: Sequence[str],
        seconds: float | None = None,
    ) -> tuple[dict[str, float], list[Any]]:
        scores = rouge(sentences, references, words, measure)
        cut = truncate(sentences, words)
        pairs = repeats(cut)
        entry = totals.setdefault(name, SystemScore(name, kind, 0, dict.fromkeys(METRICS, 0.0)))
        entry.clusters += 1
        entry.with_repeats += bool(pairs)
        entry.repeat_pairs += len(pairs)
        entry.with_repeats_strict += bool(pairs) or bool(repeats(cut, over="shorter"))
        for metric in METRICS:
            entry.scores[metric] += scores[metric]
        if seconds is not None:
            entry.seconds.append(seconds)
        return scores, pairs

    citations = CitationCheck()
    per_cluster = []
    count = 0
    for cluster in read_clusters(path, limit):
        if not cluster.articles or not cluster.references:
            continue
        count += 1
        start = time.perf_counter()
        summary, result = ours(cluster.articles, words)
        seconds = time.perf_counter() - start
        scores, pairs = add("storyfuse", "storyfuse", summary, cluster.references, seconds)
        check_citations(result, cluster.articles, citations)
        per_cluster.append(
            {
                "id": cluster.id,
                "seconds": round(seconds, 3),
                **{k: round(v, 2) for k, v in scores.items()},
                "repeats": [[p.first, p.second, p.shared] for p in pairs],
            }
        )
        for name, run in runners.items():
            start = time.perf_counter()
            sentences = run(cluster.articles, words)
            elapsed = time.perf_counter() - start
            add(
                name,
                "baseline",
                sentences,
                cluster.references,
                elapsed if name == "lexrank" else None,
            )
        for system, summaries in published.items():
            if cluster.id in summaries:
                sentences = split_sentences(summaries[cluster.id])
                add(system, "published", sentences, cluster.references)
        if progress is not None:
            progress(count)
    for entry in totals.values():
        entry.scores = {k: v / entry.clusters for k, v in entry.scores.items()}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return SummarizationReport(
        dataset=Path(path).name,
        clusters=count,
        words=words,
        measure=measure,
        systems=list(totals.values()),
        citations=citations,
        peak_rss_mb=peak,
        per_cluster=per_cluster,
    )


def report_json(report: SummarizationReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


__all__ = ["SummarizationReport", "evaluate_summarization", "read_clusters"]
