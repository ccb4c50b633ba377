"""Conflicts between sources: dates, numbers, confirmations; and what must not be one."""

from __future__ import annotations

from storyfuse import BriefOptions, brief
from storyfuse.analyse.nlp import SpacyAnnotator
from tests.conftest import FakeAnnotator, FakeEmbedder, make_article, valid_brief


def conflicts(*articles, annotator=None):
    result = valid_brief(
        brief(
            list(articles),
            BriefOptions(sections=("conflicts", "numbers")),
            embedder=FakeEmbedder(),
            annotator=annotator or FakeAnnotator({}),
        )
    )
    return result.analysis


class ParsingAnnotator(FakeAnnotator):
    """Fake names, the real dependency parser (spaCy's small English model, offline)."""

    def __init__(self) -> None:
        super().__init__({})
        self.parser = SpacyAnnotator()

    def holders(self, items):
        return self.parser.holders(items)


def article(ident, published, *sentences, outlet=None):
    return make_article(ident, list(sentences), published=published, outlet=outlet)


def test_two_days_for_one_meeting_with_both_sides_and_a_revision():
    a = article(
        "a",
        "2024-05-06",
        "Officials in Lisbon said the ministers will meet in Porto on Tuesday.",
        outlet="Daily One",
    )
    b = article(
        "b",
        "2024-05-06",
        "The summit in Porto was likely to be on Tuesday, though Radio Norte initially "
        "reported it would be on Thursday.",
        outlet="Radio Two",
    )
    c = article(
        "c",
        "2024-05-06",
        "Diplomats in Lisbon expect the ministers to hold a meeting in Porto on Thursday.",
        outlet="Evening Three",
    )
    (conflict,) = conflicts(a, b, c).conflicts
    assert conflict.kind == "date" and "meeting" in conflict.about
    sides = {s.value: s for s in conflict.sides}
    assert set(sides) == {"Tuesday (2024-05-07)", "Thursday (2024-05-09)"}
    assert {e.article_id for e in sides["Tuesday (2024-05-07)"].evidence} == {"a", "b"}
    assert {e.article_id for e in sides["Thursday (2024-05-09)"].evidence} == {"b", "c"}


def test_different_events_and_later_events_are_not_conflicts():
    a = article("a", "2024-05-06", "Rebels attacked the army base in Kora on Sunday.")
    b = article("b", "2024-05-06", "Rebels attacked a market in Kora on Saturday.")
    later = article("c", "2024-05-09", "Rebels attacked the army base in Kora again on Wednesday.")
    said = article("d", "2024-05-06", "Police in Kora said on Monday that the attack was over.")
    assert conflicts(a, b, later, said).conflicts == []


def test_units_are_compared_after_conversion():
    a = article(
        "a", "2024-05-06", "The port of Kora lies just 80 miles from the border with Tamar."
    )
    b = article("b", "2024-05-06", "Kora is a port city just 130km from the border with Tamar.")
    result = conflicts(a, b)
    assert result.conflicts == []
    (fact,) = [n for n in result.numbers if n.dimension == "length"]
    assert fact.status == "agrees" and {e.article_id for e in fact.evidence} == {"a", "b"}


def test_same_day_reports_of_different_tolls_conflict_and_later_ones_do_not():
    a = article("a", "2024-05-06", "In Kora, 32 people died in the floods, police said on Monday.")
    b = article("b", "2024-05-06", "Police said 36 people died in the floods in Kora.")
    (conflict,) = conflicts(a, b).conflicts
    assert conflict.kind == "number" and {s.value for s in conflict.sides} == {
        "32 people",
        "36 people",
    }
    c = article("c", "2024-05-09", "In Kora, 40 people died in the floods, police said.")
    assert conflicts(a, c).conflicts == []


