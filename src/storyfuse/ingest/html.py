"""Article text and metadata from a full HTML page, through trafilatura.

trafilatura in precision mode is the main extractor (it scores best on the shared extraction
benchmark, see ``storyfuse eval extraction``); when it finds nothing, its recall mode and then
its baseline extractor are tried. With ``audit`` on, every block of page text the extractor
dropped is returned with its XPath, so users can see what was cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from storyfuse.clean.lines import fold
from storyfuse.errors import InputRejected
from storyfuse.language import normalize_language
from storyfuse.model import Removal

#: Pages whose best extraction has fewer words hold no article (index pages, login walls).
MIN_ARTICLE_WORDS = 15
#: A precision-mode extraction this short may have latched onto the wrong block (a reprint
#: notice, a teaser); the default mode is tried and wins when it finds far more text.
SHORT_EXTRACTION_WORDS = 80
SHORT_EXTRACTION_RATIO = 2.0

_HTML_LANG = re.compile(r"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "table",
    "figcaption",
    "figure",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "form",
    "dd",
    "dt",
    "dl",
    "address",
    "caption",
    "body",
    "details",
    "summary",
    "button",
    "label",
    "option",
    "select",
}
_INVISIBLE_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "head", "object"]


@dataclass(slots=True)
class HtmlExtraction:
    text: str
    extractor: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    description: str | None = None
    dropped: list[Removal] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(?:html|head|body|p|div|article)\b", head)
    )


def _extract(html: str, url: str | None, **mode: bool) -> Any:
    """trafilatura's document (text and metadata), or None. Imported here: it is slow to load."""
    import trafilatura
    from lxml import etree

    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, **mode
        )
    except (ValueError, TypeError, etree.LxmlError):
        return None


def _words(text: str | None) -> int:
    return len(text.split()) if text else 0


def extract_html(html: str, url: str | None = None, audit: bool = True) -> HtmlExtraction:
    """Extract the article of one page. Raises :class:`InputRejected` when there is none."""
    doc = _extract(html, url, favor_precision=True)
    extractor = "trafilatura-precision"
    if doc is None or _words(doc.text) < SHORT_EXTRACTION_WORDS:
        default = _extract(html, url)
        if default is not None and _words(default.text) > SHORT_EXTRACTION_RATIO * max(
            _words(doc.text if doc else None), MIN_ARTICLE_WORDS / 2
        ):
            doc, extractor = default, "trafilatura"
    if doc is None or _words(doc.text) < MIN_ARTICLE_WORDS:
        fallback = _extract(html, url, favor_recall=True)
        if fallback is not None and _words(fallback.text) > _words(doc.text if doc else None):
            doc, extractor = fallback, "trafilatura-recall"
    text = doc.text if doc is not None and doc.text else ""
    if _words(text) < MIN_ARTICLE_WORDS:
        import trafilatura
        from lxml import etree

        try:
            _tree, base_text, _length = trafilatura.baseline(html)
        except (ValueError, TypeError, etree.LxmlError):
            base_text = ""
        if _words(base_text) > _words(text):
            text, extractor = base_text, "trafilatura-baseline"
    if _words(text) < MIN_ARTICLE_WORDS:
        found = _words(text)
        raise InputRejected(
            "no article text found in the HTML page"
            + (f" (only {found} words of body text)" if found else "")
        )
    result = HtmlExtraction(text=text, extractor=extractor)
    if doc is not None:
        result.title = doc.title or None
        result.outlet = doc.sitename or doc.hostname or None
        result.published = doc.date or None
        result.authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        result.url = doc.url or url
        result.description = doc.description or None
    if result.outlet is None and (result.url or url):
        result.outlet = urlsplit(result.url or url or "").hostname
    match = _HTML_LANG.search(html[:8192])
    result.language = normalize_language(match.group(1)) if match else None
    if audit:
        result.dropped = dropped_blocks(html, text)
    return result


def _own_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _BLOCK_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join(" ".join(parts).split())


def dropped_blocks(html: str, extracted: str) -> list[Removal]:
    """Blocks of visible page text that are not part of the extracted article."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, etree.LxmlError):
        return []
    for element in list(root.iter(*_INVISIBLE_TAGS)):
        element.drop_tree()
    kept = fold(extracted)
    tree = root.getroottree()
    seen: set[str] = set()
    dropped: list[Removal] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCK_TAGS:
            continue
        text = _own_text(element)
        key = fold(text)
        if not key or key in seen or key in kept:
            continue
        seen.add(key)
        dropped.append(Removal("html-boilerplate", text, None, None, tree.getpath(element)))
    return dropped
