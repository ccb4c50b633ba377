"""RSS and Atom feeds behind a URL: each entry's page is fetched and read as an article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse import IngestOptions, InputError, ingest
from storyfuse.ingest.feeds import FeedEntry, is_feed, parse_feed
from storyfuse.ingest.fetch import is_url
from tests.conftest import article_html, slow

STORY = [
    "The regional council approved a new flood defence plan on Thursday after months of "
    "debate among residents and engineers.",
    "Work on the first section of the barrier is expected to begin next spring, officials said.",
]
OTHER = [
    "Rail operators announced a timetable change that will add late trains on weekdays from "
    "the start of next month, the transport authority said.",
    "Passenger groups welcomed the move but asked for more seats on the busiest morning routes.",
]
RSS_TYPE = {"Content-Type": "application/rss+xml"}
ATOM_TYPE = {"Content-Type": "application/atom+xml"}


def rss(items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 feed; each item may have a title, link, pubDate and description."""
    body = "".join(
        "<item>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in item.items()) + "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>The Daily Example</title><link>http://example.invalid/</link>"
        f"<description>News</description>{body}</channel></rss>"
    ).encode()


def atom(entries: list[tuple[str, str, str]], base: str = "") -> bytes:
    """An Atom 1.0 feed of (title, href, updated) entries."""
    xml_base = f' xml:base="{base}"' if base else ""
    body = "".join(
        f'<entry><title>{escape(t)}</title><link rel="alternate" href="{escape(h)}"/>'
        f"<id>urn:entry:{i}</id><updated>{u}</updated></entry>"
        for i, (t, h, u) in enumerate(entries)
    )
    return (
        f'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"{xml_base}>'
        "<title>Example Atom</title><id>urn:feed</id><updated>2024-03-06T00:00:00Z</updated>"
        f"{body}</feed>"
    ).encode()


def page(title: str, paragraphs: list[str]) -> bytes:
    return article_html(title, paragraphs).encode()


