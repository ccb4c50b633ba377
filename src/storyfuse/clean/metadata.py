"""Metadata stated in the text itself: dates, bylines, front matter, reading-time lines.

Scraped text often starts with what the page showed above the story ("date 2023-09-11 ...",
"Published: 12 Sept 2023", "By Jane Doe and John Roe", "4 min read"). These rules move such
lines into metadata instead of leaving them in the first sentence.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

from dateutil import parser as _dateparser

#: An English month name, full or abbreviated ("Sept.").
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
_TIME = (
    r"(?:(?:,|\s+at|\s*[-–|])?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*"
    r"(?:[ap]\.?m\.?)?\s*(?:Z|[A-Z]{2,5}|[+-]\d{2}:?\d{2})?)"
)
#: A written date (with an optional time) as pages print it.
DATE_PATTERN = (
    r"(?:"
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    rf"|(?:{_WEEKDAY}\s*)?\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}{_TIME}?"
    rf"|(?:{_WEEKDAY}\s*)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}{_TIME}?"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{4}}{_TIME}?"
    r")"
)
_DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)
_META_LABEL = (
    r"(?:date(?:d)?|published(?:\s+(?:on|at))?|updated(?:\s+(?:on|at))?|last\s+updated|"
    r"first\s+published|posted(?:\s+(?:on|at))?|modified)"
)
# "date 2023-09-11 Body text..." or "Published: 12 Sept 2023" (the body may follow on the line).
_LABELLED_DATE = re.compile(
    rf"^(?P<label>{_META_LABEL})\s*[:\-–—|]?\s*(?P<date>{DATE_PATTERN})\s*[|·•\-–—]?\s*",
    re.IGNORECASE,
)
_BARE_DATE = re.compile(rf"^(?:{_META_LABEL}\s*[:\-–—]?\s*)?(?P<date>{DATE_PATTERN})\s*$", re.I)
_READING_TIME = re.compile(
    r"^(?:\d+\s*(?:-|–)?\s*min(?:ute)?s?\.?\s+(?:read|listen)|reading\s+time\s*:?.{0,20}|"
    r"(?:estimated\s+)?read(?:ing)?\s+time\s*:?\s*\d+\s*min(?:ute)?s?)\.?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written by|words by|story by)\s+(?P<names>.+)$", re.IGNORECASE)
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*|de|van|von|da|del|bin|al|el|la|le)(?:\s|$)")
_ISO_DAY = re.compile(r"^(?:1[89]|20)\d{2}-\d{2}-\d{2}$")
_FRONT_MATTER_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")


def normalize_date(text: str | None) -> str | None:
    """An ISO 8601 date (or date-time when a time is given) from a written date, else None.

    A year must be present: without one the parser would silently fill in today's.
    """
    if not text:
        return None
    text = text.strip()
    if not text or text.casefold() in {"none", "null", "nan", "n/a", "unknown"}:
        return None
    if not re.search(r"\b(?:1[89]|20)\d{2}\b", text):
        return None
    if _ISO_DAY.match(text):  # the common case, 30x faster than the parser, same answer
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        with warnings.catch_warnings():
            # An unknown zone name ("AMT") still leaves a usable local date and time.
            warnings.simplefilter("ignore", _dateparser.UnknownTimezoneWarning)
            parsed = _dateparser.parse(text, fuzzy=True, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1800 <= parsed.year <= 2100:
        return None
    if re.search(r"\d{1,2}:\d{2}", text):
        return parsed.isoformat()
    return parsed.date().isoformat()


def find_date(text: str) -> str | None:
    """The first written date inside ``text``, normalised."""
    match = _DATE_RE.search(text)
    return normalize_date(match.group(0)) if match else None


def split_labelled_date(line: str) -> tuple[str, str, str] | None:
    """``(prefix, iso_date, rest)`` for a line that starts with a labelled date, else None."""
    match = _LABELLED_DATE.match(line)
    if not match:
        return None
    iso = normalize_date(match.group("date"))
    if iso is None:
        return None
    return match.group(0), iso, line[match.end() :]


def bare_date(line: str) -> str | None:
    """The date of a line that is nothing but a (labelled) date."""
    match = _BARE_DATE.match(line)
    return normalize_date(match.group("date")) if match else None


def is_reading_time(line: str) -> bool:
    return bool(_READING_TIME.match(line))


def byline_names(line: str) -> list[str] | None:
    """Author names from a byline ("By Jane Doe and John Roe"), or None if it is not one."""
    match = _BYLINE.match(line)
    if not match or (line.rstrip().endswith((".", "!", "?")) and len(line.split()) > 8):
        return None
    names_part = re.split(r"\s*[|·•]\s*", match.group("names"))[0]
    parts = [p.strip(" ,;") for p in re.split(r",|;|\band\b|&", names_part)]
    names = [p for p in parts if p]
    if not names or len(names) > 6:
        return None
    for name in names:
        tokens = name.split()
        if not 1 <= len(tokens) <= 5 or not all(_NAME.match(t + " ") for t in tokens):
            return None
    return names


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], int] | None:
    """A ``---`` delimited ``key: value`` block at the very top: ``(fields, lines_used)``."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return None
    fields: dict[str, str] = {}
    for i in range(first + 1, min(len(lines), first + 60)):
        stripped = lines[i].strip()
        if stripped == "---":
            return (fields, i + 1) if fields else None
        if not stripped:
            continue
        match = _FRONT_MATTER_KEY.match(stripped)
        if not match:
            return None
        fields[match.group("key").lower()] = match.group("value").strip().strip("'\"")
    return None
