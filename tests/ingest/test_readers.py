"""Every input kind, read through the public API: files, directories, gz, stdin, JSON shapes."""

from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

from storyfuse import IngestOptions, ingest
from tests.conftest import article_html

STORY = (
    "The regional council approved a new flood defence plan on Thursday after months of "
    "debate among residents and engineers.\n\nWork on the first section of the barrier is "
    "expected to begin next spring, officials said."
)


def write(path, content, mode="w"):
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode == "w":
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_text_markdown_html_json_jsonl_and_gz_in_one_directory(tmp_path):
    write(tmp_path / "a.txt", "Council backs flood plan\n\n" + STORY)
    write(tmp_path / "sub" / "b.md", "---\ntitle: From markdown\n---\n\n" + STORY)
    write(tmp_path / "c.html", article_html("Council backs flood plan", STORY.split("\n\n")))
    write(
        tmp_path / "d.json",
        json.dumps([{"title": "J1", "text": STORY}, {"headline": "J2", "body": STORY}]),
    )
    write(
        tmp_path / "e.jsonl",
        "\n".join(json.dumps({"title": f"L{i}", "text": STORY}) for i in range(3)),
    )
    write(tmp_path / "f.txt.gz", gzip.compress(("Zipped title\n\n" + STORY).encode()), "wb")
    write(tmp_path / "notes.csv", "ignored,file")
    write(tmp_path / ".hidden.txt", STORY)

    result = ingest(tmp_path)

    assert result.errors == []
    titles = sorted(a.title for a in result.articles)
    assert titles == sorted(
        [
            "Council backs flood plan",
            "From markdown",
            "Council backs flood plan",
            "J1",
            "J2",
            "L0",
            "L1",
            "L2",
            "Zipped title",
        ]
    )
    for article in result.articles:
        assert article.sentences
        assert article.language == "en"


def test_cluster_jsonl_in_the_evaluation_format(tmp_path):
    cluster = {
        "id": "C1",
        "articles": [
            {"id": "C1-a", "title": "First", "source": "Wire", "date": "2009-06-01", "text": STORY},
            {"id": "C1-b", "title": "Second", "source": "None", "date": "None", "text": STORY},
        ],
        "references": ["A summary."],
    }
    path = write(tmp_path / "clusters.jsonl", json.dumps(cluster) + "\n")
    result = ingest(path)
    first, second = result.articles
    assert (first.id, first.outlet, first.published, first.meta["cluster"]) == (
        "C1-a",
        "Wire",
        "2009-06-01",
        "C1",
    )
    assert (second.outlet, second.published) == (None, None)  # "None" placeholders are missing
    assert first.origin == f"{path}:1#1"


def test_stdin_is_sniffed(tmp_path):
    html = article_html("Piped page", STORY.split("\n\n")).encode()
    result = ingest("-", stdin=io.BytesIO(html))
    assert [a.title for a in result.articles] == ["Piped page"]
    result = ingest("-", stdin=io.BytesIO(json.dumps({"title": "T", "text": STORY}).encode()))
    assert [a.title for a in result.articles] == ["T"]


def test_non_utf8_encodings_are_detected(tmp_path):
    text = "Le conseil régional a approuvé jeudi le nouveau plan, a déclaré le maire à la presse.\n"
    cp1252 = write(tmp_path / "fr.txt", (text * 3).encode("cp1252"), "wb")
    utf16 = write(tmp_path / "fr16.txt", (text * 3).encode("utf-16"), "wb")
    declared = write(
        tmp_path / "page.html",
        (
            "<html><head><meta charset='iso-8859-1'></head><body><article>"
            + f"<p>{text * 3}</p></article></body></html>"
        ).encode("latin-1"),
        "wb",
    )
    result = ingest([cp1252, utf16, declared])
    assert result.errors == []
    for article in result.articles:
        assert "régional" in article.text and "déclaré" in article.text
        assert article.language == "fr"


