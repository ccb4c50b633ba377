"""Article features for clustering: word weights from wordfreq's fixed tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wordfreq import zipf_frequency

from storyfuse.stories.features import IDF_CEILING, _zipf, idf


@pytest.mark.parametrize("language", ["en", "de", "fr"])
@pytest.mark.parametrize(
    "word",
    ["the", "president", "valencia", "pyongyang", "zzqxv", "2019", "don't", "café", "mp3", "B"],
)
def test_fast_word_frequency_is_wordfreqs_own(word, language):
    assert _zipf(word, language) == zipf_frequency(word, language)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_fast_word_frequency_agrees_on_any_lower_case_word(word):
    assert _zipf(word, "en") == zipf_frequency(word, "en")


def test_rare_words_weigh_more_and_unknown_languages_weigh_every_word_the_same():
    assert idf("pyongyang") > idf("president") > idf("the")
    assert idf("anything", "xx-unknown") == idf("else", "xx-unknown") == IDF_CEILING
