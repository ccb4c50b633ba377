"""Batch clustering of a file of articles, without a store: the local engine.

Both engines (this one and :mod:`storyfuse.stories.spark`) write the same assignments format:
one JSON line per article, ``{"id", "story", "date"}``, in the order the clustering pass saw
them (date, then id; undated last), stories numbered 1, 2, ... in order of their first article.
So the two outputs of one input can be compared line by line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from storyfuse.embed import Embedder
from storyfuse.errors import InputError, InputRejected, unexpected
from storyfuse.ingest.build import article_from_record
from storyfuse.model import Article, is_article_dict
from storyfuse.options import IngestOptions
from storyfuse.stories.cluster import ClusterOptions, assign, order_key
from storyfuse.stories.features import ArticleFeatures, day_to_iso, featurize

#: Articles featurized per call (titles are embedded in one batch).
CHUNK = 256


@dataclass(slots=True)
class BatchResult:
    articles: int = 0
    stories: int = 0
    errors: list[InputError] = field(default_factory=list)


def article_from_line(line: str, origin: str, options: IngestOptions) -> Article:
    """One JSONL line: a storyfuse article (as written by ``ingest --jsonl``) or a record.

    A record with a title but no usable text (a headlines feed) is kept as its title alone,
    marked ``meta["title_only"]``: a headline is enough to place an article in a story.
    """
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputRejected(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise InputRejected("not a JSON object")
    return article_from_data(data, origin, options)


def article_from_data(data: dict[str, Any], origin: str, options: IngestOptions) -> Article:
    """:func:`article_from_line` on a line already parsed."""
    if is_article_dict(data):
        return Article.from_dict(data)
    try:
        return article_from_record(data, origin=origin, options=options)
    except InputRejected:
        title = data.get("title")
        if not isinstance(title, str) or not title.strip() or title == "None":
            raise
        return article_from_record(
            {**data, "text": title},
            origin=origin,
            options=replace(options, clean=False),
            meta={"title_only": True},
        )


def write_assignments(rows: Iterable[tuple[ArticleFeatures, int]], out: IO[str]) -> int:
    stories: set[int] = set()
    for f, number in rows:
        stories.add(number)
        out.write(
            json.dumps({"id": f.article_id, "story": number, "date": day_to_iso(f.day)}) + "\n"
        )
    return len(stories)


def read_lines(path: str | Path) -> Iterator[tuple[str, str]]:
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if line.strip():
                yield f"{path}:{number}", line


def read_article(line: str, origin: str, options: IngestOptions) -> Article | InputError:
    """:func:`article_from_line`, with a failure as an error value: one bad line never stops
    the others (an unexpected one says so, as ingestion does)."""
    try:
        return article_from_line(line, origin, options)
    except InputRejected as exc:
        return InputError(origin, str(exc))
    except Exception as exc:
        return unexpected(origin, exc)


def features_of_lines(
    lines: Iterable[tuple[str, str]], embedder: Embedder | None
) -> Iterator[ArticleFeatures | InputError]:
    """Features (or errors) of (origin, JSONL line) pairs, in order, :data:`CHUNK` at a time.

    Both engines read through this: the local one over a file, Spark's executors over a
    partition.
    """
    options = IngestOptions(audit_html=False)
    chunk: list[Article] = []
    for origin, line in lines:
        item = read_article(line, origin, options)
        if isinstance(item, InputError):
            yield item
            continue
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield from featurize(chunk, embedder)
            chunk = []
    if chunk:
        yield from featurize(chunk, embedder)


def cluster_file(
    path: str | Path,
    out: IO[str],
    *,
    embedder: Embedder | None,
    options: ClusterOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Cluster a JSONL file of articles on this machine and write the assignments."""
    result = BatchResult()
    features: list[ArticleFeatures] = []
    for item in features_of_lines(read_lines(path), embedder):
        if isinstance(item, InputError):
            result.errors.append(item)
            continue
        features.append(item)
        result.articles += 1
        if progress:
            progress(1)
    features.sort(key=order_key)
    result.stories = write_assignments(assign(features, options), out)
    return result


def read_assignment_lines(lines: Iterable[str]) -> dict[str, int]:
    """Article id -> story number, from the lines :func:`write_assignments` wrote."""
    out: dict[str, int] = {}
    for line in lines:
        if line.strip():
            row: dict[str, Any] = json.loads(line)
            out[str(row["id"])] = int(row["story"])
    return out
