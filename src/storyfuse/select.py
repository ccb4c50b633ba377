"""Choosing the brief's sentences: concept weights, candidate filters, budgeted greedy selection.

The objective is the ICSI summarizer's: cover the concepts (stemmed bigrams) that many
separate reports mention (copies of one wire story count once), within a word budget. Measured
changes make it stronger on news (see ``storyfuse eval summarization``): a report counts for
more the earlier it states a concept, only an article's first sentences are candidates (news
puts what matters first), and the greedy step divides a sentence's gain by the square root of
its length (plain gain/length starves long informative sentences, plain gain overfills with
them). Questions, fragments, lines ending in a colon, text cut off and page furniture are never
candidates; a sentence opening with a pronoun is taken only after the sentence it points back to.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.clean.lines import ends_sentence
from storyfuse.clean.patterns import LINE_RULES
from storyfuse.model import Article
from storyfuse.terms import ENGLISH_STOPWORDS, Terms, dice, terms

#: Candidate sentence length in words (shorter ones are headings or fragments), and the
#: content words (not stopwords) it needs to state anything.
MIN_WORDS = 6
MAX_WORDS = 60
MIN_CONTENT_WORDS = 3
#: Only an article's first sentences are candidates: further down come background and
#: quotes (news is written most-important-first). Any cut from 12 to 25 measured about the
#: same; 15 gained +0.8 ROUGE-1 and +0.4 ROUGE-2 on DUC 2003 and lost nothing elsewhere.
MAX_POSITION = 15
#: An article is taken as lower-cased when, over at least LOWERCASED_MIN_WORDS words (first
#: words of sentences not counted), fewer than this share start with a capital. Measured: a
#: median of 11-14 % in the DUC, TAC and MultiLing articles (6-8 % at their 5th percentile),
#: 0 % in Multi-News's lower-cased copy, whose sentences after a quotation start in lower case
#: and were all refused as fragments (accepting them: +0.2 ROUGE-1 and ROUGE-2 there, no change
#: elsewhere).
LOWERCASED_CAPITALS = 0.01
LOWERCASED_MIN_WORDS = 30
#: A concept counts when this many separate reports mention it (1 for a single report).
MIN_SOURCES_MANY = 3  # clusters of at least MANY_ARTICLES
MIN_SOURCES_FEW = 2
MANY_ARTICLES = 8
#: A report stating a concept first in its sentence i (0-based) adds 1 + POSITION_BONUS / (1 + i):
#: what a report says first is what it is about. Measured against the former step (+1 for each
#: article stating it in its first two sentences): ROUGE-2 DUC +0.38, MultiLing +0.13, TAC +0.04,
#: Multi-News -0.04. A bonus of 2.5, or 1.0 with the decay (1 + i) ** 0.5, or 2.0 with
#: (1 + i) ** 1.5 cost TAC 0.25 ROUGE-2 or more.
POSITION_BONUS = 1.5
#: Gain is divided by length ** LENGTH_EXPONENT.
LENGTH_EXPONENT = 0.5
#: A candidate sharing this much of its content words (Dice) with a chosen sentence says it
#: again. 0.45, was 0.5: Multi-News briefs repeating a fact by the independent check 4 % -> 0 %
#: (first 200 validation clusters), ROUGE-2 within 0.15 on the four development sets
#: (``bench/summary_sweep.py``; docs/evaluation.md).
REDUNDANT_OVERLAP = 0.45
#: Two sentences sharing this many of their facts (names, numbers, dates), one of them a
#: number or a date, and at least FACT_SHARE of the facts of the one that states fewer, state
#: one fact however they word it ("vanished from radar on June 1st over the Atlantic" after
#: "disappeared on June 1 over the Atlantic Ocean"). Measured against no such rule: ROUGE-2
#: TAC -0.05, DUC and Multi-News 0, MultiLing -0.39 (10 clusters at 250 words, where two
#: sentences with the same date and names are more often two facts); 4 shared facts cost
#: MultiLing about as much (-0.35) and let "... to Vladivostok in 2019" be said twice.
SAME_FACTS = 3
FACT_SHARE = 0.5

# Openers that point back at something the reader of the brief may not have: a pronoun or a
# demonstrative. (Connectives such as "But" or "Meanwhile" read fine on their own.)
_OPENER = re.compile(
    r"^(?:he|she|it|they|them|him|his|her|hers|its|their|theirs|this|that|these|those|"
    r"such|both|the latter|the former)\b(?!-)",
    re.IGNORECASE,
)


#: What may follow a sentence's full stop: closing quotes and brackets, spaced or not.
_CLOSING = " \"'”’»)]"


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence with what selection and alignment need to know about it."""

    article: int  # index into the articles
    index: int  # sentence index in its article
    text: str
    terms: Terms
    group: int  # its article's report group (copies of one story share a group)
    alone: bool = False  # the only sentence of its paragraph

    @property
    def length(self) -> int:
        return len(self.text.split())


