"""Concept weights, candidate filters and budgeted selection."""

from __future__ import annotations

from storyfuse.select import (
    MAX_POSITION,
    candidates,
    concept_weights,
    facts,
    is_candidate,
    is_caption,
    leans_on_previous,
    same_facts,
    select,
    units,
)
from tests.conftest import make_article


def test_candidates_are_complete_statements():
    assert is_candidate("The regional council approved the flood plan on Thursday.")
    assert not is_candidate("Approved on Thursday.")  # too short
    assert not is_candidate("Will the council approve the flood plan this week at last?")
    assert not is_candidate("and the council approved the flood plan on Thursday evening.")
    assert not is_candidate('"Will the council approve the flood plan before the winter rains?"')
    assert is_candidate('"the plan will protect thousands of homes," the mayor said on Thursday.')
    assert leans_on_previous("He said the plan would be approved within the month.")
    assert leans_on_previous("These talks were the first since the council approved the plan.")
    assert leans_on_previous("Both reports cited unnamed government sources on Monday.")
    assert not leans_on_previous("But the council approved the flood plan on Thursday.")
    assert not leans_on_previous("Heavy rain flooded the valley on Thursday.")


def test_weights_count_independent_sources_and_early_mentions():
    a = make_article("a", ["Flood waters rose in the valley.", "Other things happened later on."])
    b = make_article(
        "b",
        [
            "Something else entirely was said.",
            "Officials met again on Monday.",
            "And flood waters rose once more.",
        ],
    )
    copy = make_article("c", ["Flood waters rose in the valley.", "Something else entirely."])
    sentences = units([a, b, copy], {"a": 0, "b": 1, "c": 0})
    weights = concept_weights(sentences, n_groups=2)
    # ("flood", "water") is in both reports: first in a's sentence 0 (1 + 1.5 / 1) and in b's
    # sentence 2 (1 + 1.5 / 3); the copy of a adds nothing.
    assert weights[("flood", "water")] == 4.0
    assert ("someth", "els") in weights  # b and the copy of a: two reports
    assert ("offici", "met") not in weights  # one report only: below the floor of 2
    single = concept_weights(units([a], {}), n_groups=1)
    assert ("other", "thing") in single  # a single article: every concept counts


def test_selection_respects_budget_and_dependencies():
    paragraphs = [
        "Heavy rain flooded the valley towns on Thursday night after the river burst its banks.",
        "It was the worst flooding in the valley towns for forty years, officials said.",
        "The river burst its banks near the old mill and flooded valley towns downstream.",
    ]
    a = make_article("a", paragraphs)
    b = make_article("b", paragraphs[::-1])
    sentences = units([a, b], {})
    weights = concept_weights(sentences, n_groups=2)
    candidates = [i for i, u in enumerate(sentences) if is_candidate(u.text)]
    dependent = frozenset(i for i in candidates if leans_on_previous(sentences[i].text))
    for budget in (10, 20, 40, 80):
        chosen = select(sentences, weights, budget, candidates, dependent)
        assert sum(sentences[i].length for i in chosen) <= budget
        for i in chosen:
            if i in dependent:  # "It was ..." only after the sentence it leans on
                u = sentences[i]
                before = next(
                    j
                    for j, v in enumerate(sentences)
                    if (v.article, v.index) == (u.article, u.index - 1)
                )
                assert before in chosen and chosen.index(before) < chosen.index(i)
    chosen = select(sentences, weights, 200, candidates, dependent)
    texts = [sentences[i].text for i in chosen]
    assert len(texts) == len(set(texts))  # the same sentence from two articles: said once


def test_candidates_come_from_the_top_of_each_article():
    paragraphs = [
        f"Sentence number {k} of the report says the council met again." for k in range(30)
    ]
    sentences = units([make_article("a", paragraphs)], {})
    pool = candidates(sentences)
    assert [sentences[i].index for i in pool] == list(range(MAX_POSITION))


def test_lowercased_text_is_not_judged_by_its_case():
    cased = [
        "The regional council in Arles approved the flood plan on Thursday evening.",
        "and then the council approved the flood plan on Thursday evening as well.",
        "Mayor Jeanne Dubois said the Rhone defences would be finished by March.",
    ]
    lowered = [p[:1].lower() + p[1:].lower() for p in cased]
    for paragraphs, expected in ((cased, [0, 2]), (lowered, [0, 1, 2])):
        sentences = units([make_article("a", paragraphs)], {})
        assert [sentences[i].index for i in candidates(sentences)] == expected
    assert not is_candidate("and then the council approved the flood plan on Thursday.")
    assert is_candidate("and then the council approved the flood plan on Thursday.", cased=False)


