"""Language of an article: from metadata when stated, else detected from the text.

Detection uses py3langid, whose model ships inside the package (no download); it is loaded on
first use only, so commands that never need it start fast.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: Below this many letters a guess is noise; the article's language stays unknown.
MIN_LETTERS = 40
#: Characters of text looked at: the language does not change after the lead.
SAMPLE_CHARS = 800

_NAMES = {
    "english": "en",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "czech": "cs",
    "greek": "el",
    "hebrew": "he",
    "arabic": "ar",
    "hindi": "hi",
    "russian": "ru",
    "polish": "pl",
    "turkish": "tr",
    "chinese": "zh",
    "japanese": "ja",
    "korean": "ko",
    "swedish": "sv",
    "danish": "da",
    "norwegian": "no",
    "finnish": "fi",
}
_CODE = re.compile(r"^[a-z]{2,3}$")


def normalize_language(value: str | None) -> str | None:
    """An ISO 639-1 code from "en", "en-US", "en_GB" or "English"; None if unrecognisable."""
    if not value:
        return None
    value = value.strip().lower().replace("_", "-")
    if value in _NAMES:
        return _NAMES[value]
    primary = value.split("-")[0]
    return primary if _CODE.match(primary) and primary not in {"none", "und", "mul"} else None


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Our own instance rather than the package's module-level global.
    return LanguageIdentifier.from_model_file(MODEL_FILE)


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    lang, _score = _identifier().classify(sample)
    return str(lang)
