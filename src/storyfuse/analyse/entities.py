"""People, organisations and places, with spelling variants and short forms merged.

Mentions come from the annotator's spans. Names are compared by a key that ignores case,
hyphens, accents, possessives and titles ("Kim Jong-un", "Kim Jong Un", "Mr Kim's" share
tokens); a one-word mention ("Kim", "Putin") joins the full name whose first or last word it is
when that reading is clear (one candidate, or one mentioned at least twice as often as the
others), else it stays apart: merging two people is worse than showing one twice. The kind is
the majority label of the merged mentions, which outvotes the model's occasional slips. A role
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
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
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
    labels: Counter[str] = field(default_factory=Counter)
    articles: set[int] = field(default_factory=set)
    mentions: int = 0
    roles: Counter[str] = field(default_factory=Counter)

    def absorb(self, other: _Group) -> None:
        self.forms.update(other.forms)
        self.labels.update(other.labels)
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


def find_entities(context: Context) -> list[Entity]:
    groups: dict[tuple[str, ...], _Group] = {}
    for u, spans in zip(context.units, context.spans, strict=True):
        for span in spans:
            if span.label not in ENTITY_LABELS:
                continue
            key = name_key(span.text)
            if not key or len(" ".join(key)) < 2:
                continue
            group = groups.setdefault(key, _Group(key))
            group.forms[_clean(span.text)] += 1
            group.labels[span.label] += 1
            group.articles.add(u.article)
            group.mentions += 1
            if span.label == "PERSON":
                role = role_after(u.text, span.end) or role_before(u.text, span.start)
                if role:
                    group.roles[role] += 1
    _merge_variants(groups)
    entities = []
    for group in groups.values():
        label = group.labels.most_common(1)[0][0]
        name = _display(group)
        entities.append(
            Entity(
                name=name,
                kind=KINDS[label],
                variants=sorted(f for f in group.forms if f != name),
                articles=len(group.articles),
                mentions=group.mentions,
                role=group.roles.most_common(1)[0][0] if group.roles else None,
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
    """A short form joins a full name of the same kind (a person's surname is not a place)."""
    short_kind = KINDS[short.labels.most_common(1)[0][0]]
    full_kind = KINDS[full.labels.most_common(1)[0][0]]
    return short_kind == full_kind
