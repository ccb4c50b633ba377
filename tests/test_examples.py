"""End to end on real clusters: the bundled Wikinews example, and the scraped example in
../shared (when present) whose noise the cleaning must remove."""

from __future__ import annotations

import re

import pytest

from storyfuse import ingest
from tests.conftest import EXAMPLE, SHARED

KIM_PUTIN = SHARED / "examples" / "kim-putin-2023-09"


def test_bundled_example_ingests_cleanly():
    result = ingest(EXAMPLE)
    assert result.errors == []
    assert len(result.articles) == 10
    for article in result.articles:
        assert article.title and article.outlet == "Wikinews" and article.language == "en"
        assert article.published and article.published.startswith(("2009", "2010"))
        assert article.word_count > 100
        assert len(article.sentences) >= 5
        assert all(article.text[s.start : s.end] == s.text for s in article.sentences)
    assert len({a.id for a in result.articles}) == 10


@pytest.mark.shared
@pytest.mark.skipif(not KIM_PUTIN.is_dir(), reason="../shared/examples not present")
def test_scraped_example_loses_its_noise_and_keeps_its_metadata():
    result = ingest(KIM_PUTIN)
    assert result.errors == []
    articles = result.articles
    assert len(articles) == 5
    text = "\n".join(a.text for a in articles)
    # Page furniture of several kinds is gone from every article.
    assert not re.search(r"^Advertisement$", text, re.M)
    assert not re.search(r"^\d{1,2}:\d{2} ", text, re.M)  # video widget
    assert "(File Picture)" not in text
    assert "More from" not in text
    assert not any(r.rule == "related-list" and r.text in text for a in articles for r in a.removed)
    assert "combination of files pictures" not in text
    assert "(News Source" not in text and "Additional reporting by" not in text
    # ... and what was metadata is metadata now.
    assert [a.published for a in articles].count("2023-09-11") == 2
    assert not any(p.startswith("date ") for a in articles for p in a.paragraphs)
    credits = {(c.kind, c.name) for a in articles for c in a.credits}
    assert {("source", "BBC"), ("additional-reporting", "Reuters")} <= credits
    assert sum(a.title is not None for a in articles) == 3
    assert "Kathmandu" in {a.dateline for a in articles}


def test_bundled_scraped_example_is_cleaned():
    (article,) = ingest(EXAMPLE.parent / "scraped").articles
    assert article.title == "Fire destroys warehouses at Port Elwin harbour"
    assert article.published == "2031-04-14" and article.dateline == "PORT ELWIN"
    assert {(c.kind, c.name) for c in article.credits} == {
        ("dateline", "Northern Wire"),
        ("additional-reporting", "Coastal Press"),
    }
    rules = {r.rule for r in article.removed}
    assert {
        "advertising",
        "video-caption",
        "share-prompt",
        "caption-credit",
        "related-list",
    } <= rules
    assert article.paragraphs[0].startswith("A fire that broke out overnight")
    assert article.paragraphs[-1].endswith("at the site on Tuesday.")


@pytest.mark.shared
@pytest.mark.skipif(not KIM_PUTIN.is_dir(), reason="../shared/examples not present")
def test_scraped_example_analysis_meets_the_bars():
    """Issue 4's bars on the scraped example, with the real models (nothing keyed to it)."""
    import datetime as dt

    from storyfuse import brief
    from tests.conftest import valid_brief

    articles = ingest(KIM_PUTIN).articles
    result = valid_brief(brief(articles))
    analysis = result.analysis
    cited = {s.number: s.article_id for s in result.sources}
    text_of = {a.id: a.text for a in articles}

    # The day of the summit: Tuesday against Wednesday, both sides with their sources.
    (day,) = [c for c in analysis.conflicts if c.kind == "date"]
    values = {s.value.split()[0]: s for s in day.sides}
    assert set(values) == {"Tuesday", "Wednesday"}
    assert len({e.article_id for e in values["Tuesday"].evidence}) >= 3
    assert any("initially reported" in e.text for e in values["Wednesday"].evidence)
    assert any("meaning Wednesday" in e.text for e in values["Wednesday"].evidence)
    # 80 miles and 130 km are the same distance: no conflict over it.
    assert not [c for c in analysis.conflicts if c.kind == "number"]
    (distance,) = [n for n in analysis.numbers if n.dimension == "length" and n.value > 1000]
    # One fact (both sentences are in one article, so no other source "agrees" with it).
    assert distance.status != "conflicts" and len(distance.evidence) == 2
    # The article whose credit names the BBC is grouped under the BBC.
    credited = next(a for a in articles if any(c.name == "BBC" for c in a.credits))
    group = next(g for g in result.groups if credited.id in g.article_ids)
    assert group.label == "BBC" and any("BBC" in r for r in group.reasons)
    # One Kim, under all his spellings.
    kims = [e for e in analysis.entities if e.kind == "person" and "Kim" in e.name]
    kim = max(kims, key=lambda e: e.mentions)
    assert {"Kim Jong-un", "Kim Jong Un", "Kim"} <= {kim.name, *kim.variants}
    assert kim.articles == 5
    # Quotes carry the right speakers and occur in their articles as they are.
    speakers = {}
    for quote in analysis.quotes:
        speakers.setdefault(quote.text, set()).add(quote.speaker)
        for e in quote.evidence:
            assert quote.text in text_of[e.article_id] and cited[e.source] == e.article_id
    assert speakers["pay a price"] == {"The US", "The White House"}
    assert speakers["gentle diplomatic blackmail"] == {"Andrei Lankov"}
    # The departure, "late on Sunday" / "Sunday evening", is 10 September 2023.
    departure = [t for t in analysis.timeline if t.when in ("late on Sunday", "on Sunday evening")]
    assert departure and all(t.date == dt.date(2023, 9, 10).isoformat() for t in departure)
    assert any("Sunday evening" in e.text for t in departure for e in t.evidence)
