"""Event dates of sentences, resolved against their article's date, and the reading order."""

from __future__ import annotations

import datetime as dt

from storyfuse.order import event_date, reading_order

MONDAY = dt.date(2023, 9, 11)


def test_event_dates():
    assert event_date("Kim left Pyongyang late on Sunday.", MONDAY) == (dt.date(2023, 9, 10), False)
    assert event_date("The forum opened on Monday.", MONDAY) == (MONDAY, False)
    assert event_date("The plane vanished on June 1st.", dt.date(2009, 6, 5)) == (
        dt.date(2009, 6, 1),
        False,
    )
    assert event_date("Talks began on Dec. 30.", dt.date(2024, 1, 3)) == (
        dt.date(2023, 12, 30),
        False,
    )
    assert event_date("Talks began on Dec. 30, 2021.", dt.date(2024, 1, 3)) == (
        dt.date(2021, 12, 30),
        True,
    )
    assert event_date("In 2019, he made the trip by train.", MONDAY) == (dt.date(2019, 1, 1), True)
    assert event_date("It happened on 13 September 2023.", None) == (dt.date(2023, 9, 13), False)
    assert event_date("Nothing dated here.", MONDAY) == (MONDAY, False)
    assert event_date("Nothing dated here.", None) == (None, False)


def test_reading_order_puts_events_in_time_then_background():
    keys = [
        ("Kim also travelled to Vladivostok by train in 2019.", MONDAY, 0, 5),
        ("The summit could be held as early as Tuesday.", MONDAY, 0, 1),
        ("Kim left Pyongyang on Sunday evening.", MONDAY, 1, 0),
        ("An undated sentence from an undated article.", None, 2, 0),
    ]
    order = reading_order(keys)
    assert order[0] == 2  # Sunday's departure first
    assert order[-1] == 0  # background last
