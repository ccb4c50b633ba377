"""Quantities (numbers with units) in English news sentences, in base units for comparison.

Outlets covering one event report the same amount in different ways ("80 miles (130km)",
"$4.5m", "59 km/h" against "37 mph") and sometimes disagree on it (25 dead against 40 dead).
The analyse stage can only tell agreement from conflict once every amount is in the base unit
of its dimension, so this module finds quantities and converts them. It is rule-based
(regular expressions compiled once at import, no model) and errs towards precision: a number
with neither a unit nor a counted noun is not reported, and neither are years, dates, times of
day, ordinals, ages or identifiers such as "F-16", "G7" or "Boeing 737".

Rules where English is ambiguous:

* Counts: the counted noun is looked for in the next three words (stopping at a stopword,
  punctuation or a digit). For amounts other than one, it is the first plural-looking word
  (ends in "s", or an irregular plural such as "people"), extended over directly following
  plural-looking words ("20 police officers" -> "officers"); "dead", "injured", "wounded",
  "missing" also count as nouns ("at least 20 dead"). For one, it is the last lower-case word
  before a participle ("one armoured car was" -> "car"). ``noun`` is lower-cased as written
  ("cars", "people"); ``same_amount`` compares singular forms ("car" == "cars").
* Calibres: "122mm", "122 mm", "122-millimetre" are a calibre only when a weapon noun
  (shells, rounds, artillery, howitzer, rockets, guns, ...) follows within three words;
  otherwise they are a length.
* "pounds" is money only after "£" or as "pounds sterling"; alone it is mass. "dollars" and a
  bare "$" are USD; "¥" is JPY; "won" is money only for amounts of 1,000 and more or with a
  multiplier. "m", "k" and "b" after digits are multipliers only with a currency ("$3m"); "3m"
  otherwise is three metres. "bn", "mn", "tn", "million", ... always multiply.
* "tons" are metric tonnes (1,000 kg; a short ton is within the default tolerance). Months
  are a twelfth of a Julian year (365.25 days).
* Not quantities: four-digit integers 1800-2100 with no unit (years, even "2000 troops"),
  numbers next to month names, times ("10 a.m.", "10:30", "14:00 GMT"), ordinals, ranges and
  anything joined to another number by "-", "/", ":" ("20-25", "9/11"), numbers glued to
  letters or to a hyphenated word ("F-16", "5G", "1990s"), numbers right after "No." or a
  capitalised word that is not a function word ("Boeing 737", "Article 5"), vague plurals
  ("hundreds", "dozens", "tens of thousands"), ratios ("one in five adults") and ages ("35
  years old", "a 35-year-old"; "aged 35" has no unit or noun).
* Qualifiers right before the amount set ``approximate``; "more than", "at least", "over",
  "upwards of" set ``bound="min"``; "up to", "less than", "under", "nearly", "almost", "as
  many as" set ``bound="max"``. The qualifier is not part of the span.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

DEFAULT_TOLERANCE: Final = 0.1
#: Characters before a number searched for a qualifier ("an estimated", "more than").
QUALIFIER_WINDOW: Final = 40
#: Words after a number searched for the counted noun, and after "mm" for a weapon noun.
NOUN_WINDOW_WORDS: Final = 3
#: Bare four-digit integers in this range are taken for years.
YEAR_MIN: Final = 1800
YEAR_MAX: Final = 2100
#: Digits before the decimal point; longer runs are identifiers, not amounts.
MAX_INTEGER_DIGITS: Final = 15
#: Below this, "won" after a number is the verb ("three won medals"), not Korean currency.
MIN_WON_AMOUNT: Final = 1000
#: Converted values are rounded to this many significant digits (hides float noise).
SIGNIFICANT_DIGITS: Final = 12

JULIAN_YEAR_S: Final = 365.25 * 86400.0

# Horizontal whitespace, including the no-break and thin spaces typeset news uses ("80 km").
_SP = r"[ \t\u00a0\u2009\u202f]"

_ONES: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
_TEENS: Final = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: Final = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES: Final = {
    "dozen": 12, "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
    "trillion": 10**12,
}  # fmt: skip
_ABBREVIATED_SCALES: Final = {
    "k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9, "tn": 10**12,
}  # fmt: skip
#: Abbreviations that are a unit or a letter unless a currency is in sight.
_CURRENCY_ONLY_SCALES: Final = frozenset({"k", "m", "b"})

_PREFIX_CURRENCIES: Final = {
    "$": "USD", "US$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
    "₩": "KRW", "₽": "RUB", "₴": "UAH",
}  # fmt: skip
_CURRENCY_CODES: Final = (
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "RUB", "KRW", "CHF", "AUD", "CAD", "UAH",
)  # fmt: skip
_CODE_ALIASES: Final = {"RMB": "CNY"}

_MONTHS: Final = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)

#: Qualifier phrase -> bound it sets (None: only approximate).
QUALIFIERS: Final[dict[str, str | None]] = {
    "more than": "min", "at least": "min", "over": "min", "upwards of": "min",
    "in excess of": "min", "just over": "min", "no fewer than": "min", "no less than": "min",
    "a minimum of": "min", "well over": "min",
    "up to": "max", "less than": "max", "fewer than": "max", "under": "max", "nearly": "max",
    "almost": "max", "just under": "max", "as many as": "max", "as much as": "max",
    "no more than": "max", "at most": "max", "a maximum of": "max", "close to": "max",
    "about": None, "around": None, "some": None, "roughly": None, "an estimated": None,
    "estimated": None, "approximately": None, "approx.": None, "circa": None,
    "more or less": None,
}  # fmt: skip

#: Words that end a counted-noun search and may start a sentence before a number.
_STOPWORDS: Final = frozenset("""
a an the of in on at to for from by with without and or but nor as than then that which who
whom whose this these those there their its his her our your my me us them they he she it we
you was were is are be been being has have had do does did will would can could should may
might must shall said says say told tell more most less fewer many much other others such same
each every all any some no not only also just about around over under up down out off into
onto upon per via across after before during since until while when where whether if so yet
again still even ago later earlier both either neither own too very here what why how whereas
towards toward although though because among amongst against between within through throughout
beyond near like unlike including plus minus times degrees percent ones another last next
""".split())  # fmt: skip
_IRREGULAR_PLURALS: Final = frozenset(
    "people men women children police personnel staff crew aircraft cattle sheep fish deer "
    "livestock teeth mice geese oxen militia clergy".split()
)
#: Adjectives used as plural nouns: a count's noun only when no plural noun follows them.
_NOMINAL_ADJECTIVES: Final = frozenset("dead injured wounded missing homeless displaced".split())
_SINGULARS: Final = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "teeth": "tooth",
    "mice": "mouse", "geese": "goose", "oxen": "ox", "persons": "person",
}  # fmt: skip
_WEAPON_NOUNS: Final = (
    "shells?|artillery|rounds?|guns?|howitzers?|rockets?|mortars?|cannons?|ammunition|ammo"
    "|munitions?|projectiles?|pistols?|rifles?|launchers?|bullets?|missiles?|calib(?:re|er)"
)


@dataclass(frozen=True, slots=True)
class ParsedQuantity:
    """One amount found in a text, converted to the base unit of its dimension."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    dimension: str
    noun: str | None
    approximate: bool
    bound: str | None


