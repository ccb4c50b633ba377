"""The HTTP API: every endpoint, auth, limits, bad input, caching headers."""

from __future__ import annotations

import json
import logging
import sqlite3

import httpx
import pytest
from fastapi.testclient import TestClient

from storyfuse.serve import ServeOptions, create_app
from storyfuse.stories.store import StoreError
from tests.conftest import FakeEmbedder
from tests.serve.conftest import AUTH, TOKEN


def story_ids(client: TestClient, **params) -> list[int]:
    return [s["id"] for s in client.get("/api/stories", params=params).json()["stories"]]


def flood_story(client: TestClient) -> int:
    found = client.get("/api/stories", params={"q": "valencia"}).json()["stories"]
    assert len(found) == 1
    return found[0]["id"]


def test_health_counts_the_store(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["articles"] == 4
    assert body["stories"] == 2


def test_story_list_filters_pages_and_answers_304(client):
    first = client.get("/api/stories")
    assert first.status_code == 200
    stories = first.json()["stories"]
    assert [s["articles"] for s in stories] == [1, 3]  # latest first
    assert stories[1]["independent"] == 3 and stories[1]["outlets"] == 3
    assert story_ids(client, min_sources=2) == [stories[1]["id"]]
    assert story_ids(client, q="VALENCIA floods") == [stories[1]["id"]]
    assert story_ids(client, q="50%") == []
    assert story_ids(client, since="2024-11-01") == [stories[0]["id"]]
    page = client.get("/api/stories", params={"limit": 1}).json()
    assert len(page["stories"]) == 1 and page["next"]
    rest = client.get(page["next"]).json()
    assert [s["id"] for s in rest["stories"]] == [stories[1]["id"]] and rest["next"] is None
    etag = first.headers["etag"]
    assert client.get("/api/stories", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"limit": 0}, "query parameter limit"),
        ({"limit": 101}, "less than or equal to 100"),
        ({"since": "last tuesday"}, "query parameter since"),
        ({"min_sources": "many"}, "valid integer"),
    ],
)
def test_bad_list_parameters_are_422_with_a_message(client, params, words):
    response = client.get("/api/stories", params=params)
    assert response.status_code == 422
    assert words in response.json()["error"]["message"]


