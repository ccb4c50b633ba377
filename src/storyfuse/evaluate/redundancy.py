"""An independent check that a summary does not say one thing twice.

Selection decides redundancy with storyfuse's own terms; this check uses the citation check's
machinery instead (rouge-score's tokenizer, the Porter stemmer, sumy's stopword list) so that
a blind spot of one is not hidden by the same blind spot in the other. Two sentences repeat a
fact when they share at least ``MIN_SHARED`` of their content words. "Their" is read two ways,
both reported: of the pair's words together (shared over the union, the headline figure), and,
strictly, of the shorter sentence's words. The strict reading flags ordinary prose: of the
human reference summaries of the development sets, 39 to 83 % have such a pair (1 to 10 %
under the pair reading; ``docs/evaluation.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from storyfuse.evaluate.citations import content

MIN_SHARED = 0.35
Reading = Literal["pair", "shorter"]


@dataclass(frozen=True, slots=True)
class Repeat:
    """Two sentences of one summary (0-based positions) and the share of words they share."""

    first: int
    second: int
    shared: float


def shared(a: set[str], b: set[str], over: Reading = "pair") -> float:
    """Content words in common, over both sentences' words or over the shorter one's."""
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a | b) if over == "pair" else min(len(a), len(b)))


def repeats(
    sentences: Sequence[str], threshold: float = MIN_SHARED, over: Reading = "pair"
) -> list[Repeat]:
    """Every pair of sentences that shares at least ``threshold`` of its content words."""
    words = [content(s) for s in sentences]
    out = []
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            value = shared(words[i], words[j], over)
            if value >= threshold:
                out.append(Repeat(i, j, round(value, 3)))
    return out


__all__ = ["MIN_SHARED", "Repeat", "repeats", "shared"]
