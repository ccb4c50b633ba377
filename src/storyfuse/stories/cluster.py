"""Online clustering of articles into stories: one pass, ids that stay put.

Each story keeps a centroid (the sum of its articles' lexical vectors and of their title
embeddings) and the days it spans. A new article joins the most similar story (by
``ClusterOptions.link``, between the centroid cosine and the mean cosine to the members) whose
span, widened by ``window_days``, covers the article's date, if the similarity reaches
``threshold`` and the story would still span at most ``max_span_days`` (no limit by
default); otherwise it starts a new story. The window keeps "the same place two years on"
apart. Each join records its score and the runner-up story, so a wrong one can be explained.

Ids are stable: an article never moves once placed, and a story id is never reused. When an
article makes two stories alike (centroids at least ``merge_threshold`` similar), the newer
story is folded into the older one, which keeps its id; the caller records the fold. Stories
are never split.

Candidates come from an inverted index over each story's heaviest words, and stories idle for
two windows leave the index, so the cost per article stays flat however long the stream runs.
Re-clustering a whole store (:func:`cluster`) runs the same pass over the articles in date
order; ``storyfuse recluster`` reports how close its stories are to the incremental ones
(B-cubed F1).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

from storyfuse.stories.features import ArticleFeatures


@dataclass(frozen=True)
class ClusterOptions:
    """Chosen by the worst of seven labelled development streams, not by any one of them
    (``bench/clustering_sweep.py``; figures and leave-one-set-out in docs/clustering.md)."""

    #: Similarity (lexical and title embedding mixed) an article needs to join a story.
    threshold: float = 0.28
    #: The same when either side has no title embedding (lexical similarity alone).
    lexical_threshold: float = 0.14
    #: Share of the lexical cosine in the mix; the title embedding's cosine has the rest.
    lexical_weight: float = 0.5
    #: How an article's likeness to a story is read off the sum of the story's vectors:
    #: ``dot(article, sum) / (|sum| ** link * size ** (1 - link))``. At 1 it is the cosine
    #: to the centroid, which grows with a loose story's size (|sum| ~ sqrt(size) when its
    #: articles share little), so a big story on a broad subject draws in every article on
    #: that subject; at 0 it is the mean cosine to the members (average link), strict on big
    #: stories. 0.5 measured best by the worst set (Multi-News 0.736 against 0.707 at 1; TAC
    #: and MultiLing a little lower, 0.923 and 0.872 against 0.929 and 0.915); story-to-story
    #: merges use the centroid cosine.
    link: float = 0.5
    #: Days before a story's first or after its last article in which an article may join.
    #: Labelled stories run longer than news events: a third of the TAC topics and more than
    #: half the MultiLing ones span more than 120 days, and a 90-day window with a 120-day
    #: span split them (TAC 0.856 against 0.923).
    window_days: int = 365
    #: Days a story may span at most, first article to last (None: no limit). A limit keeps
    #: a long run of articles on one subject from chaining its events together (a missile
    #: test, an oil report and a diplomatic opening, five months apart, once made one story
    #: on the Giveme5W1H set), but every limit measured cost more recall on the topic sets
    #: than it saved (120 days: MultiLing 0.776 against 0.872, Giveme5W1H 0.923 against 0.910).
    max_span_days: int | None = None
    #: Two stories whose centroids are this similar are one.
    merge_threshold: float = 0.4
    #: Heaviest centroid words by which a story is found, and article words looked up.
    index_terms: int = 48
    query_terms: int = 24
    #: Words kept in a centroid (the lightest are dropped, so big stories stay small).
    centroid_terms: int = 400

    def __post_init__(self) -> None:
        if not 0 <= self.lexical_weight <= 1:
            raise ValueError("lexical_weight must be between 0 and 1")
        if not 0 <= self.link <= 1:
            raise ValueError("link must be between 0 and 1")
        if self.window_days < 0:
            raise ValueError("window_days must not be negative")
        if self.max_span_days is not None and self.max_span_days < 0:
            raise ValueError("max_span_days must not be negative")


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    # The shared words are found in C (over the smaller dict), and fsum makes the result
    # independent of their order: 1.3-1.5x faster than a loop over all of one side's words.
    return math.fsum([a[w] * b[w] for w in a.keys() & b.keys()])


def _heaviest(terms: dict[str, float], k: int) -> list[tuple[str, float]]:
    """The ``k`` heaviest terms, heaviest first, ties by word: the first ``k`` of the full
    sort. Only the terms at or above the k-th weight are sorted, by two stable C-keyed sorts
    (word, then weight descending) instead of one on a Python key: this runs on every article
    a story absorbs, and measured 1.2-1.6x faster for the index's 48 and 2-2.5x for cutting a
    centroid back to its 400 (heapq.nlargest found the cut more slowly than a sort)."""
    if k <= 0:
        return []
    if len(terms) > k:
        cut = sorted(terms.values(), reverse=True)[k - 1]
        items = [(w, v) for w, v in terms.items() if v >= cut]
    else:
        items = list(terms.items())
    items.sort(key=itemgetter(0))
    items.sort(key=itemgetter(1), reverse=True)  # stable: equal weights stay in word order
    return items[:k]


def _top(terms: dict[str, float], k: int) -> list[str]:
    return [w for w, _ in _heaviest(terms, k)]


@dataclass(slots=True)
class StoryState:
    """A story's centroid as the clusterer sees it (the store keeps it between runs)."""

    id: int
    terms: dict[str, float] = field(default_factory=dict)
    vector: np.ndarray | None = None
    size: int = 0
    first_day: int | None = None
    last_day: int | None = None
    norm: float = 0.0
    indexed: tuple[str, ...] = ()

    def absorb(self, f: ArticleFeatures, max_terms: int) -> None:
        """Add one article: the same as folding in a story of that article alone."""
        self.fold(StoryState(self.id, dict(f.terms), f.vector, 1, f.day, f.day), max_terms)

    def fold(self, other: StoryState, max_terms: int) -> None:
        for w, v in other.terms.items():
            self.terms[w] = self.terms.get(w, 0.0) + v
        if len(self.terms) > max_terms:
            self.terms = dict(_heaviest(self.terms, max_terms))
        if other.vector is not None:
            vector = other.vector.astype(np.float32)
            self.vector = vector if self.vector is None else self.vector + vector
        self.size += other.size
        days = [d for d in (self.first_day, other.first_day, self.last_day, other.last_day) if d]
        self.first_day = min(days) if days else None
        self.last_day = max(days) if days else None
        self.norm = math.sqrt(sum(v * v for v in self.terms.values()))

    def covers(self, day: int | None, window: int, max_span: int | None = None) -> bool:
        """Whether an article of ``day`` may join: within the window, and the story would
        still span at most ``max_span`` days."""
        if day is None or self.first_day is None or self.last_day is None:
            return True
        if not self.first_day - window <= day <= self.last_day + window:
            return False
        return max_span is None or max(day, self.last_day) - min(day, self.first_day) <= max_span


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went, and why: what a user reads to tell a wrong join.

    ``similarity`` is the score with which the article joined ``story_id`` (for a story it
    started: the best score it had, below the threshold); ``runner_up`` is the story it would
    have joined next (for a story it started: the closest story, which fell short) and
    ``runner_up_similarity`` that story's score; ``merged`` lists story ids folded into
    ``story_id`` just now. Scores are on the scale of ``ClusterOptions.threshold``.
    """

    article_id: str
    story_id: int
    similarity: float
    created: bool
    merged: tuple[int, ...] = ()
    runner_up: int | None = None
    runner_up_similarity: float = 0.0


class StoryClusterer:
    """The incremental clusterer. Feed it articles' features in arrival order."""

    def __init__(
        self,
        options: ClusterOptions | None = None,
        stories: Iterable[StoryState] = (),
        next_id: int = 1,
    ) -> None:
        self.options = options or ClusterOptions()
        self.stories: dict[int, StoryState] = {}
        self._index: dict[str, set[int]] = {}
        self.next_id = next_id
        self.latest_day: int | None = None
        self._since_prune = 0
        #: Stories changed since the caller last cleared it (to persist them).
        self.changed: set[int] = set()
        for story in stories:
            self.stories[story.id] = story
            self._reindex(story)
            self.next_id = max(self.next_id, story.id + 1)
            if story.last_day is not None:
                self.latest_day = max(self.latest_day or story.last_day, story.last_day)

    # -- similarity -------------------------------------------------------------------------
    def _mixed(self, lexical: float, a: np.ndarray | None, b: np.ndarray | None) -> float:
        """Mixed similarity, rescaled so one threshold serves both cases."""
        o = self.options
        if a is None or b is None:
            return lexical * o.threshold / o.lexical_threshold
        norm = float(np.linalg.norm(b)) * float(np.linalg.norm(a))
        dense = float(a @ b) / norm if norm else 0.0
        return o.lexical_weight * lexical + (1 - o.lexical_weight) * dense

    def similarity(self, f: ArticleFeatures, story: StoryState) -> float:
        link = self.options.link
        if not story.norm:
            lexical = 0.0
        elif link == 1.0:
            lexical = _dot(f.terms, story.terms) / story.norm
        else:
            scale = story.norm**link * story.size ** (1.0 - link)
            lexical = _dot(f.terms, story.terms) / scale
        return self._mixed(lexical, f.vector, story.vector)

    def _story_similarity(self, a: StoryState, b: StoryState) -> float:
        lexical = _dot(a.terms, b.terms) / (a.norm * b.norm) if a.norm and b.norm else 0.0
        return self._mixed(lexical, a.vector, b.vector)

    # -- index ------------------------------------------------------------------------------
    def _reindex(self, story: StoryState) -> None:
        new = tuple(_top(story.terms, self.options.index_terms))
        for w in set(story.indexed) - set(new):
            ids = self._index.get(w)
            if ids is not None:
                ids.discard(story.id)
                if not ids:
                    del self._index[w]
        for w in new:
            self._index.setdefault(w, set()).add(story.id)
        story.indexed = new

    def _unindex(self, story: StoryState) -> None:
        for w in story.indexed:
            ids = self._index.get(w)
            if ids is not None:
                ids.discard(story.id)
                if not ids:
                    del self._index[w]
        story.indexed = ()

    def _candidates(self, terms: Iterable[str]) -> set[int]:
        found: set[int] = set()
        for w in terms:
            found |= self._index.get(w, set())
        return found

    def _prune(self) -> None:
        """Retire stories idle for two windows: no later article can join them."""
        if self.latest_day is None:
            return
        horizon = self.latest_day - 2 * self.options.window_days
        for sid in [
            s.id for s in self.stories.values() if s.last_day is not None and s.last_day < horizon
        ]:
            self._unindex(self.stories.pop(sid))

    # -- the pass ---------------------------------------------------------------------------
    def add(self, f: ArticleFeatures) -> Assignment:
        o = self.options
        best: StoryState | None = None
        best_sim = 0.0
        second: int | None = None
        second_sim = 0.0
        query = _top(f.terms, o.query_terms)
        for sid in sorted(self._candidates(query)):
            story = self.stories[sid]
            if not story.covers(f.day, o.window_days, o.max_span_days):
                continue
            sim = self.similarity(f, story)
            if sim > best_sim:
                if best is not None:
                    second, second_sim = best.id, best_sim
                best, best_sim = story, sim
            elif sim > second_sim:
                second, second_sim = sid, sim
        created = best is None or best_sim < o.threshold
        if created:
            if best is not None:  # the closest story, which fell short, is the runner-up
                second, second_sim = best.id, best_sim
            best = StoryState(self.next_id)
            self.next_id += 1
            self.stories[best.id] = best
        assert best is not None
        best.absorb(f, o.centroid_terms)
        self._reindex(best)
        self.changed.add(best.id)
        target, merged = (best.id, ()) if created else self._merge_into_older(best)
        if f.day is not None:
            self.latest_day = max(self.latest_day or f.day, f.day)
        self._since_prune += 1
        if self._since_prune >= 1000:
            self._since_prune = 0
            self._prune()
        if second is not None and second in merged:
            second = target  # the runner-up was folded into the story this article joined
        return Assignment(f.article_id, target, best_sim, created, merged, second, second_sim)

    def _merge_into_older(self, story: StoryState) -> tuple[int, tuple[int, ...]]:
        """Fold ``story`` and its most similar neighbour, if alike enough: (kept id, folded)."""
        o = self.options
        partner: StoryState | None = None
        partner_sim = o.merge_threshold
        for sid in sorted(self._candidates(story.indexed) - {story.id}):
            other = self.stories[sid]
            if other.first_day is not None and not (
                story.covers(other.first_day, o.window_days, o.max_span_days)
                and story.covers(other.last_day, o.window_days, o.max_span_days)
            ):
                continue
            sim = self._story_similarity(story, other)
            if sim >= partner_sim:
                partner, partner_sim = other, sim
        if partner is None:
            return story.id, ()
        keep, drop = (story, partner) if story.id < partner.id else (partner, story)
        keep.fold(drop, o.centroid_terms)
        self._unindex(drop)
        del self.stories[drop.id]
        self._reindex(keep)
        self.changed.add(keep.id)
        self.changed.discard(drop.id)
        return keep.id, (drop.id,)


