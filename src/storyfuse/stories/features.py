"""What an article is, for grouping it into stories: its words, and optionally its title's gist.

Computed once, when the article is added, and kept in the store:

* **lexical**: the content words of the title (counted twice) and of the body's first
  ``LEAD_WORDS`` words (about twelve sentences; no sentence splitter runs at add time), weighted
  by how rare each word is in the language at large (``wordfreq``'s frequencies, a fixed table
  read through :mod:`storyfuse.stories.frequencies`, so an article's vector never depends on
  what was added before it: adding articles one by one and re-clustering the whole store see
  the same vectors);
* **dense** (optional): the sentence embedding of the title (the first sentence when there is
  no title). On the Giveme5W1H clusters it measured no better than the words alone with the
  threshold tuned for each (B-cubed F1 0.914 against 0.915) at ~3.5 ms of CPU an article,
  which is most of the cost of adding one, so it is off by default; embedding the lead too
  was no better and 3-5x slower still.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from storyfuse.embed import Embedder
from storyfuse.model import Article
from storyfuse.segment import lead
from storyfuse.stories.frequencies import zipf
from storyfuse.terms import stopwords, words

#: Words of the body read after the title. A word count, not a number of sentences: splitting
#: sentences (punkt) was 15 % of the cost of preparing an article for the store. 300 (about
#: twelve sentences) against 100 by the sweep of ``bench/clustering_sweep.py``, the other
#: settings fixed: TAC 0.923 against 0.859, DUC 0.811 against 0.783, Multi-News 0.736 against
#: 0.727, for a few hundredths of a millisecond more an article; the whole body was no better.
LEAD_WORDS = 300
#: Characters read to find them (a generous 12 a word, so long-worded languages get them too).
_CHARS_PER_WORD = 12
#: A title word counts as this many body words.
TITLE_WEIGHT = 2
#: Zipf frequency (log10 per billion words) above which a word carries no weight; rarer words
#: weigh ``IDF_CEILING - zipf`` (an unseen name: 7; "president": 2.2; "said": 0.5).
IDF_CEILING = 7.0
IDF_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """``terms`` is a unit-length sparse vector; ``vector`` a unit title embedding or None."""

    article_id: str
    day: int | None
    terms: dict[str, float]
    vector: np.ndarray | None = None


@lru_cache(maxsize=200_000)
def idf(word: str, language: str = "en") -> float:
    """``IDF_CEILING`` less the word's Zipf frequency; a language without a table weighs
    every word the same."""
    return max(IDF_FLOOR, IDF_CEILING - zipf(word, language))


def article_day(article: Article) -> int | None:
    """The article's date as a day number (``date.toordinal``), or None when unknown."""
    date = article.published_date
    return date.toordinal() if date else None


def day_to_iso(day: int | None) -> str | None:
    return dt.date.fromordinal(day).isoformat() if day else None


def lexical(article: Article, lead_words: int = LEAD_WORDS) -> dict[str, float]:
    language = (article.language or "en").split("-")[0]
    stop = stopwords(language)
    counts: Counter[str] = Counter()
    body = words(article.text[: _CHARS_PER_WORD * lead_words])[:lead_words]
    for found, weight in ((words(article.title or ""), TITLE_WEIGHT), (body, 1)):
        for word in found:
            if len(word) > 1 and word not in stop and not word.isdigit():
                counts[word] += weight
    weights = {w: (1 + math.log(c)) * idf(w, language) for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def headline(article: Article) -> str:
    if article.title:
        return article.title
    first = lead(article, 1)
    return first[0].text if first else article.text[:300]


def title_vectors(headlines: Sequence[str], embedder: Embedder | None) -> list[np.ndarray | None]:
    """Embeddings of :func:`headline` texts, one model call for all (the model's best case);
    Nones without an embedder."""
    if embedder is None or not headlines:
        return [None] * len(headlines)
    return list(np.asarray(embedder.embed(list(headlines)), dtype=np.float32))


def features_of(
    articles: Sequence[Article],
    vectors: Sequence[np.ndarray | None],
    lead_words: int = LEAD_WORDS,
) -> list[ArticleFeatures]:
    return [
        ArticleFeatures(a.id, article_day(a), lexical(a, lead_words), v)
        for a, v in zip(articles, vectors, strict=True)
    ]


def featurize(
    articles: Sequence[Article], embedder: Embedder | None, lead_words: int = LEAD_WORDS
) -> list[ArticleFeatures]:
    """Features of many articles (see :func:`title_vectors` and :func:`lexical`);
    ``lead_words`` other than the default is for measuring (``bench/clustering_sweep.py``):
    the store keeps features made with the default."""
    return features_of(
        articles, title_vectors([headline(a) for a in articles], embedder), lead_words
    )
