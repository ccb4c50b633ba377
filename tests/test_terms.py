"""Words, stems, content words and concepts."""

from __future__ import annotations

from storyfuse.terms import dice, terms, words


def test_words_split_like_rouge():
    assert words("Kim's train left — at 10:30, U.S. officials said.") == [
        "kim",
        "s",
        "train",
        "left",
        "at",
        "10",
        "30",
        "u",
        "s",
        "officials",
        "said",
    ]


def test_concepts_are_stemmed_bigrams_not_made_of_stopwords_only():
    t = terms("The rescuers were searching the wreckage")
    assert ("rescuer", "were") in t.concepts
    assert ("search", "the") in t.concepts and ("the", "wreckag") in t.concepts
    assert ("were", "search") in t.concepts
    assert ("the", "rescuer") in t.concepts  # one stopword is enough to keep a bigram
    only_stop = terms("it was in the")
    assert only_stop.concepts == frozenset()
    assert t.content == frozenset({"rescuer", "search", "wreckag"})


def test_other_languages_stem_without_english_stopwords():
    t = terms("Les sauveteurs cherchaient l'épave", "fr")
    assert "sauveteur" in t.content and "le" in t.content


def test_dice():
    assert dice(frozenset("ab"), frozenset("ab")) == 1.0
    assert dice(frozenset("ab"), frozenset("bc")) == 0.5
    assert dice(frozenset(), frozenset("a")) == 0.0
