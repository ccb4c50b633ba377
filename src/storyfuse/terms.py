"""Lexical units shared by alignment and selection: words, stems, content words, concepts.

A *concept* is a stemmed word bigram that is not made only of stopwords (the unit of the ICSI
summarizer): sentences that share concepts share facts, and a brief that covers the concepts
many independent sources mention covers what matters. Stemming uses Snowball (PyStemmer) in
the article's language; stopwords are English only (other languages keep every bigram).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

# Words split at every non-alphanumeric character, as ROUGE tokenizes ("Kim's" -> kim, s).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

_STEMMER_LANGUAGES = {
    "en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
    "pt": "portuguese", "nl": "dutch", "cs": "czech", "da": "danish", "el": "greek",
    "fi": "finnish", "hu": "hungarian", "no": "norwegian", "nb": "norwegian", "ro": "romanian",
    "ru": "russian", "sv": "swedish", "tr": "turkish", "ar": "arabic", "hi": "hindi",
    "ca": "catalan", "id": "indonesian", "lt": "lithuanian", "pl": "polish", "et": "estonian",
}  # fmt: skip

#: The classic (NLTK) English stopword list plus reporting verbs and titles common in news.
ENGLISH_STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can cannot could did do does doing down during each few
for from further had has have having he her here hers herself him himself his how i if in into
is it its itself let may me might more most mr mrs ms my myself new no nor not of off on once
one only or other ought our ours ourselves out over own s said same say says she should so
some such t than that the their theirs them themselves then there these they this those
through to too two under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves
""".split())  # fmt: skip


@cache
def _stemmer(language: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(_STEMMER_LANGUAGES.get(language, "english"))


def words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits."""
    return _WORD.findall(text.lower())


def stopwords(language: str | None) -> frozenset[str]:
    return ENGLISH_STOPWORDS if (language or "en") == "en" else frozenset()


@dataclass(frozen=True, slots=True)
class Terms:
    """The lexical view of one sentence."""

    words: tuple[str, ...]
    stems: tuple[str, ...]
    content: frozenset[str]  # stems of non-stopwords
    concepts: frozenset[tuple[str, str]]  # stemmed bigrams, not both stopwords

    @property
    def length(self) -> int:
        return len(self.words)


def terms(text: str, language: str | None = "en") -> Terms:
    ws = words(text)
    stems = _stemmer(language or "en").stemWords(ws)
    stop = stopwords(language)
    content = frozenset(s for w, s in zip(ws, stems, strict=True) if w not in stop and len(w) > 1)
    concepts = frozenset(
        (stems[i], stems[i + 1])
        for i in range(len(ws) - 1)
        if not (ws[i] in stop and ws[i + 1] in stop)
    )
    return Terms(tuple(ws), tuple(stems), content, concepts)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of two content-word sets, 0..1."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