def test_numbers_said_of_different_holders_are_not_conflicts():
    won = article(
        "a",
        "2024-05-06",
        "The chef Ana Kora won four cooking awards at the Tamar festival for her debut menu.",
    )
    menu = article(
        "b", "2024-05-06", "Her debut menu won the chef three cooking awards at the Tamar festival."
    )
    parsing = ParsingAnnotator()
    assert conflicts(won, menu, annotator=parsing).conflicts == []
    # Without a parser the pair is a conflict: the holder is what tells them apart.
    (conflict,) = conflicts(won, menu).conflicts
    assert conflict.kind == "number"
    # A count that is itself the subject has no other holder: tolls still conflict.
    a = article("c", "2024-05-06", "In Kora, 32 people died in the floods, police said on Monday.")
    b = article("d", "2024-05-06", "Police said 36 people died in the floods in Kora.")
    (conflict,) = conflicts(a, b, annotator=parsing).conflicts
    assert {s.value for s in conflict.sides} == {"32 people", "36 people"}


def test_a_value_the_quantity_had_before_it_changed_is_not_a_conflict():
    now = article(
        "a",
        "2024-05-06",
        "The ministry now pays $7 million as its bounty for news of the ship.",
        "Divers searched the northern bay for a second week.",
    )
    plain = article(
        "b",
        "2024-05-06",
        "Officials said the ministry offered $3 million as its bounty for news of the ship.",
        "The ship vanished with forty sailors aboard near Kora.",
    )
    (conflict,) = conflicts(now, plain).conflicts
    assert conflict.kind == "number"
    # Said as a former value, the same amount is the quantity's history, not a dispute.
    before = article(
        "c",
        "2024-05-06",
        "Officials said the ministry previously offered $3 million as its bounty for news "
        "of the ship.",
        "The ship vanished with forty sailors aboard near Kora.",
    )
    assert conflicts(now, before).conflicts == []


def test_an_amount_the_other_sentence_also_gives_as_a_bare_number_is_not_a_conflict():
    a = article(
        "a",
        "2024-05-06",
        "About 2,300 grey herons nest in Kora, out of the region's 6,900.",
        "Rangers in the north patrol the reserve by plane every week.",
    )
    b = article(
        "b",
        "2024-05-06",
        "About 2,300 of the region's 6,900 grey herons nest in Kora.",
        "Poaching rose sharply last year in the southern parks.",
    )
    assert conflicts(a, b).conflicts == []


def test_confirmed_against_refused_to_confirm():
    a = article("a", None, "The Kremlin has confirmed that the president will visit Kora soon.")
    b = article("b", None, "The Kremlin has refused to confirm any visit by the president to Kora.")
    (conflict,) = conflicts(a, b).conflicts
    assert conflict.kind == "confirmation"
    assert [s.value for s in conflict.sides] == ["confirmed", "did not confirm"]


def test_two_people_named_for_one_office():
    names = FakeAnnotator({"Ivan Petrov": "PERSON", "Oleg Sidorov": "PERSON", "Petrov": "PERSON"})

    def run(*articles):
        result = brief(
            list(articles),
            BriefOptions(sections=("conflicts",)),
            embedder=FakeEmbedder(),
            annotator=names,
        )
        return [c for c in result.analysis.conflicts if c.kind == "actor"]

    a = article("a", "2024-05-06", "Tamar's Defence Minister Ivan Petrov visited the border.")
    b = article("b", "2024-05-06", "Tamar's Defence Minister, Oleg Sidorov, visited the border.")
    (conflict,) = run(a, b)
    assert conflict.about == "who is tamar defence minister"
    assert {s.value for s in conflict.sides} == {"Ivan Petrov", "Oleg Sidorov"}
    # A short form of the same name, a former holder, or an office with no qualifier: no dispute.
    same = article("c", "2024-05-06", "Tamar's Defence Minister Petrov said the talks went well.")
    former = article("d", "2024-05-06", "Former Defence Minister Oleg Sidorov was not invited.")
    bare = article("e", "2024-05-06", "Defence Minister Oleg Sidorov spoke to reporters.")
    assert run(a, same) == [] and run(a, former) == [] and run(a, bare) == []