def test_a_story_as_json_markdown_and_html(client):
    sid = flood_story(client)
    response = client.get(f"/api/stories/{sid}")
    assert response.status_code == 200
    body = response.json()
    assert body["story"]["id"] == sid and len(body["story"]["article_ids"]) == 3
    brief = body["brief"]
    assert brief["sentences"] and all(s["citations"] for s in brief["sentences"])
    assert {"conflicts", "quotes", "timeline"} <= set(brief["sections"])
    etag = response.headers["etag"]
    assert client.get(f"/api/stories/{sid}", headers={"If-None-Match": etag}).status_code == 304
    markdown = client.get(f"/api/stories/{sid}", params={"format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# ")
    html = client.get(f"/api/stories/{sid}", params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html")
    assert "script-src" not in html.headers["content-security-policy"]
    only = client.get(f"/api/stories/{sid}", params={"sections": "summary,timeline"}).json()
    assert only["brief"]["sections"] == ["summary", "timeline"]


def test_story_errors(client):
    missing = client.get("/api/stories/999")
    assert missing.status_code == 404
    assert "no story 999" in missing.json()["error"]["message"]
    bad = client.get(f"/api/stories/{flood_story(client)}", params={"sections": "gossip"})
    assert bad.status_code == 422 and "gossip" in bad.json()["error"]["message"]
    assert client.get("/api/stories/0").status_code == 422
    assert client.get("/api/stories/x").status_code == 422


def test_a_folded_story_redirects_to_the_one_it_joined(client, store_path):
    sid = flood_story(client)
    con = sqlite3.connect(store_path)
    con.execute(
        "INSERT INTO stories (id, first_added, last_added, merged_into, size) "
        "VALUES (77, 'x', 'x', ?, 0)",
        (sid,),
    )
    con.commit()
    con.close()
    response = client.get("/api/stories/77?format=markdown", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == f"/api/stories/{sid}?format=markdown"
    assert client.get("/stories/77", follow_redirects=False).headers["location"] == (
        f"/stories/{sid}"
    )


def test_an_article_with_what_cleaning_removed(client):
    body = client.get("/api/articles/flood-1").json()
    assert body["article"]["id"] == "flood-1"
    assert "removed" in body["article"]
    assert body["story_id"] == flood_story(client)
    assert client.get("/api/articles/nope").status_code == 404


def test_articles_whose_ids_hold_slashes_and_spaces_are_reachable(client):
    record = {"id": "wire/2024 10/31#1", "title": "Quake", "text": "A quake hit the island."}
    added = client.post("/api/articles", json={"articles": [record]}, headers=AUTH).json()
    article_id = added["results"][0]["article_id"]
    assert "/" in article_id
    from urllib.parse import quote

    body = client.get(f"/api/articles/{quote(article_id, safe='')}").json()
    assert body["article"]["id"] == article_id
    page = client.get(f"/articles/{quote(article_id, safe='')}")
    assert page.status_code == 200 and "A quake hit the island." in page.text


def test_adding_needs_the_token(client):
    record = {"articles": [{"title": "T", "text": "Some text here."}]}
    missing = client.post("/api/articles", json=record)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in missing.json()["error"]["message"]
    wrong = client.post("/api/articles", json=record, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    html = client.post("/api/pages", content=b"<p>x</p>")
    assert html.status_code == 401


def test_adding_records_joins_stories_and_twice_changes_nothing(client):
    sid = flood_story(client)
    record = {
        "id": "flood-new",
        "title": "Valencia floods: death toll rises",
        "text": "Floods in Valencia killed at least 95 people after torrential rain. "
        "Rivers burst their banks across the region, officials said.",
        "published": "2024-10-31",
        "outlet": "Outlet 9",
        "url": "https://news9.example/valencia",
    }
    added = client.post("/api/articles", json={"articles": [record]}, headers=AUTH)
    assert added.status_code == 201
    result = added.json()
    assert result["added"] == 1 and result["results"][0]["story_id"] == sid
    again = client.post("/api/articles", json={"articles": [record]}, headers=AUTH)
    assert again.status_code == 200 and again.json()["duplicates"] == 1
    assert client.get("/health").json()["articles"] == 5
    story = client.get(f"/api/stories/{sid}").json()["story"]
    assert "flood-new" in story["article_ids"]


def test_one_bare_record_or_a_list_of_them_is_added_as_is(client):
    sid = flood_story(client)
    record = {
        "id": "flood-bare",
        "title": "Valencia floods: rescuers search villages",
        "text": "Floods in Valencia killed at least 95 people after torrential rain. "
        "Rescuers searched villages cut off by the water, officials said.",
        "published": "2024-10-31",
        "outlet": "Outlet 10",
    }
    bare = client.post("/api/articles", json=record, headers=AUTH)
    assert bare.status_code == 201
    assert bare.json()["added"] == 1 and bare.json()["results"][0]["story_id"] == sid
    quake = {"id": "quake-1", "title": "Quake", "text": "A strong quake shook the island."}
    listed = client.post("/api/articles", json=[record, quake], headers=AUTH)
    assert listed.json()["duplicates"] == 1 and listed.json()["added"] == 1
    no_text = client.post("/api/articles", json={"title": "Only a title"}, headers=AUTH)
    assert no_text.status_code == 422


def test_bad_add_requests(client):
    empty = client.post("/api/articles", json={}, headers=AUTH)
    assert empty.status_code == 422 and "nothing to add" in empty.json()["error"]["message"]
    not_json = client.post(
        "/api/articles", content=b"{oops", headers={**AUTH, "Content-Type": "application/json"}
    )
    assert not_json.status_code == 422
    unreadable = client.post("/api/articles", json={"articles": [{"title": "x"}]}, headers=AUTH)
    assert unreadable.status_code == 422
    assert "articles[0]" in unreadable.json()["error"]["message"]
    wrong_type = client.post(
        "/api/pages", content=b"<p>x</p>", headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 415


def test_raw_html_is_added(client):
    page = (
        "<html><head><title>Storm closes schools</title></head><body><article>"
        + "<p>A storm closed every school in the county on Monday, officials said.</p>" * 3
        + "</article></body></html>"
    )
    response = client.post(
        "/api/pages",
        content=page.encode(),
        params={"outlet": "County Times", "published": "2024-02-05"},
        headers={**AUTH, "Content-Type": "text/html; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    article_id = response.json()["results"][0]["article_id"]
    article = client.get(f"/api/articles/{article_id}").json()["article"]
    assert article["outlet"] == "County Times" and article["published"].startswith("2024-02-05")


def test_request_bodies_over_the_limit_are_413(store_path):
    app = create_app(
        ServeOptions(db=str(store_path), token=TOKEN, max_body=1000), embedder=FakeEmbedder()
    )
    big = {"articles": [{"title": "x", "text": "word " * 500}]}
    with TestClient(app) as client:
        declared = client.post("/api/articles", json=big, headers=AUTH)
        assert declared.status_code == 413
        assert "limit of 1,000 bytes" in declared.json()["error"]["message"]

        def chunks():  # no Content-Length: counted as it arrives
            yield json.dumps(big).encode()

        streamed = client.post(
            "/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
        )
        assert streamed.status_code == 413


def test_urls_are_fetched_but_never_from_private_addresses(store_path):
    page = (
        "<html><head><title>Quake hits island</title></head><body><article>"
        + "<p>An earthquake of magnitude 6.1 hit the island early on Friday.</p>" * 3
        + "</article></body></html>"
    )
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/moved":
            return httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"})
        return httpx.Response(200, text=page, headers={"Content-Type": "text/html"})

    app = create_app(
        ServeOptions(db=str(store_path), token=TOKEN),
        embedder=FakeEmbedder(),
        transport=httpx.MockTransport(answer),
    )
    urls = [
        "http://93.184.216.34/quake",  # a public address: fetched
        "http://127.0.0.1:8000/health",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://localhost/",
        "http://93.184.216.34/moved",  # redirects to loopback: refused at that hop
        "file:///etc/passwd",
        "ftp://93.184.216.34/x",
    ]
    with TestClient(app) as client:
        response = client.post("/api/articles", json={"urls": urls}, headers=AUTH)
    assert response.status_code == 201
    results = {r["source"]: r for r in response.json()["results"]}
    assert results["http://93.184.216.34/quake"]["status"] == "added"
    for url in urls[1:]:
        assert results[url]["status"] == "rejected", url
    assert "non-public address" in results["http://10.1.2.3/"]["reason"]
    assert "non-public address" in results["http://93.184.216.34/moved"]["reason"]
    assert "http(s)" in results["file:///etc/passwd"]["reason"]
    assert seen == ["http://93.184.216.34/quake", "http://93.184.216.34/moved"]


def test_private_mode_needs_the_token_to_read(store_path):
    app = create_app(
        ServeOptions(db=str(store_path), token=TOKEN, private=True), embedder=FakeEmbedder()
    )
    with TestClient(app) as client:
        assert client.get("/api/stories").status_code == 401
        assert client.get("/").status_code == 401
        assert client.get("/api/stories", headers=AUTH).status_code == 200
        assert client.get("/health").status_code == 200


def test_a_token_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("STORYFUSE_TOKEN", raising=False)
    db = tmp_path / "s.db"
    first = create_app(ServeOptions(db=str(db)), embedder=FakeEmbedder()).state.backend
    assert first.token_source.startswith("generated")
    token_file = tmp_path / "s.db.token"
    assert token_file.stat().st_mode & 0o077 == 0
    second = create_app(ServeOptions(db=str(db)), embedder=FakeEmbedder()).state.backend
    assert second.token == first.token and second.token_source == str(token_file)
    token_file.write_text("\n")
    with pytest.raises(StoreError, match="is empty"):
        create_app(ServeOptions(db=str(db)), embedder=FakeEmbedder())
    monkeypatch.setenv("STORYFUSE_TOKEN", "from-env")
    assert create_app(ServeOptions(db=str(db)), embedder=FakeEmbedder()).state.backend.token == (
        "from-env"
    )


def test_every_response_carries_security_headers_and_an_access_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="storyfuse.access"):
        response = client.get("/api/stories?limit=2")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    line = json.loads(caplog.records[-1].getMessage())
    assert line["path"] == "/api/stories" and line["status"] == 200 and line["query"] == "limit=2"
    assert line["ms"] >= 0 and line["bytes"] == len(response.content)


def test_unknown_paths_and_methods(client):
    api = client.get("/api/nothing")
    assert api.status_code == 404 and "error" in api.json()
    page = client.get("/nothing")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert client.delete("/api/stories").status_code == 405


def test_openapi_and_docs_need_no_network(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles", "/health"} <= set(
        spec["paths"]
    )
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "http" not in docs.text.replace('href="/', "").replace('src="/', "")
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_a_grown_story_serves_its_last_brief_marked_stale_while_the_new_one_is_made(store_path):
    import time

    class SlowEmbedder(FakeEmbedder):
        def embed(self, texts):
            time.sleep(0.3)
            return super().embed(texts)

    app = create_app(ServeOptions(db=str(store_path), token=TOKEN), embedder=SlowEmbedder())
    with TestClient(app) as client:
        sid = flood_story(client)
        first = client.get(f"/api/stories/{sid}")
        assert first.status_code == 200 and "x-storyfuse-stale" not in first.headers
        record = {
            "title": "Valencia floods: the toll rises again",
            "text": "Floods in Valencia killed at least 95 people after torrential rain, the "
            "regional government said on Thursday.",
            "published": "2024-10-31",
            "outlet": "Outlet 7",
        }
        added = client.post("/api/articles", json={"articles": [record]}, headers=AUTH)
        assert added.json()["results"][0]["story_id"] == sid
        stale = client.get(f"/api/stories/{sid}")
        assert stale.status_code == 200
        assert stale.headers["x-storyfuse-stale"] == "true" and "etag" not in stale.headers
        assert len(stale.json()["story"]["article_ids"]) == 3
        deadline = time.monotonic() + 30
        while True:
            fresh = client.get(f"/api/stories/{sid}")
            if "x-storyfuse-stale" not in fresh.headers:
                break
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert len(fresh.json()["story"]["article_ids"]) == 4 and fresh.headers["etag"]
        page = client.get(f"/stories/{sid}")
        assert "being updated" not in page.text


def test_a_big_feed_stops_at_the_servers_limit_per_request(store_path):
    items = "".join(
        f"<item><title>Quake report {k}</title><link>http://93.184.216.34/quake{k}</link></item>"
        for k in range(6)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}'
    feed += "</channel></rss>"
    fetched: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        fetched.append(request.url.path)
        if request.url.path == "/feed":
            return httpx.Response(200, text=feed, headers={"Content-Type": "application/rss+xml"})
        text = f"<html><body><article><p>{request.url.path}: a quake hit the island. " * 3
        return httpx.Response(200, text=text + "</p></article></body></html>")

    app = create_app(
        ServeOptions(db=str(store_path), token=TOKEN, max_fetches=3),
        embedder=FakeEmbedder(),
        transport=httpx.MockTransport(answer),
    )
    with TestClient(app) as client:
        response = client.post(
            "/api/articles", json={"urls": ["http://93.184.216.34/feed"]}, headers=AUTH
        )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["skipped", "added", "added", "added"]
    assert "stopped after 3 pages" in results[0]["reason"]
    assert len(fetched) <= 1 + 4  # the feed, three entries and one look past the limit
