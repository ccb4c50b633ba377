"""RSS and Atom feeds: recognise a feed behind a URL and list its entries.

A feed is an index of articles, not an article: reading its XML as text would give one
nonsense "article" made of headlines. The reader instead fetches each entry's page (see
``readers.read_source``), so this module only answers two questions: is this body a feed
(:func:`is_feed`), and which pages does it point to (:func:`parse_feed`). Both take bytes from
the network and must never raise on them; problems come back as :class:`InputError`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from storyfuse.clean import normalize_date
from storyfuse.errors import InputError
from storyfuse.ingest.fetch import is_url

#: Content types that say "feed" whatever the body looks like.
FEED_CONTENT_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/x-rss+xml",
        "application/x-atom+xml",
    }
)
#: Atom 1.0 and the pre-standard Atom 0.3: a ``<feed>`` root in another namespace is not Atom.
ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
#: How much of the body the sniffer looks at: the prolog plus the root start tag.
SNIFF_BYTES = 4096

# Whatever may come before the root element: whitespace, the XML declaration, processing
# instructions (xml-stylesheet), comments and a doctype (with an internal subset).
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I)
_ROOT = re.compile(r"<(rss|rdf:RDF|(?:[A-Za-z_][\w.-]*:)?feed)(?=[\s/>])([^>]*)")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed: the page to fetch and what the feed says about it.

    ``title`` and ``published`` (ISO 8601) fill in for a page that lacks them; ``summary`` is
    the entry's description as plain text.
    """

    link: str  # absolute http(s) URL
    title: str | None = None
    published: str | None = None
    summary: str | None = None


def _head(data: bytes) -> str:
    """The first bytes as text, enough to read tag names (which are ASCII in any encoding)."""
    head = data[:SNIFF_BYTES]
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def feed_root(data: bytes) -> str | None:
    """``"rss"``, ``"atom"`` or ``"rdf"`` when the document's root element is a feed's.

    Only the root counts, so an HTML page that quotes ``<rss>`` in its text is not a feed.
    """
    head = _head(data)
    prolog = _PROLOG.match(head)
    root = _ROOT.match(head, prolog.end() if prolog else 0)
    if root is None:
        return None
    name, attributes = root.group(1), root.group(2)
    if name == "rss":
        return "rss"
    if name == "rdf:RDF":
        return "rdf"
    return "atom" if any(ns in attributes for ns in ATOM_NAMESPACES) else None


def is_feed(data: bytes, content_type: str | None = None) -> bool:
    """Whether a fetched body is an RSS/Atom feed rather than a page.

    A feed content type decides; otherwise the root element does, since feeds are often
    served as ``application/xml``, ``text/xml`` or even ``text/html`` and ``text/plain``.
    ``data`` must already be decompressed.
    """
    if content_type and content_type.split(";")[0].strip().lower() in FEED_CONTENT_TYPES:
        return True
    return feed_root(data) is not None


def _text(value: Any, detail: Any = None) -> str | None:
    """Plain text from a feed field; markup is removed only when the feed says it is HTML
    (a plain-text title may well contain "<")."""
    if not isinstance(value, str):
        return None
    kind = detail.get("type") if isinstance(detail, Mapping) else None
    if isinstance(kind, str) and "html" in kind:
        value = html.unescape(_TAG.sub(" ", value))
    value = _SPACE.sub(" ", value).strip()
    return value or None


def _date(entry: Mapping[str, Any]) -> str | None:
    """The entry's date as ISO 8601: published, else updated (Atom requires only that).

    The written date is normalised as storyfuse normalises page dates, which keeps the
    publisher's UTC offset (and so its calendar day); feedparser's parse, always in UTC, is
    the fallback for date formats only it knows.
    """
    for key in ("published", "updated"):
        written = entry.get(key)
        iso = normalize_date(written) if isinstance(written, str) else None
        if iso:
            return iso
        parsed = entry.get(f"{key}_parsed")
        if parsed is not None:
            try:
                return dt.datetime(*parsed[:6], tzinfo=dt.UTC).isoformat()
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _link(entry: Mapping[str, Any], base: str) -> str | None:
    """The entry's page as an absolute URL. feedparser already resolves against ``xml:base``
    and the feed URL; joining again is a no-op then and a safety net otherwise."""
    link = entry.get("link")
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        return urljoin(base, link.strip())
    except ValueError:  # a malformed URL such as "http://[::1"
        return link.strip()


def _problem(parsed: Mapping[str, Any]) -> str:
    """Why feedparser gave up, as ": REASON", or "".

    An XML syntax error's text starts "<unknown>:2:0:", a position in the text feedparser
    rewrote (it adds a declaration line), so only its message is kept.
    """
    problem = parsed.get("bozo_exception")
    if problem is None:
        return ""
    message = getattr(problem, "getMessage", None)
    try:
        text = str(message() if callable(message) else problem)
    except Exception:
        text = ""
    return f": {text or type(problem).__name__}"


def parse_feed(data: bytes, url: str, charset: str | None = None) -> list[FeedEntry | InputError]:
    """The entries of a feed, in feed order, with an :class:`InputError` in place of each entry
    that cannot be read (no link, or a link that is not http(s)).

    ``url`` is where the feed was fetched from (after redirects): relative links are resolved
    against it. A body feedparser makes nothing of, or a feed without entries, gives a single
    error naming ``url``: the user asked for articles and must learn why there are none.
    """
    import feedparser  # imported here: it is only needed for feeds

    headers = {
        "content-location": url,
        # Let the XML declaration or BOM name the encoding unless HTTP did (RFC 7303).
        "content-type": f"application/xml; charset={charset}" if charset else "application/xml",
    }
    try:
        # A stream, never bytes: feedparser treats a bytes argument as a file name first.
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
        entries = list(parsed.get("entries") or [])
    except Exception as exc:  # third-party parsing of untrusted bytes: report, never crash
        return [InputError(url, f"cannot parse the feed ({type(exc).__name__}: {exc})")]
    if not entries:
        if parsed.get("bozo"):
            return [InputError(url, f"not a readable RSS or Atom feed{_problem(parsed)}")]
        return [InputError(url, "the feed has no entries")]
    out: list[FeedEntry | InputError] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            out.append(InputError(f"{url}#{number}", "feed entry is not readable"))
            continue
        title = _text(entry.get("title"), entry.get("title_detail"))
        link = _link(entry, url)
        named = f" '{title}'" if title else ""
        if link is None:
            out.append(InputError(f"{url}#{number}", f"feed entry{named} has no link to a page"))
        elif not is_url(link):
            out.append(
                InputError(
                    f"{url}#{number}", f"feed entry{named} links to {link!r}, not an http(s) page"
                )
            )
        else:
            out.append(
                FeedEntry(
                    link=link,
                    title=title,
                    published=_date(entry),
                    summary=_text(entry.get("summary"), entry.get("summary_detail")),
                )
            )
    return out
