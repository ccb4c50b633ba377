"""The extraction metric on small cases, one evaluation run, and the quality gate on the
shared benchmark (F1 >= 0.95 and within 0.005 of plain trafilatura)."""

from __future__ import annotations

import gzip
import json

import pytest

from storyfuse.evaluate.extraction import (
    PageScore,
    aggregate,
    evaluate_extraction,
    score_page,
)
from tests.conftest import SHARED, article_html

BENCHMARK = SHARED / "eval" / "extraction" / "article_extraction_benchmark.jsonl.gz"
GOLD = "one two three four five six seven eight"


def test_score_page_shingles():
    assert score_page(GOLD, GOLD) == PageScore(1.0, 0.0, 0.0)
    half = score_page(GOLD, "one two three four five")  # 2 of 5 gold shingles found
    assert (round(half.tp, 3), half.fp, round(half.fn, 3)) == (0.4, 0.0, 0.6)
    assert score_page(GOLD, "").fn == 1.0
    assert score_page("", "") == PageScore(0.0, 0.0, 0.0)


def test_aggregate_is_mean_precision_and_recall():
    p, r, f = aggregate([score_page(GOLD, GOLD), score_page(GOLD, "one two three four five")])
    assert (p, round(r, 3)) == (1.0, 0.7)
    assert round(f, 4) == round(2 * 0.7 / 1.7, 4)


def test_evaluate_runs_every_system_on_the_same_pages(tmp_path):
    paragraphs = [
        "The council approved the flood plan on Thursday after a long debate.",
        "Work on the first section of the barrier will begin in the spring.",
    ]
    path = tmp_path / "pages.jsonl.gz"
    with gzip.open(path, "wt") as out:
        for i in range(3):
            out.write(
                json.dumps(
                    {
                        "id": f"p{i}",
                        "url": None,
                        "html": article_html(f"Title {i}", paragraphs),
                        "gold_text": "\n".join(paragraphs),
                    }
                )
                + "\n"
            )
    systems = {"perfect": lambda html, url: "\n".join(paragraphs), "nothing": lambda html, url: ""}
    report = evaluate_extraction(path, systems, worst=1)
    by_name = {s.name: s for s in report.systems}
    assert report.pages == 3
    assert by_name["perfect"].f1 == 1.0
    assert by_name["nothing"].f1 == 0.0 and by_name["nothing"].empty_pages == 3
    assert "| perfect |" in report.to_markdown()
    default = evaluate_extraction(path, limit=2)
    assert [s.name for s in default.systems] == ["storyfuse", "trafilatura"]
    assert default.pages == 2 and default.systems[0].f1 > 0.9


@pytest.mark.shared
@pytest.mark.skipif(not BENCHMARK.is_file(), reason="../shared/eval not present")
def test_quality_gate_on_the_shared_benchmark():
    report = evaluate_extraction(BENCHMARK)
    scores = {s.name: s.f1 for s in report.systems}
    assert report.pages == 181
    assert scores["storyfuse"] >= 0.95
    assert scores["storyfuse"] >= scores["trafilatura"] - 0.005
