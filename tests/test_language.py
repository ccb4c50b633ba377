"""Language codes from metadata and from text."""

from __future__ import annotations

from storyfuse.language import detect_language, normalize_language


def test_normalize_language():
    assert normalize_language("en-US") == "en"
    assert normalize_language("fr_FR") == "fr"
    assert normalize_language("English") == "en"
    assert normalize_language("und") is None
    assert normalize_language("") is None
    assert normalize_language("not a language") is None


def test_detect_language():
    assert (
        detect_language(
            "The regional council approved a new flood defence plan on Thursday after months of "
            "debate among residents."
        )
        == "en"
    )
    assert (
        detect_language(
            "Le conseil régional a approuvé jeudi un nouveau plan de défense contre les "
            "inondations après des mois de débat."
        )
        == "fr"
    )
    assert detect_language("Too short") is None
