"""HTML extraction: article text, page metadata, fallbacks and the audit of what was dropped."""

from __future__ import annotations

import pytest

from storyfuse import IngestOptions, InputRejected, article_from_html
from tests.conftest import article_html

STORY = [
    "The regional council approved a new flood defence plan on Thursday after months of "
    "debate among residents and engineers.",
    "Work on the first section of the barrier is expected to begin next spring, officials "
    "said in a statement released after the vote.",
    "The project will be reviewed again when the first section is finished next year.",
]


def test_article_text_without_page_furniture():
    html = article_html(
        "Flood plan approved", STORY, extra_body="<p>Advertisement</p><p>Share this article</p>"
    )
    article = article_from_html(html, url="https://daily.example/flood")
    assert article.paragraphs == STORY
    for furniture in ("Home", "Related stories", "Storm floods", "newsletter", "Copyright"):
        assert furniture not in article.text
    assert article.title == "Flood plan approved"
    assert (article.outlet, article.published, article.language) == (
        "The Daily Example",
        "2024-03-05",
        "en",
    )
    assert article.url == "https://daily.example/flood"


def test_audit_lists_dropped_page_blocks_with_xpath():
    article = article_from_html(article_html("Flood plan approved", STORY))
    dropped = {r.text: r.where for r in article.removed if r.rule == "html-boilerplate"}
    assert "Storm floods coastal towns across the region overnight" in dropped
    assert "Sign up for our newsletter" in dropped
    assert all(where and where.startswith("/html/body") for where in dropped.values())
    quiet = article_from_html(
        article_html("Flood plan approved", STORY), options=IngestOptions(audit_html=False)
    )
    assert not [r for r in quiet.removed if r.rule == "html-boilerplate"]


def test_page_without_article_is_rejected_with_reason():
    with pytest.raises(InputRejected, match="no article text found in the HTML page"):
        article_from_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_fallback_reads_bare_markup():
    html = "<div>" + "".join(f"<div>{p}</div>" for p in STORY) + "</div>"
    article = article_from_html(html)
    assert "flood defence plan" in article.text
    assert article.meta["extractor"].startswith("trafilatura")
