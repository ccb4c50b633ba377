"""Article features for clustering: word weights from wordfreq's fixed tables."""

from __future__ import annotations

from storyfuse.stories.features import IDF_CEILING, idf


def test_rare_words_weigh_more_and_unknown_languages_weigh_every_word_the_same():
    assert idf("pyongyang") > idf("president") > idf("the")
    assert idf("anything", "xx-unknown") == idf("else", "xx-unknown") == IDF_CEILING
    assert idf("anything", "zz") == IDF_CEILING  # a well-formed code wordfreq does not know