@dataclass(frozen=True, slots=True)
class _Unit:
    pattern: str
    dimension: str
    unit: str
    factor: float
    attached_only: bool = False  # "5C", "5l", "5g": too ambiguous with a space before them
    key: str = ""  # what display and the special rules need to know ("mm", "F", "won", "day")


_METRE = r"met(?:er|re)s?"
_DURATIONS: Final = {
    "second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0, "week": 7 * 86400.0,
    "fortnight": 14 * 86400.0, "month": JULIAN_YEAR_S / 12, "year": JULIAN_YEAR_S,
    "decade": 10 * JULIAN_YEAR_S, "century": 100 * JULIAN_YEAR_S,
}  # fmt: skip
_DURATION_PATTERNS: Final = {
    "second": r"(?i:seconds?|secs?)", "minute": r"(?i:minutes?|mins?)",
    "hour": r"(?i:hours?|hrs?)", "day": r"(?i:days?)", "week": r"(?i:weeks?)",
    "fortnight": r"(?i:fortnights?)", "month": r"(?i:months?)", "year": r"(?i:years?|yrs?)",
    "decade": r"(?i:decades?)", "century": r"(?i:century|centuries)",
}  # fmt: skip

# Order matters only where one alternative is a prefix of another that also ends at a word
# boundary ("km/h" before "km", "miles per hour" before "miles", "pounds sterling" first).
_UNITS: Final = (
    _Unit(r"(?i:km/hr?|kmh|kph|kmph)", "speed", "km/h", 1.0),
    _Unit(rf"(?i:(?:kilo{_METRE}|km){_SP}+(?:per|an|a){_SP}+hour)", "speed", "km/h", 1.0),
    _Unit(rf"(?i:mph|miles?{_SP}+(?:per|an|a){_SP}+hour)", "speed", "km/h", 1.609344),
    _Unit(r"(?i:knots?)|kts?", "speed", "km/h", 1.852),
    _Unit(rf"m/s|(?i:{_METRE}{_SP}+(?:per|a){_SP}+second)", "speed", "km/h", 3.6),
    _Unit(rf"(?i:square{_SP}+kilo{_METRE}|sq\.?{_SP}*km)|km2|km²", "area", "m2", 1e6),
    _Unit(rf"(?i:square{_SP}+miles?|sq\.?{_SP}*mi)", "area", "m2", 2589988.110336),
    _Unit(rf"(?i:square{_SP}+{_METRE}|sq\.?{_SP}*m)|m2|m²", "area", "m2", 1.0),
    _Unit(rf"(?i:square{_SP}+f(?:ee|oo)t|sq\.?{_SP}*ft)", "area", "m2", 0.09290304),
    _Unit(r"(?i:hectares?)|ha", "area", "m2", 1e4),
    _Unit(r"(?i:acres?)", "area", "m2", 4046.8564224),
    _Unit(rf"(?i:cubic{_SP}+{_METRE})|m3|m³", "volume", "l", 1000.0),
    _Unit(r"(?i:millilit(?:er|re)s?)|ml", "volume", "l", 0.001),
    _Unit(r"(?i:lit(?:er|re)s?)", "volume", "l", 1.0),
    _Unit(r"[lL]", "volume", "l", 1.0, attached_only=True),
    _Unit(r"(?i:gallons?)", "volume", "l", 3.785411784),
    _Unit(r"(?i:barrels?)|bbl", "volume", "l", 158.987294928),
    _Unit(rf"(?i:nautical{_SP}+miles?)|nmi", "length", "m", 1852.0),
    _Unit(r"(?i:miles?)|mi", "length", "m", 1609.344),
    _Unit(rf"(?i:kilo{_METRE})|kms?|KM", "length", "m", 1000.0),
    _Unit(rf"(?i:centi{_METRE})|cm", "length", "m", 0.01),
    _Unit(rf"(?i:milli{_METRE})|mm", "length", "m", 0.001, key="mm"),
    _Unit(rf"(?i:{_METRE})|m", "length", "m", 1.0),
    _Unit(r"(?i:feet|foot)|ft", "length", "m", 0.3048),
    _Unit(r"(?i:yards?)|yds?", "length", "m", 0.9144),
    _Unit(r"(?i:inch(?:es)?)", "length", "m", 0.0254),
    _Unit(rf"(?i:tonnes?|metric{_SP}+tons?|tons?)", "mass", "kg", 1000.0),
    _Unit(r"(?i:kilogra(?:mme|m)s?|kilos?)|kgs?", "mass", "kg", 1.0),
    _Unit(r"(?i:gra(?:mme|m)s?)", "mass", "kg", 0.001),
    _Unit(r"(?i:milligra(?:mme|m)s?)|mg", "mass", "kg", 1e-6),
    _Unit(r"g", "mass", "kg", 0.001, attached_only=True),
    _Unit(rf"(?i:pounds?{_SP}+sterling)", "money", "GBP", 1.0),
    _Unit(r"(?i:pounds?)|lbs?", "mass", "kg", 0.45359237),
    _Unit(r"(?i:ounces?)|oz", "mass", "kg", 0.028349523125),
    _Unit(rf"°{_SP}?C|(?i:degrees?{_SP}+(?:celsius|centigrade|C))", "temperature", "°C", 1.0),
    _Unit(rf"°{_SP}?F|(?i:degrees?{_SP}+(?:fahrenheit|F))", "temperature", "°C", 1.0, key="F"),
    _Unit(r"C", "temperature", "°C", 1.0, attached_only=True),
    _Unit(r"F", "temperature", "°C", 1.0, attached_only=True, key="F"),
    _Unit(rf"%|(?i:per{_SP}?cent|pct)", "percent", "%", 1.0),
    _Unit(rf"(?i:percentage{_SP}+points?)|pp", "percent", "pp", 1.0),
    *(
        _Unit(pattern, "duration", "s", _DURATIONS[name], key=name)
        for name, pattern in _DURATION_PATTERNS.items()
    ),
    _Unit(rf"(?i:(?:US{_SP}+)?dollars?)", "money", "USD", 1.0),
    _Unit(r"(?i:euros?)", "money", "EUR", 1.0),
    _Unit(r"(?i:sterling)", "money", "GBP", 1.0),
    _Unit(r"(?i:yen)", "money", "JPY", 1.0),
    _Unit(r"(?i:yuan|renminbi)", "money", "CNY", 1.0),
    _Unit(r"(?i:won)", "money", "KRW", 1.0, key="won"),
    _Unit(r"(?i:roubles?|rubles?)", "money", "RUB", 1.0),
    _Unit(r"(?i:rupees?)", "money", "INR", 1.0),
    _Unit(r"(?i:hryvnias?)", "money", "UAH", 1.0),
    *(_Unit(code, "money", _CODE_ALIASES.get(code, code), 1.0) for code in _CURRENCY_CODES),
)


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _unit_regex(units: tuple[tuple[int, _Unit], ...]) -> re.Pattern[str]:
    body = "|".join(f"(?P<u{index}>{unit.pattern})" for index, unit in units)
    return re.compile(rf"(?:{body})(?![\w²³])")