def units(articles: Sequence[Article], group_of: dict[str, int]) -> list[Unit]:
    out = []
    for a, article in enumerate(articles):
        group = group_of.get(article.id, a)
        per_paragraph = Counter(s.paragraph for s in article.sentences)
        for s in article.sentences:
            content = terms(s.text, article.language)
            alone = per_paragraph[s.paragraph] == 1
            out.append(Unit(a, s.index, s.text, content, group, alone))
    return out


def is_candidate(text: str, cased: bool = True) -> bool:
    """A sentence that may go into a brief: a complete statement of reasonable length.

    In ``cased`` text a sentence must open with a capital or a digit, or it is a fragment (text
    cut mid-sentence); text that was lower-cased says nothing by its case.
    """
    n = len(text.split())
    if not MIN_WORDS <= n <= MAX_WORDS or text.rstrip(" \"'”’»)").endswith("?"):
        return False
    if not cased or text[:1] in "\"“‘'`":
        return True  # lower-cased text or a quotation: its case says nothing
    first = text.lstrip("([ ")[:1]
    return first.isupper() or first.isdigit()  # else a fragment, or text cut mid-sentence


def lowercased_articles(sentences: Sequence[Unit]) -> set[int]:
    """Articles whose text was lower-cased (some corpora and feeds are): names and sentence
    openers alike. Real English prose capitalises about one word in ten after the first."""
    words: dict[int, int] = defaultdict(int)
    capitals: dict[int, int] = defaultdict(int)
    for u in sentences:
        rest = u.text.split()[1:]
        words[u.article] += len(rest)
        capitals[u.article] += sum(1 for w in rest if w[:1].isupper())
    return {
        a
        for a, n in words.items()
        if n >= LOWERCASED_MIN_WORDS and capitals[a] < LOWERCASED_CAPITALS * n
    }


def is_furniture(text: str) -> bool:
    """Page furniture the line cleaner could not remove because the page ran it into a
    paragraph ("Sign up for our newsletters here", "Related: ...", a photo caption)."""
    return any(rule(text) for _, rule in LINE_RULES)


#: A line of its own this short with no verb is a caption or a heading ("The intended route
#: of the flight."), not a statement.
CAPTION_WORDS = 9
_FINITE = frozenset(
    "is are was were be been has have had will would can could may might must shall should "
    "do does did said says told say tell went came made took found left met saw gave got began "
    "fell hit lost led held sent won rose shot struck ran put set cut became remains".split()
)
_DETERMINERS = frozenset("the a an its their his her our this that these those".split())


def is_caption(text: str) -> bool:
    """A short line without a finite verb: a past participle after a determiner ("the
    intended route") is an adjective, any other "-ed" word or a common verb is a verb."""
    words = [w.strip(".,;:!?\"'“”‘’()[]").lower() for w in text.split()]
    if len(words) > CAPTION_WORDS:
        return False
    for k, word in enumerate(words):
        if word in _FINITE:
            return False
        if word.endswith("ed") and len(word) > 3 and (k == 0 or words[k - 1] not in _DETERMINERS):
            return False
    return True


def is_unfinished(text: str) -> bool:
    """A line that introduces what follows, a list or a quotation ("... the mayor said:"): on
    its own in a brief it points at nothing. (Short lines without a full stop are left alone:
    some are captions, but bullet points state facts the same way; refusing them all cost 0.9
    ROUGE-2 on MultiLing, where captions dense in names had been chosen.)"""
    return text.rstrip(_CLOSING).endswith(":")


def candidates(sentences: Sequence[Unit]) -> list[int]:
    """Indices of the sentences that may go into a brief (see the constants above).

    Besides length, content, fragments and lines ending in a colon, an article's last sentence
    must end like one: text cut off mid-sentence (a truncated copy, a paywall) has no full stop.
    """
    lowered = lowercased_articles(sentences)
    last: dict[int, int] = {}
    for u in sentences:
        last[u.article] = max(last.get(u.article, u.index), u.index)
    return [
        i
        for i, u in enumerate(sentences)
        if u.index < MAX_POSITION
        and len(u.terms.content) >= MIN_CONTENT_WORDS
        and is_candidate(u.text, cased=u.article not in lowered)
        and (u.index < last[u.article] or ends_sentence(u.text.rstrip(_CLOSING)))
        and not is_unfinished(u.text)
        and not is_furniture(u.text)
        and not (CAPTION_WORDS and u.alone and is_caption(u.text))
    ]


#: Month names anchor a fact; day names do not (one week's reports all say "on Tuesday").
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_NUMBER = re.compile(r"^(\d[\d,.]*\d|\d)(?:st|nd|rd|th|s)?$")


