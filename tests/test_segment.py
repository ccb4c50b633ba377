"""Sentence segmentation of news text, with spans into the article text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.segment import segment, sentence_spans


def split(paragraph: str, language: str = "en") -> list[str]:
    return [paragraph[s:e] for s, e in sentence_spans(paragraph, language)]


def test_abbreviations_and_units_do_not_end_sentences():
    assert split(
        "Mr. Lee met Gen. Park in the U.S. capital on Sept. 13. The train cannot go beyond "
        "59 km/h (37mph). It cost $4.5 million, up 3.5 percent vs. last year."
    ) == [
        "Mr. Lee met Gen. Park in the U.S. capital on Sept. 13.",
        "The train cannot go beyond 59 km/h (37mph).",
        "It cost $4.5 million, up 3.5 percent vs. last year.",
    ]


def test_initialisms_at_sentence_end():
    assert split("He lives in Washington, D.C. He works for the U.N. agency.") == [
        "He lives in Washington, D.C.",
        "He works for the U.N. agency.",
    ]


def test_titles_stay_with_the_name_after_them():
    # Punkt's model knows "Ms." but breaks before a name that is also a common word, and never
    # saw "Gov.", "Rev.", "Mt." or "No. 5"; every break below is one it made.
    assert split(
        "The Rev. Grace Fowler spoke, Gov. Bill Navarro said. Ms. Frost hiked Mt. Hood. "
        "They live at No. 42. Singer Tom B. Wood agreed."
    ) == [
        "The Rev. Grace Fowler spoke, Gov. Bill Navarro said.",
        "Ms. Frost hiked Mt. Hood.",
        "They live at No. 42.",
        "Singer Tom B. Wood agreed.",
    ]


def test_only_titles_are_joined_to_what_follows():
    assert split("He lives on Main St. He is happy. She spoke to the Dr. about it.") == [
        "He lives on Main St.",
        "He is happy.",
        "She spoke to the Dr. about it.",
    ]


def test_quotes_stay_with_their_attribution():
    assert split(
        "“Both sides want a deal. So there is common ground,” said Ana Lima, a trader. "
        "Others disagreed."
    ) == [
        "“Both sides want a deal. So there is common ground,” said Ana Lima, a trader.",
        "Others disagreed.",
    ]
    assert split('He said: "It is over." Then he left.') == [
        'He said: "It is over."',
        "Then he left.",
    ]


def test_ellipsis_inside_a_sentence():
    assert split("The plan was... complicated, she said. Work starts today.") == [
        "The plan was... complicated, she said.",
        "Work starts today.",
    ]


def test_questions_exclamations_and_danda():
    assert split("Is it true? Yes! It is.") == ["Is it true?", "Yes!", "It is."]
    assert split("यह पहला वाक्य है। यह दूसरा है।", "hi") == ["यह पहला वाक्य है।", "यह दूसरा है।"]


def test_segment_spans_index_the_joined_text():
    paragraphs = ["First one. Second one.", "Third, in a new paragraph."]
    sentences = segment(paragraphs, "a1")
    text = "\n\n".join(paragraphs)
    assert [(s.index, s.paragraph, text[s.start : s.end]) for s in sentences] == [
        (0, 0, "First one."),
        (1, 0, "Second one."),
        (2, 1, "Third, in a new paragraph."),
    ]
    assert all(s.article_id == "a1" and s.text == text[s.start : s.end] for s in sentences)


paragraph_text = st.lists(
    st.sampled_from(
        [
            "Mr.",
            "Kim",
            "said",
            "U.S.",
            "5.5",
            "km/h",
            "“",
            "”",
            '"',
            ".",
            "?",
            "!",
            "...",
            "It",
            "rose",
            "(37mph)",
            "Gen.",
            "Gov.",
            "Rev.",
            "No.",
            "x",
        ]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(paragraph_text.filter(lambda p: p.strip()), min_size=1, max_size=4))
def test_sentences_cover_every_character_in_order(paragraphs):
    paragraphs = [p.strip() for p in paragraphs]
    text = "\n\n".join(paragraphs)
    sentences = segment(paragraphs, "x")
    pos = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text == sentence.text.strip()
        assert not text[pos : sentence.start].strip()  # nothing skipped but whitespace
        pos = sentence.end
    assert not text[pos:].strip()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Mr. Lee spoke. He left at 5 p.m. on Sept. 13.",
                "Rain fell.",
                '"We will rebuild," the mayor said. "It will take years."',
                "A bridge closed after the U.S. storm; crews arrived on Tuesday.",
                "",
            ]
        ),
        max_size=8,
    ),
    st.integers(min_value=0, max_value=6),
)
def test_lead_of_an_unsegmented_article_is_the_start_of_the_full_segmentation(paragraphs, n):
    from storyfuse.model import Article
    from storyfuse.segment import ensure_sentences, lead

    bare = Article(id="x", text="\n\n".join(paragraphs), paragraphs=paragraphs, language="en")
    full = segment(paragraphs, "x", "en")
    assert lead(bare, n) == full[:n]
    assert bare.sentences == []  # lead() does not segment the article itself
    assert ensure_sentences(bare).sentences == full
