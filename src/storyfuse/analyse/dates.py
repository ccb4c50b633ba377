"""Date expressions in a news sentence, resolved against the article's publication date.

News writes dates relative to the day of publication: "on Sunday" in an article of Monday 11
September 2023 is 10 September; "as early as Tuesday" is the 12th. The rules:

* A weekday is the most recent such day on or before the publication date, unless the
  sentence speaks of the future at that point (the nearest tense cue before it: "will",
  "would", "is expected to", "as early as", "scheduled", "likely", or "until"/"through" right
  before it), then the next such day on or after it. "last Sunday" is strictly before and
  "next Sunday" strictly after. No publication date: the weekday is kept, the date is not.
* "today", "yesterday", "tomorrow", "the day after tomorrow", "last/this/next week|month|year"
  and "N days/weeks/months/years ago" count from the publication date (a week is given by its
  Monday, a month or year by its first day).
* "Sept. 13", "13 September 2023", "2023-09-13", "September 2023", "in 2019": written dates.
  A month and day with no year take the publication year, moved a year back (or on) when that
  would put a past event after publication (a "Dec. 30" in a January article).
* "four years", "for three days": durations, kept apart (``kind="duration"``), never resolved.
* ``revised``: the clause says this date was an earlier version ("initially reported it would
  be on Wednesday", "originally scheduled for").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: Weekday names, Monday first (``datetime.date.weekday()`` order).
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 0,
    "a few": 0, "few": 0,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"
)
_UNIT = r"(?:day|week|month|year|decade|hour)s?"

#: "Sunday Times", "Monday Night Football": names, not days.
_NOT_A_TITLE = r"(?!\s+(?:Times|Telegraph|Post|Mail|Express|Herald|Night\s+Football))"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b")),
    (
        "month_day",
        re.compile(
            rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>{_YEAR})\b)?"
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?P<d>{_DAY})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\b(?:,?\s+(?P<y>{_YEAR})\b)?"
        ),
    ),
    ("month_year", re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<y>{_YEAR})\b")),
    (
        "weekday",
        re.compile(
            rf"(?:\b(?P<lead>as early as|as soon as|late on|early on|late|early|on)\s+)?"
            rf"(?:\b(?P<rel>last|next|this|coming)\s+)?\b(?P<wd>{_WEEKDAY})\b{_NOT_A_TITLE}"
            rf"(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
    ),
    (
        "ago",
        re.compile(rf"\b(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT})\s+(?P<dir>ago|earlier|later)\b", re.I),
    ),
    (
        "in_n",
        re.compile(rf"\bin\s+(?P<n>{_NUMBER})\s+(?P<unit>(?:day|week|month)s?)\b(?!\s+ago)", re.I),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>the day after tomorrow|the day before yesterday|yesterday|today|tonight|"
            r"tomorrow|(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:week|month|year)|"
            r"the past week|the coming days|the coming week|the weekend)\b",
            re.I,
        ),
    ),
    (
        "month_alone",
        re.compile(
            rf"\b(?:in|since|until|by|early|late|mid-?|last|next|this)\s+(?P<mon>{_MONTH})\b(?!\s+\d)"
        ),
    ),
    (
        "year",
        re.compile(
            rf"\b(?P<lead>in|since|until|by|from|before|after|during|of|early|late|mid-?|the)\s+(?P<y>{_YEAR})\b(?![-–]\d|\s*(?:mm|km|m)\b)",
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(
            rf"\b(?:(?:for|more than|over|nearly|almost|about|some|around|at least)\s+)?"
            rf"(?P<n>{_NUMBER}|\d+)\s+(?P<unit>{_UNIT})\b(?!\s+(?:ago|earlier|later|old))",
            re.I,
        ),
    ),
]

_FUTURE = re.compile(
    r"\b(?:will|would|shall|'ll|expected|expects|expect|due|scheduled|set to|set for|slated|"
    r"plans?|planned|planning|could|may|might|likely|possible|possibly|as early as|as soon as|"
    r"upcoming|is to|are to|goes|begins|opens|starts|meets|arrives|leaves|visits|heads|"
    r"faces|returns|resumes|hosts|holds|prepare|prepares|preparing|ahead of|"
    r"next|coming|aims?|intends?|hopes?)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:\w+ed|was|were|had|did|left|met|said|told|came|went|began|took|made|held|flew|"
    r"spoke|saw|gave|got|sent|won|lost|fell|rose|struck|hit|ran|fled|last|ago|earlier)\b",
    re.I,
)
_REVISED = re.compile(
    r"\b(?:initially|originally|previously|first|earlier)\s+(?:\w+\s+){0,2}?"
    r"(?:reported|said|announced|suggested|told|stated)\b",  # a report changed, not a plan
    re.I,
)
_UNTIL = re.compile(
    r"\b(?:until|till|through|(?:extended|postponed|delayed|moved|pushed back)\s+(?:to|until))\s+$",
    re.I,
)
#: Words between a "revised" cue ("initially reported") and the date it revises, at most.
REVISED_REACH = 6
_CLAUSE = re.compile(r"[;,]|\b(?:though|although|but|while|whereas)\b", re.I)
#: "..., meaning Wednesday": the date after it restates the one before.
MEANING = re.compile(r"\b(?:meaning|i\.e\.|that is)\s*,?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: where it is, what date it means, and how the sentence frames it."""

    text: str
    start: int
    end: int
    kind: str  # "date" | "duration"
    precision: str | None  # "day" | "week" | "month" | "year"; None for durations
    value: dt.date | None
    weekday: int | None
    relation: str  # "past" | "future" | "present"
    expected: bool
    revised: bool


