"""Ingestion: any mix of files, directories, stdin, JSON/JSONL and URLs in, clean articles out.

One bad input never stops the others: :func:`iter_ingest` yields an :class:`InputError` for it
and goes on. :func:`ingest` collects both into an :class:`IngestResult`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing.context import BaseContext
from typing import IO, Any, TypeVar, overload

from storyfuse.errors import InputError, InputRejected, unexpected
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

T = TypeVar("T")

#: Documents in flight per worker process when ``IngestOptions.jobs`` > 1.
PARALLEL_WINDOW_PER_JOB = 32
#: Documents sent to a worker at once: one task per document cost the reading process 20-30 %
#: more CPU on a 10k-article ``storyfuse add`` (task and result overhead; measured).
CHUNK = 8


@dataclass(slots=True)
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _article_or_error(
    doc: RawDocument, options: IngestOptions, then: Callable[[Article], Any] | None = None
) -> Any:
    """The document's article (or ``then(article)``), or the error that stopped it."""
    try:
        article = build_article(doc, options)
        return article if then is None else then(article)
    except InputRejected as exc:
        return InputError(doc.source, str(exc))
    except Exception as exc:  # one odd input must not take the others down
        return unexpected(doc.source, exc)


def _events(
    sources: Iterable[Source], options: IngestOptions, fetcher: Fetcher, stdin: IO[bytes] | None
) -> Iterator[tuple[Source, RawDocument | InputError | None]]:
    """Raw documents and read errors in input order; ``None`` marks the end of a source."""
    for source in sources:
        for doc in read_source(source, options, fetcher, stdin):
            yield source, doc
        yield source, None


def _built(
    events: Iterator[tuple[Source, RawDocument | InputError | None]],
    options: IngestOptions,
    then: Callable[[Article], Any] | None = None,
) -> Iterator[tuple[Source, Any]]:
    """Events with raw documents turned into articles (or ``then`` of them), on
    ``options.jobs`` processes.

    Order is kept, and at most a small window of documents is in flight, so memory stays flat
    on inputs of any length.
    """
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1:
        for source, item in events:
            yield (
                source,
                _article_or_error(item, options, then) if isinstance(item, RawDocument) else item,
            )
        return
    # Workers never fetch, and a transport or a ``seen`` callable may not pickle.
    worker_options = replace(options, transport=None, seen=None)
    window = jobs * PARALLEL_WINDOW_PER_JOB
    # (source, the chunk's future and the item's place in it | an error | end of a source)
    pending: deque[tuple[Source, tuple[Future[list[Any]], int] | InputError | None]] = deque()
    chunk: list[tuple[Source, RawDocument]] = []
    pool = ProcessPoolExecutor(jobs, mp_context=_context(options, then))

    def flush() -> None:
        if chunk:
            docs = [doc for _, doc in chunk]
            future = pool.submit(_articles_or_errors, docs, worker_options, then)
            pending.extend((source, (future, k)) for k, (source, _) in enumerate(chunk))
            chunk.clear()

    def result(item: tuple[Future[list[Any]], int] | InputError | None) -> Any:
        return item[0].result()[item[1]] if isinstance(item, tuple) else item

    try:
        for source, item in events:
            if isinstance(item, RawDocument):
                chunk.append((source, item))
                if len(chunk) < CHUNK:
                    continue
                flush()
            else:
                flush()  # keep errors and end-of-source marks in input order
                pending.append((source, item))
            while pending and (len(pending) >= window or _ready(pending[0][1])):
                head_source, head = pending.popleft()
                yield head_source, result(head)
        flush()
        for head_source, head in pending:
            yield head_source, result(head)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _articles_or_errors(
    docs: list[RawDocument], options: IngestOptions, then: Callable[[Article], Any] | None
) -> list[Any]:
    return [_article_or_error(doc, options, then) for doc in docs]


#: Built once in the reading process before workers are forked (see :func:`_context`).
_WARM_UP = {
    "title": "Storm cuts power along the coast",
    "text": "A storm cut power to thousands of homes along the coast on Monday, officials said. "
    "Crews expect to restore most of it by Wednesday.\n\nSchools stayed closed.",
}


def _context(options: IngestOptions, then: Callable[[Article], Any] | None) -> BaseContext:
    """How worker processes start: forked where that is safe (Linux, and no other thread in
    this process: a fork copies only the calling thread, and a lock another thread held
    stays locked in the child), spawned elsewhere.

    A spawned worker imports storyfuse and opens the language identifier, the sentence
    splitter and the word tables itself (measured 0.9 s of CPU each before those opened from
    the cache; the imports alone are 0.45 s now). Before forking, this process builds one
    small article (and ``then`` of it) instead, so every worker starts with all of it loaded.
    """
    if sys.platform == "linux" and _single_threaded():
        _article_or_error(
            RawDocument(source="(warm-up)", origin="(warm-up)", kind="record", content=_WARM_UP),
            options,
            then,
        )
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _single_threaded() -> bool:
    """No other Python thread. Native thread pools (numpy's BLAS, an ONNX session) are left
    out on purpose: the workers never call into them, and BLAS re-creates its pool after a
    fork; counting them (in /proc/self/task) would rule out forking wherever numpy is loaded.
    """
    return threading.active_count() == 1


def _ready(item: object) -> bool:
    return not isinstance(item, tuple) or item[0].done()


@overload
def ingest_sources(
    sources: Iterable[Source],
    options: IngestOptions | None = None,
    *,
    stdin: IO[bytes] | None = None,
    on_source_done: Callable[[Source], None] | None = None,
    then: None = None,
) -> Iterator[Article | InputError]: ...


@overload
def ingest_sources(
    sources: Iterable[Source],
    options: IngestOptions | None = None,
    *,
    stdin: IO[bytes] | None = None,
    on_source_done: Callable[[Source], None] | None = None,
    then: Callable[[Article], T],
) -> Iterator[T | InputError]: ...


def ingest_sources(
    sources: Iterable[Source],
    options: IngestOptions | None = None,
    *,
    stdin: IO[bytes] | None = None,
    on_source_done: Callable[[Source], None] | None = None,
    then: Callable[[Article], Any] | None = None,
) -> Iterator[Any]:
    """Articles and errors from already expanded sources, in input order.

    ``then`` is applied to each article where it was built, in the worker processes when
    ``options.jobs`` > 1 (so it must pickle: a module-level function), and its result is
    yielded instead of the article. An exception in it is reported as that input's error.
    """
    options = options or IngestOptions()
    fetcher = Fetcher(options)
    try:
        for source, item in _built(_events(sources, options, fetcher, stdin), options, then):
            if item is not None:
                yield item
            elif on_source_done is not None:
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
