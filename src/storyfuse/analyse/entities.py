"""People, organisations and places, with spelling variants and short forms merged.

Mentions come from the annotator's spans. Names are compared by a key that ignores case,
hyphens, accents, possessives and titles ("Kim Jong-un", "Kim Jong Un", "Mr Kim's" share
tokens); a one-word mention ("Kim", "Putin") joins the full name whose first or last word it is
when that reading is clear (one candidate, or one mentioned at least twice as often as the
others), else it stays apart: merging two people is worse than showing one twice. The kind
is read in tiers, each a majority over the merged mentions: the name's own last word ("...
Airport", "... Ministry"), else the words around its mentions ("... airport", "the island of
...", "Gen. ...", ", a coastal town", ", 22,"), else the model's labels, which slip most (the
small spaCy model's kinds were wrong for about 1 in 6 of the names shown first on the judged
clusters). A role
is read from the words around a name: a title run before it ("Russia's Defence Minister") or an
apposition after it ("Andrei Lankov, a North Korea expert at ...").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from storyfuse.analyse import Context
from storyfuse.analyse.nlp import KINDS
from storyfuse.model import Entity

#: Entities kept (the JSON carries these; the Markdown and HTML show the first few).
MAX_ENTITIES = 150
#: Spans of these kinds are named entities here; NORP ("North Korean") is an adjective mostly.
ENTITY_LABELS = {label for label, kind in KINDS.items() if kind != "group"}
TITLES = frozenset(
    "mr mrs ms miss dr prof sir lady lord president chairman chairwoman prime minister premier "
    "king queen prince princess sen senator rep gov governor gen general col colonel capt "
    "captain lt sgt pope rev father sister brother mayor judge justice secretary chancellor "
    "supreme leader ambassador commander marshal".split()
)
#: Nouns that end a role ("Defence Minister", "spokesman", "a North Korea expert").
ROLE_NOUNS = frozenset(
    "president minister leader spokesman spokeswoman spokesperson secretary chairman "
    "chairwoman chair adviser advisor director chief official expert analyst researcher "
    "ambassador general governor mayor senator commander head professor economist "
    "correspondent editor envoy chancellor premier king queen prince founder executive ceo "
    "manager officer lawyer attorney judge diplomat representative deputy member resident "
    "scientist spokesperson strategist fellow lecturer historian inspector commissioner "
    "negotiator coordinator captain colonel lieutenant sergeant pilot".split()
)
#: A name's last word that says what it names, whatever the model's label: "Paris-Charles de
#: Gaulle Airport" is a place, "the Defence Ministry" an organisation.
PLACE_HEADS = frozenset(
    "airport island islands archipelago ocean sea river lake bay gulf strait canal coast "
    "peninsula mountains valley desert street avenue square bridge station port harbour "
    "harbor province county district region city village town plaza".split()
)  # not "park" (Park is a surname), "state" (Islamic State), "base"
ORGANISATION_HEADS = frozenset(
    "ministry agency council party company corporation corp inc ltd plc group university "
    "association committee commission board institute army navy police court airlines "
    "airways federation foundation organisation organization office department authority "
    "service services parliament senate congress assembly".split()
)  # not "bank" (the West Bank) or "union" (the Soviet Union)
#: Heads of what is named after a place or a person, and is not it.
NAMED_AFTER_HEADS = frozenset(
    "airport station bridge street avenue square port harbour harbor plaza university "
    "hospital stadium".split()
)
#: Words right after a name that make it a place ("Charles de Gaulle airport", "the
#: Fernando de Noronha islands"), and before it ("the island of Fernando de Noronha").
PLACE_AFTER = PLACE_HEADS
_PLACE_BEFORE = re.compile(
    r"\b(?:island|islands|city|town|village|province|region|port|state|county) of\s+$", re.I
)
#: Names of vehicles and journeys ("Air France Flight"), which are none of the kinds shown.
NOT_ENTITY_HEADS = frozenset("flight flights".split())
#: Time zones and standards, which the model takes for organisations or people.
NOT_ENTITIES = frozenset(
    "utc gmt bst cet cest eet eest est edt cst cdt mst mdt pst pdt ist jst aest".split()
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NEXT_WORD = re.compile(r"(?:'s|’s)?\s+([a-z]+)\b")
_WORD_BEFORE = re.compile(r"\b([A-Za-z]+\.?)\s+$")
_AGE = re.compile(r",\s+\d{1,3},")
_PREPOSITIONS = frozenset("in at on off near from to of across into for by over via".split())
#: A word right before a name that makes it a person ("Gen.", "Officers", "dictator").
_PERSON_BEFORE = TITLES | ROLE_NOUNS | {f"{noun}s" for noun in ROLE_NOUNS} | {"dictator"}
_PLACE_NOUNS = frozenset(
    "town city village region province country island islands capital port state county "
    "district suburb neighbourhood neighborhood area".split()
)
_TOKEN = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[\w’'.-]+")
_APPOSITION = re.compile(
    r"^,\s+(?P<role>(?:(?:a|an|the)\s+)?[^,;:()\"“”]{3,90}?)\s*(?=,|\.$|$|;)", re.UNICODE
)
_ROLE_START = re.compile(r"^(?:(?:a|an|the)\s+)?(?:\S+\s+){0,4}?(?P<noun>\w+)\b", re.I)


def name_key(text: str) -> tuple[str, ...]:
    """The tokens that identify a name: no case, accents, hyphens, possessive or titles."""
    text = _POSSESSIVE.sub("", text.strip())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    tokens = _TOKEN.findall(text)
    while tokens and (tokens[0] in TITLES or tokens[0] == "the"):
        tokens = tokens[1:]
    return tuple(tokens)


def _clean(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    return re.sub(r"^(?:the)\s+", "", text, flags=re.I)


@dataclass
class _Group:
    key: tuple[str, ...]
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)  # the model's, one per mention
    cues: Counter[str] = field(default_factory=Counter)  # the words around mentions
    articles: set[int] = field(default_factory=set)
    mentions: int = 0
    roles: Counter[str] = field(default_factory=Counter)

    @property
    def label(self) -> str:
        """The name's own last word decides, then the words around its mentions, then the
        model's labels (each a majority): the model of this size slips most."""
        head = label_from_head(self.key)
        if head:
            return head
        return (self.cues or self.labels).most_common(1)[0][0]

    def absorb(self, other: _Group) -> None:
        self.forms.update(other.forms)
        self.labels.update(other.labels)
        self.cues.update(other.cues)
        self.articles |= other.articles
        self.mentions += other.mentions
        self.roles.update(other.roles)


