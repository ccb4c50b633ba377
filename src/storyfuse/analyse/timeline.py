"""A timeline of dated events, relative dates resolved against each article's own date.

Dates are read by ``analyse.dates`` ("late on Sunday" in an article of Monday 11 September is
10 September). An article with no date of its own is read against the newest date of the
cluster, and its events say so (``estimated``). The same event told by several sources (same
date, sentences sharing their content words) is one entry with all of them as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyfuse.analyse import Context
from storyfuse.analyse.dates import DateMention, find_dates
from storyfuse.model import TimelineEvent
from storyfuse.select import MIN_CONTENT_WORDS, is_candidate, sentence_score
from storyfuse.terms import dice

#: Content-word overlap (Dice) of two sentences dated the same for them to be one event.
SAME_EVENT = 0.25
#: Events listed: the best attested, then shown in date order.
MAX_EVENTS = 25


@dataclass(frozen=True, slots=True)
class Dated:
    unit: int
    mention: DateMention
    estimated: bool  # resolved against the cluster's date, not the article's


def dated(context: Context) -> list[Dated]:
    """Every date expression of the cluster's statements (computed once per context)."""
    cached = context.cache.get("dates")
    if cached is None:
        cached = []
        fallback = context.cluster_date
        for i, u in enumerate(context.units):
            if not any(c.isdigit() or c.isupper() for c in u.text[1:]) and "ago" not in u.text:
                continue  # no weekday, month, year or "N days ago": nothing to read
            own = context.published(u.article)
            for m in find_dates(u.text, own or fallback):
                cached.append(Dated(i, m, own is None and fallback is not None))
        context.cache["dates"] = cached
    return cached


def _iso(m: DateMention) -> str | None:
    if m.value is None:
        return None
    if m.precision == "year":
        return f"{m.value.year:04d}"
    if m.precision == "month":
        return f"{m.value.year:04d}-{m.value.month:02d}"
    return m.value.isoformat()


def build_timeline(context: Context) -> list[TimelineEvent]:
    units = context.units
    entries: list[tuple[Dated, list[int]]] = []
    for d in dated(context):
        m, u = d.mention, units[d.unit]
        if m.kind != "date" or m.value is None or m.revised:
            continue
        if len(u.terms.content) < MIN_CONTENT_WORDS or not is_candidate(u.text):
            continue
        for head, members in entries:
            if (
                head.mention.value == m.value
                and head.mention.precision == m.precision
                and head.mention.expected == m.expected
                and dice(units[head.unit].terms.content, u.terms.content) >= SAME_EVENT
            ):
                if d.unit not in members:
                    members.append(d.unit)
                break
        else:
            entries.append((d, [d.unit]))

    def weight(entry: tuple[Dated, list[int]]) -> tuple[int, int, float]:
        head, members = entry
        articles = len({units[i].article for i in members})
        precise = head.mention.precision == "day"
        return (articles, precise, sentence_score(units[head.unit], context.weights))

    kept = sorted(entries, key=weight, reverse=True)[:MAX_EVENTS]
    kept.sort(key=lambda e: (e[0].mention.value, e[0].mention.precision != "day"))
    return [
        TimelineEvent(
            date=_iso(head.mention),
            precision=head.mention.precision or "day",
            when=head.mention.text,
            expected=head.mention.expected,
            text=units[head.unit].text,
            evidence=[context.evidence(i) for i in members],
            estimated=all(context.published(units[i].article) is None for i in members),
        )
        for head, members in kept
    ]