def _month(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word, 0)


def _tense(text: str, start: int, own: str) -> str:
    """ "future" or "past" from the expression itself or the nearest tense cue before it."""
    own_lower = own.lower()
    if own_lower.startswith(("as early as", "as soon as", "next", "coming", "tomorrow")):
        return "future"
    if own_lower.startswith(("last", "yesterday")) or own_lower.endswith("ago"):
        return "past"
    before = text[:start]
    if _UNTIL.search(before):
        return "future"  # "runs through Wednesday", "until Friday"
    future = [m.end() for m in _FUTURE.finditer(before)]
    past = [m.end() for m in _PAST.finditer(before)]
    if future and (not past or future[-1] >= past[-1]):  # "expected" is both: future
        return "future"
    return "past"


def _weekday_date(published: dt.date, weekday: int, future: bool, strict: bool) -> dt.date:
    if future:
        ahead = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=ahead or (7 if strict else 0))
    back = (published.weekday() - weekday) % 7
    return published - dt.timedelta(days=back or (7 if strict else 0))


def _shift(published: dt.date, n: int, unit: str, sign: int) -> tuple[dt.date, str]:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return published + dt.timedelta(days=sign * n), "day"
    if unit == "week":
        day = published + dt.timedelta(weeks=sign * n)
        return day - dt.timedelta(days=day.weekday()), "week"
    if unit == "month":
        months = published.year * 12 + published.month - 1 + sign * n
        return dt.date(months // 12, months % 12 + 1, 1), "month"
    years = {"year": 1, "decade": 10}.get(unit, 0) * n
    if not years:
        return published, "day"
    return dt.date(published.year + sign * years, 1, 1), "year"


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression of ``text``, in order, none overlapping."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < b and a < end for a, b in taken):
                continue
            mention = _resolve(name, m, text, published)
            if mention is not None:
                taken.append((start, end))
                found.append(mention)
    found.sort(key=lambda d: d.start)
    return _inherit(found, text)


def _inherit(found: list[DateMention], text: str) -> list[DateMention]:
    """ "the day after tomorrow, meaning Wednesday": the weekday takes the date before it."""
    out = []
    for k, d in enumerate(found):
        if k and d.weekday is not None and MEANING.search(text[found[k - 1].end : d.start]):
            prev = found[k - 1]
            if prev.value is not None and prev.precision == "day":
                d = DateMention(
                    d.text, d.start, d.end, d.kind, "day", prev.value, prev.value.weekday(),
                    prev.relation, prev.expected, prev.revised,
                )  # fmt: skip
        out.append(d)
    return out


def _resolve(
    name: str, m: re.Match[str], text: str, published: dt.date | None
) -> DateMention | None:
    start, end = m.span()
    expression = m.group(0)
    clause_start = max((c.end() for c in _CLAUSE.finditer(text[:start])), default=0)
    clause = text[clause_start:end]
    cue = _REVISED.search(clause)
    revised = bool(cue) and len(clause[cue.start() : start - clause_start].split()) <= REVISED_REACH
    tense = _tense(text, start, expression)
    expected = tense == "future"
    value: dt.date | None = None
    weekday: int | None = None
    precision: str | None = "day"
    kind = "date"
    if name == "iso":
        try:
            value = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
    elif name in ("month_day", "day_month"):
        month, day = _month(m["mon"]), int(m["d"])
        if m["mon"].lower() == "may" and not m["y"] and name == "month_day" and start == 0:
            return None  # "May 5 people ..." is too rare to matter; "May" opening a sentence
        year = int(m["y"]) if m["y"] else (published.year if published else None)
        if year is None:
            return _mention(m, "date", "day", None, None, "past", expected, revised)
        try:
            value = dt.date(year, month, day)
        except ValueError:
            return None
        if m["y"] and published is not None and value < published:
            tense, expected = "past", False
        if not m["y"] and published is not None:
            if not expected and value > published + dt.timedelta(days=2):
                value = value.replace(year=year - 1) if not (month == 2 and day == 29) else value
            elif expected and value < published - dt.timedelta(days=2):
                value = value.replace(year=year + 1) if not (month == 2 and day == 29) else value
    elif name == "month_year":
        value, precision = dt.date(int(m["y"]), _month(m["mon"]), 1), "month"
        if published is not None and value < published.replace(day=1):
            tense, expected = "past", False  # a written past month is past, whatever the verb
    elif name == "month_alone":
        if m["mon"] == "May" and not text[start:].lower().startswith(("in may", "since may")):
            return None
        if published is None:
            return _mention(m, "date", "month", None, None, tense, expected, revised)
        month = _month(m["mon"])
        year = published.year
        if not expected and month > published.month:
            year -= 1
        elif expected and month < published.month:
            year += 1
        value, precision = dt.date(year, month, 1), "month"
    elif name == "weekday":
        weekday = WEEKDAYS.index(m["wd"].lower())
        rel = (m["rel"] or "").lower()
        future = rel in ("next", "coming") or (rel != "last" and expected)
        expected = future
        tense = "future" if future else "past"
        if published is not None:
            value = _weekday_date(published, weekday, future, strict=rel in ("last", "next"))
    elif name == "ago":
        if m["dir"].lower() != "ago":
            return None  # "five days later": after some other event, not after publication
        if published is None:
            return _mention(m, "date", None, None, None, "past", False, revised)
        sign = -1
        n = _count(m["n"])
        if not n:
            return None
        value, precision = _shift(published, n, m["unit"], sign)
        tense, expected = ("future", True) if sign > 0 else ("past", False)
    elif name == "in_n":
        n = _count(m["n"])
        if not n:
            return None
        if published is not None:
            value, precision = _shift(published, n, m["unit"], 1)
        tense, expected = "future", True
    elif name == "relative":
        rel = m["rel"].lower()
        value, precision, tense = _relative(rel, published)
        expected = tense == "future"
    elif name == "year":
        year = int(m["y"])
        value, precision = dt.date(year, 1, 1), "year"
        if published is not None:
            tense = (
                "past" if year < published.year else "future" if year > published.year else tense
            )
            expected = tense == "future"
    elif name == "duration":
        if not _count(m["n"]):
            return None
        return _mention(m, "duration", None, None, None, "present", False, False)
    if value is not None and weekday is None and precision == "day":
        weekday = value.weekday()
    return DateMention(
        expression, start, end, kind, precision, value, weekday, tense, expected, revised
    )


def _mention(
    m: re.Match[str],
    kind: str,
    precision: str | None,
    value: dt.date | None,
    weekday: int | None,
    relation: str,
    expected: bool,
    revised: bool,
) -> DateMention:
    start, end = m.span()
    return DateMention(
        m.group(0), start, end, kind, precision, value, weekday, relation, expected, revised
    )


def _relative(rel: str, published: dt.date | None) -> tuple[dt.date | None, str, str]:
    """Date, precision and tense of "yesterday", "last week", "the coming days"..."""
    days = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "today": 0,
        "tonight": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
    }
    tense = "past"
    if rel in days:
        tense = "future" if days[rel] > 0 else "present" if days[rel] == 0 else "past"
        if published is None:
            return None, "day", tense
        return published + dt.timedelta(days=days[rel]), "day", tense
    if rel in ("the coming days", "the coming week"):
        if published is None:
            return None, "week", "future"
        return published, "week", "future"  # vague: never a day
    words = rel.split()
    unit = words[-1] if words[-1] in ("week", "month", "year") else "week"
    which = "last" if "last" in words or "past" in words else "next" if "next" in words else "this"
    if "weekend" in rel:
        unit, which = "week", "this"
    tense = {"last": "past", "next": "future", "this": "present"}[which]
    if published is None:
        return None, unit, tense
    sign = {"last": -1, "next": 1, "this": 0}[which]
    if unit == "week":
        day = published + dt.timedelta(weeks=sign)
        return day - dt.timedelta(days=day.weekday()), "week", tense
    if unit == "month":
        months = published.year * 12 + published.month - 1 + sign
        return dt.date(months // 12, months % 12 + 1, 1), "month", tense
    return dt.date(published.year + sign, 1, 1), "year", tense
