"""Which articles are independent reports, and which are copies or rewrites of the same source.

Two articles count as one source when
  * they share much of their wording (a wire story and its light rewrites): the share of the
    shorter article's word 5-grams found in the other is at least ``SHARED_TEXT``;
  * one credits the other's outlet or agency ("(News Source: BBC)" beside a BBC article), or
    both credit the same agency (two "(AP)" datelines are one AP);
  * they come from the same outlet.
Groups are the connected components of these links; every article belongs to exactly one.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.model import Article, SourceGroup
from storyfuse.terms import words

#: Share of the shorter article's 5-grams found in the other that makes a copy or rewrite.
#: On the DUC 2003 and TAC 2010 clusters, pairs of different reports fall below 0.3 and wire
#: updates of one story above 0.5 (`bench/independence.py` prints the distribution).
SHARED_TEXT = 0.5
SHINGLE = 5
#: Credit kinds that name the source of the text (not staff reporters or photo agencies).
SOURCE_CREDITS = {
    "source",
    "additional-reporting",
    "agency",
    "dateline",
    "syndication",
    "copyright",
}
_NAME_NOISE = re.compile(
    r"\b(?:the|news|online|digital|newspaper|agency|wire|service|services|com|co|uk|www|"
    r"inc|ltd|media|group|network|tv|radio)\b"
)


def normalize_name(name: str | None) -> str:
    """A comparable form of an outlet or agency name: "www.bbc.co.uk" and "BBC News" -> "bbc"."""
    if not name:
        return ""
    text = name.lower().replace(".", " ").replace("-", " ")
    text = _NAME_NOISE.sub(" ", text)
    return " ".join(text.split())


def _shingles(article: Article) -> set[int]:
    ws = words(article.text)
    return {
        zlib.crc32(" ".join(ws[i : i + SHINGLE]).encode()) for i in range(len(ws) - SHINGLE + 1)
    }


class UnionFind:
    """Disjoint sets over 0..n-1 (groups of articles, of date mentions)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        """The sets with more than one member, each in ascending order."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return [g for g in out.values() if len(g) > 1]


@dataclass(frozen=True, slots=True)
class Independence:
    """``group_of`` maps article id to group id; ``groups`` says who is grouped and why.

    ``copy_of`` maps each article to its group of near-copies only (shared text): different
    stories from one outlet are one *source* but separate *reports*, which matters when
    counting how widely a fact was reported.
    """

    groups: list[SourceGroup]
    group_of: dict[str, int]
    copy_of: dict[str, int]

    @property
    def reports(self) -> int:
        """Separate reports: articles, with copies of one story counted once."""
        return len(set(self.copy_of.values()))

    def independent_count(self, article_ids: Sequence[str]) -> int:
        return len({self.group_of[a] for a in article_ids if a in self.group_of})


def _names(article: Article) -> set[str]:
    return {
        normalize_name(c.name) for c in article.credits if c.kind in SOURCE_CREDITS and c.name
    } - {""}


def find_independence(articles: Sequence[Article]) -> Independence:
    """Group articles that are not independent of each other."""
    n = len(articles)
    links = UnionFind(n)
    copies = UnionFind(n)
    reasons: dict[tuple[int, int], list[str]] = {}

    def link(i: int, j: int, reason: str) -> None:
        links.union(i, j)
        reasons.setdefault((min(i, j), max(i, j)), []).append(reason)

    outlets = [normalize_name(a.outlet) for a in articles]
    credits = [_names(a) for a in articles]
    shingles = [_shingles(a) for a in articles]
    for i in range(n):
        for j in range(i + 1, n):
            if outlets[i] and outlets[i] == outlets[j]:
                link(i, j, f"same outlet ({articles[i].outlet})")
            for a, b in ((i, j), (j, i)):
                if outlets[b] and outlets[b] in credits[a]:
                    credit = next(
                        c.text for c in articles[a].credits if normalize_name(c.name) == outlets[b]
                    )
                    link(i, j, f'credit "{credit}" names {articles[b].outlet}')
            shared = credits[i] & credits[j]
            if shared:
                link(i, j, f"both credit {', '.join(sorted(shared))}")
            small = min(len(shingles[i]), len(shingles[j]))
            if small:
                overlap = len(shingles[i] & shingles[j]) / small
                if overlap >= SHARED_TEXT:
                    link(i, j, f"shared text ({overlap:.0%} of word sequences)")
                    copies.union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(links.find(i), []).append(i)
    groups: list[SourceGroup] = []
    group_of: dict[str, int] = {}
    for gid, idx in enumerate(sorted(members.values())):
        group_reasons = [
            f"{articles[a].id} ~ {articles[b].id}: {r}"
            for (a, b), rs in sorted(reasons.items())
            if a in idx
            for r in rs
        ]
        # A credit is a dependence even when the credited outlet is not in the cluster.
        group_reasons += [
            f'{articles[i].id}: credit "{c.text}" names {c.name}'
            for i in idx
            for c in articles[i].credits
            if c.kind in SOURCE_CREDITS and c.name
        ]
        groups.append(
            SourceGroup(
                id=gid,
                article_ids=[articles[i].id for i in idx],
                label=_label(articles, idx, credits),
                reasons=group_reasons,
            )
        )
        for i in idx:
            group_of[articles[i].id] = gid
    copy_of = {a.id: copies.find(i) for i, a in enumerate(articles)}
    return Independence(groups, group_of, copy_of)


def _label(articles: Sequence[Article], idx: list[int], credits: list[set[str]]) -> str:
    """A readable name for a group: a credited source or outlet shared by its members."""
    names: dict[str, str] = {}
    for i in idx:
        for c in articles[i].credits:
            if c.kind in SOURCE_CREDITS and c.name:
                names.setdefault(normalize_name(c.name), c.name)
        if articles[i].outlet:
            names.setdefault(normalize_name(articles[i].outlet), articles[i].outlet)
    counts = {
        key: sum(1 for i in idx if key in credits[i] or normalize_name(articles[i].outlet) == key)
        for key in names
        if key
    }
    if counts:
        best = max(counts, key=lambda k: (counts[k], -len(k)))
        return names[best]
    return articles[idx[0]].outlet or articles[idx[0]].title or articles[idx[0]].id
