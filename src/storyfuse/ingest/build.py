"""Raw documents to articles: extract (HTML), clean, normalise metadata, segment, assign ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping
from typing import Any

from storyfuse.clean import CleanedText, clean_text, normalize_date
from storyfuse.errors import InputRejected
from storyfuse.ingest.html import extract_html, looks_like_html
from storyfuse.ingest.readers import RawDocument
from storyfuse.language import detect_language, normalize_language
from storyfuse.model import Article, Removal
from storyfuse.options import IngestOptions
from storyfuse.segment import ensure_sentences, segment

# Field names seen in news datasets and APIs, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "docid", "uid", "guid"),
    "title": ("title", "headline", "name"),
    "text": (
        "text",
        "body",
        "content",
        "maintext",
        "article",
        "article_body",
        "articleBody",
        "story",
        "full_text",
        "fulltext",
    ),
    "html": ("html", "raw_html", "rawHtml", "page", "content_html", "html_content"),
    "outlet": (
        "outlet",
        "source",
        "site",
        "site_name",
        "sitename",
        "publisher",
        "source_name",
        "source_domain",
        "domain",
        "media",
    ),
    "published": (
        "published",
        "date",
        "published_at",
        "publishedAt",
        "publish_date",
        "pubDate",
        "date_publish",
        "datetime",
        "pub_date",
        "publication_date",
        "date_published",
        "timestamp",
        "time",
    ),
    "url": ("url", "link", "source_url", "canonical_url", "href"),
    "authors": ("authors", "author", "byline", "creator", "creators"),
    "language": ("language", "lang", "locale"),
}
_MISSING = {"", "none", "null", "nan", "n/a", "undefined"}


def _value(value: Any) -> str | None:
    """A usable scalar as a string; placeholders like "None" (from careless exports) are None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return _value(value.get("name") or value.get("title") or value.get("id"))
    if isinstance(value, list):
        return None
    text = str(value).strip()
    return None if text.casefold() in _MISSING else text


def record_field(record: dict[str, Any], name: str) -> Any:
    """The first non-empty value among the field's aliases."""
    for key in FIELD_ALIASES[name]:
        value = record.get(key)
        if (isinstance(value, list) and value) or _value(value) is not None:
            return value
    return None


def _authors(value: Any) -> list[str]:
    if isinstance(value, list):
        return [a for a in (_value(v) for v in value) if a]
    text = _value(value)
    if not text:
        return []
    parts = text.replace(" and ", ";").replace(",", ";").split(";")
    return [p.strip() for p in parts if p.strip()]


