"""Agreement (independent sources), unique details, and the timeline."""

from __future__ import annotations

import datetime as dt

from storyfuse import BriefOptions, brief
from storyfuse.model import Credit
from tests.conftest import FakeAnnotator, FakeEmbedder, make_article, valid_brief

FIRE = "A fire destroyed three warehouses at the port of Kora on Sunday night, officials said."


def run(*articles, sections):
    return valid_brief(
        brief(
            list(articles),
            BriefOptions(sections=sections),
            embedder=FakeEmbedder(),
            annotator=FakeAnnotator({}),
        )
    )


def cluster():
    return [
        make_article(
            "a",
            [FIRE, "The harbour master said the blaze started in a storage shed near the docks."],
            outlet="Daily One",
            published="2024-05-06",
        ),
        make_article(
            "b",
            [FIRE, "Firefighters from three towns fought the flames until dawn on Monday."],
            outlet="Kora Times",
            published="2024-05-06",
            credits=[Credit("source", "Daily One", "(Source: Daily One)")],
        ),
        make_article(
            "c",
            [
                "Three warehouses at the port of Kora were destroyed by a fire on Sunday night.",
                "Insurers expect claims to exceed the value of the cargo lost in the sheds.",
            ],
            outlet="Evening Three",
            published="2024-05-06",
        ),
        make_article(
            "d",
            [
                "The fire at Kora port on Sunday night destroyed three warehouses, officials said.",
                "The port will reopen on Wednesday, the harbour master said.",
            ],
            outlet="Radio Four",
        ),
    ]


def test_agreement_counts_articles_and_independent_sources():
    result = run(*cluster(), sections=("agreement",))
    top = result.analysis.agreement[0]
    assert top.articles >= 3
    # "b" credits Daily One, so it does not add an independent source.
    assert top.independent_sources == top.articles - 1
    assert "Daily One" in top.outlets and "Kora Times" not in top.outlets
    cited = {e.article_id for e in top.evidence}
    assert {"a", "b"} <= cited


def test_unique_details_are_what_only_one_source_reports():
    unique = run(*cluster(), sections=("unique",)).analysis.unique
    texts = {u.text for u in unique}
    assert "Insurers expect claims to exceed the value of the cargo lost in the sheds." in texts
    assert FIRE not in texts
    assert all(u.source >= 1 for u in unique)


def test_unique_details_come_spread_over_reports_and_ranked_by_what_they_add():
    port = "The fire at Kora port destroyed three warehouses on Sunday night, officials said."
    filler = [
        "Crews worked through the night in cold weather near the old docks.",
        "People watched from the hills above the bay as smoke rose.",
        "Shops near the harbour stayed shut for most of the next morning.",
    ]
    a = make_article(
        "a",
        [
            port,
            *filler,
            "Captain Ivo Marek said 42 sailors left the burning ship before it sank.",
        ],
        outlet="One",
    )
    b = make_article(
        "b",
        [
            "Three warehouses burned down at the port of Kora on Sunday night.",
            "Smoke hung over the harbour of Kora until noon.",
        ],
        outlet="Two",
    )
    unique = run(a, b, sections=("unique",)).analysis.unique
    first = [u.article_id for u in unique[:3]]
    assert first.count("a") == 2 and "b" in first  # two of a's, then b's, before a's third
    top_of_a = next(u for u in unique if u.article_id == "a")
    assert "42 sailors" in top_of_a.text  # new names and a number add most
    assert {u.article_id for u in unique[3:]} <= {"a"}


def test_timeline_resolves_relative_days_and_merges_one_event():
    timeline = run(*cluster(), sections=("timeline",)).analysis.timeline
    by_date = {}
    for event in timeline:
        by_date.setdefault(event.date, []).append(event)
    fire = by_date["2024-05-05"]  # "on Sunday night" in Monday 6 May articles
    assert len({e.article_id for event in fire for e in event.evidence}) >= 3
    reopening = by_date["2024-05-08"][0]  # article "d" has no date: the cluster's is used
    assert reopening.expected and reopening.estimated
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    assert dt.date.fromisoformat(fire[0].date).weekday() == 6
