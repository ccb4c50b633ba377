"""Property-based tests: the cleaners and parsers never crash and never invent text."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.clean import clean_text, normalize_date
from storyfuse.clean.credits import parse_credit_line, split_inline_credit
from storyfuse.clean.datelines import split_dateline
from storyfuse.clean.lines import normalize_text

# Text shaped like scraped pages: words, punctuation, bullets, blank lines, odd spaces.
_pieces = st.sampled_from(
    [
        "The",
        "council",
        "said",
        "on",
        "Monday",
        ".",
        ",",
        ":",
        "—",
        "(AP)",
        "AFP",
        "Photo",
        "Advertisement",
        "Image caption",
        "Story highlights",
        "Read more:",
        "•",
        "-",
        "\n",
        "\n\n",
        "  ",
        "\u00a0",
        "\u200b",
        '"',
        "“",
        "”",
        "2024-03-05",
        "date",
        "By",
        "Jane",
        "Doe",
        "Share",
        "More from",
        "News",
        "02:46",
        "km/h",
        "U.S.",
        "Mr.",
        "?",
        "!",
        "…",
        "'",
        "\t",
        "\r\n",
        "SEOUL",
        "(Source: BBC)",
    ]
)
scraped = st.lists(st.one_of(_pieces, st.text(max_size=12)), max_size=80).map(" ".join)


def _word_set(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@settings(max_examples=300, deadline=None)
@given(scraped)
def test_clean_text_never_crashes_and_never_invents_words(text):
    cleaned = clean_text(text)
    source_words = _word_set(normalize_text(text))
    assert _word_set(cleaned.text) <= source_words
    assert all(p == p.strip() and p for p in cleaned.paragraphs)
    assert "\n\n" not in "".join(cleaned.paragraphs)
    line_count = normalize_text(text).count("\n") + 1
    assert all(r.line is None or 1 <= r.line <= line_count for r in cleaned.removed)
    if cleaned.title:
        assert _word_set(cleaned.title) <= source_words


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_clean_text_on_arbitrary_unicode(text):
    cleaned = clean_text(text)
    assert _word_set(cleaned.text) <= _word_set(normalize_text(text))


@given(st.text(max_size=120))
def test_credit_and_dateline_parsers_accept_anything(text):
    credits = parse_credit_line(text)
    assert credits is None or all(c.text == text.strip() for c in credits)
    found = split_inline_credit(text)
    if found:
        rest, _credits = found
        assert text.startswith(rest)
    dateline = split_dateline(text)
    if dateline:
        _head, rest = dateline
        assert text.endswith(rest)


@given(st.text(max_size=60))
def test_normalize_date_returns_iso_or_none(text):
    result = normalize_date(text)
    if result is not None:
        dt.date.fromisoformat(result[:10])


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_normalize_date_reads_common_written_forms(day):
    for written in (
        day.isoformat(),
        day.strftime("%d %B %Y"),
        day.strftime("%B %d, %Y"),
        day.strftime("%a, %d %b %Y"),
    ):
        assert normalize_date(written) == day.isoformat()


@given(
    st.integers(min_value=1800, max_value=2099),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=0, max_value=32),
)
def test_iso_day_fast_path_answers_as_the_parser_does(year, month, day):
    import warnings

    from dateutil import parser

    written = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = parser.parse(written, default=dt.datetime(1900, 1, 1)).date().isoformat()
    except (ValueError, OverflowError):
        expected = None
    assert normalize_date(written) == expected


_ascii_promo = st.lists(
    st.one_of(
        st.sampled_from(
            ["Sign", "UP", "subscribe", "Newsletter", "INBOX", "Get", "the", "App", "log", "In",
             "Click", "HERE", "follow", "Us", "on", "e-mail", "Enter", "your", "EMAIL", "free"]
        ),
        st.text(alphabet=st.characters(max_codepoint=127), max_size=8),
    ),
    max_size=20,
).map(" ".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ascii_promo, st.text(max_size=80)))
def test_folded_search_answers_as_the_case_insensitive_pattern(text):
    from storyfuse.clean import patterns

    expected = patterns._NEWSLETTER_WORDS.search(text) is not None
    assert (
        patterns._search_folded(patterns._NEWSLETTER_WORDS, patterns._NEWSLETTER_WORDS_LOWER, text)
        == expected
    )


@settings(max_examples=300, deadline=None)
@given(scraped)
def test_split_lines_collapses_spaces_as_the_regex_did(text):
    from storyfuse.clean.lines import _BULLET, _SPACES, split_lines

    raws = normalize_text(text).split("\n")
    for line, raw in zip(split_lines(text), raws, strict=True):
        stripped = raw.strip()
        if line.bullet:
            stripped = _BULLET.sub("", stripped, count=1)
        assert line.text == _SPACES.sub(" ", stripped)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_pieces, st.sampled_from(["\u200b", "\u00ad", "\ufeff"])), max_size=40))
def test_normalize_text_drops_invisible_characters_wherever_they_are(pieces):
    from storyfuse.clean.lines import _INVISIBLE_CHARS

    text = "".join(pieces)
    normalized = normalize_text(text)
    assert not any(ch in normalized for ch in _INVISIBLE_CHARS)
    assert normalized == normalize_text(text.translate(dict.fromkeys(map(ord, _INVISIBLE_CHARS))))
