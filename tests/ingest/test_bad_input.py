"""Bad inputs get a clear, specific reason; the good inputs beside them are still read."""

from __future__ import annotations

import gzip
import importlib
import json
import socket

import pytest

from storyfuse import IngestOptions, ingest
from tests.conftest import article_html

STORY = (
    "The regional council approved a new flood defence plan on Thursday after months of "
    "debate among residents and engineers. Work is expected to begin next spring."
)


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text("Good title\n\n" + STORY)
    return path


def reasons(result) -> dict[str, str]:
    return {e.source.rsplit("/", 1)[-1]: e.reason for e in result.errors}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_each_bad_input_is_reported_and_the_good_one_kept(tmp_path, good, server):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "nul.html").write_bytes(b"abc\x00def" * 100)
    with open(tmp_path / "huge.txt", "wb") as big:  # sparse: 200 MB on paper, nothing on disk
        big.truncate(200 * 1024 * 1024)
    (tmp_path / "broken.json").write_text('{"title": "x", "text": "unterminated}')
    (tmp_path / "wrong.json").write_text("42")
    (tmp_path / "norecord.json").write_text(json.dumps({"title": "only a title"}))
    (tmp_path / "nav.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav>"
        "<footer>Contact us</footer></body></html>"
    )
    (tmp_path / "bad.gz").write_bytes(gzip.compress(b"some text")[:-12])
    (tmp_path / "furniture.txt").write_text("Advertisement\n\nShare this article\n")
    missing = tmp_path / "missing.txt"
    unreachable = f"http://127.0.0.1:{closed_port()}/story"
    not_found = server.route("/gone", b"gone", status=404)

    names = [
        "empty.txt",
        "blank.txt",
        "image.txt",
        "nul.html",
        "huge.txt",
        "broken.json",
        "wrong.json",
        "norecord.json",
        "nav.html",
        "bad.gz",
        "furniture.txt",
    ]
    result = ingest(
        [
            good,
            *(tmp_path / n for n in names),
            missing,
            unreachable,
            not_found,
            "ftp://example.org/x",
        ]
    )

    assert [a.title for a in result.articles] == ["Good title"]
    got = reasons(result)
    assert got["empty.txt"] == "empty file"
    assert "nothing but whitespace" in got["blank.txt"] or "empty" in got["blank.txt"]
    assert got["image.txt"] == "not text: looks like a PNG image"
    assert "binary" in got["nul.html"]
    assert got["huge.txt"].startswith("file is 200.0 MB, over the 64.0 MB limit")
    assert got["broken.json"].startswith("invalid JSON: Unterminated string")
    assert "not an article object" in got["wrong.json"]
    assert got["norecord.json"].startswith("record has no article text")
    assert got["nav.html"].startswith("no article text found in the HTML page")
    assert "gzip" in got["bad.gz"]
    assert got["furniture.txt"].startswith("no article text left after cleaning")
    assert got["missing.txt"] == "no such file or directory"
    assert got["story"].startswith("cannot connect:")
    assert got["gone"] == "HTTP 404 Not Found"
    assert "unsupported URL scheme 'ftp'" in got["x"]
    assert len(result.errors) == 15


def test_bad_lines_in_jsonl_are_reported_by_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"title": "one", "text": STORY}),
                "{not json",
                json.dumps({"title": "three", "text": STORY}),
                "",
                json.dumps(["not", "articles"]),
            ]
        )
    )
    result = ingest(path)
    assert [a.title for a in result.articles] == ["one", "three"]
    assert [(e.source.rsplit("/", 1)[-1], e.reason.split(":")[0]) for e in result.errors] == [
        ("feed.jsonl:2", "invalid JSON"),
        ("feed.jsonl:5#1", "JSON str is not an article object or a list of them"),
        ("feed.jsonl:5#2", "JSON str is not an article object or a list of them"),
    ]


def test_size_cap_applies_per_jsonl_line_not_per_file(tmp_path):
    path = tmp_path / "feed.jsonl"
    small = json.dumps({"title": "small", "text": STORY})
    large = json.dumps({"title": "large", "text": STORY * 200})
    path.write_text("\n".join([small, large, small]) + "\n")
    result = ingest(path, IngestOptions(max_bytes=4096))
    assert [a.title for a in result.articles] == ["small", "small"]
    assert [e.source.rsplit("/", 1)[-1] for e in result.errors] == ["feed.jsonl:2"]
    assert "over the 4.0 KB limit" in result.errors[0].reason


def test_gzip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a " * 3_000_000))
    result = ingest(path, IngestOptions(max_bytes=1_000_000))
    assert result.articles == []
    assert "decompresses to more than" in result.errors[0].reason


def test_directory_without_article_files(tmp_path):
    (tmp_path / "a.csv").write_text("x")
    result = ingest(tmp_path)
    assert "directory has no article files" in result.errors[0].reason
    assert "skipped 1 other files" in result.errors[0].reason


def test_html_with_an_article_beside_bad_html(tmp_path):
    (tmp_path / "ok.html").write_text(article_html("A real page", [STORY, STORY.upper()]))
    (tmp_path / "empty.html").write_text("<html><body></body></html>")
    result = ingest(tmp_path)
    assert [a.title for a in result.articles] == ["A real page"]
    assert len(result.errors) == 1


def test_malformed_urls_are_reported_not_raised():
    result = ingest(["http://", "http://[bad", "ftp://[x", "gopher://host/x"])
    reasons = [e.reason for e in result.errors]
    assert reasons[0].startswith("unsupported URL scheme 'ftp'")
    assert reasons[1].startswith("unsupported URL scheme 'gopher'")
    assert reasons[2].startswith("invalid URL")
    assert len(reasons) == 4 and result.articles == []


def test_unexpected_error_in_one_input_is_reported_and_the_rest_go_on(good, tmp_path, monkeypatch):
    # The package exports a function named like the subpackage, so import it by name.
    ingest_module = importlib.import_module("storyfuse.ingest")

    real = ingest_module.build_article

    def flaky(doc, options):
        if "boom" in doc.source:
            raise RuntimeError("surprise")
        return real(doc, options)

    monkeypatch.setattr(ingest_module, "build_article", flaky)
    boom = tmp_path / "boom.txt"
    boom.write_text(STORY)
    result = ingest([boom, good])
    assert [a.title for a in result.articles] == ["Good title"]
    assert result.errors[0].reason.startswith("internal error (RuntimeError: surprise)")
