"""The brief end to end on a small cluster the test builds (a fake embedder, no model)."""

from __future__ import annotations

import json

import pytest

from storyfuse import Brief, BriefOptions, brief
from storyfuse.model import Credit
from storyfuse.order import event_date
from storyfuse.pipeline import EmptyClusterError
from tests.conftest import make_article

LANDSLIDE = [
    "A landslide buried the main road into the mountain village of Alto Verde on Monday "
    "after three days of heavy rain.",
    "At least twelve people were missing and more than 200 homes were damaged, the civil "
    "protection agency said.",
    "Helicopters dropped food and water to families stranded on the hillside overnight.",
    "The village was last hit by a landslide in 1998, when the same road was closed for weeks.",
]
REPORT_B = [
    "On Monday a landslide buried the main road into Alto Verde village after days of heavy "
    "rain, cutting it off.",
    "Twelve people were missing and more than 200 homes were damaged, the civil protection "
    "agency said on Tuesday.",
    "Engineers said clearing the road could take until the end of the month.",
]
REPORT_C = [
    "Rescue teams reached Alto Verde on Tuesday, a day after a landslide buried the main road "
    "into the village.",
    "The regional governor promised money to rebuild the more than 200 damaged homes.",
    "Engineers said clearing the road could take until the end of the month, officials added.",
]


@pytest.fixture
def cluster():
    return [
        make_article(
            "a",
            LANDSLIDE,
            outlet="Daily One",
            title="Landslide cuts off village",
            published="2024-03-04",
        ),
        make_article(
            "b", REPORT_B, outlet="Wire Two", title="Village cut off", published="2024-03-05"
        ),
        make_article(
            "c",
            REPORT_C,
            outlet="Evening Three",
            title="Rescuers reach Alto Verde",
            published="2024-03-05",
        ),
        make_article(
            "d",
            LANDSLIDE[:3],
            outlet="Copy Four",
            published="2024-03-05",
            credits=[Credit("source", "Daily One", "(Source: Daily One)")],
        ),
    ]


def test_brief_cites_every_supporting_article_and_nothing_else(cluster, fake_embedder):
    result = brief(cluster, BriefOptions(words=60), embedder=fake_embedder)
    assert 0 < result.word_count <= 60
    by_id = {a.id: a for a in cluster}
    numbers = {s.number: s.article_id for s in result.sources}
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    first_seen = [n for s in result.sentences for n in s.citations]
    assert sorted(set(first_seen), key=first_seen.index) == sorted(numbers)
    for sentence in result.sentences:
        source_article = by_id[sentence.article_id]
        assert source_article.sentences[sentence.index].text == sentence.text  # verbatim
        assert sentence.citations == sorted({s.source for s in sentence.support})
        for support in sentence.support:
            article = by_id[numbers[support.source]]
            assert article.id == support.article_id
            assert article.sentences[support.index].text == support.text


def test_copies_are_not_independent(cluster, fake_embedder):
    result = brief(cluster, BriefOptions(words=60), embedder=fake_embedder)
    groups = {g.id: g for g in result.groups}
    copy_group = groups[next(s.group for s in result.sources if s.article_id == "a")]
    assert set(copy_group.article_ids) == {"a", "d"}
    assert result.stats["independent_sources"] == 3
    first_claim = result.claims[0]
    assert first_claim.independent_sources <= len(set(first_claim.article_ids))


def test_sentences_in_time_order_and_title(cluster, fake_embedder):
    result = brief(cluster, BriefOptions(words=120), embedder=fake_embedder)
    published = {a.id: a.published_date for a in cluster}
    keys = [event_date(s.text, published[s.article_id]) for s in result.sentences]
    backgrounds = [background for _, background in keys]
    assert backgrounds == sorted(backgrounds)  # background (earlier years) last
    dates = [date for date, background in keys if not background]
    assert dates == sorted(dates)
    assert result.title in {a.title for a in cluster}


def test_json_round_trip(cluster, fake_embedder):
    result = brief(cluster, BriefOptions(words=60), embedder=fake_embedder)
    again = Brief.from_dict(json.loads(result.to_json()))
    assert again.to_dict() == result.to_dict()


def test_empty_cluster_is_an_error(fake_embedder):
    with pytest.raises(EmptyClusterError):
        brief([], embedder=fake_embedder)


def test_a_pronoun_sentence_follows_its_antecedent(fake_embedder):
    paragraphs = [
        "The regional governor visited the flooded town of Riverside on Thursday morning.",
        "He had promised on Monday to rebuild the bridge by the end of the summer season.",
        "On Tuesday the river had burst its banks and flooded the lower town of Riverside.",
    ]
    articles = [
        make_article("a", paragraphs, published="2024-03-08"),
        make_article("b", paragraphs[::-1], published="2024-03-08"),
    ]
    result = brief(articles, BriefOptions(words=80), embedder=fake_embedder)
    texts = [s.text for s in result.sentences]
    assert texts == [paragraphs[2], paragraphs[0], paragraphs[1]]  # Tuesday, Thursday, "He"