_INDEXED_UNITS: Final = tuple(enumerate(_UNITS))
_UNIT_ATTACHED: Final = _unit_regex(_INDEXED_UNITS)
_UNIT_SPACED: Final = _unit_regex(tuple(iu for iu in _INDEXED_UNITS if not iu[1].attached_only))
_UNIT_SEPARATOR: Final = re.compile(rf"{_SP}{{1,3}}|-")

_SMALL = (
    rf"(?:(?:{_alternatives(_TENS)})(?:[- ](?:{_alternatives(_ONES)}))?"
    rf"|{_alternatives(_TEENS)}|{_alternatives(_ONES)})\b"
)
_HUNDREDS = rf"{_SMALL}(?:{_SP}+hundred\b(?:{_SP}+(?:and{_SP}+)?{_SMALL})?)?"
_BIG_SCALE = r"(?:thousand|million|billion|trillion|dozen)\b"
_WORD_NUMBER = (
    rf"(?:(?:a|half{_SP}+a){_SP}+(?:dozen|hundred|thousand|million|billion|trillion)\b"
    rf"|{_HUNDREDS})"
    rf"(?:{_SP}+{_BIG_SCALE}(?:{_SP}+(?:and{_SP}+)?{_HUNDREDS})?)*"
    rf"(?:{_SP}+and{_SP}+a{_SP}+half\b)?"
)
_CURRENCY_PREFIX = (
    rf"{_alternatives(_PREFIX_CURRENCIES)}|\b(?:{'|'.join(_CURRENCY_CODES)})(?={_SP}?[0-9])"
)
_DIGITS = rf"[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]{{1,{MAX_INTEGER_DIGITS}}}(?:\.[0-9]+)?"