@dataclass(frozen=True, slots=True)
class Facts:
    """What a sentence states facts about: names, and numbers and dates (its anchors)."""

    names: frozenset[str]
    anchors: frozenset[str]


def facts(text: str, language: str | None = "en") -> Facts:
    """Names (capitalised words that are not stopwords, stemmed: a sentence's first word too,
    as "Kim" in "Kim also travelled ..."), numbers ("1st" is 1, "1,200" is 1200) and month
    and day names of a sentence."""
    names: list[str] = []
    anchors: set[str] = set()
    for token in text.split():
        word = token.strip(".,;:!?\"'“”‘’()[]")
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        number = _NUMBER.match(word)
        if number:
            anchors.add(number.group(1).replace(",", "").rstrip("."))
        elif word.lower() in _MONTHS and word[:1].isupper():
            anchors.add(word.lower()[:3])
        elif word[:1].isupper() and word.lower() not in ENGLISH_STOPWORDS:
            names.append(word)
    stems = terms(" ".join(names), language).content if names else frozenset()
    return Facts(frozenset(stems), frozenset(anchors))


def same_facts(a: Facts, b: Facts, needed: int | None = None) -> bool:
    """Two sentences about one fact: a shared number or date, and enough shared names and
    numbers together (``SAME_FACTS``, unless ``needed`` says otherwise), which are at least
    ``FACT_SHARE`` of the facts of the sentence that states fewer."""
    anchors = len(a.anchors & b.anchors)
    if not anchors:
        return False
    shared = anchors + len(a.names & b.names)
    fewer = min(len(a.anchors) + len(a.names), len(b.anchors) + len(b.names))
    return shared >= (needed or SAME_FACTS) and shared >= FACT_SHARE * fewer


def leans_on_previous(text: str) -> bool:
    """A sentence whose opening needs the one before it ("He said", "These talks ...")."""
    return bool(_OPENER.match(text.lstrip("\"'“‘`([ ")))


def concept_weights(sentences: Sequence[Unit], n_groups: int) -> dict[tuple[str, str], float]:
    """Weight of each concept: the reports mentioning it, each weighted by how early it does."""
    first: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)  # concept -> group -> index
    for u in sentences:
        for concept in u.terms.concepts:
            seen = first[concept]
            if u.index < seen.get(u.group, u.index + 1):
                seen[u.group] = u.index
    if n_groups <= 1:
        floor = 1
    else:
        floor = MIN_SOURCES_MANY if n_groups >= MANY_ARTICLES else MIN_SOURCES_FEW
    return {
        c: sum(1.0 + POSITION_BONUS / (1 + i) for i in groups.values())
        for c, groups in first.items()
        if len(groups) >= floor
    }


def select(
    sentences: Sequence[Unit],
    weights: dict[tuple[str, str], float],
    budget: int,
    candidates: Sequence[int],
    dependent: frozenset[int] = frozenset(),
) -> list[int]:
    """Greedy budgeted concept coverage; returns indices into ``sentences`` in pick order.

    Once a sentence is chosen, the candidates that say it again leave the pool: those sharing
    much of its wording, and those stating the same fact (:func:`same_facts`); the one chosen
    first is the one that adds more.

    A ``dependent`` candidate leans on the sentence before it (a pronoun or connective opener)
    and may only be chosen once that sentence is, so the brief never strands an "It" or a "But".
    """
    pool = list(candidates)
    stated = {i: facts(sentences[i].text) for i in pool} if SAME_FACTS else {}
    position = {(u.article, u.index): i for i, u in enumerate(sentences)}
    covered: set[tuple[str, str]] = set()
    chosen: list[int] = []
    used = 0
    while True:
        best, best_gain = -1, -1.0
        for i in pool:
            unit = sentences[i]
            if used + unit.length > budget:
                continue
            if i in dependent and position.get((unit.article, unit.index - 1)) not in chosen:
                continue
            gain = sum(weights.get(c, 0.0) for c in unit.terms.concepts - covered)
            gain /= unit.length**LENGTH_EXPONENT
            if gain > best_gain:
                best, best_gain = i, gain
        if best < 0:
            return chosen
        chosen.append(best)
        used += sentences[best].length
        covered |= sentences[best].terms.concepts
        content = sentences[best].terms.content
        pool = [
            i
            for i in pool
            if i != best
            and dice(sentences[i].terms.content, content) < REDUNDANT_OVERLAP
            and not (SAME_FACTS and same_facts(stated[i], stated[best]))
        ]


def sentence_score(unit: Unit, weights: dict[tuple[str, str], float]) -> float:
    return sum(weights.get(c, 0.0) for c in unit.terms.concepts) / unit.length**LENGTH_EXPONENT
