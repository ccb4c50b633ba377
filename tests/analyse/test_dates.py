"""Date expressions resolved against the article's date (analyse.dates)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.analyse.dates import find_dates

MONDAY = dt.date(2023, 9, 11)


def dates(text: str, published: dt.date | None = MONDAY):
    return [(d.text, d.value, d.expected, d.revised) for d in find_dates(text, published)]


def test_weekdays_look_back_in_the_past_and_ahead_in_the_future():
    assert dates("The minister left the capital late on Sunday and will land on Tuesday.") == [
        ("late on Sunday", dt.date(2023, 9, 10), False, False),
        ("on Tuesday", dt.date(2023, 9, 12), True, False),
    ]
    assert dates("The talks could start as early as Thursday.")[0][1:3] == (
        dt.date(2023, 9, 14),
        True,
    )
    assert dates("Rescuers arrived on Monday.")[0][1] == MONDAY  # the day itself
    assert dates("The storm hit last Monday.")[0][1] == dt.date(2023, 9, 4)
    assert dates("The fair runs through Wednesday.")[0][1:3] == (dt.date(2023, 9, 13), True)


def test_a_superseded_date_is_marked_revised():
    text = "The vote is likely on Tuesday, though the agency initially said it would be Friday."
    found = dates(text)
    assert found[0][:2] == ("on Tuesday", dt.date(2023, 9, 12)) and not found[0][3]
    assert found[1][:2] == ("Friday", dt.date(2023, 9, 15)) and found[1][3]


def test_relative_days_weeks_and_ago():
    found = dates(
        "Officials met yesterday, will meet the day after tomorrow, and met two weeks ago."
    )
    assert [d[1] for d in found] == [
        dt.date(2023, 9, 10),
        dt.date(2023, 9, 13),
        MONDAY.replace(day=28, month=8),
    ]
    meaning = dates('He "will arrive the day after tomorrow", meaning Wednesday.')
    assert [d[1] for d in meaning] == [dt.date(2023, 9, 13)] * 2


def test_written_dates_and_year_rollover():
    assert dates("Talks began on Dec. 30.", dt.date(2024, 1, 3))[0][1] == dt.date(2023, 12, 30)
    assert dates("It opened on 13 September 2023.", None)[0][1] == dt.date(2023, 9, 13)
    assert dates("The law was passed in 2019.")[0][1:] == (dt.date(2019, 1, 1), False, False)
    assert dates("Sales rose in March 2021.")[0][1] == dt.date(2021, 3, 1)


def test_durations_and_later_are_not_dates():
    found = find_dates(
        "It was his first trip in more than four years; he died five days later.", MONDAY
    )
    assert [(d.kind, d.value) for d in found] == [("duration", None)]


def test_without_a_publication_date_weekdays_stay_unresolved():
    (found,) = find_dates("The meeting is set for Friday.", None)
    assert found.value is None and found.weekday == 4 and found.expected


def test_modal_may_and_newspaper_names_are_not_dates():
    assert dates("Officials may decide soon, the Sunday Times reported.") == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.one_of(st.none(), st.dates()))
def test_never_raises_and_spans_are_exact(text, published):
    found = find_dates(text, published)
    assert all(text[d.start : d.end] == d.text for d in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