#: Where a quantity may start: a currency and digits, digits, or number words. The lookaheads
#: on first characters let the scan skip most positions cheaply (3x faster).
_DIGIT_FIRSTS = "".join(sorted({c[0] for c in (*_PREFIX_CURRENCIES, *_CURRENCY_CODES)}))
_WORD_FIRSTS = "".join(sorted({w[0] + w[0].upper() for w in (*_ONES, *_TEENS, *_TENS, "a", "h")}))
_CANDIDATE: Final = re.compile(
    rf"(?=[0-9{re.escape(_DIGIT_FIRSTS)}])(?:(?P<cur>{_CURRENCY_PREFIX}){_SP}?)?(?P<digits>{_DIGITS})"
    rf"|\b(?=[{_WORD_FIRSTS}])(?P<words>(?i:{_WORD_NUMBER}))"
)
_WORD_TOKEN: Final = re.compile(r"[a-z]+")
_SCALE_AFTER: Final = re.compile(
    rf"{_SP}+(?P<word>(?i:thousand|million|billion|trillion))\b(?!-)"
    r"|(?P<abbr>bn|mn|tn|m|k|b)(?![\w²³/])"
)
_CURRENCY_WORD_AFTER: Final = re.compile(
    rf"{_SP}+(?i:(?:US{_SP}+)?dollars?|euros?|pounds{_SP}+sterling|sterling|yen|yuan|won"
    rf"|roubles?|rubles?|rupees?|hryvnias?)\b"
)
_TIME_AFTER: Final = re.compile(
    rf"{_SP}*(?:(?i:[ap]\.?m\b\.?|o'clock|local{_SP}+time)|(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT)\b)"
)
_MONTH_AFTER: Final = re.compile(rf"(?:st|nd|rd|th)?{_SP}+(?:of{_SP}+)?(?:{_MONTHS})\b")
# Words before a number are looked up in sets, not searched with regexes anchored at the end
# of a window: that is what keeps the scan fast.
_MONTH_WORDS: Final = frozenset(_MONTHS.split("|"))
_LABEL_WORDS: Final = frozenset({"No.", "Nos.", "Nr.", "no.", "number", "Number", "No", "Nos"})
_PRONOUN_ONE_AFTER: Final = frozenset({"no", "any", "every", "each"})
_NAME_WORD: Final = re.compile(r"[A-Z][A-Za-z0-9-]*")
_OPENING_PUNCTUATION: Final = "([{\"'“‘—–-"
_AGE_AFTER: Final = re.compile(rf"(?:{_SP}+|-)old\b")
_WEAPON_AFTER: Final = re.compile(
    rf"(?:{_SP}+|-)(?:[A-Za-z][\w-]*{_SP}+){{0,{NOUN_WINDOW_WORDS - 1}}}(?i:{_WEAPON_NOUNS})\b"
)
_NOUN_WORD: Final = re.compile(rf"{_SP}+([A-Za-z]+(?:-[A-Za-z]+)*)(?![\w])")
_DURATION_IN_TEXT: Final = re.compile(
    "|".join(rf"(?P<{name}>\b{pattern}\b)" for name, pattern in _DURATION_PATTERNS.items())
)
#: Capitalised words after which a number is still an amount ("About 20", "The 20 cars").
_ALLOWED_BEFORE: Final = (
    _STOPWORDS
    | {word for q in QUALIFIERS for word in q.split()}
    | {"exactly", "precisely", "fully", "barely", "killing", "injuring", "leaving", "another"}
)
_MINUS_SIGNS: Final = frozenset("-−–")
_REJECT_BEFORE: Final = frozenset("+#@/\\:_")
_NUMBER_JOINERS: Final = frozenset(".,:/-–−")