def role_before(text: str, start: int) -> str | None:
    """A title run right before a name: "North Korean leader", "Russia's Defence Minister,"."""
    before = text[:start].rstrip()
    if before.endswith(","):
        before = before[:-1].rstrip()
    words = _WORD.findall(before[-80:])
    run: list[str] = []
    for word in reversed(words):
        bare = _POSSESSIVE.sub("", word).lower()
        if bare in {"the", "a", "an", "said", "told", "says", "and", "of", "by", "with", "to"}:
            break
        run.insert(0, word)
        if len(run) == 6:
            break
    if not run or _POSSESSIVE.sub("", run[-1]).lower() not in ROLE_NOUNS:
        return None
    while run and not (run[0][:1].isupper() or run[0].lower() in ROLE_NOUNS):
        run = run[1:]
    role = " ".join(run)
    return role or None


def role_after(text: str, end: int) -> str | None:
    """An apposition right after a name: ", a North Korea expert at Kookmin University,"."""
    match = _APPOSITION.match(text[end:])
    if not match:
        return None
    role = match["role"].strip()
    head = _ROLE_START.match(role)
    words = role.split()
    if not head or len(words) > 14:
        return None
    first_words = [w.lower().strip(".,") for w in words[:5]]
    if not any(w in ROLE_NOUNS for w in first_words):
        return None
    return role


_DATE_TAIL = re.compile(
    r"\s+(?:on|in|at|since|by)\s+(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
    r".*$",
    re.I,
)


def _before_date(name: str) -> str:
    """A name without a date the model ran into it ("Atlantic on June 1")."""
    return _DATE_TAIL.sub("", name)


def label_from_head(key: tuple[str, ...]) -> str | None:
    """The label a name's own last word gives ("... Airport": a place), if any."""
    if len(key) < 2:
        return None
    if key[-1] in PLACE_HEADS:
        return "FAC"
    if key[-1] in ORGANISATION_HEADS:
        return "ORG"
    return None


