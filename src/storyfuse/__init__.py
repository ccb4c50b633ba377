"""storyfuse: fuse many news articles about one event into one cited brief.

The public API is what ``__all__`` lists; everything else may change. Heavy libraries
(trafilatura, httpx, the embedding model) are imported only when first needed, so
``import storyfuse`` and ``storyfuse --help`` stay fast.
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from storyfuse.clean import CleanedText, clean_text
from storyfuse.embed import Embedder, MiniLMEmbedder
from storyfuse.errors import InputError, InputRejected, StoryfuseError
from storyfuse.ingest import (
    IngestResult,
    article_from_html,
    article_from_record,
    article_from_text,
    ingest,
    iter_ingest,
)
from storyfuse.model import Article, Brief, Credit, Removal, Sentence, Story
from storyfuse.options import BriefOptions, IngestOptions
from storyfuse.segment import segment
from storyfuse.stories.cluster import ClusterOptions
from storyfuse.stories.store import Store

if TYPE_CHECKING:
    from storyfuse.pipeline import brief

__all__ = [
    "Article",
    "Brief",
    "BriefOptions",
    "CleanedText",
    "ClusterOptions",
    "Credit",
    "Embedder",
    "IngestOptions",
    "IngestResult",
    "InputError",
    "InputRejected",
    "MiniLMEmbedder",
    "Removal",
    "Sentence",
    "Store",
    "Story",
    "StoryfuseError",
    "__version__",
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "brief",
    "clean_text",
    "ingest",
    "iter_ingest",
    "segment",
]


def __getattr__(name: str) -> Any:
    # ``brief`` loads the alignment and analysis modules, which ``storyfuse add`` never needs:
    # 35 ms of its start-up.
    if name == "brief":
        from storyfuse.pipeline import brief

        return brief
    raise AttributeError(f"module 'storyfuse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