def test_our_own_json_output_is_read_back_unchanged(tmp_path):
    original = ingest(write(tmp_path / "a.txt", "Title here\n\n" + STORY)).articles[0]
    path = write(tmp_path / "out.jsonl", original.to_json() + "\n")
    again = ingest(path).articles[0]
    assert again == original


def test_record_with_html_field_is_extracted(tmp_path):
    html = article_html("Record page", STORY.split("\n\n"))
    path = write(tmp_path / "r.json", json.dumps({"url": "https://example.org/x", "html": html}))
    (article,) = ingest(path).articles
    assert article.title == "Record page"
    assert article.url == "https://example.org/x"
    assert "Advertisement" not in article.text


def test_record_fields_aliases_and_epoch_dates(tmp_path):
    record = {
        "headline": "H",
        "content": STORY,
        "publishedAt": 1700000000,
        "source": {"id": "x", "name": "Example Wire"},
        "author": "Ana Lima, Tom Berg",
        "link": "https://example.org/h",
    }
    (article,) = ingest(write(tmp_path / "r.json", json.dumps(record))).articles
    assert (article.title, article.outlet, article.url) == (
        "H",
        "Example Wire",
        "https://example.org/h",
    )
    assert article.published.startswith("2023-11-14T")
    assert article.authors == ["Ana Lima", "Tom Berg"]


def test_options_force_language_and_skip_rules(tmp_path):
    path = write(tmp_path / "a.txt", STORY + "\n\nAdvertisement")
    (article,) = ingest(path, IngestOptions(language="de", clean=False)).articles
    assert article.language == "de"
    assert article.paragraphs[-1] == "Advertisement"


def test_parallel_workers_give_the_same_articles_in_the_same_order(tmp_path):
    for i in range(12):
        write(tmp_path / f"{i:02d}.txt", f"Story number {i}\n\n" + STORY)
    write(tmp_path / "99.json", "{broken")
    serial = ingest(tmp_path)
    parallel = ingest(tmp_path, IngestOptions(jobs=2))
    assert parallel.articles == serial.articles
    assert parallel.errors == serial.errors
    assert [a.title for a in parallel.articles] == [f"Story number {i}" for i in range(12)]


def _title_unless_two(article):
    """A ``then`` step for the workers (module level, so it pickles)."""
    if "2" in (article.title or ""):
        raise ValueError("no twos here")
    return article.title


def test_then_runs_on_each_article_and_its_failure_names_the_input(tmp_path):
    from storyfuse.errors import InputError
    from storyfuse.ingest import expand_inputs, ingest_sources

    for i in range(5):
        write(tmp_path / f"{i:02d}.txt", f"Story number {i}\n\n" + STORY)
    sources, _ = expand_inputs([tmp_path])
    for jobs in (1, 2):
        got = list(ingest_sources(sources, IngestOptions(jobs=jobs), then=_title_unless_two))
        assert [g for g in got if isinstance(g, str)] == [f"Story number {i}" for i in (0, 1, 3, 4)]
        (error,) = [g for g in got if isinstance(g, InputError)]
        assert error.source.endswith("02.txt") and "no twos here" in str(error)


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_are_forked_warm_only_from_a_single_threaded_process(monkeypatch):
    import threading

    ingest_module = sys.modules["storyfuse.ingest"]
    seen = []
    monkeypatch.setattr(ingest_module, "_single_threaded", lambda: True)
    assert ingest_module._context(IngestOptions(), seen.append).get_start_method() == "fork"
    assert len(seen) == 1 and seen[0].sentences  # built here once, models now loaded
    monkeypatch.undo()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not ingest_module._single_threaded()
        assert ingest_module._context(IngestOptions(), seen.append).get_start_method() == "spawn"
    finally:
        stop.set()
        other.join()
    assert len(seen) == 1  # nothing to warm for spawned workers
