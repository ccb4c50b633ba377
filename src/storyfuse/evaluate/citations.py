"""An independent check of a brief's citations.

Alignment decides what a brief sentence cites; this module re-checks every citation with
different machinery (rouge-score's tokenizer, the Porter stemmer, sumy's stopword list), so a
flaw in one is not hidden by the same flaw in the other: the cited article must contain a
sentence covering at least ``MIN_COVERAGE`` of the brief sentence's content words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from storyfuse.model import Article, Brief

MIN_COVERAGE = 0.3


@cache
def _tools() -> tuple[object, frozenset[str]]:
    from nltk.stem import PorterStemmer
    from sumy.utils import get_stop_words

    return PorterStemmer(), frozenset(get_stop_words("english"))


def content(text: str) -> set[str]:
    from rouge_score import tokenize

    stemmer, stop = _tools()
    return {stemmer.stem(t) for t in tokenize.tokenize(text, None) if t not in stop}  # type: ignore[attr-defined]


def coverage(claim: str, evidence: str) -> float:
    """Share of the claim's content words found in the evidence (all its words if it has no
    content words)."""
    wanted = content(claim)
    if not wanted:
        return 1.0 if " ".join(claim.split()) in " ".join(evidence.split()) else 0.0
    return len(wanted & content(evidence)) / len(wanted)


@dataclass(slots=True)
class CitationCheck:
    citations: int = 0
    supported: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.supported / self.citations if self.citations else 1.0


def check_citations(brief: Brief, articles: Sequence[Article], into: CitationCheck) -> None:
    by_id = {a.id: a for a in articles}
    number_to_article = {s.number: s.article_id for s in brief.sources}
    for sentence in brief.sentences:
        for number in sentence.citations:
            into.citations += 1
            article = by_id[number_to_article[number]]
            if any(coverage(sentence.text, s.text) >= MIN_COVERAGE for s in article.sentences):
                into.supported += 1
            else:
                into.failures.append(f"[{number}] {article.id}: {sentence.text[:80]}")