def _published(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        seconds = value / 1000 if value > 1e11 else value  # milliseconds since the epoch
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return normalize_date(_value(value))


def article_id(url: str | None, title: str | None, text: str) -> str:
    """A stable id from what the article says, so re-ingesting the same article gives the same id
    wherever the file lives."""
    digest = hashlib.blake2b(digest_size=8)
    for part in (url or "", title or "", text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _finish(
    cleaned: CleanedText,
    *,
    origin: str | None,
    given_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    authors: Iterable[str] = (),
    language: str | None = None,
    removed_before: Iterable[Removal] = (),
    meta: dict[str, Any] | None = None,
    fallback: Mapping[str, Any] | None = None,
    options: IngestOptions,
) -> Article:
    fallback = fallback or {}
    fields = cleaned.fields
    title = title or _value(fields.get("title")) or cleaned.title or _value(fallback.get("title"))
    if not cleaned.paragraphs:
        removed = len(cleaned.removed)
        raise InputRejected(
            "no article text"
            + (
                f" left after cleaning ({removed} lines removed as boilerplate; "
                "see them with --show-removed)"
                if removed
                else ""
            )
        )
    text = cleaned.text
    outlet = outlet or _value(fields.get("source") or fields.get("outlet") or fields.get("site"))
    published = (
        published
        or normalize_date(fields.get("date"))
        or cleaned.published
        or normalize_date(_value(fallback.get("published")))
    )
    url = url or _value(fields.get("url"))
    language = (
        normalize_language(options.language)
        or normalize_language(language)
        or normalize_language(fields.get("language") or fields.get("lang"))
        or detect_language(text)
    )
    ident = given_id or article_id(url, title, text)
    author_list: list[str] = []
    for name in [*authors, *cleaned.authors]:
        if name not in author_list:
            author_list.append(name)
    return Article(
        id=ident,
        text=text,
        paragraphs=cleaned.paragraphs,
        sentences=segment(cleaned.paragraphs, ident, language) if options.segment else [],
        title=title,
        origin=origin,
        url=url,
        outlet=outlet,
        published=published,
        authors=author_list,
        language=language,
        dateline=cleaned.dateline,
        credits=cleaned.credits,
        removed=[*removed_before, *cleaned.removed],
        meta=dict(meta or {}),
    )


def article_from_text(
    text: str,
    *,
    origin: str | None = None,
    options: IngestOptions | None = None,
    fallback: Mapping[str, Any] | None = None,
    **metadata: Any,
) -> Article:
    """An article from plain text (a scraped page, a wire story, a Markdown file).

    ``metadata`` may give ``title``, ``outlet``, ``published``, ``url``, ``authors``,
    ``language``, ``given_id`` and ``meta``; what it leaves out is looked for in the text, and
    then taken from ``fallback`` (``title``, ``published``: what a feed said about the page).
    """
    options = options or IngestOptions()
    cleaned = clean_text(text, title=metadata.get("title"), rules=options.clean)
    return _finish(cleaned, origin=origin, options=options, fallback=fallback, **metadata)


def article_from_html(
    html: str,
    *,
    url: str | None = None,
    origin: str | None = None,
    options: IngestOptions | None = None,
    fallback: Mapping[str, Any] | None = None,
    **metadata: Any,
) -> Article:
    """An article from a full HTML page; page metadata fills what ``metadata`` leaves out, and
    ``fallback`` (``title``, ``published``) what the page leaves out too."""
    options = options or IngestOptions()
    page = extract_html(html, url=url, audit=options.audit_html)
    # A feed's title stands in before cleaning, so its repeat atop the text is dropped.
    title = metadata.pop("title", None) or page.title or _value((fallback or {}).get("title"))
    cleaned = clean_text(page.text, title=title, find_title=False, rules=options.clean)
    meta = {"extractor": page.extractor, **(metadata.pop("meta", None) or {})}
    return _finish(
        cleaned,
        origin=origin or url,
        title=title,
        outlet=metadata.pop("outlet", None) or page.outlet,
        published=metadata.pop("published", None) or normalize_date(page.published),
        url=page.url or url,
        authors=metadata.pop("authors", None) or page.authors,
        language=metadata.pop("language", None) or page.language,
        removed_before=page.dropped,
        meta=meta,
        fallback=fallback,
        options=options,
        **metadata,
    )


def article_from_record(
    record: dict[str, Any],
    *,
    origin: str | None = None,
    options: IngestOptions | None = None,
    meta: dict[str, Any] | None = None,
    fallback: Mapping[str, Any] | None = None,
) -> Article:
    """An article from a JSON object with the usual news fields (see ``FIELD_ALIASES``);
    ``fallback`` (``title``, ``published``) fills what neither the record nor its text gives."""
    options = options or IngestOptions()
    metadata: dict[str, Any] = {
        "given_id": _value(record_field(record, "id")),
        "title": _value(record_field(record, "title")),
        "outlet": _value(record_field(record, "outlet")),
        "published": _published(record_field(record, "published")),
        "authors": _authors(record_field(record, "authors")),
        "language": _value(record_field(record, "language")),
        "fallback": fallback,
        "meta": {
            **(record.get("meta") if isinstance(record.get("meta"), dict) else {}),
            **(meta or {}),
        },
    }
    url = _value(record_field(record, "url"))
    html = _value(record_field(record, "html"))
    text = _value(record_field(record, "text"))
    if html and (not text or looks_like_html(html)):
        return article_from_html(html, url=url, origin=origin, options=options, **metadata)
    if not text:
        keys = ", ".join(sorted(record)[:8]) or "none"
        raise InputRejected(
            f"record has no article text (looked for 'text', 'body', 'content' or 'html'; "
            f"its fields: {keys})"
        )
    if looks_like_html(text) and "</p>" in text.lower():
        return article_from_html(text, url=url, origin=origin, options=options, **metadata)
    return article_from_text(text, origin=origin, url=url, options=options, **metadata)


def build_article(doc: RawDocument, options: IngestOptions) -> Article:
    """The article in one raw document. Raises :class:`InputRejected` with the reason."""
    if doc.kind == "article":
        article = Article.from_dict(doc.content)
        return ensure_sentences(article) if options.segment else article
    if doc.kind == "record":
        return article_from_record(
            doc.content, origin=doc.source, options=options, meta=doc.meta, fallback=doc.fallback
        )
    if doc.kind == "html":
        return article_from_html(
            doc.content,
            url=doc.url,
            origin=doc.origin,
            options=options,
            language=doc.language,
            meta=doc.meta,
            fallback=doc.fallback,
        )
    return article_from_text(
        doc.content,
        origin=doc.origin,
        options=options,
        url=doc.url,
        language=doc.language,
        meta=doc.meta,
        fallback=doc.fallback,
    )
