"""Online clustering: who joins which story, windows, merges, stable ids, batch mode."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.stories.cluster import ClusterOptions, StoryClusterer, cluster, placements
from storyfuse.stories.features import ArticleFeatures, featurize, lexical
from tests.conftest import make_article

DAY = dt.date(2024, 5, 1).toordinal()


def feat(ident: str, text: str, day: int | None = DAY) -> ArticleFeatures:
    article = make_article(ident, [text], title=text.split(".")[0])
    return ArticleFeatures(ident, day, lexical(article), None)


FLOOD = "Floods in Valencia kill dozens as rivers burst their banks after torrential rain."
FLOOD2 = "Valencia floods: rivers burst banks, dozens killed after torrential rain in Spain."
CHESS = "Magnus Carlsen wins the Norway Chess tournament in Stavanger on the final day."


def test_similar_articles_share_a_story_and_unrelated_ones_do_not():
    clusterer = StoryClusterer()
    a = clusterer.add(feat("a", FLOOD))
    b = clusterer.add(feat("b", FLOOD2))
    c = clusterer.add(feat("c", CHESS))
    assert a.created and not b.created and c.created
    assert a.story_id == b.story_id != c.story_id


def test_the_same_words_a_year_later_are_another_story():
    clusterer = StoryClusterer(ClusterOptions(window_days=30))
    first = clusterer.add(feat("a", FLOOD))
    later = clusterer.add(feat("b", FLOOD2, day=DAY + 365))
    assert later.created and later.story_id != first.story_id


def test_a_story_spans_at_most_max_span_days_and_the_subject_goes_on_in_a_new_one():
    clusterer = StoryClusterer(ClusterOptions(window_days=90, max_span_days=120))
    texts = [FLOOD, FLOOD2, FLOOD, FLOOD2]
    placed = [clusterer.add(feat(str(i), t, day=DAY + 60 * i)) for i, t in enumerate(texts)]
    # Each article is within the 90-day window of the one before; the fourth would stretch
    # the story to 180 days.
    assert [p.story_id for p in placed[:3]] == [placed[0].story_id] * 3
    assert placed[3].created and placed[3].story_id != placed[0].story_id
    unlimited = StoryClusterer(ClusterOptions(window_days=90, max_span_days=None))
    ids = {unlimited.add(feat(str(i), t, day=DAY + 60 * i)).story_id for i, t in enumerate(texts)}
    assert len(ids) == 1


def test_stories_are_not_folded_into_one_longer_than_max_span_days():
    options = ClusterOptions(window_days=90, max_span_days=30)
    clusterer = StoryClusterer(options)
    a = clusterer.add(ArticleFeatures("a", DAY, {"port": 1.0}))
    b = clusterer.add(ArticleFeatures("b", DAY + 60, {"fire": 1.0}))
    bridge = clusterer.add(ArticleFeatures("c", DAY + 60, {"port": 0.7071, "fire": 0.7071}))
    assert bridge.merged == () and a.story_id != b.story_id
    assert bridge.story_id == b.story_id  # the story it may join without a 60-day span


def test_story_ids_are_never_reused_and_articles_never_move():
    clusterer = StoryClusterer()
    ids = [clusterer.add(feat(str(i), t)).story_id for i, t in enumerate([FLOOD, CHESS, FLOOD2])]
    assert ids[0] == ids[2] and ids[1] == ids[0] + 1
    assert clusterer.next_id == ids[1] + 1


def test_two_stories_an_article_makes_alike_are_folded_into_the_older():
    clusterer = StoryClusterer()
    a = clusterer.add(ArticleFeatures("a", DAY, {"port": 1.0}))
    b = clusterer.add(ArticleFeatures("b", DAY, {"fire": 1.0}))
    assert b.created and b.story_id != a.story_id
    bridge = clusterer.add(ArticleFeatures("c", DAY, {"port": 0.7071, "fire": 0.7071}))
    assert bridge.story_id == a.story_id and bridge.merged == (b.story_id,)
    assert list(clusterer.stories) == [a.story_id]
    assert clusterer.stories[a.story_id].size == 3


def test_title_embeddings_are_used_when_present():
    vec = np.ones(4, dtype=np.float32) / 2
    other = np.array([1, 0, 0, 0], dtype=np.float32)
    clusterer = StoryClusterer()
    f1 = ArticleFeatures("a", DAY, {"quake": 1.0}, vec)
    f2 = ArticleFeatures("b", DAY, {"quake": 1.0}, vec)
    f3 = ArticleFeatures("c", DAY, {"quake": 1.0}, other)
    assert clusterer.similarity(f2, _story_of(clusterer, f1)) > clusterer.similarity(
        f3, clusterer.stories[1]
    )


def _story_of(clusterer: StoryClusterer, f: ArticleFeatures):
    return clusterer.stories[clusterer.add(f).story_id]


def test_batch_mode_orders_by_date_and_matches_incremental_on_dated_input():
    feats = [feat("a", FLOOD, DAY), feat("b", CHESS, DAY + 1), feat("c", FLOOD2, DAY + 2)]
    batch = cluster(reversed(feats))
    clusterer = StoryClusterer()
    online = {f.article_id: clusterer.add(f).story_id for f in feats}
    assert batch == online


def test_featurize_embeds_titles_in_one_call(fake_embedder):
    articles = [make_article(str(i), [t], title=t[:40]) for i, t in enumerate([FLOOD, CHESS])]
    features = featurize(articles, fake_embedder)
    assert fake_embedder.calls == 1
    assert all(f.vector is not None and abs(np.linalg.norm(f.vector) - 1) < 1e-5 for f in features)
    assert all(abs(sum(v * v for v in f.terms.values()) - 1) < 1e-9 for f in features)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([FLOOD, FLOOD2, CHESS, "Election results in Ghana."]), max_size=12))
def test_every_article_gets_exactly_one_live_story(texts):
    clusterer = StoryClusterer()
    placed = {}
    folded = {}
    for i, text in enumerate(texts):
        a = clusterer.add(feat(str(i), text))
        placed[str(i)] = a.story_id
        folded.update({d: a.story_id for d in a.merged})
    for sid in placed.values():
        while sid in folded:
            sid = folded[sid]
        assert sid in clusterer.stories
    assert sum(s.size for s in clusterer.stories.values()) == len(texts)


@given(
    st.dictionaries(st.sampled_from("abcdefghij"), st.floats(-2, 2), max_size=10),
    st.dictionaries(st.sampled_from("abcdefghij"), st.floats(-2, 2), max_size=10),
)
def test_sparse_dot_is_the_sum_over_shared_words_in_any_order(a, b):
    import math

    from storyfuse.stories.cluster import _dot

    assert _dot(a, b) == math.fsum(v * b.get(w, 0.0) for w, v in a.items()) == _dot(b, a)
    assert math.isclose(_dot(a, b), sum(v * b.get(w, 0.0) for w, v in a.items()), abs_tol=1e-12)


@given(
    st.dictionaries(
        st.text("abcdef", min_size=1, max_size=3), st.sampled_from([0.1, 0.5, 0.7, 2.0])
    ),
    st.integers(min_value=0, max_value=12),
)
def test_heaviest_terms_are_the_head_of_the_full_sort(terms, k):
    from storyfuse.stories.cluster import _heaviest

    assert _heaviest(terms, k) == sorted(terms.items(), key=lambda i: (-i[1], i[0]))[:k]


def test_a_join_records_its_score_and_the_runner_up_story():
    clusterer = StoryClusterer()
    flood = clusterer.add(feat("a", FLOOD))
    chess = clusterer.add(feat("c", CHESS))
    assert chess.created and chess.runner_up in (None, flood.story_id)
    joined = clusterer.add(feat("b", FLOOD2))
    assert joined.story_id == flood.story_id and not joined.created
    assert joined.similarity >= clusterer.options.threshold
    if joined.runner_up is not None:
        assert joined.runner_up == chess.story_id
        assert joined.runner_up_similarity <= joined.similarity
    started = clusterer.add(feat("d", "Chess in Norway: Carlsen's rivals gather in Stavanger."))
    if started.created and started.runner_up is not None:
        assert started.similarity < clusterer.options.threshold  # fell short of its closest


def test_placements_settle_story_numbers_and_runner_ups_after_the_pass():
    feats = [feat("a", FLOOD), feat("c", CHESS), feat("b", FLOOD2)]
    placed = {p.article_id: p for p in placements(feats)}
    assert placed["a"].story == placed["b"].story == 1 and placed["c"].story == 2
    assert placed["a"].created and not placed["b"].created
    assert {p.runner_up for p in placed.values()} <= {None, 1, 2}


def test_average_link_is_stricter_than_the_centroid_on_a_loose_story():
    loose = [
        feat(f"x{i}", f"Officials in {place} said the storm damaged roads.")
        for i, place in enumerate(["Texas", "Ohio", "Maine", "Utah"])
    ]
    probe = feat("p", "Officials said a storm damaged roads and bridges in Iowa.")
    scores = {}
    for link in (1.0, 0.0):
        clusterer = StoryClusterer(ClusterOptions(lexical_threshold=0.01, link=link))
        for f in loose:
            clusterer.add(f)
        (story,) = [s for s in clusterer.stories.values() if s.size == len(loose)]
        scores[link] = clusterer.similarity(probe, story)
    assert scores[0.0] < scores[1.0]
