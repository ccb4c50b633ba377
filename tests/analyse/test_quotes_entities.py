"""Quotes with their speakers, and entities with variants merged, through the public brief()."""

from __future__ import annotations

from storyfuse import BriefOptions, brief
from tests.conftest import FakeAnnotator, FakeEmbedder, make_article, valid_brief

NAMES = FakeAnnotator(
    {
        "Maria Lopez": "PERSON",
        "Lopez": "PERSON",
        "Ms Lopez": "PERSON",
        "Tom Becker": "PERSON",
        "Becker": "PERSON",
        "Anna Kowalska": "PERSON",
        "Kowalska": "PERSON",
        "Lena Park": "PERSON",
        "Lena Moreau": "PERSON",
        "Lena": "PERSON",
        "Port Ellis": "GPE",
        "Harbour Authority": "ORG",
    }
)


def analysis(*articles, sections=("quotes", "entities")):
    return valid_brief(
        brief(
            list(articles),
            BriefOptions(sections=sections),
            embedder=FakeEmbedder(),
            annotator=NAMES,
        )
    ).analysis


A = make_article(
    "a",
    [
        "A fire destroyed three warehouses in the port of Port Ellis on Monday night.",
        '"We lost everything we had built in twenty years," said Maria Lopez, the owner of '
        "a shipping firm.",
        'Tom Becker, a fire safety expert at the Harbour Authority, said the blaze was "almost '
        'certainly electrical" and warned that "older sheds are a risk".',
        'In July, Lopez had said the port was "a disaster waiting to happen".',
        '"Nobody listened to us," she said.',
        'The mayor called the fire a "tragedy".',
    ],
)
B = make_article(
    "b",
    [
        "Three warehouses burned down in Port Ellis, the Harbour Authority said.",
        "Ms Lopez said the insurance would not cover the loss.",
        'Anna Kowalska, a spokeswoman for the Harbour Authority, said: "The port will reopen '
        'on Wednesday."',
        '"Electrical faults are the most likely cause," Becker said.',
    ],
)


def test_speakers_after_before_and_from_the_sentence_before():
    quotes = {q.text: (q.speaker, q.description) for q in analysis(A, B).quotes}
    assert quotes["We lost everything we had built in twenty years,"] == (
        "Maria Lopez",
        "the owner of a shipping firm",
    )
    assert quotes["almost certainly electrical"] == (
        "Tom Becker",
        "a fire safety expert at the Harbour Authority",
    )
    assert quotes["older sheds are a risk"][0] == "Tom Becker"  # "... and warned that"
    assert quotes["a disaster waiting to happen"][0] == "Lopez"  # "In July, Lopez"
    assert quotes["Nobody listened to us,"][0] == "Lopez"  # "she" is the speaker before
    assert quotes["The port will reopen on Wednesday."][0] == "Anna Kowalska"
    assert quotes["Electrical faults are the most likely cause,"][0] == "Becker"
    assert "tragedy" not in " ".join(quotes)  # a scare quote, not a quotation


def test_quotes_are_verbatim_and_cite_their_sentence():
    for quote in analysis(A, B).quotes:
        for evidence in quote.evidence:
            assert quote.text in evidence.text


def test_entities_merge_spelling_variants_and_short_forms():
    entities = {e.name: e for e in analysis(A, B).entities}
    lopez = entities["Maria Lopez"]
    assert lopez.kind == "person" and lopez.articles == 2
    assert set(lopez.variants) >= {"Lopez", "Ms Lopez"}
    assert entities["Tom Becker"].role == "a fire safety expert at the Harbour Authority"
    assert entities["Harbour Authority"].kind == "organisation"
    assert "Lopez" not in entities and "Becker" not in entities


def test_an_ambiguous_short_form_stays_apart():
    one = make_article("c", ["Lena Park met Lena Moreau at the port on Monday morning."])
    two = make_article("d", ["Lena said the talks with the port went well this week."])
    names = {e.name for e in analysis(one, two, sections=("entities",)).entities}
    assert {"Lena Park", "Lena Moreau", "Lena"} <= names


def test_entity_kinds_are_voted_by_the_words_around_and_inside_names():
    names = FakeAnnotator(
        {
            "Charles de Gaulle": "ORG",
            "Fernando de Noronha": "ORG",
            "Paris": "GPE",
            "Paris-Orly Airport": "ORG",
            "Air Lusitania Flight": "ORG",
            "Harbour Ministry": "PERSON",
        }
    )
    one = make_article(
        "e",
        [
            "The president spoke at the Charles de Gaulle airport in Paris on Monday.",
            "Ships searched near the island of Fernando de Noronha for the wreck.",
            "Air Lusitania Flight 12 left Paris-Orly Airport on Sunday evening.",
        ],
    )
    two = make_article(
        "f",
        ["Officials of the Harbour Ministry said Paris would help with the search."],
    )
    result = brief(
        [one, two],
        BriefOptions(sections=("entities",)),
        embedder=FakeEmbedder(),
        annotator=names,
    )
    kinds = {e.name: e.kind for e in result.analysis.entities}
    assert kinds["Charles de Gaulle"] == "place"
    assert kinds["Fernando de Noronha"] == "place"
    assert kinds["Paris-Orly Airport"] == "place"
    assert kinds["Harbour Ministry"] == "organisation"
    assert "Air Lusitania Flight" not in kinds  # a flight is none of the kinds shown
    assert kinds["Paris"] == "place"  # not merged into the airport named after it
