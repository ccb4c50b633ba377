"""Support: which sentences of other articles state the same thing as a given one."""

from __future__ import annotations

from storyfuse.align.claims import find_support, numbers, supports
from storyfuse.select import units
from tests.conftest import make_article

CLAIM = "A landslide buried the main road into the village of Alto Verde on Monday."
SAME = "On Monday a landslide buried the main road into Alto Verde village."
UNRELATED = "The football club announced a new coach for the coming season."
PARTIAL = "Residents of Alto Verde said the village had flooded before."


def test_supports_thresholds_and_numbers():
    assert supports(CLAIM, SAME, similarity=0.9, overlap=0.8)
    assert supports(CLAIM, SAME, similarity=0.85, overlap=0.4)
    assert not supports(CLAIM, SAME, similarity=0.80, overlap=0.4)  # not similar enough
    assert not supports(CLAIM, SAME, similarity=0.95, overlap=0.2)  # too few shared words
    assert not supports("Fifteen people, 15 in all, died.", "In all 25 people died.", 0.95, 0.8)
    assert supports("15 people died on Monday.", "On Monday 15 people died.", 0.95, 0.8)
    assert numbers("It cost $4,500 and 3.5 percent") == {"4500", "3.5"}


def test_find_support_picks_the_matching_sentence_of_each_other_article(fake_embedder):
    articles = [
        make_article("a", [CLAIM, UNRELATED]),
        make_article("b", [PARTIAL, SAME]),
        make_article("c", [UNRELATED]),
    ]
    all_units = units(articles, {})
    anchor = next(i for i, u in enumerate(all_units) if u.text == CLAIM)
    support = find_support(all_units, [anchor], fake_embedder)[anchor]
    assert [all_units[m.unit].text for m in support] == [SAME]
    assert support[0].overlap >= 0.35 and support[0].similarity >= 0.84
