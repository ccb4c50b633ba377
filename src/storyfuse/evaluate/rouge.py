"""ROUGE as the summarization literature reports it, with Google's rouge-score package.

Every summary is cut to the same number of words before scoring (ROUGE-1.5.5's ``-l``), with
Porter stemming and stopwords kept; ROUGE-Lsum sees one sentence per line. Each reference is
scored separately and the scores are averaged ("references averaged").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from storyfuse.segment import sentence_spans

METRICS = ("rouge1", "rouge2", "rougeLsum")


@cache
def _scorer() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:  # an optional extra
        raise RuntimeError(
            "ROUGE needs the evaluation extra: pip install 'storyfuse[eval]'"
        ) from exc
    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


def split_sentences(text: str) -> list[str]:
    """Sentences of a free-text summary (references, published systems' outputs)."""
    out = []
    for paragraph in text.splitlines():
        out.extend(paragraph[s:e] for s, e in sentence_spans(paragraph))
    return [s for s in out if s.strip()]


def truncate(sentences: Sequence[str], words: int) -> list[str]:
    """The first ``words`` words, keeping sentence boundaries for ROUGE-Lsum."""
    out: list[str] = []
    left = words
    for sentence in sentences:
        if left <= 0:
            break
        tokens = sentence.split()
        out.append(" ".join(tokens[:left]))
        left -= len(tokens)
    return out


def rouge(
    summary: Sequence[str], references: Sequence[str], words: int, measure: str = "recall"
) -> dict[str, float]:
    """Mean over references of ROUGE-1, -2 and -Lsum (0..100) of a summary cut to ``words``."""
    attribute = {"recall": "recall", "f1": "fmeasure", "precision": "precision"}[measure]
    candidate = "\n".join(truncate(summary, words))
    totals = dict.fromkeys(METRICS, 0.0)
    for reference in references:
        scores = _scorer().score("\n".join(split_sentences(reference)), candidate)
        for metric in METRICS:
            totals[metric] += getattr(scores[metric], attribute)
    n = max(len(references), 1)
    return {metric: 100 * total / n for metric, total in totals.items()}