def bare_page(paragraphs: list[str]) -> bytes:
    """A page with no title, heading or date of its own: the feed must supply them."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><body><article>{body}</article></body></html>".encode()


def counted(hits: Counter[str], name: str, body: bytes) -> Callable[[], bytes]:
    def produce() -> bytes:
        hits[name] += 1
        return body

    return produce


def test_rss_entries_become_articles_and_a_missing_page_is_one_error(server):
    one = server.route("/news/one", page("Flood plan approved", STORY))
    two = server.base + "/news/two"  # not routed: 404
    three = server.route("/news/three", page("Late trains added", OTHER))
    feed = server.route(
        "/feed.rss",
        rss(
            [
                {"title": "Flood plan approved", "link": one},
                {"title": "Gone", "link": two},
                {"title": "Late trains added", "link": three},
            ]
        ),
        headers=RSS_TYPE,
    )

    result = ingest(feed)

    assert [a.title for a in result.articles] == ["Flood plan approved", "Late trains added"]
    assert [a.origin for a in result.articles] == [one, three]
    assert result.articles[0].paragraphs == STORY
    assert result.articles[1].meta["feed"] == feed
    assert result.articles[1].meta["feed_link"] == three
    (error,) = result.errors
    assert error.source == two
    assert error.reason.startswith("HTTP 404")
    assert feed in error.reason


def test_entry_timeout_and_size_cap_are_that_entry_s_errors_in_feed_order(server):
    late = server.route("/late", slow(2.0, page("Late", STORY)))
    big = server.route("/big", b"x" * 50_000, headers={"Content-Type": "text/plain"})
    fine = server.route("/fine", page("Late trains added", OTHER))
    feed = server.route(
        "/feed",
        rss([{"title": "L", "link": late}, {"title": "B", "link": big}, {"link": fine}]),
        headers=RSS_TYPE,
    )

    result = ingest(feed, IngestOptions(timeout=0.5, max_bytes=20_000))

    assert [a.title for a in result.articles] == ["Late trains added"]
    assert [e.source for e in result.errors] == [late, big]
    assert result.errors[0].reason.startswith("timed out after 0.5 s")
    assert "over the 19.5 KB limit" in result.errors[1].reason


def test_atom_feed_with_xml_base_and_feed_metadata_as_fallback(server):
    server.route("/stories/flood", bare_page(STORY))
    server.route("/stories/trains", page("Late trains added", OTHER))
    feed = server.route(
        "/atom",
        atom(
            [
                ("Council backs flood barrier", "flood", "2024-02-01T08:00:00+01:00"),
                ("Feed title loses to the page", "trains", "2024-02-02T08:00:00Z"),
            ],
            base=server.base + "/stories/",
        ),
        headers=ATOM_TYPE,
    )

    result = ingest(feed)

    assert result.errors == []
    flood, trains = result.articles
    assert flood.origin == server.base + "/stories/flood"
    assert flood.title == "Council backs flood barrier"  # the page has none
    assert flood.published == "2024-02-01T08:00:00+01:00"
    assert flood.paragraphs == STORY
    assert trains.title == "Late trains added"  # the page's own metadata wins
    assert trains.published == "2024-03-05"


def test_relative_links_resolve_against_the_feed_url_and_xml_types_are_sniffed(server):
    server.route("/news/a", page("Flood plan approved", STORY))
    server.route("/feeds/b.html", page("Late trains added", OTHER))
    feed = server.route(
        "/feeds/main.xml",
        rss([{"title": "A", "link": "/news/a"}, {"title": "B", "link": "b.html"}]),
        headers={"Content-Type": "text/xml"},
    )

    result = ingest(feed)

    assert result.errors == []
    assert [a.origin for a in result.articles] == [
        server.base + "/news/a",
        server.base + "/feeds/b.html",
    ]


def test_seen_entries_are_not_fetched_even_with_worker_processes(server):
    hits: Counter[str] = Counter()
    links = [
        server.route("/one", counted(hits, "one", page("Flood plan approved", STORY))),
        server.route("/two", counted(hits, "two", page("Late trains added", OTHER))),
        server.route("/three", counted(hits, "three", page("Flood plan approved", OTHER))),
    ]
    feed = server.route("/feed", rss([{"link": link} for link in links]), headers=RSS_TYPE)
    stored = {links[0], links[2]}

    result = ingest(feed, IngestOptions(seen=lambda url: url in stored, jobs=2))

    assert result.errors == []
    assert [a.origin for a in result.articles] == [links[1]]
    assert hits == Counter({"two": 1})


def test_pages_that_are_not_feeds_are_still_articles(server):
    xhtml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Flood plan approved</title>'
        "</head><body><article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article>"
        "</body></html>"
    )
    quoting = article_html(
        "Late trains added", OTHER, "<script>var x = '<rss version=\"2.0\">';</script>"
    )
    xml_url = server.route(
        "/page.xhtml", xhtml.encode(), headers={"Content-Type": "application/xml"}
    )
    html_url = server.route("/page.html", quoting.encode())

    result = ingest([xml_url, html_url])

    assert result.errors == []
    assert [a.title for a in result.articles] == ["Flood plan approved", "Late trains added"]
    assert [a.origin for a in result.articles] == [xml_url, html_url]


def test_unreadable_feeds_and_entries_without_links_are_reported(server):
    broken = server.route("/broken", b"Service unavailable <<< try later", headers=RSS_TYPE)
    empty = server.route("/empty", rss([]), headers=RSS_TYPE)
    ok = server.route("/ok", page("Flood plan approved", STORY))
    partial = server.route(
        "/partial",
        rss([{"title": "No link here", "description": "teaser"}, {"link": ok}]),
        headers=RSS_TYPE,
    )

    result = ingest([broken, empty, partial])

    assert [a.origin for a in result.articles] == [ok]
    assert [(e.source, e.reason) for e in result.errors[1:]] == [
        (empty, "the feed has no entries"),
        (partial + "#1", "feed entry 'No link here' has no link to a page"),
    ]
    assert result.errors[0].source == broken
    assert result.errors[0].reason.startswith("not a readable RSS or Atom feed: ")


def test_feed_bytes_are_never_taken_for_a_file_name(tmp_path):
    local = tmp_path / "feed.xml"
    local.write_bytes(rss([{"link": "http://example.invalid/secret"}]))
    (item,) = parse_feed(str(local).encode(), "http://example.invalid/feed")
    assert isinstance(item, InputError)


def test_detection_looks_at_the_root_element():
    assert is_feed(b"\xef\xbb\xbf<?xml version='1.0'?><!-- hi --><rss version='2.0'/>")
    assert is_feed('<rdf:RDF xmlns:rdf="x">'.encode("utf-16"))
    assert is_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert not is_feed(b"<feed><entry/></feed>")  # not the Atom namespace
    assert not is_feed(b"<html><body><pre>&lt;rss&gt;</pre><rss>")
    assert is_feed(b"<html>", "application/rss+xml; charset=utf-8")
    assert not is_feed(b"<catalog><rss/></catalog>", "application/xml")


_FRAGMENT = st.binary(max_size=60) | st.text(max_size=60).map(str.encode)
_FEEDISH = st.builds(
    lambda items, tail: (
        b'<rss version="2.0"><channel>'
        + b"".join(
            b"<item><title>" + t + b"</title><link>" + ln + b"</link></item>" for t, ln in items
        )
        + tail
    ),
    st.lists(st.tuples(_FRAGMENT, _FRAGMENT), max_size=4),
    _FRAGMENT,
)


@settings(deadline=None, max_examples=200)
@given(data=st.binary(max_size=400) | _FEEDISH, content_type=st.sampled_from([None, "text/xml"]))
def test_detection_and_parsing_never_raise(data: bytes, content_type: str | None):
    assert isinstance(is_feed(data, content_type), bool)
    items = parse_feed(data, "http://example.invalid/feeds/x.xml")
    assert items
    for item in items:
        assert isinstance(item, FeedEntry | InputError)
        if isinstance(item, FeedEntry):
            assert is_url(item.link)
