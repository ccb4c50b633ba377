"""Regression gate on the hand-judged Wikinews clusters (MultiLing 2011 English, CC BY).

The judgements live in bench/analysis_judgements.json (keys and verdicts, no article text);
the clusters are read from ../shared at run time. A change that makes speakers worse, or that
reports many quotes nobody has judged, fails here and shows in `bench/analysis_review.py`.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from storyfuse import BriefOptions, brief
from storyfuse.evaluate.summarization import read_clusters
from tests.conftest import ROOT, SHARED

CLUSTERS = SHARED / "eval" / "summarization" / "multiling2011_english.jsonl"
#: Pinned a little below what was measured on 2026-11-23 (98 % of judged speakers correct).
MIN_PRECISION = 0.95
MIN_JUDGED = 0.9


def _review_module():
    spec = importlib.util.spec_from_file_location("review", ROOT / "bench" / "analysis_review.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.skipif(not CLUSTERS.is_file(), reason="../shared/eval not present")
def test_quote_speakers_on_the_judged_wikinews_clusters():
    review = _review_module()
    judgements = json.loads(review.JUDGEMENTS.read_text())
    entries = []
    for cluster in read_clusters(CLUSTERS):
        result = brief(cluster.articles, BriefOptions(sections=("conflicts", "quotes")))
        entries += [e for e in review.items(cluster.id, result) if e["kind"] == "quote"]
    judged = [judgements[e["key"]]["ok"] for e in entries if e["key"] in judgements]
    assert len(judged) >= MIN_JUDGED * len(entries), "judge the new items: analysis_review.py"
    assert sum(judged) >= MIN_PRECISION * len(judged)
