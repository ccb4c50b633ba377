"""The data model's JSON form round-trips, and tolerates what it does not need."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from storyfuse.model import Article, Credit, Removal, Sentence, is_article_dict
from storyfuse.segment import segment

texts = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() and "\n\n" not in t)


@st.composite
def articles(draw):
    paragraphs = [p.strip() for p in draw(st.lists(texts, min_size=1, max_size=4))]
    ident = draw(st.text(alphabet="abcdef0123456789", min_size=4, max_size=16))
    return Article(
        id=ident,
        text="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        sentences=segment(paragraphs, ident),
        title=draw(st.none() | texts),
        origin=draw(st.none() | texts),
        url=draw(st.none() | st.just("https://example.org/a")),
        outlet=draw(st.none() | texts),
        published=draw(st.none() | st.dates().map(dt.date.isoformat)),
        authors=draw(st.lists(texts, max_size=3)),
        language=draw(st.none() | st.sampled_from(["en", "fr"])),
        dateline=draw(st.none() | texts),
        credits=draw(st.lists(st.builds(Credit, texts, texts, texts), max_size=3)),
        removed=draw(
            st.lists(
                st.builds(
                    Removal,
                    texts,
                    texts,
                    st.none() | st.integers(1, 99),
                    st.none() | texts,
                    st.none() | texts,
                ),
                max_size=3,
            )
        ),
        meta=draw(st.dictionaries(st.text(max_size=5), st.integers() | texts, max_size=3)),
    )


@given(articles())
def test_article_json_round_trips(article):
    text = article.to_json()
    again = Article.from_json(text)
    assert again == article
    assert is_article_dict(json.loads(text))


def test_word_count_and_published_date():
    article = Article(
        id="a",
        text="One two three.",
        paragraphs=["One two three."],
        published="2023-09-11T05:50:00",
    )
    assert article.word_count == 3
    assert article.published_date == dt.date(2023, 9, 11)
    assert Article(id="b", text="x", paragraphs=["x"], published="soon").published_date is None


def test_from_dict_rebuilds_paragraphs_from_text():
    article = Article.from_dict({"id": "a", "text": "First.\n\nSecond."})
    assert article.paragraphs == ["First.", "Second."]
    assert article.sentences == []


def test_sentence_dict_round_trip():
    sentence = Sentence("a", 0, 0, "Hi.", 0, 3)
    assert Sentence.from_dict(sentence.to_dict()) == sentence