def find_quantities(text: str) -> list[ParsedQuantity]:
    """Every quantity in ``text``, left to right, with character offsets. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    found: list[ParsedQuantity] = []
    resume = 0
    for match in _CANDIDATE.finditer(text):
        if match.start() < resume:
            continue
        try:
            quantity = _parse(text, match)
        except (ArithmeticError, ValueError, IndexError):  # defensive: odd input is skipped
            quantity = None
        if quantity is not None:
            found.append(quantity)
            resume = quantity.end
    return found


def same_amount(
    a: ParsedQuantity, b: ParsedQuantity, tolerance: float = DEFAULT_TOLERANCE
) -> bool | None:
    """Whether two quantities report the same amount.

    None when they are not comparable (different dimension or unit, e.g. USD against EUR or a
    calibre against a length, or counts of different nouns); True when they agree within the
    relative ``tolerance`` (a bound is an interval: "more than 20" agrees with 25 and
    "up to 30" with 20); False otherwise.
    """
    if a.dimension != b.dimension or a.unit != b.unit:
        return None
    if a.dimension == "count" and (
        a.noun is None or b.noun is None or _singular(a.noun) != _singular(b.noun)
    ):
        return None
    low_a, high_a = _interval(a)
    low_b, high_b = _interval(b)
    gap = max(0.0, low_b - high_a, low_a - high_b)
    return gap <= abs(tolerance) * max(abs(a.value), abs(b.value))


def display(q: ParsedQuantity) -> str:
    """A normalised human form: "128.7 km", "59 km/h", "USD 4,500,000", "4 years", "20 cars"."""
    value, dimension = q.value, q.dimension
    if dimension == "length":
        if abs(value) >= 1000:
            return f"{_number(value / 1000)} km"
        if abs(value) >= 1 or value == 0:
            return f"{_number(value)} m"
        if abs(value) >= 0.01:
            return f"{_number(value * 100)} cm"
        return f"{_number(value * 1000)} mm"
    if dimension == "mass":
        if abs(value) >= 1000:
            return f"{_number(value / 1000)} t"
        if abs(value) >= 1 or value == 0:
            return f"{_number(value)} kg"
        return f"{_number(value * 1000)} g"
    if dimension == "area":
        if abs(value) >= 1e6:
            return f"{_number(value / 1e6)} km²"
        return f"{_number(value)} m²"
    if dimension == "money":
        return f"{q.unit} {_number(value)}"
    if dimension == "percent":
        return f"{_number(value)}%" if q.unit == "%" else f"{_number(value)} percentage points"
    if dimension == "duration":
        match = _DURATION_IN_TEXT.search(q.text)
        name = match.lastgroup if match and match.lastgroup else "second"
        amount = value / _DURATIONS[name]
        plural = "centuries" if name == "century" else f"{name}s"
        return f"{_number(amount)} {name if amount == 1 else plural}"
    if dimension == "count":
        return f"{_number(value)} {counted_phrase(q)}" if q.noun else _number(value)
    if dimension == "temperature":
        return f"{_number(value)}°C"
    return f"{_number(value)} {q.unit}"  # speed ("km/h"), calibre ("mm"), volume ("l")


def _parse(text: str, match: re.Match[str]) -> ParsedQuantity | None:
    start = match.start()
    currency = match.group("cur")
    digits = match.group("digits")
    number_end = match.end()

    maybe_negative = False
    if start > 0:
        before = text[start - 1]
        glued = start > 1 and text[start - 2].isalnum()
        if before.isalnum() or before in _REJECT_BEFORE:
            return None
        if before in _MINUS_SIGNS:
            if glued:  # "F-16", "COVID-19", "2019-20"
                return None
            maybe_negative = True
        elif before in ".," and glued:  # "No.5", "1.2.3"
            return None
    if digits is not None and len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
        return None  # "020 7946 0000": phone numbers, codes
    if number_end < len(text):
        after = text[number_end]
        if after.isdigit():
            return None
        joined = number_end + 1 < len(text) and text[number_end + 1].isdigit()
        if after in _NUMBER_JOINERS and joined:  # "10:30", "20-25", "9/11", "1.2.3"
            return None
    if _TIME_AFTER.match(text, number_end) or _MONTH_AFTER.match(text, number_end):
        return None
    before = _words_before(text, start)
    if before:
        previous = before[-1]
        if previous.rstrip(".,") in _MONTH_WORDS or previous in _LABEL_WORDS:
            return None  # "Sept. 13", "No. 10"
        if currency is None:
            if _NAME_WORD.fullmatch(previous) and previous.lower() not in _ALLOWED_BEFORE:
                return None  # "Boeing 737", "Article 5", "Formula One"
            words = match.group("words")
            if words is not None and words.lower() == "one" and previous in _PRONOUN_ONE_AFTER:
                return None  # "no one", "any one"
        if _is_ratio(before):
            return None  # "one in five adults", "3 out of 4 voters"

    amount = (
        _word_value(match.group("words")) if digits is None else Decimal(digits.replace(",", ""))
    )
    if amount is None:
        return None
    is_year = (
        digits is not None
        and currency is None
        and digits.isdigit()
        and len(digits) == 4
        and YEAR_MIN <= int(digits) <= YEAR_MAX
    )

    pos = number_end
    scaled = False
    scale = _SCALE_AFTER.match(text, pos)
    if scale is not None and digits is not None:
        abbreviation = scale.group("abbr")
        if abbreviation is None:
            amount *= _SCALES[scale.group("word").lower()]
            pos, scaled = scale.end(), True
        elif abbreviation not in _CURRENCY_ONLY_SCALES or (
            currency is not None or _CURRENCY_WORD_AFTER.match(text, scale.end())
        ):
            amount *= _ABBREVIATED_SCALES[abbreviation]
            pos, scaled = scale.end(), True
    if scaled:
        is_year = False

    if currency is not None:
        code = _PREFIX_CURRENCIES.get(currency) or _CODE_ALIASES.get(currency, currency)
        return _make(text, start, pos, float(amount), code, "money", None, before)

    unit, pos_after_unit = _match_unit(text, pos)
    if unit is None:
        if pos < len(text) and (text[pos].isalpha() or text[pos] == "-"):
            return None  # "3rd", "5G", "1990s", "20-strong"
        if is_year:
            return None
        noun, noun_end = _counted_noun(text, pos, amount == 1)
        if noun is None:
            return None
        return _make(text, start, noun_end, float(amount), "count", "count", noun, before)
    if unit.dimension == "duration" and _AGE_AFTER.match(text, pos_after_unit):
        return None  # ages: "35 years old", "a 35-year-old"
    if unit.key == "won" and amount < MIN_WON_AMOUNT and not scaled:
        return None

    value = float(amount)
    dimension, base = unit.dimension, unit.unit
    if unit.key == "mm" and _WEAPON_AFTER.match(text, pos_after_unit):
        dimension, base = "calibre", "mm"
    elif unit.dimension == "temperature":
        if maybe_negative:
            value, start = -value, start - 1
        if unit.key == "F":
            value = (value - 32.0) * 5.0 / 9.0
    else:
        value *= unit.factor
    return _make(text, start, pos_after_unit, value, base, dimension, None, before)


def _make(
    text: str,
    start: int,
    end: int,
    value: float,
    unit: str,
    dimension: str,
    noun: str | None,
    before: list[str],
) -> ParsedQuantity:
    approximate, bound = False, None
    if start > 0 and text[start - 1] == "~":
        approximate = True
    else:
        for length in (3, 2, 1):  # longest first: "no more than" before "more than"
            if len(before) >= length:
                phrase = " ".join(before[-length:]).lstrip(_OPENING_PUNCTUATION).lower()
                if phrase in QUALIFIERS:
                    approximate, bound = True, QUALIFIERS[phrase]
                    break
    return ParsedQuantity(
        text=text[start:end],
        start=start,
        end=end,
        value=float(f"{value:.{SIGNIFICANT_DIGITS}g}"),  # 0.009, not 0.009000000000000001
        unit=unit,
        dimension=dimension,
        noun=noun,
        approximate=approximate,
        bound=bound,
    )


def _match_unit(text: str, pos: int) -> tuple[_Unit | None, int]:
    separator = _UNIT_SEPARATOR.match(text, pos)
    if separator is None:
        found = _UNIT_ATTACHED.match(text, pos)
    else:
        found = _UNIT_SPACED.match(text, separator.end())
    if found is None or found.lastgroup is None:
        return None, pos
    return _UNITS[int(found.lastgroup[1:])], found.end()


def _word_value(words: str) -> Decimal | None:
    tokens = _WORD_TOKEN.findall(words.lower())
    extra = Decimal(0)
    if tokens[-3:] == ["and", "a", "half"]:
        tokens, extra = tokens[:-3], Decimal("0.5")
    factor = Decimal(1)
    if tokens and tokens[0] == "half":
        tokens, factor = tokens[1:], Decimal("0.5")
    total = current = 0
    for token in tokens:
        if token == "and":
            continue
        if token == "a":
            current = 1
        elif token in _ONES or token in _TEENS or token in _TENS:
            current += _ONES.get(token) or _TEENS.get(token) or _TENS[token]
        elif token in ("hundred", "dozen"):
            current = (current or 1) * _SCALES[token]
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0
        else:
            return None
    return (total + current) * factor + extra


def _is_ratio(before: list[str]) -> bool:
    if before[-1].lower() == "in" and len(before) >= 2:
        first = before[-2]
    elif before[-2:] == ["out", "of"] and len(before) == 3:
        first = before[-3]
    else:
        return False
    first = first.lower().lstrip(_OPENING_PUNCTUATION)
    return first.replace(",", "").isdigit() or first in _ONES or first in _TEENS or first in _TENS


def _words_before(text: str, start: int) -> list[str]:
    """The last three whitespace-separated words before ``start``, if a space precedes it."""
    window = text[max(0, start - QUALIFIER_WINDOW) : start]
    stripped = window.rstrip()
    if len(stripped) == len(window):
        return []
    return stripped.rsplit(None, 3)[-3:]


def _looks_plural(word: str) -> bool:
    last = word.rsplit("-", 1)[-1].lower()
    if last in _IRREGULAR_PLURALS:
        return True
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _counted_noun(text: str, pos: int, singular: bool) -> tuple[str | None, int]:
    """The counted noun among the next few words, and where it ends (see the module rules)."""
    run: list[tuple[str, int]] = []
    for _ in range(NOUN_WINDOW_WORDS):
        word = _NOUN_WORD.match(text, pos)
        if word is None or word.group(1).lower() in _STOPWORDS:
            break
        run.append((word.group(1), word.end()))
        pos = word.end()
    if singular:
        chosen = None
        for index, (word, end) in enumerate(run):
            if index > 0 and word.endswith(("ed", "ing", "ly")):
                break
            if word.islower() and not word.endswith(("ed", "ly")):
                chosen = (word, end)
        return chosen if chosen else (None, pos)
    for index, (word, end) in enumerate(run):
        lowered = word.lower()
        if not (word.islower() or _looks_plural(word)):
            continue  # capitalised adjectives: "20 Ukrainian soldiers" (but "20 Americans")
        if lowered in _NOMINAL_ADJECTIVES or _looks_plural(word):
            chosen = (lowered, end)
            for next_word, next_end in run[index + 1 :]:
                if next_word.lower() in _NOMINAL_ADJECTIVES or not _looks_plural(next_word):
                    break
                chosen = (next_word.lower(), next_end)
            return chosen
    return None, pos


#: Words of an amount written out ("a dozen", "two hundred"), not of what it counts.
_AMOUNT_WORDS = frozenset(
    "a an one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion dozen".split()
)


def counted_phrase(q: ParsedQuantity) -> str:
    """What a count counts, with the words that narrow its noun ("crew members", not
    "members"): the span's words after the amount, up to the noun."""
    if not q.noun:
        return ""
    words = q.text.split()
    last = q.noun.split()[-1]
    end = next((k for k in range(len(words) - 1, -1, -1) if words[k].lower() == last), None)
    if end is None:
        return q.noun
    start = end
    while start > 0:
        word = words[start - 1]
        if not word.isalpha() or word.lower() in _AMOUNT_WORDS:
            break
        start -= 1
    return " ".join(w.lower() if w.islower() else w for w in words[start : end + 1])


def _singular(noun: str) -> str:
    prefix, hyphen, last = noun.lower().rpartition("-")
    if last in _SINGULARS:
        last = _SINGULARS[last]
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "sses", "xes", "zes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return prefix + hyphen + last


def _interval(q: ParsedQuantity) -> tuple[float, float]:
    if q.bound == "min":
        return q.value, math.inf
    if q.bound == "max":
        return -math.inf, q.value
    return q.value, q.value


def _number(x: float) -> str:
    if not math.isfinite(x):
        return str(x)
    rounded = round(x)
    if abs(x - rounded) <= 1e-9 * max(1.0, abs(x)):
        return f"{rounded:,}"
    if abs(x) < 1:
        return f"{x:.3g}"
    decimals = 1 if abs(x) >= 10 else 2
    return f"{x:,.{decimals}f}".rstrip("0").rstrip(".")


__all__ = ["ParsedQuantity", "counted_phrase", "display", "find_quantities", "same_amount"]
