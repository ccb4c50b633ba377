"""End to end in headless Chromium: the story list, a story, a citation's source sentence in
context, and hostile article text that must render as text and run nothing."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
import uvicorn  # noqa: E402

from storyfuse.serve import ServeOptions, create_app  # noqa: E402
from tests.conftest import FakeEmbedder  # noqa: E402
from tests.serve.conftest import TOKEN  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    # CI installs it (make browser); a developer's machine without it skips, CI fails.
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: run `make browser` (Debian package chromium)")
    pytest.skip("chromium not installed (make browser)", allow_module_level=True)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def base_url(store_path: Path) -> Iterator[str]:
    app = create_app(ServeOptions(db=str(store_path), token=TOKEN), embedder=FakeEmbedder())
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(15)


@pytest.fixture
def page(base_url: str):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(base_url=base_url)
        tab = context.new_page()
        tab.problems = []  # script errors, CSP violations, dialogs
        tab.on("pageerror", lambda exc: tab.problems.append(f"pageerror: {exc}"))
        tab.on(
            "console",
            lambda m: tab.problems.append(f"console: {m.text}") if m.type == "error" else None,
        )

        def dialog(d) -> None:
            tab.problems.append(f"dialog: {d.message}")
            d.dismiss()

        tab.on("dialog", dialog)
        yield tab
        browser.close()


def test_list_story_citation_and_context(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Stories"
    stories = page.locator("li.story a.title")
    assert stories.count() == 2
    page.get_by_role("link", name="Valencia floods kill dozens", exact=False).click()
    page.wait_for_url("**/stories/*")
    assert "Valencia" in page.locator("h1").inner_text()
    sentence = page.locator("section.brief p").first
    cite = sentence.locator("a.cite").first
    cite.click()
    popover = page.locator(".popover")
    popover.wait_for(state="visible")
    shown = popover.locator("blockquote.source-sentence").inner_text()
    # The source sentence shown is the one the citation points to in the reference list.
    target = cite.get_attribute("href")[1:]
    listed = page.locator(f"[id='{target}']").inner_text()
    assert shown and shown in listed
    popover.get_by_role("link", name="Read it in context").click()
    page.wait_for_url("**/articles/*#s*")
    highlighted = page.locator("span.sentence:target")
    assert highlighted.count() == 1
    assert highlighted.inner_text() == shown
    assert page.locator("span.sentence").count() >= 3  # the rest of the article around it
    assert page.problems == []


def test_hostile_article_text_renders_as_text_and_runs_nothing(page):
    page.goto("/")
    page.locator("li.story a.title", has_text="Hackers deface ministry").click()
    page.wait_for_url("**/stories/*")
    text = page.locator("main").inner_text()
    assert "<script>window.__pwned = 4</script>" in page.locator("h1").inner_text()
    assert "<b>Evil</b> Outlet" in text
    assert "javascript:window.__pwned = 5" in text
    page.goto("/articles/hostile-1")
    body = page.locator("article.text").inner_text()
    assert "<script>window.__pwned = 1; alert(1)</script>" in body
    assert '<img src=x onerror="window.__pwned = 2">' in body
    assert '<a href="javascript:window.__pwned = 3">click</a>' in body
    # Nothing from the article became an element, a link or a script.
    assert page.locator("main script, main img, main a[href^='javascript']").count() == 0
    assert page.locator("a.where").count() == 0  # a javascript: URL is shown, never linked
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.problems == []


def test_the_story_page_reads_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.locator("li.story a.title").last.click()
    page.wait_for_url("**/stories/*")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    assert page.problems == []
