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


def test_a_confident_lead_decides_and_an_unsure_one_reads_the_whole_sample(monkeypatch):
    from storyfuse import language

    english = (
        "The regional council approved a new flood defence plan on Thursday after months of "
        "debate among residents, who had asked for higher walls along the river. "
    ) * 6
    calls: list[int] = []
    identifier = language._identifier()

    class Counting:  # the identifier's class has slots: wrap it to count the full reads
        def __getattr__(self, name):
            return getattr(identifier, name)

        def classify(self, text):
            calls.append(len(text))
            return identifier.classify(text)

    counting = Counting()
    monkeypatch.setattr(language, "_identifier", lambda: counting)
    assert language.detect_language(english) == "en"
    assert calls == []  # both windows were sure
    # A lead in another language: the two windows disagree, and the whole sample decides.
    french = (
        "Le conseil régional a approuvé jeudi un nouveau plan de défense contre les "
        "inondations après des mois de débat. "
    ) * 2
    assert language.detect_language(french + english) == "en"
    assert calls == [language.SAMPLE_CHARS]


def test_the_unpacked_model_copy_classifies_as_the_package_does(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from storyfuse.language import _LAYOUT, _from_unpacked, file_key

    monkeypatch.setenv("STORYFUSE_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    # A copy of another model version, in this and in the former (.npz) layout.
    (tmp_path / "cache" / "py3langid-1-2.npz").write_bytes(b"old")
    (tmp_path / "cache" / "py3langid-1-3").mkdir()
    (tmp_path / "cache" / "other-file").write_bytes(b"kept")
    model = MODEL_DIR / MODEL_FILE
    own = LanguageIdentifier.from_model_file(model)
    made = _from_unpacked(model, LanguageIdentifier)  # writes the copy
    copy = tmp_path / "cache" / f"py3langid-{file_key(model)}-{_LAYOUT}"
    read = _from_unpacked(model, LanguageIdentifier)  # reads it
    # No partial file left, the other versions' copies gone, other files kept.
    assert sorted((tmp_path / "cache").iterdir()) == [tmp_path / "cache" / "other-file", copy]
    texts = [
        "The minister said the talks would resume in Geneva next week.",
        "Le ministre a déclaré que les négociations reprendraient la semaine prochaine.",
        "Der Minister sagte, die Gespräche würden nächste Woche in Genf fortgesetzt.",
        "Ministr řekl, že jednání budou pokračovat příští týden v Ženevě.",
    ]
    for text in texts:
        assert made.classify(text) == read.classify(text) == own.classify(text)


def test_a_damaged_model_copy_falls_back_to_the_package_loader(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    import storyfuse.language as language

    monkeypatch.setenv("STORYFUSE_CACHE_DIR", str(tmp_path))
    key = language.file_key(MODEL_DIR / MODEL_FILE)
    damaged = tmp_path / f"py3langid-{key}-{language._LAYOUT}"
    damaged.mkdir()
    (damaged / "ptc.npy").write_bytes(b"not an array")
    language._identifier.cache_clear()
    try:
        assert (
            language._identifier().classify("The minister said the talks would resume.")[0] == "en"
        )
    finally:
        language._identifier.cache_clear()


def test_cache_copies_are_named_by_content_not_date(tmp_path):
    import os

    from storyfuse.language import file_key

    data = os.urandom(300_000)
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    first.write_bytes(data)
    second.write_bytes(data)
    os.utime(second, (1_000_000, 1_000_000))  # another install of the same package
    changed = bytearray(data)
    changed[150_000] ^= 1  # one byte in the middle
    other.write_bytes(bytes(changed))
    assert file_key(first) == file_key(second) != file_key(other)
    (tmp_path / "small").write_bytes(b"tiny")
    assert file_key(tmp_path / "small").startswith("4-")
