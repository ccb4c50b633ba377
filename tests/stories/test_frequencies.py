"""The cached Zipf tables answer as wordfreq does, open fast, and survive damage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wordfreq import get_frequency_dict, zipf_frequency

from storyfuse.stories import frequencies
from storyfuse.stories.frequencies import ZipfTable, zipf, zipf_table


def test_every_lower_case_word_of_the_english_table_has_wordfreqs_value():
    table = zipf_table("en")
    simple = [w for w in get_frequency_dict("en", "best") if w.isalpha() and w.islower()]
    assert len(simple) > 200_000
    for word in simple[::50]:  # every 50th: wordfreq's own lookup takes 75 µs a word
        assert table.get(word) == zipf_frequency(word, "en"), word


@pytest.mark.parametrize("language", ["en", "de", "fr"])
@pytest.mark.parametrize("word", ["the", "president", "valencia", "pyongyang", "zzqxv", "café"])
def test_words_wordfreq_keeps_as_they_are(word, language):
    assert zipf(word, language) == zipf_frequency(word, language)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_any_lower_case_word(word):
    assert zipf(word, "en") == zipf_frequency(word, "en")


def test_words_are_looked_up_as_written():
    # wordfreq counts "10th" as "00th"; the table does not fold digits: an unknown word.
    assert zipf("10th") == 0.0
    assert zipf("00th") == zipf_frequency("00th", "en") > 0


def test_the_table_is_written_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYFUSE_CACHE_DIR", str(tmp_path))
    (tmp_path / "wordfreq-en-0-0.npz").write_bytes(b"another version's copy")
    zipf_table.cache_clear()
    try:
        built = zipf_table("en")
        (path,) = tmp_path.iterdir()  # the stale copy is gone, no partial file left
        assert path.name.startswith("wordfreq-en-") and path.name != "wordfreq-en-0-0.npz"
        read = ZipfTable.load(path)
        assert len(read) == len(built) > 200_000
        for word in ("the", "president", "pyongyang", "zzqxv", "10th", "00th"):
            assert read.get(word) == built.get(word)
        # A damaged copy is rebuilt.
        path.write_bytes(b"damaged")
        zipf_table.cache_clear()
        assert zipf_table("en").get("president") == built.get("president")
        assert ZipfTable.load(path).get("president") == built.get("president")
    finally:
        zipf_table.cache_clear()


def test_a_read_only_cache_still_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYFUSE_CACHE_DIR", str(tmp_path / "missing" / "cache"))
    (tmp_path / "missing").write_bytes(b"a file where the cache directory would go")
    zipf_table.cache_clear()
    try:
        assert zipf("president") == zipf_frequency("president", "en")
    finally:
        zipf_table.cache_clear()


def test_a_hash_shared_by_two_words_finds_each(monkeypatch):
    monkeypatch.setattr(frequencies, "_hash", lambda encoded: len(encoded))
    table = ZipfTable.from_frequencies({"abc": 1e-3, "xyz": 1e-6, "ab": 1e-4})
    assert table.get("abc") == 6.0 and table.get("xyz") == 3.0 and table.get("ab") == 5.0
    assert table.get("abd") is None and table.get("a") is None
