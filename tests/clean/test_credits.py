"""Credit lines: what kind of credit, which names, and what is not a credit."""

from __future__ import annotations

import pytest

from storyfuse.clean.credits import parse_credit_line, split_inline_credit


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("(News Source: BBC)", [("source", "BBC")]),
        ("Source: Agencies", [("source", "Agencies")]),
        ("Additional reporting by Reuters", [("additional-reporting", "Reuters")]),
        ("With inputs from PTI", [("additional-reporting", "PTI")]),
        ("With Post wires", [("additional-reporting", "Post")]),
        (
            "This story was first published on Example Science.",
            [("syndication", "Example Science")],
        ),
        (
            "This article was originally published by Futurist. Read the original article.",
            [("syndication", "Futurist")],
        ),
        (
            "Reporting by Ana Lima; Editing by Tom Berg",
            [("reporting", "Ana Lima"), ("reporting", "Tom Berg")],
        ),
        ("Contributing: Kris Park", [("reporting", "Kris Park")]),
        ("© 2024 The Example Press. All rights reserved.", [("copyright", "The Example Press")]),
        ("AFP", [("agency", "AFP")]),
        ("— AP", [("agency", "AP")]),
        ("AFP/Reuters", [("agency", "AFP"), ("agency", "Reuters")]),
        ("— Reuters", [("agency", "Reuters")]),
        ("[Wired]", [("agency", "Wired")]),
    ],
)
def test_credit_lines(line, expected):
    credits = parse_credit_line(line)
    assert credits is not None
    assert [(c.kind, c.name) for c in credits] == expected
    assert all(c.text == line for c in credits)


@pytest.mark.parametrize(
    "line",
    [
        "Blogs",
        "Opinion",
        "The minister said so.",
        "ok",
        "us",
        "With the help of many volunteers, the road reopened.",
    ],
)
def test_not_credit_lines(line):
    assert parse_credit_line(line) is None


def test_only_precise_credits_apply_anywhere():
    assert parse_credit_line("AFP", anywhere=True) is None
    assert parse_credit_line("(News Source: BBC)", anywhere=True) is not None


def test_inline_trailing_credit():
    rest, credits = split_inline_credit("The talks ended without a deal. (AFP)")
    assert rest == "The talks ended without a deal."
    assert [(c.kind, c.name) for c in credits] == [("agency", "AFP")]
    assert split_inline_credit("He met the mayor (Ms Park).") is None
