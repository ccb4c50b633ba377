"""Article features for clustering: word weights from wordfreq's fixed tables."""

from __future__ import annotations

from storyfuse.stories.features import IDF_CEILING, idf


def test_rare_words_weigh_more_and_unknown_languages_weigh_every_word_the_same():
    assert idf("pyongyang") > idf("president") > idf("the")
    assert idf("anything", "xx-unknown") == idf("else", "xx-unknown") == IDF_CEILING
    assert idf("anything", "zz") == IDF_CEILING  # a well-formed code wordfreq does not know


def test_lexical_reads_the_title_twice_and_only_the_bodys_first_words():
    from storyfuse import article_from_text
    from storyfuse.stories.features import LEAD_WORDS, TITLE_WEIGHT, lexical

    filler = " ".join(["Officials met again on Monday."] * (LEAD_WORDS // 5 + 2))
    body = f"Volcano erupts near Quixote. {filler} Zanzibarian delegates arrived."
    article = article_from_text(body, title="Volcano erupts")
    weights = lexical(article)
    assert "zanzibarian" not in weights  # past the first LEAD_WORDS words
    assert "quixote" in weights and "officials" in weights
    assert abs(sum(v * v for v in weights.values()) - 1.0) < 1e-9
    # "volcano": twice in the title and once in the body; "quixote": once in the body.
    assert weights["volcano"] / weights["quixote"] > TITLE_WEIGHT * idf("volcano") / idf("quixote")