def test_text_cut_off_and_page_furniture_are_not_candidates():
    paragraphs = [
        "The regional council approved the flood plan on Thursday evening.",
        "Sign up for our breaking news emails here.",
        'The mayor said the defences would be finished by March. "',
        "Engineers began surveying the river banks and when they returned, the",
    ]
    sentences = units([make_article("a", paragraphs)], {})
    assert [sentences[i].text for i in candidates(sentences)] == [
        paragraphs[0],
        paragraphs[2],
    ]
    # A line without its full stop is refused at the end of the text, where it was cut off,
    # but not before another paragraph.
    long_line = (
        "Engineers from the regional water authority began surveying the damaged river banks "
        "on Friday and when they returned to the town hall late in the evening, the"
    )
    sentences = units([make_article("b", [paragraphs[0], long_line])], {})
    assert [sentences[i].index for i in candidates(sentences)] == [0]
    sentences = units([make_article("c", [long_line, paragraphs[0]])], {})
    assert [sentences[i].index for i in candidates(sentences)] == [0, 1]


def test_lines_introducing_a_list_or_quotation_are_not_candidates():
    paragraphs = [
        "The regional council approved the flood plan on Thursday evening.",
        "The mayor listed the streets that would be closed until the spring:",
        '"We will rebuild every house that the river took," the mayor said. "',
        "Engineers will begin surveying the damaged river banks next week.",
    ]
    sentences = units([make_article("a", paragraphs)], {})
    assert [sentences[i].index for i in candidates(sentences)] == [0, 2, 3]


def test_two_wordings_of_one_fact_share_its_names_numbers_and_dates():
    first = facts("Flight 90 from Lisbon to Oslo disappeared on May 3 over the North Sea.")
    again = facts("The Boeing with 150 on board vanished from radar on May 3rd over the North Sea.")
    assert {"3", "may"} <= again.anchors and "3rd" not in again.anchors
    assert same_facts(first, again)
    # The same actors on the same weekday are not one fact ("on Tuesday" is every report's).
    threat = facts("Norway on Tuesday warned Denmark over the fishing dispute.")
    reply = facts("Denmark on Tuesday rejected Norway's demands on the fishing quotas.")
    assert not same_facts(threat, reply)
    # A year and the same place and person: one fact, however it is worded.
    trip = facts("Lena's last trip abroad in 2019 was also to Tromso for her first summit.")
    assert same_facts(trip, facts("Lena also travelled to Tromso by train in 2019."))
    assert not same_facts(trip, facts("Lena met the mayor of Tromso on Friday."))


def test_selection_keeps_one_sentence_of_a_fact_stated_twice():
    a = make_article(
        "a",
        [
            "Flight 90 from Lisbon disappeared on May 3 over the North Sea with 150 people.",
            "Rescue ships from Norway searched the area for survivors through the night.",
        ],
    )
    b = make_article(
        "b",
        [
            "The Boeing vanished from radar on May 3rd over the North Sea, airline officials said.",
            "Rescue ships from Norway searched the area through the night, officials said.",
        ],
    )
    sentences = units([a, b], {})
    weights = concept_weights(sentences, n_groups=2)
    chosen = select(sentences, weights, 200, candidates(sentences))
    texts = [sentences[i].text for i in chosen]
    assert sum("May 3" in t for t in texts) == 1


def test_a_short_line_of_its_own_without_a_verb_is_a_caption_not_a_candidate():
    assert is_caption("The planned route of the ferry.")
    assert not is_caption("The ferry capsized off the coast.")  # "-ed" after a noun: a verb
    assert not is_caption("Nobody was hurt when the ferry sank.")
    assert not is_caption("The planned route of the ferry ran past the old lighthouse at night.")
    a = make_article(
        "a",
        [
            "The ferry sank off the northern coast on Friday with forty people on board.",
            "The planned route of the ferry.",
        ],
    )
    sentences = units([a], {})
    texts = [sentences[i].text for i in candidates(sentences)]
    assert texts == ["The ferry sank off the northern coast on Friday with forty people on board."]
