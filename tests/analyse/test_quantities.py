"""Quantities in news sentences: finding, converting, comparing and displaying them."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.analyse.quantities import ParsedQuantity, display, find_quantities, same_amount

DIMENSIONS = {
    "length", "speed", "mass", "money", "percent", "calibre", "duration", "count", "area",
    "volume", "temperature",
}  # fmt: skip


def only(text: str) -> ParsedQuantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def spans(text: str) -> list[str]:
    return [q.text for q in find_quantities(text)]


# --- lengths, speeds and the headline comparisons ------------------------------------------------


def test_miles_and_their_parenthetical_kilometres_are_two_quantities_that_agree():
    text = "The ferry sailed 80 miles (130km) before turning back."
    miles, km = find_quantities(text)
    assert (miles.text, km.text) == ("80 miles", "130km")
    assert (miles.start, miles.end) == (17, 25) and text[km.start : km.end] == "130km"
    assert miles.dimension == km.dimension == "length" and miles.unit == km.unit == "m"
    assert miles.value == pytest.approx(128747.52)
    assert km.value == 130000
    assert same_amount(miles, km) is True
    assert display(miles) == "128.7 km" and display(km) == "130 km"


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("The wall was 3 m high.", 3),
        ("A crack of 40 cm opened.", 0.4),
        ("Hail stones of 25 millimetres fell.", 0.025),
        ("The fence ran 300 yards.", 274.32),
        ("He jumped 6 feet down.", 1.8288),
        ("Snow lay 12 inches deep.", 0.3048),
        ("The boat was 40 nautical miles offshore.", 74080),
        ("They walked 5 kilometres home.", 5000),
    ],
)
def test_lengths_convert_to_metres(text: str, metres: float):
    q = only(text)
    assert q.dimension == "length" and q.unit == "m"
    assert q.value == pytest.approx(metres)


def test_speeds_convert_to_km_per_hour_and_agree_across_units():
    metric, imperial = find_quantities("Winds of 59 km/h, or 37 mph, were recorded.")
    assert metric.dimension == imperial.dimension == "speed"
    assert imperial.value == pytest.approx(59.545728)
    assert same_amount(metric, imperial) is True
    assert display(metric) == "59 km/h"
    assert only("The tanker made 12 knots.").value == pytest.approx(22.224)
    assert only("Gusts reached 20 m/s overnight.").value == pytest.approx(72)
    assert only("The train ran at 300 kilometres per hour.").value == 300


def test_hyphenated_compound_units():
    q = only("They finished a 10-mile march at dawn.")
    assert q.text == "10-mile" and q.value == pytest.approx(16093.44)


# --- money ---------------------------------------------------------------------------------------


def test_dollar_millions_become_plain_usd():
    q = only("Donors pledged $4.5 million for reconstruction.")
    assert (q.text, q.value, q.unit, q.dimension) == ("$4.5 million", 4_500_000, "USD", "money")
    assert display(q) == "USD 4,500,000"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The bank lost €1.2bn last year.", 1.2e9, "EUR"),
        ("The club paid £3m for the striker.", 3e6, "GBP"),
        ("A fine of US$250,000 was imposed.", 250_000, "USD"),
        ("The fund holds USD 2 billion.", 2e9, "USD"),
        ("The bill came to 40 million euros.", 4e7, "EUR"),
        ("Tickets cost 3,000 roubles each.", 3000, "RUB"),
        ("He was fined 500 pounds sterling.", 500, "GBP"),
        ("The deal was worth 2 trillion yen.", 2e12, "JPY"),
        ("Bail was set at $20k.", 20_000, "USD"),
    ],
)
def test_currencies_and_multipliers(text: str, value: float, unit: str):
    q = only(text)
    assert q.dimension == "money"
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_pounds_without_sterling_are_mass_and_m_without_currency_is_metres():
    pounds = only("The parcel weighed 20 pounds.")
    assert pounds.dimension == "mass" and pounds.value == pytest.approx(9.0718474)
    metres = only("Waves of 3m hit the pier.")
    assert metres.dimension == "length" and metres.value == 3


def test_different_currencies_are_not_comparable():
    dollars, euros = find_quantities("It cost $5 million, or about €4.6 million.")
    assert euros.approximate
    assert same_amount(dollars, euros) is None


# --- mass, percent, calibre, duration, area, volume, temperature ---------------------------------


def test_mass_converts_to_kilograms():
    assert only("The truck carried 5 tonnes of flour.").value == 5000
    assert only("Police seized 3 kg of powder.").value == 3
    assert only("Each sack held 500 grams.").value == pytest.approx(0.5)
    assert display(only("The lorry carried 12 tonnes.")) == "12 t"


def test_percentages_in_all_spellings():
    assert [q.value for q in find_quantities("Turnout was 62%, up from 3.5 per cent.")] == [62, 3.5]
    q = only("Prices rose 4 percent.")
    assert (q.unit, q.dimension, display(q)) == ("%", "percent", "4%")
    points = only("Support fell 3 percentage points.")
    assert points.unit == "pp" and same_amount(points, q) is None


def test_calibre_needs_a_weapon_noun_after_it():
    shells = only("The battery fired 122mm shells at the town.")
    assert (shells.dimension, shells.unit, shells.value) == ("calibre", "mm", 122)
    assert display(shells) == "122 mm"
    howitzer = only("A 152-mm towed howitzer was seen.")
    assert howitzer.dimension == "calibre" and howitzer.value == 152
    gap = only("A 9 mm gap opened in the hull.")
    assert gap.dimension == "length" and gap.value == pytest.approx(0.009)
    assert same_amount(shells, gap) is None


def test_durations_in_seconds_displayed_in_their_own_unit():
    found = find_quantities(
        "He served four years, then waited three days, two hours and six months."
    )
    assert [q.dimension for q in found] == ["duration"] * 4
    assert all(q.unit == "s" for q in found)
    assert found[1].value == 3 * 86400 and found[2].value == 7200
    assert [display(q) for q in found] == ["4 years", "3 days", "2 hours", "6 months"]
    assert display(only("Talks lasted two and a half years.")) == "2.5 years"


def test_area_volume_and_temperature():
    area = only("Fire burnt 20 hectares of forest.")
    assert (area.dimension, area.unit, area.value) == ("area", "m2", 200_000)
    assert only("The lake covers 5 square kilometres.").value == 5e6
    oil = only("The tanker spilled 2 million barrels.")
    assert oil.dimension == "volume" and oil.unit == "l"
    assert oil.value == pytest.approx(317_974_589.856)
    celsius, fahrenheit = find_quantities("It was 30°C in the shade, or 86°F.")
    assert celsius.unit == fahrenheit.unit == "°C"
    assert fahrenheit.value == pytest.approx(30)
    assert same_amount(celsius, fahrenheit) is True
    frost = only("Overnight it fell to -5C.")
    assert frost.text == "-5C" and frost.value == -5
    assert display(frost) == "-5°C"


# --- counts --------------------------------------------------------------------------------------


def test_counts_take_the_head_noun():
    cars = only("A convoy of 20 bulletproof cars left the palace.")
    assert (cars.dimension, cars.unit, cars.noun, cars.value) == ("count", "count", "cars", 20)
    assert cars.text == "20 bulletproof cars"
    assert display(cars) == "20 bulletproof cars"  # the words that narrow the noun stay


def test_a_count_is_shown_with_what_it_counts():
    crew = only("The jet carried a dozen crew members.")
    assert (crew.noun, crew.value, display(crew)) == ("members", 12, "12 crew members")
    soldiers = only("Two hundred Ukrainian soldiers crossed the river.")
    assert display(soldiers) == "200 Ukrainian soldiers"
    assert only("Some 1,000 troops crossed the river.").noun == "troops"
    assert only("Twenty-five soldiers were captured.").value == 25
    assert only("About 20 police officers stood guard.").noun == "officers"
    assert only("They found one armoured car abandoned.").noun == "car"
    assert only("At least 20 dead were counted.").noun == "dead"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A dozen people waited outside.", 12),
        ("Half a million people marched.", 500_000),
        ("A thousand volunteers signed up.", 1000),
        ("1.5 million people lost power.", 1_500_000),
        ("Two hundred and fifty workers struck.", 250),
    ],
)
def test_number_words_and_multipliers(text: str, value: float):
    assert only(text).value == value


def test_vague_amounts_and_bare_numbers_are_skipped():
    assert find_quantities("Hundreds of people and dozens of cars were there.") == []
    assert find_quantities("Tens of thousands of residents fled.") == []
    assert find_quantities("The vote was 52 to 48, and 4.5 million was the figure.") == []
    assert find_quantities("No one was hurt.") == []


def test_qualifiers_set_approximate_and_bounds():
    text = "More than 20 people, at least 30 cars, up to 40 boats, nearly 50 homes, about 60 dogs."
    found = find_quantities(text)
    assert [(q.approximate, q.bound) for q in found] == [
        (True, "min"),
        (True, "min"),
        (True, "max"),
        (True, "max"),
        (True, None),
    ]
    assert found[0].text == "20 people"  # the qualifier is not in the span
    exact = only("Exactly 70 cats were rescued.")
    assert (exact.approximate, exact.bound) == (False, None)
    assert only("An estimated $2 billion was lost.").approximate


def test_bounds_are_consistent_with_larger_or_smaller_amounts():
    more_than_20, exact_25 = find_quantities("More than 20 people died; 25 people died.")
    assert same_amount(more_than_20, exact_25) is True
    (exact_15,) = find_quantities("Just 15 people died.")
    assert same_amount(more_than_20, exact_15) is False
    (up_to_30,) = find_quantities("Up to 30 people died.")
    assert same_amount(up_to_30, exact_25) is True
    assert same_amount(up_to_30, more_than_20) is True


def test_counts_disagree_or_are_incomparable():
    few, many = find_quantities("Officials said 25 people died, while witnesses said 40 people.")
    assert same_amount(few, many) is False
    cars, tanks = find_quantities("They saw 20 cars and 20 tanks.")
    assert same_amount(cars, tanks) is None
    one_car, twenty = find_quantities("One car was hit, then 20 cars.")
    assert same_amount(one_car, twenty) is False  # comparable: "car" is "cars" singular


def test_tolerance_is_relative():
    a, b = find_quantities("It travelled 100 km, then 108 km.")
    assert same_amount(a, b) is True
    assert same_amount(a, b, tolerance=0.05) is False


# --- exclusions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 1991 and revised in 2019.",
        "The storm hit on Sept. 13 and again on 13 September.",
        "Voting closes at 10 a.m. or at 10:30, or 22:00 GMT.",
        "She came first, and he came 3rd in the 21st race.",
        "Two F-16 jets escorted the plane past G7 leaders.",
        "The COVID-19 rules ended; the Boeing 737 jets were grounded.",
        "Call +44 20 7946 0958 or 555-0199 for details.",
        "The 35-year-old man, aged 35, said he was 35 years old.",
        "Fans recalled the 1990s and the 9/11 attacks.",
        "Between 20-25 vehicles were seen.",
        "The No. 10 team met at Downing Street.",
        "One in five adults and 3 out of 4 voters agreed.",
    ],
)
def test_not_quantities(text: str):
    assert find_quantities(text) == []


def test_years_with_a_measure_unit_are_kept():
    assert only("The wall stretched 2000 km.").value == 2_000_000
    assert only("The wall took 2,000 years to build.").dimension == "duration"


# --- display -------------------------------------------------------------------------------------


def test_display_normalised_forms():
    assert display(only("A 500 m stretch.")) == "500 m"
    assert display(only("The sum was $4.99.")) == "USD 4.99"
    assert display(only("Turnout hit 62%.")) == "62%"
    assert display(only("Five million people voted.")) == "5,000,000 people"


# --- robustness and speed ------------------------------------------------------------------------

NEWSY = st.sampled_from(
    [
        "80", "1,200", "4.5", "$", "€", "£", "US$", "USD", "million", "bn", "m", "km", "mph",
        "miles", "(", ")", "-", "%", "per cent", "more than", "about", "people", "cars", "mm",
        "shells", "years", "old", "Sept.", "13", "2019", "10:30", "a.m.", "F-16", "one", "a",
        "dozen", "half", "twenty-five", "and", "°C", "°F", "C", "won", "pounds", "sterling",
        " ", "  ", "\n", ",", ".", "~", "No.", "Boeing",
    ]
)  # fmt: skip


def check_spans(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for q in found:
        assert q.text == text[q.start : q.end]
        assert previous_end <= q.start < q.end
        previous_end = q.end
        assert q.dimension in DIMENSIONS
        assert math.isfinite(q.value)
        assert q.bound in (None, "min", "max")
        assert (q.noun is not None) == (q.dimension == "count")
        assert isinstance(display(q), str)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_and_spans_match(text: str):
    check_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(NEWSY, st.text(max_size=3)), max_size=30).map("".join))
def test_number_like_text_never_raises_and_spans_match(text: str):
    check_spans(text)
