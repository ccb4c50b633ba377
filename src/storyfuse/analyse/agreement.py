"""Agreement (what most independent sources state) and unique details (what only one does).

Agreement reuses the summary's alignment (``align.claims.find_support``) on the most central
candidate sentences, so its counts mean the same thing as the brief's citations. Unique details
are decided lexically, which is cheap and errs on the safe side: a sentence counts as unique
only when no sentence of another report shares even a third of its content words (the
alignment prefilter), so a detail that others state in other words is never called unique.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from storyfuse.align.claims import MIN_OVERLAP, content_index, find_support
from storyfuse.analyse import Context
from storyfuse.model import Agreement, UniqueDetail
from storyfuse.select import (
    MAX_POSITION,
    MIN_CONTENT_WORDS,
    Unit,
    candidates,
    facts,
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
#: Unique details kept per report (the JSON carries them all), and how many of each report's
#: come first, before a second one of any report (renderers show the first ones).
UNIQUE_PER_REPORT = 5
UNIQUE_SPREAD = 2
_QUOTED = re.compile(r"[\"“”]")


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
    """What each report alone states, ranked by what it adds, the first ones spread over reports.

    A detail ranks by the new facts it carries: names and numbers no other report mentions
    count double, other words no other report uses count once, and words the cluster shares
    (what makes it relevant) count half. The first items take at most ``UNIQUE_SPREAD`` from
    each report, so a reader sees what every source adds before a second look at any one;
    the rest follow in rank order (up to ``UNIQUE_PER_REPORT`` each).
    """
    units, weights = context.units, context.weights
    report = [u.group for u in units]  # copies of one story are one report
    index = content_index(units)
    reports_of = {stem: {report[j] for j in where} for stem, where in index.items()}
    if len(set(report)) < 2:
        return []  # one report: everything is "unique", which says nothing
    per_report: dict[int, list[tuple[float, int]]] = defaultdict(list)
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
        per_report[report[i]].append((_adds(u, reports_of, weights), i))
    ranked: list[tuple[float, int, int]] = []  # (score, rank in its report, unit)
    for items in per_report.values():
        kept: list[tuple[float, int]] = []
        for score, i in sorted(items, reverse=True):
            if len(kept) == UNIQUE_PER_REPORT:
                break
            if any(dice(units[i].terms.content, units[k].terms.content) >= 0.5 for _, k in kept):
                continue  # the same sentence in a copy of the story, or nearly
            kept.append((score, i))
        ranked += [(score, rank, i) for rank, (score, i) in enumerate(kept)]
    first = sorted((r for r in ranked if r[1] < UNIQUE_SPREAD), key=lambda r: -r[0])
    rest = sorted((r for r in ranked if r[1] >= UNIQUE_SPREAD), key=lambda r: -r[0])
    out = []
    for score, _, i in first + rest:
        u = units[i]
        out.append(
            UniqueDetail(
                source=context.cite(u.article),
                article_id=context.articles[u.article].id,
                outlet=context.articles[u.article].outlet,
                index=u.index,
                text=u.text,
                score=round(score, 4),
            )
        )
    return out


def _adds(u: Unit, reports_of: dict[str, set[int]], weights: dict[tuple[str, str], float]) -> float:
    """What a detail adds: new names and numbers, new words, words that tie it to the story."""
    new = [stem for stem in u.terms.content if len(reports_of[stem]) == 1]
    stated = facts(u.text)
    names = stated.names | stated.anchors
    score = sum(2.0 if stem in names else 1.0 for stem in new)
    score += 0.5 * (len(u.terms.content) - len(new))
    if _QUOTED.search(u.text):
        score += 1.0  # a quotation: someone's own words
    return score / u.length**0.5 + 0.1 * sentence_score(u, weights)
