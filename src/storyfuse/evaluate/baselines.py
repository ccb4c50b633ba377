"""Baseline summarizers run beside storyfuse: Lead, round-robin Lead, a plain bigram-coverage
greedy selector, sumy LexRank and TextRank.

Each takes a cluster's articles and a word budget and returns sentences; like the
published systems they may end past the budget, and the evaluation cuts every summary to the
same number of words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from storyfuse.model import Article
from storyfuse.terms import terms

Summarizer = Callable[[Sequence[Article], int], list[str]]


def _fill(sentences: Sequence[str], words: int) -> list[str]:
    out: list[str] = []
    total = 0
    for sentence in sentences:
        if total >= words:
            break
        out.append(sentence)
        total += len(sentence.split())
    return out


def lead(articles: Sequence[Article], words: int) -> list[str]:
    """The first sentences of the most recent article (the classic DUC/TAC baseline)."""
    dated = [a for a in articles if a.published]
    newest = max(dated, key=lambda a: a.published or "") if dated else articles[-1]
    return _fill([s.text for s in newest.sentences], words)


def lead_round_robin(articles: Sequence[Article], words: int) -> list[str]:
    """The first sentence of every article, then every second sentence, and so on."""
    order: list[str] = []
    depth = max((len(a.sentences) for a in articles), default=0)
    for k in range(depth):
        order.extend(a.sentences[k].text for a in articles if k < len(a.sentences))
    return _fill(order, words)


#: The plain selector's sentences have at least this many words; a concept counts when this
#: many reports mention it (the ICSI summarizer's document-frequency cut for ten documents).
BIGRAM_MIN_WORDS = 8
BIGRAM_MIN_REPORTS = 3


def bigram_greedy(articles: Sequence[Article], words: int) -> list[str]:
    """The plain selector the brief's issue measures "for scale": every stemmed bigram (not
    made only of stopwords) weighs the number of articles mentioning it, counted from
    ``BIGRAM_MIN_REPORTS`` (2 under eight articles, 1 for one), and the sentence adding the most
    uncovered weight per word is taken until the budget is filled; when none adds any, the rest
    follow in their order, as the other baselines fill the budget (stopping there instead cost it
    11 ROUGE-1 on Multi-News, whose small clusters share few bigrams). No filters, no positions,
    no embeddings: what storyfuse's selection adds is measured against it."""
    found = [
        (k, s.text, n, terms(s.text, a.language).concepts)
        for k, a in enumerate(articles)
        for s in a.sentences
        if (n := len(s.text.split())) >= BIGRAM_MIN_WORDS
    ]
    reports: dict[tuple[str, str], set[int]] = defaultdict(set)
    for k, _, _, concepts in found:
        for concept in concepts:
            reports[concept].add(k)
    n = len(articles)
    floor = BIGRAM_MIN_REPORTS if n >= 8 else min(2, n)
    weight = {c: len(r) for c, r in reports.items() if len(r) >= floor}
    pool = list(range(len(found)))
    covered: set[tuple[str, str]] = set()
    out: list[str] = []
    total = 0
    while pool and total < words:
        gains = [sum(weight.get(c, 0) for c in found[i][3] - covered) / found[i][2] for i in pool]
        best = max(range(len(pool)), key=gains.__getitem__)  # the first of equals
        _, text, length, concepts = found[pool.pop(best)]
        out.append(text)
        total += length
        covered |= concepts
    return out


class _Tokenizer:
    """sumy's tokenizer interface, on storyfuse's segmenter (NLTK's needs downloaded data)."""

    language = "english"
    _word = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")

    def __init__(self) -> None:
        from nltk.tokenize import TreebankWordTokenizer

        self._words = TreebankWordTokenizer()

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        from storyfuse.evaluate.rouge import split_sentences

        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._words.tokenize(sentence) if self._word.match(w))


def _sumy(kind: str) -> Summarizer:
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as exc:
        raise RuntimeError(
            "baselines need the evaluation extra: pip install 'storyfuse[eval]'"
        ) from exc
    tokenizer = _Tokenizer()
    cls = LexRankSummarizer if kind == "lexrank" else TextRankSummarizer
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(articles: Sequence[Article], words: int) -> list[str]:
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s.text, tokenizer) for s in a.sentences]) for a in articles]
        )

        def enough(ranked: list[Any]) -> list[Any]:  # best first, until the budget is filled
            taken, total = [], 0
            for info in ranked:
                if total >= words:
                    break
                taken.append(info)
                total += len(str(info.sentence).split())
            return taken

        return [str(s) for s in summarizer(document, enough)]

    return run


def lexrank() -> Summarizer:
    return _sumy("lexrank")


def textrank() -> Summarizer:
    return _sumy("textrank")
