"""The data model every stage shares: plain dataclasses with a JSON form that round-trips.

Articles are produced by ingestion (ingest -> clean -> segment) and then only read by later
stages, which build their own objects (claims, briefs, stories) that point back to articles and
sentences by id and index.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: Bumped whenever the JSON form of an article changes incompatibly.
SCHEMA_VERSION = 1
ARTICLE_SCHEMA = f"storyfuse.article/{SCHEMA_VERSION}"


def _plain(obj: Any) -> dict[str, Any]:
    """``asdict`` for a dataclass of plain values, without its deep copy (10x faster; the store
    serialises every sentence of every article it adds)."""
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article; ``start``/``end`` index into ``Article.text``."""

    article_id: str
    index: int
    paragraph: int
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(
            article_id=str(data["article_id"]),
            index=int(data["index"]),
            paragraph=int(data["paragraph"]),
            text=str(data["text"]),
            start=int(data["start"]),
            end=int(data["end"]),
        )


@dataclass(frozen=True, slots=True)
class Credit:
    """Who else stands behind an article's text.

    ``kind`` says how the credit was stated, because later stages weigh them differently when
    deciding whether two articles are independent: ``source`` ("(News Source: BBC)"),
    ``additional-reporting`` ("Additional reporting by Reuters"), ``agency`` (a trailing "AFP"),
    ``dateline`` ("SEOUL (AP) —"), ``syndication`` ("This story first appeared in ..."),
    ``reporting`` (staff "Reporting by ...; Editing by ..."), ``copyright``, ``byline``.
    """

    kind: str
    name: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Credit:
        return cls(kind=str(data["kind"]), name=str(data["name"]), text=str(data.get("text", "")))


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of input that did not make it into the clean text, kept so users can audit.

    ``line`` is the 1-based line number in the text the rule saw (the raw file for plain text,
    the extractor's output for HTML); ``where`` locates text that has no line, such as the
    XPath of a page block the HTML extractor dropped; ``moved_to`` names the metadata field that
    received the text when it was kept as metadata rather than dropped (title, credits, ...).
    """

    rule: str
    text: str
    line: int | None = None
    moved_to: str | None = None
    where: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removal:
        line = data.get("line")
        return cls(
            rule=str(data["rule"]),
            text=str(data["text"]),
            line=None if line is None else int(line),
            moved_to=data.get("moved_to"),
            where=data.get("where"),
        )


@dataclass(slots=True)
class Article:
    """A cleaned news article.

    ``text`` is ``"\\n\\n".join(paragraphs)``; sentence spans index into it. ``published`` is an
    ISO 8601 date or date-time string as stated by the source (no time zone conversion).
    """

    id: str
    text: str
    paragraphs: list[str]
    sentences: list[Sentence] = field(default_factory=list)
    title: str | None = None
    origin: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    dateline: str | None = None
    credits: list[Credit] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def published_date(self) -> dt.date | None:
        """The publication date, if ``published`` holds a parseable ISO date."""
        if not self.published:
            return None
        try:
            return dt.date.fromisoformat(self.published[:10])
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": ARTICLE_SCHEMA,
            "id": self.id,
            "title": self.title,
            "origin": self.origin,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "authors": list(self.authors),
            "language": self.language,
            "dateline": self.dateline,
            "credits": [c.to_dict() for c in self.credits],
            "word_count": self.word_count,
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "sentences": [s.to_dict() for s in self.sentences],
            "removed": [r.to_dict() for r in self.removed],
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (``word_count`` is derived)."""
        text = str(data.get("text") or "")
        paragraphs = data.get("paragraphs")
        if paragraphs is None:
            paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
            text = "\n\n".join(paragraphs)
        return cls(
            id=str(data["id"]),
            text=text,
            paragraphs=[str(p) for p in paragraphs],
            sentences=[Sentence.from_dict(s) for s in data.get("sentences") or []],
            title=data.get("title"),
            origin=data.get("origin"),
            url=data.get("url"),
            outlet=data.get("outlet"),
            published=data.get("published"),
            authors=[str(a) for a in data.get("authors") or []],
            language=data.get("language"),
            dateline=data.get("dateline"),
            credits=[Credit.from_dict(c) for c in data.get("credits") or []],
            removed=[Removal.from_dict(r) for r in data.get("removed") or []],
            meta=dict(data.get("meta") or {}),
        )

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_json(cls, text: str) -> Article:
        return cls.from_dict(json.loads(text))


def is_article_dict(data: Any) -> bool:
    """True for a dict written by :meth:`Article.to_dict` (read back without re-cleaning)."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("schema"), str)
        and data["schema"].startswith("storyfuse.article/")
    )


# -- the brief -------------------------------------------------------------------------------

#: Version 2 added the cross-source analysis (``analysis``) and the ``sections`` list.
BRIEF_SCHEMA = "storyfuse.brief/2"


def _flat(cls: type, data: dict[str, Any]) -> Any:
    """Build a flat dataclass from a dict, ignoring keys it does not know (forward compatible)."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A sentence of an article, by article id and sentence index."""

    article_id: str
    index: int


@dataclass(frozen=True, slots=True)
class Support:
    """A source sentence that supports a brief sentence, and how closely (0..1 each)."""

    source: int  # the citation number
    article_id: str
    index: int
    text: str
    similarity: float  # embedding cosine
    overlap: float  # content-word overlap (Dice)


@dataclass(slots=True)
class Claim:
    """Sentences from one or more articles that state the same thing."""

    id: str
    members: list[SentenceRef]
    article_ids: list[str]
    independent_sources: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(
            id=data["id"],
            members=[SentenceRef(**m) for m in data["members"]],
            article_ids=list(data["article_ids"]),
            independent_sources=int(data["independent_sources"]),
            score=float(data["score"]),
        )


@dataclass(slots=True)
class BriefSentence:
    """One sentence of the brief, taken from ``article_id``/``index``, with its citations."""

    text: str
    claim_id: str
    article_id: str
    index: int
    citations: list[int]
    support: list[Support]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BriefSentence:
        sentence = _flat(cls, data)
        sentence.support = [_flat(Support, s) for s in data.get("support", [])]
        return sentence


@dataclass(frozen=True, slots=True)
class Source:
    """A cited article, numbered as in the brief's reference list."""

    number: int
    article_id: str
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    origin: str | None
    group: int  # the SourceGroup it belongs to


@dataclass(slots=True)
class SourceGroup:
    """Articles that are not independent of each other, and why (shared text, a credit...)."""

    id: int
    article_ids: list[str]
    label: str
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- the cross-source analysis --------------------------------------------------------------

#: The sections a brief can carry, in the order they are shown.
SECTIONS = (
    "summary",
    "agreement",
    "conflicts",
    "unique",
    "quotes",
    "entities",
    "numbers",
    "timeline",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A source sentence behind an analysis item: citation number, article, sentence, text."""

    source: int
    article_id: str
    index: int
    text: str


@dataclass(slots=True)
class Agreement:
    """A statement several articles make, with how many of them are independent."""

    text: str  # the clearest member sentence
    articles: int
    independent_sources: int
    outlets: list[str]
    evidence: list[Evidence]


@dataclass(slots=True)
class ConflictSide:
    """One version of a disputed fact, with the sentences and sources that state it."""

    value: str  # as a reader should see it: "Tuesday (2023-09-12)", "25 people"
    evidence: list[Evidence]
    published: str | None = None  # the newest date among its articles, when known
    revised: bool = False  # a source itself reports this version as superseded


@dataclass(slots=True)
class Conflict:
    """Articles that disagree about one thing: a date, a number, a confirmation."""

    kind: str  # "date" | "number" | "confirmation" | "actor"
    about: str  # what is disputed, in a few words
    sides: list[ConflictSide]
    latest: int | None = None  # index of the side reported most recently, when dates allow


@dataclass(slots=True)
class UniqueDetail:
    """A claim only one article (or one group of copies) makes."""

    source: int
    article_id: str
    outlet: str | None
    index: int
    text: str
    score: float


@dataclass(slots=True)
class Quote:
    """A verbatim direct quotation and who said it."""

    text: str  # the words inside the quotation marks, exactly as in the article
    speaker: str | None
    description: str | None  # "president of the Institute for ...", when given
    evidence: list[Evidence]


@dataclass(slots=True)
class Entity:
    """A person, organisation or place, its spelling variants merged."""

    name: str
    kind: str  # "person" | "organisation" | "place" | "group"
    variants: list[str]
    articles: int
    mentions: int
    role: str | None = None
    article_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class NumberFact:
    """A quantity with its unit normalised, and whether other sources agree on it."""

    text: str  # as written
    value: float
    unit: str
    dimension: str
    display: str  # normalised, e.g. "128.7 km"
    status: str  # "agrees" | "conflicts" | "single"
    evidence: list[Evidence]


@dataclass(slots=True)
class TimelineEvent:
    """A dated event: the date (resolved against the article's date), what, and who says so."""

    date: str | None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY by precision; None when unresolved
    precision: str  # "day" | "week" | "month" | "year"
    when: str  # the expression as written: "late on Sunday"
    expected: bool  # announced or expected, not yet happened
    text: str  # the sentence
    evidence: list[Evidence]
    estimated: bool = False  # resolved against the cluster's date: its article has none


@dataclass(slots=True)
class Analysis:
    """What the outlets agree on, dispute, add alone, quote, name, count and date."""

    agreement: list[Agreement] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unique: list[UniqueDetail] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    numbers: list[NumberFact] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        def evidence(item: dict[str, Any]) -> list[Evidence]:
            return [_flat(Evidence, e) for e in item.get("evidence", [])]

        def build(kind: type, item: dict[str, Any]) -> Any:
            obj = _flat(kind, item)
            if "evidence" in item:
                obj.evidence = evidence(item)
            return obj

        conflicts = []
        for c in data.get("conflicts", []):
            conflict = _flat(Conflict, c)
            conflict.sides = [build(ConflictSide, s) for s in c.get("sides", [])]
            conflicts.append(conflict)
        return cls(
            agreement=[build(Agreement, a) for a in data.get("agreement", [])],
            conflicts=conflicts,
            unique=[_flat(UniqueDetail, u) for u in data.get("unique", [])],
            quotes=[build(Quote, q) for q in data.get("quotes", [])],
            entities=[_flat(Entity, e) for e in data.get("entities", [])],
            numbers=[build(NumberFact, n) for n in data.get("numbers", [])],
            timeline=[build(TimelineEvent, t) for t in data.get("timeline", [])],
        )


@dataclass(slots=True)
class Brief:
    """The fused brief of a cluster of articles."""

    title: str | None
    words: int  # the budget asked for
    sentences: list[BriefSentence]
    claims: list[Claim]
    sources: list[Source]
    groups: list[SourceGroup]
    stats: dict[str, Any] = field(default_factory=dict)
    generator: dict[str, Any] = field(default_factory=dict)
    sections: list[str] = field(default_factory=lambda: ["summary"])
    analysis: Analysis | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": BRIEF_SCHEMA,
            "title": self.title,
            "words": self.words,
            "word_count": self.word_count,
            "sentences": [s.to_dict() for s in self.sentences],
            "sources": [asdict(s) for s in self.sources],
            "claims": [c.to_dict() for c in self.claims],
            "groups": [g.to_dict() for g in self.groups],
            "stats": dict(self.stats),
            "generator": dict(self.generator),
            "sections": list(self.sections),
            "analysis": self.analysis.to_dict() if self.analysis else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        return cls(
            title=data.get("title"),
            words=int(data["words"]),
            sentences=[BriefSentence.from_dict(s) for s in data["sentences"]],
            claims=[Claim.from_dict(c) for c in data["claims"]],
            sources=[_flat(Source, s) for s in data["sources"]],
            groups=[_flat(SourceGroup, g) for g in data["groups"]],
            stats=dict(data.get("stats") or {}),
            generator=dict(data.get("generator") or {}),
            sections=list(data.get("sections") or ["summary"]),
            analysis=Analysis.from_dict(data["analysis"]) if data.get("analysis") else None,
        )

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


# -- stories ---------------------------------------------------------------------------------

STORY_SCHEMA = "storyfuse.story/1"


@dataclass(frozen=True, slots=True)
class Join:
    """How one article came into its story, so a user who sees a wrong one can tell why.

    ``score`` is its similarity to the story when it joined (for the article that ``started``
    the story: to the closest story then, which fell short of ``threshold``); ``runner_up`` is
    the story (by the id it goes by now) it would have joined next, with ``runner_up_score``.
    None where the store did not record it (articles added before schema 2: run
    ``storyfuse recluster``). Scores are on the scale of ``threshold``.
    """

    article_id: str
    started: bool | None
    score: float | None
    threshold: float
    runner_up: int | None = None
    runner_up_score: float | None = None


@dataclass(slots=True)
class Story:
    """A group of articles about one event, as the store keeps it.

    ``first_seen``/``last_seen`` are the earliest and latest article dates; ``first_added`` and
    ``last_added`` when storyfuse received them (UTC). ``new_articles`` counts articles added
    since the stories were last listed. ``independent`` is the number of independent sources
    (copies and credited rewrites counted once), or None when not yet computed.
    """

    id: int
    title: str | None
    articles: int
    outlets: int
    independent: int | None
    first_seen: str | None
    last_seen: str | None
    first_added: str
    last_added: str
    new_articles: int = 0
    article_ids: list[str] = field(default_factory=list)
    #: One per article of ``article_ids``, in the same order (filled by ``Store.story``).
    joins: list[Join] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": STORY_SCHEMA, **asdict(self)}
