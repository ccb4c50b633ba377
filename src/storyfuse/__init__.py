"""storyfuse: fuse many news articles about one event into one cited brief.

The public API is what ``__all__`` lists; everything else may change. Names are imported on
first use, so ``import storyfuse`` (and ``storyfuse --help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "storyfuse.model",
    "CleanedText": "storyfuse.clean",
    "Credit": "storyfuse.model",
    "IngestOptions": "storyfuse.options",
    "IngestResult": "storyfuse.ingest",
    "InputError": "storyfuse.errors",
    "InputRejected": "storyfuse.errors",
    "Removal": "storyfuse.model",
    "Sentence": "storyfuse.model",
    "StoryfuseError": "storyfuse.errors",
    "article_from_html": "storyfuse.ingest",
    "article_from_record": "storyfuse.ingest",
    "article_from_text": "storyfuse.ingest",
    "clean_text": "storyfuse.clean",
    "ingest": "storyfuse.ingest",
    "iter_ingest": "storyfuse.ingest",
    "segment": "storyfuse.segment",
}

__all__ = [
    "Article",
    "CleanedText",
    "Credit",
    "IngestOptions",
    "IngestResult",
    "InputError",
    "InputRejected",
    "Removal",
    "Sentence",
    "StoryfuseError",
    "__version__",
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "clean_text",
    "ingest",
    "iter_ingest",
    "segment",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'storyfuse' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from storyfuse.clean import CleanedText, clean_text
    from storyfuse.errors import InputError, InputRejected, StoryfuseError
    from storyfuse.ingest import (
        IngestResult,
        article_from_html,
        article_from_record,
        article_from_text,
        ingest,
        iter_ingest,
    )
    from storyfuse.model import Article, Credit, Removal, Sentence
    from storyfuse.options import IngestOptions
    from storyfuse.segment import segment
