"""Reading order for a brief: events in time order, then background.

A sentence is placed at the date of the event it reports when it names one ("on June 1",
"on Sunday", "Sept. 13") resolved against its article's publication date, else at that date.
Sentences about earlier years ("In 2019, he made ...") are background and come last, as a
reporter would put them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from storyfuse.clean.metadata import MONTH

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}  # fmt: skip
_MONTH_NAME = f"(?P<month>{MONTH})"
_MONTH_DAY = re.compile(
    rf"\b(?:{_MONTH_NAME}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"\s+{_MONTH_NAME.replace('month', 'month2')})(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\b(?:on|late on|early on|last|this)\s+(?P<day>monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:in|since|until|of)\s+(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)


def event_date(text: str, published: dt.date | None) -> tuple[dt.date | None, bool]:
    """The date of the event a sentence reports, and whether it is background (an earlier year)."""
    match = _MONTH_DAY.search(text)
    if match:
        month = _MONTHS[(match["month"] or match["month2"]).lower()[:3]]
        day = int(match["day"] or match["day2"])
        year = int(match["year"]) if match["year"] else (published.year if published else None)
        if year is not None:
            try:
                date = dt.date(year, month, day)
            except ValueError:
                date = None
            if date is not None:
                if not match["year"] and published and date > published + dt.timedelta(days=1):
                    date = date.replace(year=date.year - 1)  # "Dec. 30" in a January article
                # Background only when the sentence itself names an earlier year.
                background = (
                    bool(match["year"]) and published is not None and (date.year < published.year)
                )
                return date, background
    if published is not None:
        weekday = _WEEKDAY.search(text)
        if weekday:
            back = (published.weekday() - _WEEKDAYS[weekday["day"].lower()]) % 7
            return published - dt.timedelta(days=back), False
        year = _YEAR.search(text)
        if year and int(year["year"]) < published.year:
            return dt.date(int(year["year"]), 1, 1), True
    return published, False


def reading_order(
    keys: Sequence[tuple[str, dt.date | None, int, int]],
) -> list[int]:
    """Order of sentences given ``(text, article date, article rank, sentence index)`` each."""
    fallback = max((d for _, d, _, _ in keys if d), default=dt.date.max)

    def sort_key(i: int) -> tuple[bool, dt.date, int, int]:
        text, published, rank, index = keys[i]
        date, background = event_date(text, published)
        return (background, date or published or fallback, rank, index)

    return sorted(range(len(keys)), key=sort_key)
