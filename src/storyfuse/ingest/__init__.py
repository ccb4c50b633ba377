"""Ingestion: any mix of files, directories, stdin, JSON/JSONL and URLs in, clean articles out.

One bad input never stops the others: :func:`iter_ingest` yields an :class:`InputError` for it
and goes on. :func:`ingest` collects both into an :class:`IngestResult`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from storyfuse.errors import InputError, InputRejected
from storyfuse.ingest.build import (
    article_from_html,
    article_from_record,
    article_from_text,
    build_article,
)
from storyfuse.ingest.fetch import Fetcher
from storyfuse.ingest.readers import RawDocument, read_source
from storyfuse.ingest.sources import Source, expand_inputs
from storyfuse.model import Article
from storyfuse.options import IngestOptions

__all__ = [
    "IngestResult",
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "expand_inputs",
    "ingest",
    "ingest_sources",
    "iter_ingest",
]

#: Set to re-raise unexpected errors with a traceback instead of reporting them per input.
DEBUG_ENV = "STORYFUSE_DEBUG"


@dataclass(slots=True)
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _article_or_error(doc: RawDocument, options: IngestOptions) -> Article | InputError:
    try:
        return build_article(doc, options)
    except InputRejected as exc:
        return InputError(doc.source, str(exc))
    except Exception as exc:  # one odd input must not take the others down
        if os.environ.get(DEBUG_ENV):
            raise
        return InputError(
            doc.source,
            f"internal error ({type(exc).__name__}: {exc}); rerun with "
            f"{DEBUG_ENV}=1 for a traceback and please report it",
        )


def ingest_sources(
    sources: Iterable[Source],
    options: IngestOptions | None = None,
    *,
    stdin: IO[bytes] | None = None,
    on_source_done: Callable[[Source], None] | None = None,
) -> Iterator[Article | InputError]:
    """Articles and errors from already expanded sources, in input order."""
    options = options or IngestOptions()
    fetcher = Fetcher(options)
    try:
        for source in sources:
            for doc in read_source(source, options, fetcher, stdin):
                yield doc if isinstance(doc, InputError) else _article_or_error(doc, options)
            if on_source_done is not None:
                on_source_done(source)
    finally:
        fetcher.close()


def iter_ingest(
    inputs: Iterable[str | os.PathLike[str]],
    options: IngestOptions | None = None,
    *,
    stdin: IO[bytes] | None = None,
) -> Iterator[Article | InputError]:
    """Articles and errors for paths, directories, URLs and ``-`` (stdin), streamed."""
    sources, errors = expand_inputs(inputs)
    yield from errors
    yield from ingest_sources(sources, options, stdin=stdin)


def ingest(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    options: IngestOptions | None = None,
    *,
    stdin: IO[bytes] | None = None,
) -> IngestResult:
    """Read and clean every input; see :func:`iter_ingest`."""
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    result = IngestResult()
    for item in iter_ingest(inputs, options, stdin=stdin):
        if isinstance(item, Article):
            result.articles.append(item)
        else:
            result.errors.append(item)
    return result
