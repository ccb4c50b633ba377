"""Numbers with units made comparable, grouped when sources state the same amount.

Quantities are parsed by ``analyse.quantities`` (units converted: "80 miles" and "130km" are
both lengths in metres). Two mentions are about the same quantity when they are comparable
(same dimension, same counted noun) and the words around them overlap: the context window
decides, not the sentence, since one sentence may carry several numbers. Mentions of the same
amount are one fact with several sources ("agrees"); a fact that another report gives with an
amount outside the tolerance, in a sentence that states the same thing, is a conflict (found
by ``analyse.conflicts``, which reads :func:`mentions` and :func:`same_topic`).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyfuse.analyse import Context
from storyfuse.analyse.quantities import ParsedQuantity, display, find_quantities, same_amount
from storyfuse.model import NumberFact
from storyfuse.select import is_candidate
from storyfuse.terms import dice, terms

#: Words either side of a number that say what it counts or measures.
WINDOW_WORDS = 6
#: Context overlap (Dice of content words in the windows) for two mentions to be one quantity.
SAME_TOPIC = 0.3
#: Facts listed.
MAX_FACTS = 30


@dataclass(frozen=True, slots=True)
class Mention:
    unit: int
    quantity: ParsedQuantity
    window: frozenset[str]  # stemmed content words around it


def mentions(context: Context) -> list[Mention]:
    """Every quantity in the cluster's statements (computed once per context)."""
    cached = context.cache.get("quantities")
    if cached is None:
        cached = []
        for i, u in enumerate(context.units):
            if not any(c.isdigit() for c in u.text) and not _has_number_word(u.text):
                continue
            if not is_candidate(u.text):
                continue
            language = context.articles[u.article].language
            for q in find_quantities(u.text):
                window = _window(u.text, q)
                cached.append(Mention(i, q, terms(window, language).content))
        context.cache["quantities"] = cached
    return cached


_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million billion dozen".split()
)


def _has_number_word(text: str) -> bool:
    return any(w.strip(".,;:()").lower() in _NUMBER_WORDS for w in text.split())


def _window(text: str, q: ParsedQuantity) -> str:
    before = text[: q.start].split()[-WINDOW_WORDS:]
    after = text[q.end :].split()[:WINDOW_WORDS]
    return " ".join(before + after)


def same_topic(a: Mention, b: Mention) -> bool:
    """Two mentions measure the same thing: comparable, and their contexts overlap."""
    return (
        a.quantity.dimension == b.quantity.dimension
        and same_amount(a.quantity, b.quantity) is not None
        and dice(a.window, b.window) >= SAME_TOPIC
    )


def find_numbers(context: Context) -> list[NumberFact]:
    from storyfuse.analyse.conflicts import number_conflicts

    found = mentions(context)
    conflicted = {
        (e.article_id, e.index)
        for c in number_conflicts(context)
        for side in c.sides
        for e in side.evidence
    }
    groups: list[list[Mention]] = []
    for m in found:
        for group in groups:
            head = group[0]
            if same_topic(head, m) and same_amount(head.quantity, m.quantity):
                group.append(m)
                break
        else:
            groups.append([m])
    # The same amount of the same thing in contexts too different to group ("228 people on
    # board", "killing all 228 people"): one fact.
    merged: dict[tuple[str, str, str | None], list[Mention]] = {}
    for group in groups:
        q = group[0].quantity
        key = (q.dimension, display(q), q.noun.rstrip("s") if q.noun else None)
        merged.setdefault(key, []).extend(group)
    groups = list(merged.values())
    facts = []
    for group in groups:
        head = group[0]
        units = list(dict.fromkeys(m.unit for m in group))
        evidence = [context.evidence(u) for u in units]
        where = {(e.article_id, e.index) for e in evidence}
        articles = {context.units[u].article for u in units}
        status = "conflicts" if where & conflicted else "agrees" if len(articles) > 1 else "single"
        facts.append(
            NumberFact(
                text=head.quantity.text,
                value=head.quantity.value,
                unit=head.quantity.unit,
                dimension=head.quantity.dimension,
                display=display(head.quantity),
                status=status,
                evidence=evidence,
            )
        )
    facts.sort(key=lambda f: (f.status == "single", -len(f.evidence)))
    return facts[:MAX_FACTS]
