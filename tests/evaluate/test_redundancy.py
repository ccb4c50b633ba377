"""The independent repeated-fact check of ``storyfuse eval summarization``."""

from __future__ import annotations

from storyfuse.evaluate.redundancy import repeats, shared

A = "The storm flooded the harbour town on Monday and cut power to thousands of homes."
B = "Thousands of homes in the harbour town lost power when the storm flooded it on Monday."
C = "The mayor said schools would reopen next week."


def test_a_pair_restating_one_fact_is_found_and_others_are_not():
    found = repeats([A, C, B])
    assert [(r.first, r.second) for r in found] == [(0, 2)]
    assert found[0].shared >= 0.35
    assert repeats([A, C]) == []


def test_the_strict_reading_counts_over_the_shorter_sentence():
    short = "The storm flooded the town."
    assert shared({"storm", "flood", "town"}, {"storm", "flood", "town", "power", "home"}) == 0.6
    value = shared({"storm", "flood", "town"}, {"storm", "flood", "town", "power"}, "shorter")
    assert value == 1.0
    assert repeats([short, A], over="shorter") and repeats([short, A], 0.9) == []


def test_sentences_without_content_words_repeat_nothing():
    assert repeats(["It is what it is.", "It is what it is."]) == []
