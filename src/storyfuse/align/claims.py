"""Claims: the sentences of different articles that state the same thing as a given sentence.

Pairs are found in two steps, because embedding every sentence of a large cluster costs more
than the whole rest of the brief: a lexical prefilter (content-word overlap, through an
inverted index) proposes a few candidates per article, and the sentence embeddings decide.
A pair is accepted when the embedding similarity is high *and* the sentences share content
words, or when they are near-verbatim (then the embedding is not even computed); and never
when both state numbers but none in common (a wire update saying "25 dead" does not support
"15 dead"). The thresholds were set by
reading pairs from DUC 2003, TAC 2010 and MultiLing clusters: above them nearly every pair
states the same fact; just below, about half do (`bench/alignment_pairs.py` prints samples).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyfuse.embed import Embedder
from storyfuse.select import Unit
from storyfuse.terms import dice

#: Content-word overlap (Dice) a pair needs to be considered at all. (Of the pairs read, none
#: below it had an embedding similarity high enough to say the same thing.)
MIN_OVERLAP = 0.35
#: Embedding cosine at which a considered pair says the same thing.
SIMILAR = 0.84
#: Overlap at which a pair is accepted without the embedding (near-verbatim copies).
VERBATIM_OVERLAP = 0.75
#: Candidates kept per other article before embedding.
CANDIDATES_PER_ARTICLE = 1


@dataclass(frozen=True, slots=True)
class Match:
    unit: int  # index into the units
    similarity: float
    overlap: float


def content_index(units: Sequence[Unit]) -> dict[str, list[int]]:
    """Which units use each content word (stem), in unit order."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        for stem in u.terms.content:
            index[stem].append(i)
    return index


def find_support(
    units: Sequence[Unit], anchors: Sequence[int], embedder: Embedder
) -> dict[int, list[Match]]:
    """For each anchor, the best supporting sentence in every other article that has one."""
    index = content_index(units)
    proposals: dict[int, list[tuple[int, float]]] = {}
    for a in anchors:
        anchor = units[a]
        others = {
            j
            for stem in anchor.terms.content
            for j in index[stem]
            if units[j].article != anchor.article
        }
        per_article: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for j in others:
            overlap = dice(anchor.terms.content, units[j].terms.content)
            if overlap >= MIN_OVERLAP:
                per_article[units[j].article].append((overlap, j))
        proposals[a] = [
            (j, overlap)
            for options in per_article.values()
            for overlap, j in sorted(options, reverse=True)[:CANDIDATES_PER_ARTICLE]
        ]
    # Embedded: the proposals that are not near-verbatim, and their anchors (an anchor with
    # none to decide is not embedded).
    needed = sorted(
        {
            i
            for a, p in proposals.items()
            for j, overlap in p
            if overlap < VERBATIM_OVERLAP
            for i in (a, j)
        }
    )
    vectors = embedder.embed([units[i].text for i in needed]) if needed else None
    row = {i: r for r, i in enumerate(needed)}
    support: dict[int, list[Match]] = {}
    for a in anchors:
        best: dict[int, Match] = {}
        for j, overlap in proposals[a]:
            similarity = (
                float(vectors[row[a]] @ vectors[row[j]])
                if vectors is not None and overlap < VERBATIM_OVERLAP
                else 1.0  # near-verbatim: not embedded
            )
            if supports(units[a].text, units[j].text, similarity, overlap):
                article = units[j].article
                if article not in best or similarity > best[article].similarity:
                    best[article] = Match(j, similarity, overlap)
        support[a] = sorted(best.values(), key=lambda m: (-m.similarity, m.unit))
    return support


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def supports(claim: str, evidence: str, similarity: float, overlap: float) -> bool:
    """Whether ``evidence`` states what ``claim`` states, by the measured thresholds."""
    if overlap < MIN_OVERLAP or (similarity < SIMILAR and overlap < VERBATIM_OVERLAP):
        return False
    stated, found = numbers(claim), numbers(evidence)
    return not (stated and found and not stated & found)


def similarity_matrix(
    units: Sequence[Unit], chosen: Sequence[int], embedder: Embedder
) -> np.ndarray:
    """Cosine similarities among chosen sentences (redundancy checks)."""
    vectors = embedder.embed([units[i].text for i in chosen])
    return vectors @ vectors.T
