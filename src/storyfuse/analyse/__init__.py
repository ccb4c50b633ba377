"""Cross-source analysis: who says what, where outlets agree, dispute, or stand alone.

Each section is a module with one function of a shared :class:`Context` (the articles, their
sentences as selection units, the independence groups and the citation numbers already given
to the summary). ``analyse`` runs the requested sections; entities are extracted once with the
annotator (spaCy NER by default) and shared by the sections that need them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyfuse.align.independence import Independence
from storyfuse.analyse.nlp import Annotator, Span, default_annotator
from storyfuse.embed import Embedder
from storyfuse.model import SECTIONS, Analysis, Article, Evidence
from storyfuse.select import Unit
from storyfuse.terms import ENGLISH_STOPWORDS

__all__ = ["ANALYSIS_SECTIONS", "NEEDS_ENTITIES", "Context", "analyse", "annotate"]

#: The sections this package computes (the summary is the pipeline's own).
ANALYSIS_SECTIONS = SECTIONS[1:]
#: Where each section is computed (module.function of this package, imported when asked for).
_RUNS = {
    "agreement": "agreement.find_agreement",
    "conflicts": "conflicts.find_conflicts",
    "unique": "agreement.find_unique",
    "quotes": "quotes.find_quotes",
    "entities": "entities.find_entities",
    "numbers": "numbers.find_numbers",
    "timeline": "timeline.build_timeline",
}
#: Sections that read the named entities.
NEEDS_ENTITIES = {"conflicts", "quotes", "entities"}


@dataclass
class Context:
    """What every section reads, and the citation numbers they share with the summary.

    ``units`` are grouped by report (``select.units(articles, independence.copy_of)``, as the
    pipeline builds them): ``Unit.group`` is what sections compare to tell reports apart.
    """

    articles: Sequence[Article]
    units: list[Unit]
    independence: Independence
    weights: dict[tuple[str, str], float]
    embedder: Embedder
    numbers: dict[int, int] = field(default_factory=dict)  # article index -> citation number
    spans: list[list[Span]] = field(default_factory=list)  # entity spans, one list per unit
    cache: dict[str, Any] = field(default_factory=dict)  # results one section shares with another
    annotator: Annotator | None = None  # the model behind ``spans``, for sections that parse
    _at: dict[tuple[int, int], int] = field(default_factory=dict)
    _dates: list[dt.date | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._at = {(u.article, u.index): i for i, u in enumerate(self.units)}
        self._dates = [a.published_date for a in self.articles]  # parsed once, read often

    def unit_at(self, article: int, index: int) -> int | None:
        """The unit index of sentence ``index`` of article ``article``, if any."""
        return self._at.get((article, index))

    def cite(self, article: int) -> int:
        """The citation number of an article, giving it the next one on first use."""
        return self.numbers.setdefault(article, len(self.numbers) + 1)

    def evidence(self, unit: int) -> Evidence:
        u = self.units[unit]
        return Evidence(self.cite(u.article), self.articles[u.article].id, u.index, u.text)

    def published(self, article: int) -> dt.date | None:
        return self._dates[article]

    @property
    def cluster_date(self) -> dt.date | None:
        """The newest article date: the reference for articles that carry none."""
        return max((d for d in self._dates if d), default=None)


#: Sentences of each article's lead the entity model reads (the rest get its names looked up).
NER_LEAD = 12
#: Sentences the entity model reads at most (about 2 s on two cores).
NER_MAX_SENTENCES = 1000
_QUOTE_MARK = re.compile(r"[\"“”]")
_INNER_CAPITAL = re.compile(r"\s[\"“‘(]?[A-Z]")


def may_name(text: str) -> bool:
    """Whether a sentence can name anyone: a capital after its first word, or a first word
    that is not a common one ("Putin said ..."). The others (a third of news sentences) are
    not given to the NER model, which is most of the analysis's cost."""
    if _INNER_CAPITAL.search(text):
        return True
    first = text.lstrip("\"“‘'([ ").split(" ", 1)[0].strip(".,;:!?'’").lower()
    return bool(first) and first not in ENGLISH_STOPWORDS


def annotate(units: Sequence[Unit], annotator: Annotator) -> list[list[Span]]:
    """Entity spans for every sentence, running the model on the fewest sentences that matter.

    The model reads each article's lead (where people and places are introduced, with their
    full names and roles) and every sentence with a quotation mark or just before one (the
    speakers); the names it finds there are then looked up in the other sentences, which is
    nearly free and also catches the mentions the model misses. Sentences that cannot name
    anyone (see :func:`may_name`) are skipped. This halves the model's work on long articles.
    """
    quoted = {i for i, u in enumerate(units) if _QUOTE_MARK.search(u.text)}
    wanted = [
        i
        for i, u in enumerate(units)
        if may_name(u.text) and (u.index < NER_LEAD or i in quoted or i + 1 in quoted)
    ]
    # A very large cluster: the first sentences of every article first, then the next ones
    # (a story's names recur, so the lookup below finds most of the rest).
    wanted.sort(key=lambda i: (units[i].index, i))
    chosen = sorted(wanted[:NER_MAX_SENTENCES])
    spans: list[list[Span]] = [[] for _ in units]
    for i, found in zip(chosen, annotator.entities([units[i].text for i in chosen]), strict=True):
        spans[i] = found
    # A name found elsewhere takes the label the model gave it most often (a vote, not the
    # first reading: the model labels one name differently in different sentences).
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for i in chosen:
        for span in spans[i]:
            votes[span.text][span.label] += 1
    labels = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
    names = sorted((n for n in labels if len(n) > 1), key=len, reverse=True)
    if names:
        lookup = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
        done = set(chosen)
        for i, u in enumerate(units):
            if i not in done:
                spans[i] = [
                    Span(m.start(), m.end(), labels[m.group(0)], m.group(0))
                    for m in lookup.finditer(u.text)
                ]
    return spans


def analyse(
    context: Context,
    sections: Sequence[str] = ANALYSIS_SECTIONS,
    annotator: Annotator | None = None,
) -> Analysis:
    """Run the requested analysis sections over a cluster."""
    wanted = set(sections)
    # Created here, loaded only when used: the entity sections, and a number conflict to check.
    context.annotator = annotator or context.annotator or default_annotator()
    if wanted & NEEDS_ENTITIES and not context.spans:
        context.spans = annotate(context.units, context.annotator)
    analysis = Analysis()
    for section in ANALYSIS_SECTIONS:
        if section in wanted:
            module, function = _RUNS[section].rsplit(".", 1)
            run = getattr(importlib.import_module(f"storyfuse.analyse.{module}"), function)
            setattr(analysis, section, run(context))
    return analysis
