"""Conflicts: sources that disagree on the day of an event, on a number, or on a confirmation.

Precision first (a false conflict misleads more than a missed one), so each kind asks for
strong evidence that both sides talk about the same thing:

* **dates**: two day-precise dates (or weekdays) for the same kind of event, named by the
  word that governs each date (a meeting, a visit, a departure, a vote...; see
  ``EVENT_KINDS``; "said on Monday" is never an event date), in sentences that share a name
  and do not each name someone the other does not ("Wang Youcai" / "Xu Wenli": two trials),
  with the same object when one is written ("the attack on the troops"), both announced or
  both past, at most a week apart. A past day must be one both articles could know (a later
  article's later day is a later event); announced days must come from reports at most a day
  apart (plans change). A date the source itself says it reported differently before
  ("initially reported it would be on Wednesday") makes its side ``revised``; a changed plan
  ("originally set for March 22") is an update, not a dispute. (Sentence embeddings were
  tried for "same event": every clause of one story is about equally similar to every other.)
* **numbers**: the same quantity (comparable units, the same counted thing, overlapping
  context) with amounts outside the tolerance, in sentences that state the same thing
  (embeddings), from different reports of the same day, neither sentence giving the other's
  amount too.
* **confirmations**: the same named subject "confirmed" in one source and "refused to
  confirm" (declined to, did not) in another, about something the sentences share, in
  reports at most two days apart.

Where the articles' dates allow, the side reported most recently is marked ``latest``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Hashable, Sequence

from storyfuse.align.claims import numbers as written_numbers
from storyfuse.align.independence import UnionFind
from storyfuse.analyse import Context
from storyfuse.analyse.dates import MEANING, WEEKDAYS
from storyfuse.analyse.entities import name_key
from storyfuse.analyse.nlp import Parser
from storyfuse.analyse.numbers import Mention, mentions, same_topic
from storyfuse.analyse.quantities import display, same_amount
from storyfuse.analyse.timeline import Dated, dated
from storyfuse.model import Conflict, ConflictSide
from storyfuse.select import is_candidate
from storyfuse.terms import dice, terms

#: Two versions of one event's date are at most this far apart (else: two events).
MAX_DAYS_APART = 7
#: Reports further apart than this (days) may give different numbers and both be right: a
#: toll rises, a storm moves. Same-day reports that differ are a dispute.
MAX_REPORT_DAYS_APART = 0
#: "Not confirmed" one week and "confirmed" the next is news, not a dispute.
CONFIRMATION_DAYS_APART = 2
#: Context overlap (Dice) two numbers need to be one quantity in a conflict.
NUMBER_WINDOW = 0.5
#: Embedding cosine of two sentences stating different amounts of the same quantity.
NUMBER_SENTENCES = 0.75
_REPORTED = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|confirmed|declared|disclosed|"
    r"revealed|insisted|warned|noted)\s+(?:on\s+|late\s+|early\s+|earlier\s+)*$",
    re.I,
)
_INTERVAL_END = re.compile(r"\b(?:until|till|through|to|by|since|from|between|before)\s+$", re.I)
#: Words just before a number that make it a value at one time of a changing quantity
#: ("previously offered $3 million", "raising it to $7 million", "up from 40"): two such
#: values differ because the quantity changed, which is not a dispute between sources.
_CHANGED = re.compile(
    r"\b(?:previous(?:ly)?|former(?:ly)?|earlier|initial(?:ly)?|original(?:ly)?|once|"
    r"up|down|from|to|(?:rais|increas|doubl|tripl|boost|reduc|lower|revis)\w*|"
    r"ris(?:e|es|en|ing)|fall(?:s|en|ing)?|cut(?:s|ting)?|rose|fell)\b\W*(?:\S+\s+){0,2}$",
    re.I,
)
#: Clause breaks for an event window: also "and", which joins two events in one sentence.
_WINDOW_BREAK = re.compile(
    r"\s*(?:[,;:–—]|\b(?:though|although|but|while|whereas|and|amid)\b)\s*", re.I
)
_CONFIRM = re.compile(
    r"(?P<subject>\b(?:[Tt]he\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:(?P<neg>(?:refused|declined)\s+to\s+confirm|"
    r"(?:did|does|do|has|have|had|would|could|will)\s+not\s+(?:yet\s+)?confirm(?:ed)?|"
    r"(?:didn|doesn|don|hasn|haven|wouldn)[’']t\s+confirm(?:ed)?)|"
    r"(?P<pos>confirmed))\b"
)


def find_conflicts(context: Context) -> list[Conflict]:
    return [
        *date_conflicts(context),
        *number_conflicts(context),
        *confirmation_conflicts(context),
        *actor_conflicts(context),
    ]


# -- dates -------------------------------------------------------------------------------------


#: Kinds of events whose date sources may dispute, by the words that name them. A date is about
#: an event of a kind when such a word is in its clause; dates of reporting acts ("said on
#: Monday") have none and are never compared. General news vocabulary, not any one story's.
EVENT_KINDS = {
    "meeting": "meet meeting meetings summit talks negotiations",
    "visit": "visit visits visited trip arrive arrived arrives arrival travel travelled journey "
    "fly flew flies",
    "departure": "leave left leaves depart departed departure",
    "vote": "vote votes voted election elections poll polls referendum ballot",
    "attack": "attack attacked attacks strike strikes struck raid raids assault bombing shelling",
    "death": "die died dies death killed",
    "opening": "open opened opens opening begin began begins start started starts",
    "signing": "sign signed signs signing",
    "release": "release released freed",
    "arrest": "arrest arrested detained detention",
    "ruling": "hearing trial verdict ruling ruled sentenced",
    "crash": "crash crashed collision collided",
    "speech": "speech speak speaks spoke address",
}
_EVENT_STEMS = {kind: terms(words).content for kind, words in EVENT_KINDS.items()}
#: Common words (not names, not framing) allowed between a date and its event word.
MAX_WORDS_TO_EVENT = 2
#: Words of the clause before a date (and after it) read for its event.
WINDOW_BEFORE, WINDOW_AFTER = 12, 4


def _event_kinds(text: str, start: int, end: int) -> set[str]:
    """The kind of event a date dates, from the event word that governs it.

    Read back from the date through its clause, past the words that only frame a date ("is
    expected to take place as early as", "was likely to be on"), until an event word decides
    ("the summit will be held") or another verb ends the search ("claimed responsibility
    Tuesday": a claim, no event kind). A date written as a modifier ("the Sept. 2 crash",
    "Friday's bombing") or opening its clause ("On Friday, police arrested ...") is read
    forward instead.
    """
    before, after = _PRESS.sub(" ", text[:start]), _PRESS.sub(" ", text[end:])
    breaks = [m.end() for m in _WINDOW_BREAK.finditer(before)]
    head = before[breaks[-1] if breaks else 0 :].split()[-WINDOW_BEFORE:]
    stop = _WINDOW_BREAK.search(after)
    tail = after[: stop.start() if stop else len(after)].split()[:WINDOW_AFTER]
    modifier = text[start:end].endswith(("'s", "’s")) or (
        bool(head) and head[-1].lower() in {"the", "a", "an", "this", "that", "last"}
    )
    if modifier or len(head) <= 1:
        found = _first_kind(tail)
        if found:
            return found
    return _first_kind(head[::-1], backwards=True)


def _first_kind(words: list[str], backwards: bool = False) -> set[str]:
    passed = 0  # common words passed on the way: the event word must be close
    for k, word in enumerate(words):
        bare = word.strip(".,;:!?\"'“”‘’()").lower()
        stems = terms(bare).content
        kinds = {kind for kind, words in _EVENT_STEMS.items() if stems & words}
        if kinds:
            if backwards and {w.lower() for w in words[k + 1 : k + 3]} & _ARGUMENT_OF:
                return set()  # "the scene of the attack on Friday": the date is not the attack's
            return kinds
        if bare in _FRAMING or not stems or word[:1].isupper():
            continue  # framing, a stopword, or a name ("meeting with President Putin")
        if bare.endswith(("ed", "ing")) or bare in _VERBS or passed == MAX_WORDS_TO_EVENT - 1:
            return set()  # another verb governs the date, or the event word is too far
        passed += 1
    return set()


#: An event word right after one of these is another predicate's argument.
_ARGUMENT_OF = frozenset("of after since following before amid".split())
#: Words between an event and its date that do not end the search for the event word.
_FRAMING = frozenset(
    "be been being is was were are will would could can may might shall should expected "
    "scheduled due set likely possible possibly take taking took place held hold holding "
    "to as early soon on late the a an at in by of around about for between "
    "planned slated going".split()
)
_VERBS = frozenset(
    "said says told made gave went came saw got put ran won lost fell rose hit sent "
    "claimed claims say tell did does has had have".split()
)


#: Nouns that name a document or an occasion for talking, not the event ("press release").
_PRESS = re.compile(r"\b(?:press|news)\s+(?:release|conference|briefing)s?\b", re.I)
_NAME = re.compile(r"(?<=\s)[A-Z][\w’'-]+")
_NOT_NAMES = set(WEEKDAYS) | set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
#: A name in at least this share of a cluster's articles is the story's own ("Kim" in a story
#: about Kim): a full name with it in ("Chairman Kim") does not tell two events apart.
COMMON_NAME_SHARE = 1.0


def _names(text: str) -> set[str]:
    """Capitalised words after the first: the people and places a sentence is about."""
    return {w.lower().rstrip("’'s") for w in _NAME.findall(text)} - _NOT_NAMES


def _objects(text: str, kinds: set[str]) -> set[str]:
    """What an event word of these kinds is about: "attack on the troops" -> {"troop"}."""
    found: set[str] = set()
    for m in _EVENT_OBJECT.finditer(text):
        if terms(m["event"]).content & set().union(*(_EVENT_STEMS[k] for k in kinds)):
            found |= terms(m["object"]).content
    return found


_EVENT_OBJECT = re.compile(  # a lookahead, so "involvement in the attack on ..." finds both
    r"(?=\b(?P<event>\w+)\s+(?:on|of|against|in|at|into|near)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<object>[\w’'-]+(?:\s+[\w’'-]+)?))"
)


_FULL_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3}")


def _full_names(text: str) -> set[str]:
    """Names of two to four capitalised words ("Wang Youcai"), not opening the sentence."""
    return {
        " ".join(w.lower().rstrip("’'s") for w in m.group(0).split())
        for m in _FULL_NAME.finditer(text)
        if m.start() > 0
    }


def _common_names(context: Context) -> set[str]:
    """Names in at least ``COMMON_NAME_SHARE`` of the articles (of clusters of 4 or more)."""
    if len(context.articles) < 4:
        return set()
    seen: dict[str, set[int]] = defaultdict(set)
    for u in context.units:
        for name in _names(u.text):
            seen[name].add(u.article)
    floor = COMMON_NAME_SHARE * len(context.articles)
    return {name for name, articles in seen.items() if len(articles) >= floor}


def _names_around(context: Context, unit: int) -> set[str]:
    """Names in a sentence, or in the one before when it names nobody ("the two leaders")."""
    names = _names(context.units[unit].text)
    if not names:
        u = context.units[unit]
        previous = context.unit_at(u.article, u.index - 1)
        if previous is not None:
            names = _names(context.units[previous].text)
    return names


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


def _both_known_to_both(context: Context, a: Dated, b: Dated) -> bool:
    """Both past days are on or before both articles' dates, so both sources could know both."""
    dates = [context.published(context.units[d.unit].article) for d in (a, b)]
    if any(d is None for d in dates) or a.mention.value is None or b.mention.value is None:
        return True
    first = min(d for d in dates if d is not None)
    return a.mention.value <= first and b.mention.value <= first


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
        if not is_candidate(text):
            continue  # a caption run-on, a fragment: not a statement to hold a source to
        if _INTERVAL_END.search(text[: m.start]) or _REPORTED.search(text[: m.start]):
            continue  # "runs until Wednesday", "said on Tuesday": not the day of an event
        events.append((d, _event_kinds(text, m.start, m.end)))
    # A date with no event word of its own ("initially reported it would be on Wednesday",
    # "..., meaning Wednesday") is about the event of another date in its sentence.
    for k, (d, kinds) in enumerate(events):
        text = units[d.unit].text
        borrows = d.mention.revised or MEANING.search(text[: d.mention.start])
        if not kinds and borrows:
            partner = next((c for e, c in events if e.unit == d.unit and c and e is not d), None)
            if partner:
                events[k] = (d, partner)
    names = {d.unit: _names_around(context, d.unit) for d, _ in events}
    proper = {d.unit: _full_names(units[d.unit].text) for d, _ in events}
    common = _common_names(context)

    @functools.cache
    def objects(unit: int, kinds: frozenset[str]) -> set[str]:
        return _objects(units[unit].text, kinds)

    common_proper = {p for names_ in proper.values() for p in names_ if set(p.split()) & common}
    links = UnionFind(len(events))
    by_kind: dict[str, list[int]] = defaultdict(list)
    for k, (_, kinds) in enumerate(events):
        for kind in kinds:
            by_kind[kind].append(k)
    pairs = sorted(
        {(i, j) for ks in by_kind.values() for x, i in enumerate(ks) for j in ks[x + 1 :]}
    )  # only dates of the same kind of event are ever compared
    for i, j in pairs:
        (a, kinds_a), (b, kinds_b) = events[i], events[j]
        if not _close(a, b):
            continue
        revised = a.mention.revised or b.mention.revised
        if a.unit == b.unit:
            if revised:
                links.union(i, j)
            continue
        if a.mention.expected != b.mention.expected and not revised:
            continue
        if not a.mention.expected and not _both_known_to_both(context, a, b):
            continue  # a later article's later day is a later event, not a dispute
        if a.mention.expected and not _near_in_time(context, a.unit, b.unit, 1):
            continue  # plans change: a newer report of a new date updates the older one
        if not names[a.unit] & names[b.unit]:
            continue  # not about the same people or places
        own_a, own_b = proper[a.unit] - common_proper, proper[b.unit] - common_proper
        if own_a and own_b and own_a.isdisjoint(own_b):
            continue  # each names someone the other does not: "Wang Youcai" / "Xu Wenli"
        shared = frozenset(kinds_a & kinds_b)
        objects_a = objects(a.unit, shared)
        objects_b = objects(b.unit, shared)
        if objects_a and objects_b and not objects_a & objects_b:
            continue  # "the attack on the holy site" is not "the attack on the troops"
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
            value = WEEKDAYS[_weekday(first) or 0].capitalize()
            if first.mention.value is not None:
                value += f" ({first.mention.value.isoformat()})"
            sides.append(
                _side(
                    context,
                    value,
                    [events[k][0].unit for k in side],
                    revised=any(events[k][0].mention.revised for k in side),
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
    by_unit: dict[int, list[Mention]] = defaultdict(list)
    by_dimension: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions(context):
        by_unit[m.unit].append(m)
        if not _CHANGED.search(units[m.unit].text[: m.quantity.start]):
            by_dimension[m.quantity.dimension].append(m)

    def also_states(unit: int, m: Mention) -> bool:
        """The other sentence gives this amount too (maybe for something else, maybe as a
        bare number: "2,300 of the region's 6,900 herons"): no dispute."""
        if any(same_amount(o.quantity, m.quantity) for o in by_unit[unit]):
            return True
        return bool(written_numbers(m.quantity.text) & written_numbers(units[unit].text))

    pairs = [
        (a, b)
        for group in by_dimension.values()  # only quantities of one dimension compare
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if units[a.unit].group != units[b.unit].group  # copies of one story do not dispute
        and _near_in_time(context, a.unit, b.unit)
        and same_topic(a, b)
        and dice(a.window, b.window) >= NUMBER_WINDOW
        and same_amount(a.quantity, b.quantity) is False
        and not also_states(b.unit, a)
        and not also_states(a.unit, b)
    ]
    conflicts: list[Conflict] = []
    if pairs:
        needed = sorted({m.unit for pair in pairs for m in pair})
        vectors = context.embedder.embed([units[u].text for u in needed])
        row = {u: r for r, u in enumerate(needed)}
        pairs = [
            (a, b)
            for a, b in pairs
            if float(vectors[row[a.unit]] @ vectors[row[b.unit]]) >= NUMBER_SENTENCES
        ]
        of_whom = _holders(context, [m for pair in pairs for m in pair])
        seen: set[tuple[int, int]] = set()
        for a, b in pairs:
            if (a.unit, b.unit) in seen:
                continue
            ha, hb = of_whom.get(id(a)), of_whom.get(id(b))
            if ha and hb and ha != hb:
                continue  # "Kora won four prizes", "her menu won her three": not one count
            seen.add((a.unit, b.unit))
            sides = [_side(context, _as_written(m), [m.unit]) for m in (a, b)]
            about = a.quantity.noun or a.quantity.dimension
            conflicts.append(
                Conflict(kind="number", about=about, sides=sides, latest=_latest(context, sides))
            )
    context.cache["number_conflicts"] = conflicts
    return conflicts


def _holders(context: Context, found: list[Mention]) -> dict[int, str | None]:
    """Of whom each mention's number is said (by ``id`` of the mention), where the annotator
    can parse; an empty answer (no parser) lets every pair through."""
    if not found or not isinstance(context.annotator, Parser):
        return {}
    unique = list({id(m): m for m in found}.values())
    said = context.annotator.holders(
        [(context.units[m.unit].text, m.quantity.start) for m in unique]
    )
    return {id(m): h for m, h in zip(unique, said, strict=True)}


def _as_written(m: Mention) -> str:
    shown = display(m.quantity)
    return m.quantity.text if m.quantity.text == shown else f"{m.quantity.text} ({shown})"


def _near_in_time(context: Context, a: int, b: int, days: int = MAX_REPORT_DAYS_APART) -> bool:
    """Reports days apart may both be right: a toll rises, a search progresses."""
    da = context.published(context.units[a].article)
    db = context.published(context.units[b].article)
    return da is None or db is None or abs((da - db).days) <= days


# -- confirmations -----------------------------------------------------------------------------


def confirmation_conflicts(context: Context) -> list[Conflict]:
    units = context.units
    said: dict[tuple[str, ...], dict[bool, list[int]]] = defaultdict(lambda: defaultdict(list))
    written: dict[tuple[str, ...], str] = {}
    for i, u in enumerate(units):
        if "confirm" not in u.text:
            continue
        for m in _CONFIRM.finditer(u.text):
            key = name_key(m["subject"])
            if key and not set(key) & _NOT_NAMES:  # "a statement Saturday confirmed"
                said[key][m["pos"] is not None].append(i)
                written.setdefault(key, m["subject"])
    conflicts = []
    for key, by_polarity in said.items():
        yes, no = by_polarity.get(True, []), by_polarity.get(False, [])
        pairs = [
            (a, b)
            for a in yes
            for b in no
            if units[a].article != units[b].article
            and _near_in_time(context, a, b, CONFIRMATION_DAYS_APART)
            and _share_topic(units[a].text, units[b].text)
        ]
        if not pairs:
            continue
        yes_units = list(dict.fromkeys(a for a, _ in pairs))
        no_units = list(dict.fromkeys(b for _, b in pairs))
        subject = written[key]
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
    return len(terms(a).content & terms(b).content - {"confirm", "refus", "declin"}) >= 2


# -- actors ------------------------------------------------------------------------------------

#: Offices one person holds at a time; a role naming one of these with a qualifier ("Russia's
#: Defence Minister", "chief executive of Airbus") names one person.
SINGLE_OFFICES = frozenset(
    "president minister chancellor premier king queen governor mayor ceo chairman chairwoman "
    "coach commander pope".split()
)
#: Words of an office's name; a role needs one more (a country, an organisation) to name one.
_OFFICE_WORDS = SINGLE_OFFICES | frozenset(
    "prime defence defense foreign finance interior justice health education home trade "
    "economy energy culture labour labor transport agriculture environment chief executive "
    "general secretary state head national security council".split()
)
#: Words that make a role not the current holder's, or not a single office.
_NOT_CURRENT = frozenset(
    "former then ex late acting deputy vice assistant interim one another a an new outgoing "
    "incoming junior".split()
)


def _office(role: str) -> str | None:
    """The office a role names, normalised, when it is one person's ("russia defence
    minister"); None for generic, plural or past roles ("a spokesman", "former president")."""
    words = [w.lower().strip(".,") for w in role.replace("’", "'").split()]
    words = [w[:-2] if w.endswith("'s") else w for w in words if w not in {"the", "of"}]
    if len(words) < 2 or words[0] in _NOT_CURRENT or set(words) & {"former", "then", "late"}:
        return None
    if not set(words) & SINGLE_OFFICES or not set(words) - _OFFICE_WORDS:
        return None  # no office, or no qualifier: "Prime Minister" of which country?
    return " ".join(words)


def actor_conflicts(context: Context) -> list[Conflict]:
    """Different people named for the same single office ("Defence Minister X" / "Y")."""
    from storyfuse.analyse.entities import role_after, role_before

    if not context.spans:
        return []
    holders: dict[str, dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    written: dict[tuple[str, ...], str] = {}
    for i, (u, spans) in enumerate(zip(context.units, context.spans, strict=True)):
        for span in spans:
            if span.label != "PERSON":
                continue
            role = role_after(u.text, span.end) or role_before(u.text, span.start)
            office = _office(role) if role else None
            key = name_key(span.text)
            if office and len(key) > 1:
                holders[office][key].append(i)
                written.setdefault(key, span.text)
    conflicts = []
    for office, people in holders.items():
        keys = list(people)
        # Two names are one person when one's words are all in the other's ("Putin").
        distinct = [k for k in keys if not any(k != o and set(k) <= set(o) for o in keys)]
        if len(distinct) < 2 or any(
            set(a) & set(b) for x, a in enumerate(distinct) for b in distinct[x + 1 :]
        ):
            continue
        units_by = {k: people[k] for k in distinct}
        articles = {context.units[i].article for us in units_by.values() for i in us}
        same_day = all(
            _near_in_time(context, a, b, 1)
            for x, k in enumerate(distinct)
            for other in distinct[x + 1 :]
            for a in units_by[k]
            for b in units_by[other]
        )
        if len(articles) < 2 or not same_day:
            continue
        sides = [_side(context, written[k], units_by[k]) for k in distinct]
        conflicts.append(
            Conflict(
                kind="actor", about=f"who is {office}", sides=sides, latest=_latest(context, sides)
            )
        )
    return conflicts


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
