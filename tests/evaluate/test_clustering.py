"""B-cubed and the clustering evaluation, on labellings small enough to check by hand."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyfuse.evaluate.clustering import (
    BASELINE,
    BATCH,
    EMBEDDED,
    INCREMENTAL,
    ClusteringSummary,
    bcubed,
    evaluate_clustering,
    evaluate_stream,
    read_labelled,
)
from tests.conftest import SHARED


def test_bcubed_by_hand():
    # gold: {0,1,2} {3}; predicted: {0,1} {2,3}
    p, r, f = bcubed(["x", "x", "y", "y"], ["a", "a", "a", "b"])
    assert p == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert f == pytest.approx(2 * p * r / (p + r))


@given(st.lists(st.integers(0, 4), min_size=1, max_size=30))
def test_bcubed_is_perfect_against_itself_and_bounded(labels):
    assert bcubed(labels, labels) == pytest.approx((1.0, 1.0, 1.0))
    singletons = list(range(len(labels)))
    p, r, _ = bcubed(singletons, labels)
    assert p == 1.0 and 0 < r <= 1


def test_bcubed_rejects_labellings_of_different_lengths():
    with pytest.raises(ValueError):
        bcubed([1, 2], [1])


def test_evaluate_clustering_reports_storyfuse_and_the_baseline(tmp_path, fake_embedder):
    rows = []
    topics = {
        "flood": "Floods in Valencia kill dozens as rivers burst their banks after rain.",
        "chess": "Magnus Carlsen wins the Norway Chess tournament in Stavanger.",
    }
    for n in range(3):
        for label, text in topics.items():
            rows.append(
                {
                    "id": f"{label}{n}",
                    "story_id": label,
                    "title": text.split(" in ")[0] + f" ({n})",
                    "date": "2024-05-0" + str(n + 1),
                    "text": f"{text} Report number {n} adds detail.",
                }
            )
    rows.append({"id": "empty", "story_id": "chess", "title": "Carlsen wins", "text": ""})
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = evaluate_clustering(path, embedder=fake_embedder)
    assert report.articles == 7 and report.stories == 2 and report.title_only == 1
    assert set(report.rows) == {INCREMENTAL, BATCH, BASELINE, EMBEDDED}
    assert report.order == "file order"
    inc = report.rows[INCREMENTAL]
    assert inc.precision == 1.0 and inc.f1 > 0.8
    assert "B-cubed F1" in report.to_markdown()
    assert report.to_dict()["systems"][BATCH]["clusters"] >= 2


def _cluster_file(tmp_path):
    """Two summarization-style clusters: the second lists its articles newest first, one
    article is empty, and one document is in both clusters."""
    clusters = [
        {
            "id": "flood",
            "articles": [
                {"id": "f1", "date": "2024-05-02", "text": "Floods in Valencia kill dozens."},
                {"id": "f2", "date": "2024-05-01", "text": "Rivers burst banks in Valencia."},
                {"id": "shared", "date": "2024-05-03", "text": "Storms hit Spain and Norway."},
            ],
        },
        {
            "id": "chess",
            "articles": [
                {"id": "c2", "date": "2024-05-03", "text": "Carlsen wins Norway Chess again."},
                {"id": "c1", "date": "2024-05-01", "text": "Norway Chess opens in Stavanger."},
                {"id": "blank", "date": "2024-05-01", "text": ""},
                {"id": "shared", "date": "2024-05-03", "text": "Storms hit Spain and Norway."},
            ],
        },
    ]
    path = tmp_path / "clusters.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in clusters), encoding="utf-8")
    return path


def test_a_cluster_file_is_a_stream_in_date_order(tmp_path):
    stream = read_labelled(_cluster_file(tmp_path))
    assert stream.skipped == 1 and stream.order.startswith("date order")
    days = [a.published_date for a in stream.articles]
    assert days == sorted(days)  # arrival by date, not cluster by cluster
    ids = [a.id for a in stream.articles]
    assert len(ids) == len(set(ids)) == 6 and "shared@chess" in ids
    assert sorted(stream.labels) == ["chess"] * 3 + ["flood"] * 3
    assert read_labelled(_cluster_file(tmp_path)).labels == stream.labels  # reproducible


def test_a_summary_reports_each_system_mean_and_worst_set(tmp_path):
    one = evaluate_stream(read_labelled(_cluster_file(tmp_path)))
    two = evaluate_clustering(_cluster_file(tmp_path))
    summary = ClusteringSummary([one, two])
    assert summary.worst(BATCH) == min(r.rows[BATCH].f1 for r in (one, two))
    assert summary.mean(BASELINE) == pytest.approx(
        (one.rows[BASELINE].f1 + two.rows[BASELINE].f1) / 2
    )
    table = summary.to_markdown()
    assert "**worst set**" in table and table.count("| clusters |") == 2
    assert summary.to_dict()["systems"][BATCH]["worst_bcubed_f1"] == summary.worst(BATCH)


EVAL = SHARED / "eval"
#: Floors pinned a little under the figures measured on 2026-12-06 (``make eval-clustering``;
#: batch / incremental): a change that groups stories worse fails here. Giveme5W1H fell from
#: 0.931 with the defaults chosen by the worst of seven sets (docs/clustering.md); TAC and
#: MultiLing are the topic sets those defaults gained most on.
FLOORS = {
    "clustering/giveme5w1h_news_cluster.jsonl": (0.90, 0.895),  # measured 0.910 / 0.907
    "summarization/tac2010_guided_A.jsonl": (0.91, 0.905),  # measured 0.923 / 0.916
    "summarization/multiling2011_english.jsonl": (0.86, 0.86),  # measured 0.872 / 0.872
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_floor_on_development_stories(name):
    path = EVAL / name
    if not path.is_file():
        pytest.skip("../shared/eval not present")
    report = evaluate_clustering(path)
    batch, incremental = FLOORS[name]
    assert report.rows[BATCH].f1 >= batch and report.rows[INCREMENTAL].f1 >= incremental
    assert report.rows[BATCH].f1 > report.rows[BASELINE].f1
