"""The default annotator (spaCy's small English model, offline): entities and holders."""

from __future__ import annotations

from storyfuse.analyse.nlp import PARALLEL_FROM, SpacyAnnotator


def test_two_processes_find_the_same_entities_as_one():
    names = ["Ana Kora", "Ivan Petrov", "Lisbon", "the United Nations", "Porto"]
    texts = [
        f"{names[i % 5]} met {names[(i + 2) % 5]} in {names[(i + 4) % 5]} on day {i}."
        for i in range(PARALLEL_FROM + 7)
    ]
    one = SpacyAnnotator(processes=1).entities(texts)
    two = SpacyAnnotator(processes=2).entities(texts)
    assert two == one
    assert sum(len(spans) for spans in one) >= len(texts)  # it did find names


def test_holder_is_the_subject_of_the_clause_that_states_the_number():
    parser = SpacyAnnotator()
    texts = [
        "Ana Kora won four awards on Sunday.",
        "The menu won her three awards.",
        "In Kora, 32 people died in the floods.",
        "She won five awards.",
    ]
    offsets = [t.index(w) for t, w in zip(texts, ["four", "three", "32", "five"], strict=True)]
    assert parser.holders(list(zip(texts, offsets, strict=True))) == ["kora", "menu", None, None]
