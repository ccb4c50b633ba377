"""Which articles are independent reports: shared text, credits, outlets."""

from __future__ import annotations

from storyfuse.align.independence import find_independence, normalize_name
from storyfuse.model import Credit
from tests.conftest import make_article

WIRE = [
    "Rescue teams on Monday reached the mountain village cut off by a landslide after three "
    "days of heavy rain, the regional governor said.",
    "At least twelve people were missing and more than two hundred homes were damaged, "
    "according to the civil protection agency.",
    "Helicopters dropped food and water to families stranded on the hillside overnight.",
]
OTHER = [
    "Villagers described hearing a roar before mud and rocks swept through the lower streets.",
    "The weather service warned that more rain was expected later in the week.",
]


def test_copies_share_text_and_are_one_source():
    original = make_article("a", WIRE, outlet="Daily One")
    rewrite = make_article(
        "b", [*WIRE[:2], "Officials promised rebuilding funds."], outlet="Evening Two"
    )
    independent = make_article("c", OTHER, outlet="Third Post")
    result = find_independence([original, rewrite, independent])
    assert result.group_of["a"] == result.group_of["b"] != result.group_of["c"]
    assert result.independent_count(["a", "b", "c"]) == 2
    (group,) = [g for g in result.groups if len(g.article_ids) == 2]
    assert "shared text" in group.reasons[0]
    assert result.copy_of["a"] == result.copy_of["b"]


def test_credit_naming_another_outlet_links_them():
    bbc = make_article("bbc", WIRE, outlet="BBC News")
    rewrite = make_article("x", OTHER, credits=[Credit("source", "BBC", "(News Source: BBC)")])
    result = find_independence([bbc, rewrite])
    assert result.group_of["bbc"] == result.group_of["x"]
    assert result.groups[0].label in {"BBC", "BBC News"}
    assert 'credit "(News Source: BBC)" names BBC News' in result.groups[0].reasons[0]
    # Different stories from one outlet are one source, but separate reports.
    assert result.copy_of["bbc"] != result.copy_of["x"]


def test_same_agency_credit_and_same_outlet():
    ap1 = make_article("1", WIRE[:1], credits=[Credit("dateline", "AP", "LONDON (AP) —")])
    ap2 = make_article("2", OTHER[:1], credits=[Credit("agency", "AP", "AP")])
    own1 = make_article("3", WIRE[1:2], outlet="www.example-news.com")
    own2 = make_article("4", OTHER[1:], outlet="Example-News")
    alone = make_article("5", WIRE[2:])
    result = find_independence([ap1, ap2, own1, own2, alone])
    assert result.group_of["1"] == result.group_of["2"]
    assert result.group_of["3"] == result.group_of["4"]
    assert len(result.groups) == 3
    assert result.groups[result.group_of["1"]].label == "AP"


def test_normalize_name():
    assert normalize_name("www.bbc.co.uk") == normalize_name("BBC News") == "bbc"
    assert normalize_name("The Associated Press") == "associated press"
    assert normalize_name(None) == ""
