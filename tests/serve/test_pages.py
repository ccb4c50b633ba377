"""The web pages as HTML: the story list with what is new since the last visit, a story, an
article in context, and escaping of everything that comes from an article."""

from __future__ import annotations

import datetime as dt

from tests.serve.conftest import AUTH


def test_a_first_visit_marks_nothing_new_and_remembers_the_visit(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'class="new"' not in page.text
    assert "Valencia floods kill dozens" in page.text
    assert "sf_seen" in page.cookies


def test_a_later_visit_shows_what_arrived_since_the_previous_one(client):
    earlier = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).replace(tzinfo=None)
    client.cookies.set("sf_seen", earlier.isoformat(timespec="seconds"))
    page = client.get("/")
    assert "+3 new" in page.text and "+1 new" in page.text
    assert "since your last visit" in page.text
    # Within the same visit (minutes later) the mark stays on the previous visit.
    again = client.get("/")
    assert "+3 new" in again.text


def test_search_and_filters_on_the_list(client):
    assert "Hackers deface" not in client.get("/?q=valencia").text
    only_big = client.get("/?min_sources=2").text
    assert "Valencia" in only_big and "Hackers deface" not in only_big
    assert "No stories match" in client.get("/?q=zzzz").text
    assert client.get("/?page=0").status_code == 422


def test_the_story_page_links_every_source_sentence_to_its_article(client):
    sid = client.get("/api/stories", params={"q": "valencia"}).json()["stories"][0]["id"]
    page = client.get(f"/stories/{sid}").text
    assert 'class="cite"' in page and 'class="context" href="/articles/flood-' in page
    for section in ("agreement", "conflicts", "unique", "quotes", "entities", "timeline"):
        assert f'id="{section}"' in page
    assert "<script" not in page.split("</head>")[1]  # the only script is in the head
    joins = page.split('<details id="joins">')[1].split("</details>")[0]
    assert "started the story" in joins and "joined with" in joins and "(needs 0.28)" in joins


def test_the_article_page_shows_sentences_and_what_cleaning_removed(client):
    record = {
        "id": "with-junk",
        "title": "Bridge reopens",
        "text": "The bridge reopened on Monday after repairs.\n\nAdvertisement\n\n"
        "Traffic was light in the morning, police said.\n\nShare this article",
    }
    client.post("/api/articles", json={"articles": [record]}, headers=AUTH)
    page = client.get("/articles/with-junk").text
    assert '<span class="sentence" id="s0">The bridge reopened on Monday' in page
    assert "Removed in cleaning" in page and "Advertisement" in page


def test_hostile_text_is_escaped_everywhere(client):
    sid = client.get("/api/stories", params={"q": "hackers"}).json()["stories"][0]["id"]
    for path in ("/", f"/stories/{sid}", "/articles/hostile-1"):
        html = client.get(path).text
        assert "<script>window" not in html and "<img src=x" not in html, path
        assert 'href="javascript:' not in html, path
    assert "&lt;script&gt;window.__pwned = 4&lt;/script&gt;" in client.get("/").text
