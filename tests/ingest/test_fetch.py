"""URLs, fetched from a local server on loopback: content types, redirects, limits, agent."""

from __future__ import annotations

import json

import httpx

from storyfuse import IngestOptions, ingest
from tests.conftest import article_html, slow

STORY = [
    "The regional council approved a new flood defence plan on Thursday after months of "
    "debate among residents and engineers.",
    "Work on the first section of the barrier is expected to begin next spring, officials said.",
]


def test_html_page_over_http_with_metadata(server):
    url = server.route("/news/flood", article_html("Flood plan approved", STORY).encode())
    (article,) = ingest(url).articles
    assert article.title == "Flood plan approved"
    assert article.outlet == "The Daily Example"
    assert article.published == "2024-03-05"
    assert article.authors == ["Jane Roe"]
    assert article.language == "en"
    assert article.origin == url
    assert article.paragraphs == STORY
    assert server.user_agents and server.user_agents[0].startswith("storyfuse/")


def test_json_and_text_by_content_type_and_redirect(server):
    data = json.dumps({"title": "From JSON", "text": "\n\n".join(STORY)}).encode()
    json_url = server.route("/api/item", data, headers={"Content-Type": "application/json"})
    text_url = server.route(
        "/plain",
        ("Plain title\n\n" + "\n\n".join(STORY)).encode(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    moved = server.route("/old", b"", status=301, headers={"Location": "/plain"})
    result = ingest([json_url, text_url, moved])
    assert result.errors == []
    assert [a.title for a in result.articles] == ["From JSON", "Plain title", "Plain title"]
    assert result.articles[2].origin == text_url  # the final address after the redirect


def test_timeout_and_size_cap(server):
    late = server.route("/late", slow(2.0, article_html("Late", STORY).encode()))
    big = server.route("/big", b"x" * 50_000, headers={"Content-Type": "text/plain"})
    result = ingest([late, big], IngestOptions(timeout=0.3, max_bytes=10_000))
    reasons = [e.reason for e in result.errors]
    assert reasons[0] == "timed out after 0.3 s (raise it with --timeout)"
    assert reasons[1].startswith("response is 48.8 KB, over the 9.8 KB limit")


def test_transport_is_pluggable():
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, html=article_html("Mocked", STORY))

    options = IngestOptions(transport=httpx.MockTransport(answer))
    (article,) = ingest("https://news.example/story", options).articles
    assert article.title == "Mocked"
    assert article.url == "https://news.example/story"


def test_private_addresses_are_refused_when_asked_even_if_dns_changes(server, monkeypatch):
    import socket

    page = article_html("Storm", ["A storm hit the coast on Monday, officials said."])
    url = server.route("/story", page.encode())
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    refused = ingest([url], IngestOptions(allow_private=False))
    assert not refused.articles
    assert "non-public address (127.0.0.1)" in refused.errors[0].reason
    assert ingest([url], IngestOptions()).articles  # the command line's default allows it

    # A name that first resolves to a public address, then to loopback (DNS rebinding): the
    # check before the request passes, the one at connection refuses.
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])

    def rebinding(host, *args, **kwargs):
        if host == "news.example":
            address = next(answers)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    result = ingest([f"http://news.example:{port}/story"], IngestOptions(allow_private=False))
    assert not result.articles
    assert "non-public address (127.0.0.1)" in result.errors[0].reason
    assert server.user_agents == [server.user_agents[0]]  # only the allowed fetch arrived
