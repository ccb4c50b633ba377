"""The brief, end to end: independence -> sentences -> selection -> support -> order -> cite.

``brief(articles)`` is the library entry point behind ``storyfuse brief``; every stage is a
pure function of the articles (and the embedder, which callers may replace).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from storyfuse import __version__
from storyfuse.align.claims import MIN_OVERLAP, Match, find_support, similarity_matrix
from storyfuse.align.independence import Independence, find_independence, normalize_name
from storyfuse.analyse import ANALYSIS_SECTIONS, NEEDS_ENTITIES, Context, analyse
from storyfuse.analyse.nlp import Annotator, default_annotator
from storyfuse.embed import Embedder, default_embedder
from storyfuse.errors import StoryfuseError
from storyfuse.model import (
    SECTIONS,
    Article,
    Brief,
    BriefSentence,
    Claim,
    SentenceRef,
    Source,
    Support,
)
from storyfuse.options import BriefOptions
from storyfuse.order import reading_order
from storyfuse.select import (
    Unit,
    candidates,
    concept_weights,
    leans_on_previous,
    select,
    sentence_score,
    units,
)
from storyfuse.terms import dice, terms

#: Two chosen sentences this similar (embedding cosine) say the same thing: keep one.
REDUNDANT_SIMILARITY = 0.85
#: Rounds of "drop a redundant sentence, choose again".
REDUNDANCY_ROUNDS = 3


class EmptyClusterError(StoryfuseError):
    """There is nothing to brief (no article with text)."""


def _choose(
    all_units: list[Unit],
    weights: dict[tuple[str, str], float],
    budget: int,
    embedder: Embedder,
) -> list[int]:
    """Selection, then an embedding check that no two chosen sentences say the same thing."""
    excluded: set[int] = set()
    pool = candidates(all_units)
    dependent = frozenset(i for i in pool if leans_on_previous(all_units[i].text))
    chosen = select(all_units, weights, budget, pool, dependent)
    for _ in range(REDUNDANCY_ROUNDS):
        # Only pairs that share enough words can be that similar (alignment's measured
        # prefilter), so only those are embedded: most briefs need no embedding here.
        pairs = [
            (i, j)
            for k, i in enumerate(chosen)
            for j in chosen[k + 1 :]
            if dice(all_units[i].terms.content, all_units[j].terms.content) >= MIN_OVERLAP
        ]
        if not pairs:
            break
        embedded = sorted({i for pair in pairs for i in pair})
        sims = similarity_matrix(all_units, embedded, embedder)
        row = {i: r for r, i in enumerate(embedded)}
        redundant = {j for i, j in pairs if sims[row[i], row[j]] >= REDUNDANT_SIMILARITY}
        if not redundant:
            break
        excluded |= redundant
        remaining = [i for i in pool if i not in excluded]
        chosen = select(all_units, weights, budget, remaining, dependent)
    return chosen


def _keep_antecedents(ordered: list[int], all_units: list[Unit]) -> list[int]:
    """Put a sentence that leans on the one before it ("He said ...") right after that one."""
    at = {(all_units[i].article, all_units[i].index): i for i in ordered}
    follower = {
        at[(all_units[i].article, all_units[i].index - 1)]: i
        for i in ordered
        if leans_on_previous(all_units[i].text)
        and (all_units[i].article, all_units[i].index - 1) in at
    }
    placed: list[int] = []
    for i in ordered:
        if i in follower.values():
            continue  # placed after its antecedent
        placed.append(i)
        while placed[-1] in follower:
            placed.append(follower[placed[-1]])
    return placed


def _title(articles: Sequence[Article], weights: dict[tuple[str, str], float]) -> str | None:
    """The headline that covers the most of what the cluster is about."""
    best, best_score = None, 0.0
    for article in articles:
        if article.title:
            concepts = terms(article.title, article.language).concepts
            score = sum(weights.get(c, 0.0) for c in concepts)
            if score > best_score:
                best, best_score = article.title, score
    return best or next((a.title for a in articles if a.title), None)


def brief(
    articles: Sequence[Article],
    options: BriefOptions | None = None,
    *,
    embedder: Embedder | None = None,
    annotator: Annotator | None = None,
) -> Brief:
    """Fuse a cluster of articles about one event into a cited brief.

    ``options.sections`` chooses what it carries beyond the summary (all by default); the
    ``annotator`` (named entities, for quotes and entities) is loaded only when needed.
    """
    started = time.perf_counter()
    options = options or BriefOptions()
    embedder = embedder or default_embedder()
    articles = [a for a in _unique(articles) if a.sentences]
    if not articles:
        raise EmptyClusterError("no article with text to brief")
    if set(options.sections) & NEEDS_ENTITIES:
        annotator = annotator or default_annotator()
        preload = getattr(annotator, "preload", None)
        if preload is not None:
            preload()  # the entity model loads while the summary is made
    independence = find_independence(articles)
    all_units = units(articles, independence.copy_of)
    weights = concept_weights(all_units, independence.reports)
    chosen = (
        _choose(all_units, weights, options.words, embedder)
        if "summary" in options.sections
        else []
    )
    support = find_support(all_units, chosen, embedder)

    order = reading_order(
        [
            (
                all_units[i].text,
                articles[all_units[i].article].published_date,
                all_units[i].article,
                all_units[i].index,
            )
            for i in chosen
        ]
    )
    chosen = _keep_antecedents([chosen[k] for k in order], all_units)
    numbers: dict[int, int] = {}  # article index -> citation number
    sentences: list[BriefSentence] = []
    claims: list[Claim] = []
    for k, i in enumerate(chosen, start=1):
        unit = all_units[i]
        matches = [Match(i, 1.0, 1.0), *support[i]]
        for m in matches:
            numbers.setdefault(all_units[m.unit].article, len(numbers) + 1)
        cited = sorted({numbers[all_units[m.unit].article] for m in matches})
        member_articles = [articles[all_units[m.unit].article].id for m in matches]
        score = sentence_score(unit, weights)
        claims.append(
            Claim(
                id=f"c{k}",
                members=[
                    SentenceRef(articles[all_units[m.unit].article].id, all_units[m.unit].index)
                    for m in matches
                ],
                article_ids=member_articles,
                independent_sources=independence.independent_count(member_articles),
                score=round(score, 4),
            )
        )
        sentences.append(
            BriefSentence(
                text=unit.text,
                claim_id=f"c{k}",
                article_id=articles[unit.article].id,
                index=unit.index,
                citations=cited,
                support=[
                    Support(
                        source=numbers[all_units[m.unit].article],
                        article_id=articles[all_units[m.unit].article].id,
                        index=all_units[m.unit].index,
                        text=all_units[m.unit].text,
                        similarity=round(m.similarity, 4),
                        overlap=round(m.overlap, 4),
                    )
                    for m in matches
                ],
                score=round(score, 4),
            )
        )
    analysis = None
    wanted = [s for s in options.sections if s in ANALYSIS_SECTIONS]
    if wanted:
        context = Context(articles, all_units, independence, weights, embedder, numbers)
        analysis = analyse(context, wanted, annotator)
    return Brief(
        title=_title(articles, weights),
        words=options.words,
        sentences=sentences,
        claims=claims,
        sources=_sources(articles, numbers, independence),
        groups=independence.groups,
        stats=_stats(articles, independence, all_units, started),
        generator={
            "storyfuse": __version__,
            "embedder": getattr(embedder, "name", "custom"),
            "options": {"words": options.words, "sections": list(options.sections)},
        },
        sections=[s for s in SECTIONS if s in options.sections],
        analysis=analysis,
    )


def _unique(articles: Sequence[Article]) -> list[Article]:
    seen: set[str] = set()
    out = []
    for article in articles:
        if article.id not in seen:
            seen.add(article.id)
            out.append(article)
    return out


def _sources(
    articles: Sequence[Article], numbers: dict[int, int], independence: Independence
) -> list[Source]:
    return [
        Source(
            number=number,
            article_id=articles[a].id,
            outlet=articles[a].outlet,
            title=articles[a].title,
            published=articles[a].published,
            url=articles[a].url,
            origin=articles[a].origin,
            group=independence.group_of[articles[a].id],
        )
        for a, number in sorted(numbers.items(), key=lambda item: item[1])
    ]


def _stats(
    articles: Sequence[Article], independence: Independence, all_units: list[Unit], started: float
) -> dict[str, object]:
    outlets = {normalize_name(a.outlet) for a in articles if a.outlet}
    return {
        "articles": len(articles),
        "outlets": len(outlets),
        "independent_sources": len(independence.groups),
        "sentences": len(all_units),
        "seconds": round(time.perf_counter() - started, 3),
    }
