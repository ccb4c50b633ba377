"""Conflicts: sources that disagree on the day of an event, on a number, or on a confirmation.

Precision first (a false conflict misleads more than a missed one), so each kind asks for
strong evidence that both sides talk about the same thing:

* **dates**: two day-precise dates (or weekdays) for the same kind of event (named in the
  date's clause: a meeting, a visit, a departure, a vote...; see ``EVENT_KINDS``) in sentences
  about the same people or places (a shared name), both announced or both past, at most a
  week apart. (Sentence embeddings were tried for "same event" and do not separate events of
  one story: every clause of a story is about equally similar to every other.) A date the
  source itself says was superseded ("initially reported it would be on Wednesday") is a
  side marked ``revised``. Interval ends ("runs until Wednesday") are not event dates.
* **numbers**: the same quantity (comparable units, overlapping context) with amounts outside
  the tolerance, in sentences that state the same thing (embeddings), from different reports.
* **confirmations**: the same named subject "confirmed" in one source and "refused to confirm"
  (declined, did not confirm, denied) in another, about something the sentences share.

Where the articles' dates allow, the side reported most recently is marked ``latest``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Hashable, Sequence

from storyfuse.analyse import Context
from storyfuse.analyse.entities import name_key
from storyfuse.analyse.numbers import Mention, mentions, same_topic
from storyfuse.analyse.quantities import display, same_amount
from storyfuse.analyse.timeline import Dated, dated
from storyfuse.model import Conflict, ConflictSide
from storyfuse.terms import dice, terms

#: Two versions of one event's date are at most this far apart (else: two events).
MAX_DAYS_APART = 7
#: Context overlap (Dice) two numbers need to be one quantity in a conflict.
NUMBER_WINDOW = 0.5
#: Embedding cosine of two sentences stating different amounts of the same quantity.
NUMBER_SENTENCES = 0.75
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_INTERVAL_END = re.compile(r"\b(?:until|till|through|to|by|since|from|between|before)\s+$", re.I)
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[,;:–—]|\b(?:though|although|but|while|whereas|and that|amid)\b)\s*", re.I
)
#: Clause breaks for an event window: also "and", which joins two events in one sentence.
_WINDOW_BREAK = re.compile(
    r"\s*(?:[,;:–—]|\b(?:though|although|but|while|whereas|and|amid)\b)\s*", re.I
)
_CONFIRM = re.compile(
    r"(?P<subject>\b(?:[Tt]he\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:(?P<neg>(?:refused|declined)\s+to\s+confirm|"
    r"(?:did|does|do|has|have|had|would|could|will)\s+not\s+(?:yet\s+)?confirm(?:ed)?|"
    r"(?:didn|doesn|don|hasn|haven|wouldn)[’']t\s+confirm(?:ed)?|denied)|"
    r"(?P<pos>confirmed))\b"
)


def find_conflicts(context: Context) -> list[Conflict]:
    return [
        *date_conflicts(context),
        *number_conflicts(context),
        *confirmation_conflicts(context),
    ]


# -- dates -------------------------------------------------------------------------------------


#: Kinds of events whose date sources may dispute, by the words that name them. A date is about
#: an event of a kind when such a word is in its clause; dates of reporting acts ("said on
#: Monday") have none and are never compared. General news vocabulary, not any one story's.
EVENT_KINDS = {
    "meeting": "meet meeting meetings summit talks negotiations conference",
    "visit": "visit visits visited trip arrive arrived arrives arrival travel travelled journey",
    "departure": "leave left leaves depart departed departure",
    "vote": "vote votes voted election elections poll polls referendum ballot",
    "attack": "attack attacked attacks strike strikes struck raid raids assault bombing shelling",
    "death": "die died dies death killed",
    "opening": "open opened opens opening begin began begins start started starts launch",
    "closing": "close closed closes end ended ends conclude concluded",
    "signing": "sign signed signs signing",
    "release": "release released freed",
    "arrest": "arrest arrested detained detention",
    "ruling": "hearing trial verdict ruling ruled sentenced",
    "crash": "crash crashed collision collided",
    "speech": "speech speak speaks spoke address",
}
_EVENT_STEMS = {kind: terms(words).content for kind, words in EVENT_KINDS.items()}
#: Words of the clause before a date (and after it) read for its event.
WINDOW_BEFORE, WINDOW_AFTER = 12, 4


def _window(text: str, start: int, end: int) -> str:
    """The clause a date sits in, without the date: what happened then."""
    before, after = text[:start], text[end:]
    breaks = [m.end() for m in _WINDOW_BREAK.finditer(before)]
    head = before[breaks[-1] if breaks else 0 :].split()[-WINDOW_BEFORE:]
    stop = _WINDOW_BREAK.search(after)
    tail = after[: stop.start() if stop else len(after)].split()[:WINDOW_AFTER]
    return " ".join(head + tail)


def _kinds(window: str) -> set[str]:
    stems = terms(window).content
    return {kind for kind, words in _EVENT_STEMS.items() if stems & words}


_NAME = re.compile(r"(?<=\s)[A-Z][\w’'-]+")
_NOT_NAMES = {w.lower() for w in _WEEKDAYS} | {
    "january february march april may june july august september october november december"
}


def _names(text: str) -> set[str]:
    """Capitalised words after the first: the people and places a sentence is about."""
    return {w.lower().rstrip("’'s") for w in _NAME.findall(text)} - _NOT_NAMES


def _day(d: Dated) -> Hashable:
    m = d.mention
    return m.value if m.value is not None else ("weekday", m.weekday)


def _weekday(d: Dated) -> int | None:
    m = d.mention
    return m.value.weekday() if m.value is not None else m.weekday


def _differ(a: Dated, b: Dated) -> bool:
    if a.mention.value is not None and b.mention.value is not None:
        return a.mention.value != b.mention.value
    wa, wb = _weekday(a), _weekday(b)
    return wa is not None and wb is not None and wa != wb


def _close(a: Dated, b: Dated) -> bool:
    va, vb = a.mention.value, b.mention.value
    return va is None or vb is None or abs((va - vb).days) <= MAX_DAYS_APART


def date_conflicts(context: Context) -> list[Conflict]:
    units = context.units
    events: list[tuple[Dated, set[str]]] = []
    for d in dated(context):
        m = d.mention
        if m.kind != "date" or m.precision != "day" or _weekday(d) is None:
            continue
        text = units[d.unit].text
        if _INTERVAL_END.search(text[: m.start]):
            continue
        events.append((d, _kinds(_window(text, m.start, m.end))))
    # A date with no event word of its own ("initially reported it would be on Wednesday",
    # "..., meaning Wednesday") is about the event of another date in its sentence.
    for k, (d, kinds) in enumerate(events):
        if not kinds:
            partner = next((c for e, c in events if e.unit == d.unit and c and e is not d), None)
            if partner:
                events[k] = (d, partner)
    names = {d.unit: _names(units[d.unit].text) for d, _ in events}
    links = _UnionFind(len(events))
    for i in range(len(events)):
        for j in range(i + 1, len(events)):
            (a, kinds_a), (b, kinds_b) = events[i], events[j]
            if not kinds_a & kinds_b or not _close(a, b):
                continue
            revised = a.mention.revised or b.mention.revised
            if a.unit == b.unit:
                if revised:
                    links.union(i, j)
                continue
            if a.mention.expected != b.mention.expected and not revised:
                continue
            # About the same people or places, or one of them names nobody ("the meeting
            # between the two leaders"): it speaks of the story's own actors.
            if names[a.unit] & names[b.unit] or not names[a.unit] or not names[b.unit]:
                links.union(i, j)
    conflicts = []
    for members in links.groups():
        days: dict[Hashable, list[int]] = defaultdict(list)
        for k in members:
            days[_day(events[k][0])].append(k)
        if len(days) < 2:
            continue
        sides_k = list(days.values())
        if not _all_differ([[events[k][0] for k in side] for side in sides_k]):
            continue
        articles = {units[events[k][0].unit].article for k in members}
        revised = any(events[k][0].mention.revised for k in members)
        if len(articles) < 2 and not revised:
            continue
        sides = []
        for side in sides_k:
            first = events[side[0]][0]
            value = _WEEKDAYS[_weekday(first) or 0]
            if first.mention.value is not None:
                value += f" ({first.mention.value.isoformat()})"
            sides.append(
                _side(
                    context,
                    value,
                    [events[k][0].unit for k in side],
                    revised=all(events[k][0].mention.revised for k in side),
                )
            )
        shared = set.intersection(*(events[k][1] for k in members)) or events[members[0]][1]
        conflicts.append(
            Conflict(
                kind="date",
                about=f"the day of the {' / '.join(sorted(shared))}",
                sides=sides,
                latest=_latest(context, sides),
            )
        )
    return conflicts


def _all_differ(sides: list[list[Dated]]) -> bool:
    """Every pair of sides really names different days (not "Tuesday" vs "2023-09-12")."""
    return all(
        any(_differ(a, b) for a in sides[i] for b in sides[j])
        for i in range(len(sides))
        for j in range(i + 1, len(sides))
    )


# -- numbers -----------------------------------------------------------------------------------


def number_conflicts(context: Context) -> list[Conflict]:
    cached = context.cache.get("number_conflicts")
    if cached is not None:
        return cached
    units = context.units
    copy_of = context.independence.copy_of
    found = mentions(context)

    def report(m: Mention) -> int:
        article = context.articles[units[m.unit].article]
        return copy_of.get(article.id, units[m.unit].article)

    pairs = [
        (a, b)
        for i, a in enumerate(found)
        for b in found[i + 1 :]
        if report(a) != report(b)
        and same_topic(a, b)
        and dice(a.window, b.window) >= NUMBER_WINDOW
        and same_amount(a.quantity, b.quantity) is False
    ]
    conflicts: list[Conflict] = []
    if pairs:
        needed = sorted({m.unit for pair in pairs for m in pair})
        vectors = context.embedder.embed([units[u].text for u in needed])
        row = {u: r for r, u in enumerate(needed)}
        seen: set[tuple[int, int]] = set()
        for a, b in pairs:
            if float(vectors[row[a.unit]] @ vectors[row[b.unit]]) < NUMBER_SENTENCES:
                continue
            if (a.unit, b.unit) in seen:
                continue
            seen.add((a.unit, b.unit))
            sides = [
                _side(context, display(a.quantity), [a.unit]),
                _side(context, display(b.quantity), [b.unit]),
            ]
            about = a.quantity.noun or a.quantity.dimension
            conflicts.append(
                Conflict(kind="number", about=about, sides=sides, latest=_latest(context, sides))
            )
    context.cache["number_conflicts"] = conflicts
    return conflicts


# -- confirmations -----------------------------------------------------------------------------


def confirmation_conflicts(context: Context) -> list[Conflict]:
    units = context.units
    said: dict[tuple[str, ...], dict[bool, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, u in enumerate(units):
        if "confirm" not in u.text and "denied" not in u.text:
            continue
        for m in _CONFIRM.finditer(u.text):
            key = name_key(m["subject"])
            if key:
                said[key][m["pos"] is not None].append(i)
    conflicts = []
    for key, by_polarity in said.items():
        yes, no = by_polarity.get(True, []), by_polarity.get(False, [])
        pairs = [
            (a, b)
            for a in yes
            for b in no
            if units[a].article != units[b].article and _share_topic(units[a].text, units[b].text)
        ]
        if not pairs:
            continue
        yes_units = list(dict.fromkeys(a for a, _ in pairs))
        no_units = list(dict.fromkeys(b for _, b in pairs))
        subject = " ".join(w.capitalize() if len(w) > 3 else w.upper() for w in key)
        sides = [
            _side(context, "confirmed", yes_units),
            _side(context, "did not confirm", no_units),
        ]
        conflicts.append(
            Conflict(
                kind="confirmation",
                about=f"whether {subject} confirmed it",
                sides=sides,
                latest=_latest(context, sides),
            )
        )
    return conflicts


def _share_topic(a: str, b: str) -> bool:
    """Both sentences are about the same thing beyond their subject (a shared content word)."""
    return len(terms(a).content & terms(b).content - {"confirm", "deni", "refus", "declin"}) >= 2


# -- shared ------------------------------------------------------------------------------------


def _side(
    context: Context, value: str, units: Sequence[int], revised: bool = False
) -> ConflictSide:
    units = list(dict.fromkeys(units))
    dates = [context.published(context.units[u].article) for u in units]
    newest = max((d for d in dates if d), default=None)
    return ConflictSide(
        value=value,
        evidence=[context.evidence(u) for u in units],
        published=newest.isoformat() if newest else None,
        revised=revised,
    )


def _latest(context: Context, sides: list[ConflictSide]) -> int | None:
    """The side reported most recently, when the dates say so unambiguously."""
    if any(s.revised for s in sides):
        current = [k for k, s in enumerate(sides) if not s.revised]
        return current[0] if len(current) == 1 else None
    dated_sides = [
        (dt.date.fromisoformat(s.published), k) for k, s in enumerate(sides) if s.published
    ]
    if len(dated_sides) < 2:
        return None
    dated_sides.sort(reverse=True)
    return dated_sides[0][1] if dated_sides[0][0] > dated_sides[1][0] else None


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return [g for g in out.values() if len(g) > 1]
