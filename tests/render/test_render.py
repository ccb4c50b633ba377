"""Markdown, JSON and HTML renderings of a brief: complete, resolvable, and escaped."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from storyfuse import BriefOptions, brief
from storyfuse.render.html import render_html
from storyfuse.render.json import brief_schema, render_json
from storyfuse.render.markdown import render_markdown
from tests.conftest import make_article

HOSTILE = (
    'Officials said <script>alert("x")</script> the bridge at <img src=x onerror=alert(1)> '
    "Riverside was closed on Monday after [cracks](javascript:alert(2)) were found."
)
SAME = (
    "The bridge at Riverside was closed on Monday after cracks were found, "
    'officials said <script>alert("x")</script>.'
)


@pytest.fixture
def result(fake_embedder):
    articles = [
        make_article(
            "a",
            [
                HOSTILE,
                "Traffic was diverted through the town centre for weeks.",
                '"The <script>alert(3)</script> bridge is a danger to everyone," said Mayor '
                "Jane Doe on Monday.",
            ],
            outlet="Daily <b>One</b>",
            title="Bridge <i>closed</i>",
        ),
        make_article(
            "b",
            [SAME, "Engineers will inspect the bridge again next week."],
            outlet="Wire Two",
            title="Riverside bridge shut",
        ),
    ]
    return brief(articles, BriefOptions(words=80), embedder=fake_embedder)


def test_json_follows_the_published_schema(result):
    data = json.loads(render_json(result))
    jsonschema.validate(data, brief_schema())
    assert data["schema"] == "storyfuse.brief/2"
    assert data["sentences"] and all(s["citations"] for s in data["sentences"])


def test_markdown_lists_every_cited_source_with_its_sentences(result):
    text = render_markdown(result)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text.split("## Sources")[0])}
    assert cited == {s.number for s in result.sources}
    for source in result.sources:
        assert re.search(rf"^{source.number}\. ", text, re.M)
    assert "for sentence 1:" in text
    assert "\\<script\\>" in text and "<script>" not in text  # markup in article text escaped


def test_html_is_self_contained_and_runs_nothing(result):
    page = render_html(result)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith("#") for h in hrefs)  # only links within the page
    assert "default-src 'none'" in page  # a CSP that forbids scripts and remote loads
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)  # no external resource
    for sentence_number, sentence in enumerate(result.sentences, start=1):
        for n in sentence.citations:
            target = f"s{sentence_number}-src{n}"
            assert f'href="#{target}"' in page and f'id="{target}"' in page
    assert "Daily &lt;b&gt;One&lt;/b&gt;" in page
    # The analysis sections carry article text too: escaped the same way.
    assert 'id="quotes"' in page and "The &lt;script&gt;alert(3)&lt;/script&gt; bridge" in page


def test_sections_show_their_first_items_and_say_how_many_more(result):
    from dataclasses import replace

    from storyfuse.model import UniqueDetail
    from storyfuse.render.markdown import SHOWN

    extra = SHOWN["unique"] + 3
    details = [
        UniqueDetail(1, "a", "Daily One", k, f"Detail number {k} only one report gives.", 1.0)
        for k in range(extra)
    ]
    long = replace(result, analysis=replace(result.analysis, unique=details))
    text = render_markdown(long)
    assert text.count("only one report gives") == SHOWN["unique"]
    assert "and 3 more: shown with `--all`, and in the JSON" in text
    assert render_markdown(long, full=True).count("only one report gives") == extra
    assert "more:" not in render_markdown(long, full=True)
    page = render_html(long)
    assert page.count("only one report gives") == extra  # the rest folded, not dropped
    assert '<details class="more"><summary>3 more</summary>' in page
    assert json.loads(render_json(long))["analysis"]["unique"][-1]["index"] == extra - 1
