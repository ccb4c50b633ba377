"""Agreement (what most independent sources state) and unique details (what only one does).

Agreement reuses the summary's alignment (``align.claims.find_support``) on the most central
candidate sentences, so its counts mean the same thing as the brief's citations. Unique details
are decided lexically, which is cheap and errs on the safe side: a sentence counts as unique
only when no sentence of another report shares even a third of its content words (the
alignment prefilter), so a detail that others state in other words is never called unique.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from storyfuse.align.claims import MIN_OVERLAP, content_index, find_support
from storyfuse.analyse import Context
from storyfuse.model import Agreement, UniqueDetail
from storyfuse.select import (
    MAX_POSITION,
    MIN_CONTENT_WORDS,
    candidates,
    is_candidate,
    sentence_score,
)
from storyfuse.terms import dice

#: Central sentences whose support is looked up (each costs an embedding or a few).
AGREEMENT_ANCHORS = 16
#: Statements shown, most independent sources first.
AGREEMENT_ITEMS = 8
#: Independent sources a statement needs to count as agreed.
MIN_INDEPENDENT = 2
#: Unique details shown per article.
UNIQUE_PER_ARTICLE = 3


def find_agreement(context: Context) -> list[Agreement]:
    units, weights = context.units, context.weights
    pool = sorted(candidates(units), key=lambda i: -sentence_score(units[i], weights))
    anchors = pool[:AGREEMENT_ANCHORS]
    support = find_support(units, anchors, context.embedder)
    # A cluster from one source (one outlet, one wire story) can still show what most of its
    # reports say; the counts then say "1 independent".
    one_source = len(context.independence.groups) < MIN_INDEPENDENT
    items: list[tuple[tuple[int, int, float], int, list[int]]] = []
    for a in anchors:
        members = [a, *(m.unit for m in support[a])]
        ids = [context.articles[units[m].article].id for m in members]
        independent = context.independence.independent_count(ids)
        if independent >= MIN_INDEPENDENT or (one_source and len(members) >= MIN_INDEPENDENT):
            key = (independent, len(members), sentence_score(units[a], weights))
            items.append((key, a, members))
    items.sort(key=lambda item: item[0], reverse=True)
    shown: list[Agreement] = []
    said: set[int] = set()
    for (independent, count, _), a, members in items:
        if a in said or any(
            dice(units[a].terms.content, units[s].terms.content) >= MIN_OVERLAP for s in said
        ):
            continue  # the same statement, anchored elsewhere
        said.update(members)
        groups = context.independence.groups
        group_of = context.independence.group_of
        outlets = sorted(
            {groups[group_of[context.articles[units[m].article].id]].label for m in members}
        )
        shown.append(
            Agreement(
                text=units[a].text,
                articles=count,
                independent_sources=independent,
                outlets=[_short(o, context, members) for o in outlets],
                evidence=[context.evidence(m) for m in members],
            )
        )
        if len(shown) == AGREEMENT_ITEMS:
            break
    return shown


def _short(label: str, context: Context, members: list[int]) -> str:
    """A group label fit for a list of outlets (groups without a name show their citation)."""
    for m in members:
        article = context.articles[context.units[m].article]
        if label == article.id or label == article.title:
            return f"source {context.cite(context.units[m].article)}"
    return label


def find_unique(context: Context) -> list[UniqueDetail]:
    units, weights = context.units, context.weights
    report = [u.group for u in units]  # copies of one story are one report
    index = content_index(units)
    # How widely each content word is used: relevant-but-new is what makes a detail worth reading.
    reports_of = {stem: {report[j] for j in where} for stem, where in index.items()}
    if len(set(report)) < 2:
        return []  # one report: everything is "unique", which says nothing
    per_article: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, u in enumerate(units):
        if len(u.terms.content) < MIN_CONTENT_WORDS or not is_candidate(u.text):
            continue
        if u.index >= MAX_POSITION:
            continue  # as for the summary: a report's later sentences are its background
        # Content words shared with each sentence of another report, counted through the index;
        # only those sharing enough words to reach the overlap are checked.
        shared_with: Counter[int] = Counter(
            j for stem in u.terms.content for j in index[stem] if report[j] != report[i]
        )
        size = len(u.terms.content)
        if any(
            2 * n >= MIN_OVERLAP * (size + len(units[j].terms.content))
            for j, n in shared_with.items()
        ):
            continue
        shared = sum(1 for stem in u.terms.content if len(reports_of[stem]) > 1)
        score = (shared + 0.5 * (len(u.terms.content) - shared)) / u.length**0.5
        score += 0.1 * sentence_score(u, weights)
        per_article[u.article].append((score, i))
    out = []
    for article in sorted(per_article):
        for score, i in sorted(per_article[article], reverse=True)[:UNIQUE_PER_ARTICLE]:
            u = units[i]
            out.append(
                UniqueDetail(
                    source=context.cite(article),
                    article_id=context.articles[article].id,
                    outlet=context.articles[article].outlet,
                    index=u.index,
                    text=u.text,
                    score=round(score, 4),
                )
            )
    return out