def order_key(f: ArticleFeatures) -> tuple[bool, int, str]:
    return (f.day is None, f.day or 0, f.article_id)


@dataclass(frozen=True, slots=True)
class Placed:
    """An article's place after a whole pass: story numbers settled (see :func:`assign`)."""

    article_id: str
    day: int | None
    story: int
    similarity: float
    created: bool
    runner_up: int | None
    runner_up_similarity: float


def placements(
    ordered: Iterable[ArticleFeatures], options: ClusterOptions | None = None
) -> Iterator[Placed]:
    """The clustering pass over features already in :func:`order_key` order.

    Yields each article with its story's final number (1, 2, ... in order of each story's
    first article), its join score and its runner-up story's final number. Stories folded later
    in the pass renumber earlier articles, so the numbers are settled at the end: the pass keeps
    only the assignment (under 100 bytes) per article, and the active stories.
    """
    clusterer = StoryClusterer(options)
    placed: list[tuple[str, int | None, Assignment]] = []
    folded: dict[int, int] = {}
    for f in ordered:
        a = clusterer.add(f)
        placed.append((f.article_id, f.day, a))
        for d in a.merged:
            folded[d] = a.story_id

    def root(sid: int) -> int:
        while sid in folded:
            sid = folded[sid]
        return sid

    numbers: dict[int, int] = {}
    for _, _, a in placed:
        numbers.setdefault(root(a.story_id), len(numbers) + 1)
    for article_id, day, a in placed:
        runner = numbers[root(a.runner_up)] if a.runner_up is not None else None
        yield Placed(
            article_id,
            day,
            numbers[root(a.story_id)],
            a.similarity,
            a.created,
            runner,
            a.runner_up_similarity,
        )


def assign(
    ordered: Iterable[ArticleFeatures], options: ClusterOptions | None = None
) -> Iterator[tuple[ArticleFeatures, int]]:
    """:func:`placements`, as (features without terms, story number) pairs."""
    for p in placements(ordered, options):
        yield ArticleFeatures(p.article_id, p.day, {}), p.story


def cluster(
    features: Iterable[ArticleFeatures], options: ClusterOptions | None = None
) -> dict[str, int]:
    """Batch clustering: the online pass over articles in date order (undated last).

    Returns article id -> story number (1, 2, ... in order of each story's first article).
    """
    return {f.article_id: n for f, n in assign(sorted(features, key=order_key), options)}
