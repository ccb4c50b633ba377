"""Read a source into raw documents: the text, HTML or JSON record of each article in it.

A source holds one article (a .txt or .html file, a URL) or many (a JSON list, a JSONL file,
a cluster line of the evaluation format, an RSS or Atom feed URL, whose entries' pages are
fetched). Each problem is yielded as an :class:`InputError` naming the source and, inside a
file, the line or item (or feed entry), and reading goes on with the rest.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Literal

from storyfuse.errors import InputError, InputRejected
from storyfuse.ingest.decode import GZIP_MAGIC, declared_charset, decode, format_size, gunzip
from storyfuse.ingest.feeds import FeedEntry, is_feed, parse_feed
from storyfuse.ingest.fetch import Fetched, Fetcher
from storyfuse.ingest.html import looks_like_html
from storyfuse.ingest.sources import Format, Source
from storyfuse.model import is_article_dict
from storyfuse.options import IngestOptions

_CONTENT_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "text/plain": "text",
    "text/markdown": "text",
}


@dataclass(slots=True)
class RawDocument:
    """One article as read, before cleaning."""

    source: str  # the name used in messages: path or URL, plus ":LINE" / "#ITEM" inside files
    origin: str
    kind: Literal["text", "html", "record", "article"]
    content: Any  # str for text/html, dict for record/article
    url: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    #: Metadata used only where the document gives none: a feed entry's ``title`` and
    #: ``published`` for the page it links to (the page's own metadata is better when present).
    fallback: dict[str, str] = field(default_factory=dict)


def sniff_format(text: str) -> Format:
    head = text.lstrip()[:2048]
    if head.startswith(("{", "[")):
        first_line = head.split("\n", 1)[0].strip()
        if head.startswith("{") and first_line.endswith("}") and "\n{" in text.lstrip()[:200_000]:
            return "jsonl"
        return "json"
    if looks_like_html(head):
        return "html"
    return "text"


def _read_limited(stream: IO[bytes], limit: int, what: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputRejected(f"{what} is larger than the {format_size(limit)} limit (--max-size)")
    return data


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"


def records_from_json(value: Any, source: str, origin: str) -> Iterator[RawDocument | InputError]:
    """Articles in a parsed JSON value: one article, a list, or a cluster {"articles": [...]}."""
    if isinstance(value, list):
        if not value:
            yield InputError(source, "empty JSON list: no articles")
        for index, item in enumerate(value, start=1):
            yield from records_from_json(item, f"{source}#{index}", origin)
        return
    if not isinstance(value, dict):
        yield InputError(
            source, f"JSON {type(value).__name__} is not an article object or a list of them"
        )
        return
    if is_article_dict(value):
        yield RawDocument(source, origin, "article", value)
        return
    articles = value.get("articles")
    if isinstance(articles, list):
        cluster = value.get("id")
        for index, item in enumerate(articles, start=1):
            for doc in records_from_json(item, f"{source}#{index}", origin):
                if isinstance(doc, RawDocument) and cluster is not None:
                    doc.meta.setdefault("cluster", str(cluster))
                yield doc
        if not articles:
            yield InputError(source, "cluster has an empty 'articles' list")
        return
    yield RawDocument(source, origin, "record", value)


def _json_documents(text: str, source: str, origin: str) -> Iterator[RawDocument | InputError]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(source, _json_error(exc))
        return
    yield from records_from_json(value, source, origin)


def _jsonl_line(line: str, source: str, origin: str) -> Iterator[RawDocument | InputError]:
    if line.strip():
        yield from _json_documents(line, source, origin)


def _stream_jsonl(source: Source, options: IngestOptions) -> Iterator[RawDocument | InputError]:
    """JSONL files are read line by line, so their total size is not capped, only each line."""
    assert source.path is not None
    limit = options.max_bytes
    opener = gzip.open if source.gzipped else open
    with opener(source.path, "rb") as stream:  # type: ignore[operator]
        number = 0
        while True:
            line = stream.readline(limit + 1)
            if not line:
                break
            number += 1
            if len(line) > limit and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the huge line
                    line = stream.readline(1 << 20)
                yield InputError(
                    f"{source.name}:{number}", f"line is over the {format_size(limit)} limit"
                )
                continue
            try:
                text = decode(line)
            except InputRejected as exc:
                yield InputError(f"{source.name}:{number}", str(exc))
                continue
            yield from _jsonl_line(text, f"{source.name}:{number}", source.name)


def _read_file(source: Source, options: IngestOptions) -> Iterator[RawDocument | InputError]:
    assert source.path is not None
    fmt = source.format
    if fmt == "jsonl":
        yield from _stream_jsonl(source, options)
        return
    size = source.path.stat().st_size
    if size == 0:
        yield InputError(source.name, "empty file")
        return
    if not source.gzipped and size > options.max_bytes:
        yield InputError(
            source.name,
            f"file is {format_size(size)}, over the {format_size(options.max_bytes)} limit for "
            "one document (raise it with --max-size, or split it into JSONL, which is streamed)",
        )
        return
    with open(source.path, "rb") as stream:
        data = _read_limited(stream, options.max_bytes, "file")
    yield from _from_bytes(data, fmt, source.name, source.name, options)


def _from_bytes(
    data: bytes,
    fmt: Format | None,
    source: str,
    origin: str,
    options: IngestOptions,
    *,
    charset: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Iterator[RawDocument | InputError]:
    """Documents in one whole input (a file, a URL body, stdin), gzipped or not."""
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, options.max_bytes)
    if fmt in (None, "html"):
        charset = charset or declared_charset(data)
    text = decode(data, charset)
    if not text.strip():
        yield InputError(source, "empty input (nothing but whitespace)")
        return
    fmt = fmt or sniff_format(text)
    if fmt == "json":
        yield from _json_documents(text, source, origin)
    elif fmt == "jsonl":
        for number, line in enumerate(text.split("\n"), start=1):
            yield from _jsonl_line(line, f"{source}:{number}", origin)
    else:
        yield RawDocument(source, origin, fmt, text, url=url, language=language)


def _from_fetched(
    fetched: Fetched, data: bytes, source: str, options: IngestOptions
) -> Iterator[RawDocument | InputError]:
    """Documents in a fetched page, its content type naming the format when it is a known one."""
    yield from _from_bytes(
        data,
        _CONTENT_TYPES.get(fetched.content_type or ""),
        source,
        fetched.url,
        options,
        charset=fetched.charset,
        url=fetched.url,
        language=fetched.language,
    )


def _read_entry(
    entry: FeedEntry, feed: str, options: IngestOptions, fetcher: Fetcher
) -> Iterator[RawDocument | InputError]:
    """The page one feed entry links to. Its failure is this entry's error only, so the
    reason names the entry's URL and the feed it came from, and the feed's other entries are
    still read."""
    try:
        page = fetcher.fetch(entry.link)
        for item in _from_fetched(page, page.content, entry.link, options):
            if isinstance(item, RawDocument):
                item.meta.setdefault("feed", feed)
                item.meta.setdefault("feed_link", entry.link)
                if entry.title:
                    item.fallback.setdefault("title", entry.title)
                if entry.published:
                    item.fallback.setdefault("published", entry.published)
            yield item
    except InputRejected as exc:
        yield InputError(entry.link, f"{exc} (an entry of the feed {feed})")
    except (OSError, EOFError, zlib.error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield InputError(entry.link, f"cannot read: {reason} (an entry of the feed {feed})")


def _read_feed(
    data: bytes, feed: Fetched, options: IngestOptions, fetcher: Fetcher
) -> Iterator[RawDocument | InputError]:
    """One document per feed entry, fetched from its link in feed order: a feed is a list of
    articles, not an article. Entries ``options.seen`` already has are not fetched."""
    for entry in parse_feed(data, feed.url, feed.charset):
        if isinstance(entry, InputError):
            yield entry
        elif options.seen is None or not options.seen(entry.link):
            yield from _read_entry(entry, feed.url, options, fetcher)


def _read_url(
    source: Source, options: IngestOptions, fetcher: Fetcher
) -> Iterator[RawDocument | InputError]:
    fetched = fetcher.fetch(source.name)
    data = fetched.content
    if data.startswith(GZIP_MAGIC):  # a .xml.gz feed: look inside before deciding
        data = gunzip(data, options.max_bytes)
    if is_feed(data, fetched.content_type):
        yield from _read_feed(data, fetched, options, fetcher)
    else:
        yield from _from_fetched(fetched, data, source.name, options)


def read_source(
    source: Source, options: IngestOptions, fetcher: Fetcher, stdin: IO[bytes] | None = None
) -> Iterator[RawDocument | InputError]:
    """Raw documents in one source; failures are yielded, never raised.

    A URL whose body is an RSS or Atom feed yields the documents of the entries' pages.
    """
    try:
        if source.kind == "file":
            yield from _read_file(source, options)
        elif source.kind == "url":
            yield from _read_url(source, options, fetcher)
        else:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = _read_limited(stream, options.max_bytes, "standard input")
            yield from _from_bytes(data, None, "<stdin>", "<stdin>", options)
    except InputRejected as exc:
        yield InputError(source.name, str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield InputError(source.name, f"cannot read: {reason}")