def label_from_context(text: str, start: int, end: int) -> str | None:
    """The label the words around a mention give, if any: a common noun after it ("...
    airport"), "the island of ..." before it, a title or role before it ("Gen.", "Officers"),
    or an apposition after it (", a coastal town", ", a 22-year-old street vendor", ", 22,")."""
    after = _NEXT_WORD.match(text, end)
    if after and after.group(1) in PLACE_AFTER:  # lower case: a common noun, not a name
        return "FAC"
    if _PLACE_BEFORE.search(text[:start]):
        return "GPE"
    before = _WORD_BEFORE.search(text[:start])
    word = before.group(1).lower() if before else ""
    if word.rstrip(".") in _PERSON_BEFORE:
        return "PERSON"
    if word in _PREPOSITIONS or text[:start].rstrip().endswith(","):
        return None  # "in Chile, the spokeswoman said", "Halifax, Nova Scotia, a spokesman"
    if _AGE.match(text, end):
        return "PERSON"
    apposition = _APPOSITION.match(text[end:])
    if apposition and apposition["role"].split()[0].lower() in {"a", "an", "the"}:
        words = [w.lower().strip(".,") for w in apposition["role"].split()[:6]]
        if any(w in ROLE_NOUNS or w.endswith("-year-old") for w in words):
            return "PERSON"
        if any(w in _PLACE_NOUNS for w in words):
            return "GPE"
    return None


def find_entities(context: Context) -> list[Entity]:
    groups: dict[tuple[str, ...], _Group] = {}
    for u, spans in zip(context.units, context.spans, strict=True):
        for span in spans:
            if span.label not in ENTITY_LABELS:
                continue
            key = name_key(_before_date(span.text))
            if (
                not key
                or len(" ".join(key)) < 2
                or key[-1] in NOT_ENTITY_HEADS
                or " ".join(key) in NOT_ENTITIES
            ):
                continue
            group = groups.setdefault(key, _Group(key))
            group.forms[_clean(_before_date(span.text))] += 1
            group.labels[span.label] += 1
            cue = label_from_context(u.text, span.start, span.end)
            if cue:
                group.cues[cue] += 1
            group.articles.add(u.article)
            group.mentions += 1
            role = role_after(u.text, span.end) or role_before(u.text, span.start)
            if role:
                group.roles[role] += 1
    _merge_variants(groups)
    entities = []
    for group in groups.values():
        label = group.label
        name = _display(group)
        entities.append(
            Entity(
                name=name,
                kind=KINDS[label],
                variants=sorted(f for f in group.forms if f != name),
                articles=len(group.articles),
                mentions=group.mentions,
                role=group.roles.most_common(1)[0][0]
                if group.roles and label == "PERSON"
                else None,
                article_ids=[context.articles[a].id for a in sorted(group.articles)],
            )
        )
    entities.sort(key=lambda e: (-e.articles, -e.mentions, e.name))
    return entities[:MAX_ENTITIES]


def _display(group: _Group) -> str:
    """The fullest common form: longest key wins, then the most frequent spelling."""
    full = [f for f in group.forms if len(name_key(f)) == len(group.key)] or list(group.forms)
    return max(full, key=lambda f: (group.forms[f], f))


def _merge_variants(groups: dict[tuple[str, ...], _Group]) -> None:
    # Same tokens joined differently ("Jong-un" / "Jong Un") already share a key. Now short
    # forms: one-word keys into the multi-word names they start or end.
    by_token: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in groups:
        if len(key) > 1:
            by_token[key[0]].append(key)
            by_token[key[-1]].append(key)
    for key in [k for k in groups if len(k) == 1]:
        options = [k for k in dict.fromkeys(by_token.get(key[0], [])) if k != key]
        options = [k for k in options if _compatible(groups[key], groups[k])]
        if not options:
            continue
        options.sort(key=lambda k: -groups[k].mentions)
        if len(options) > 1 and groups[options[0]].mentions < 2 * groups[options[1]].mentions:
            continue  # "Kim" could be either Kim: leave it
        groups[options[0]].absorb(groups.pop(key))


def _compatible(short: _Group, full: _Group) -> bool:
    """A short form joins a full name of the same kind (a person's surname is not a place)
    that is not named after it ("Paris" and "Paris ... Airport")."""
    short_kind, full_kind = KINDS[short.label], KINDS[full.label]
    if full_kind == "person" and short.label == "ORG" and short.key[0] == full.key[-1]:
        return not short.cues  # a surname the model took for an organisation ("Garzon")
    # "Paris" is not short for "Paris-Charles de Gaulle Airport" (but "Atlantic" is for
    # "Atlantic Ocean"): a building or a street is named after a place, not the place.
    return short_kind == full_kind and full.key[-1] not in NAMED_AFTER_HEADS
