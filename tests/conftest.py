"""Shared fixtures: a loopback HTTP server, paths to the bundled and shared examples."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "air-france-447"
SHARED = ROOT.parent / "shared"

Route = tuple[int, dict[str, str], bytes | Callable[[], bytes]]


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}
    seen_agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen_agents.append(self.headers.get("User-Agent", ""))
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        if callable(body):
            body = body()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class LocalServer:
    def __init__(self) -> None:
        handler = type("Handler", (_Handler,), {"routes": {}, "seen_agents": []})
        self.handler = handler
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def route(
        self,
        path: str,
        body: bytes | Callable[[], bytes],
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        self.handler.routes[path] = (status, headers or {"Content-Type": "text/html"}, body)
        return self.base + path

    @property
    def user_agents(self) -> list[str]:
        return self.handler.seen_agents


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def slow(seconds: float, body: bytes) -> Callable[[], bytes]:
    def produce() -> bytes:
        time.sleep(seconds)
        return body

    return produce


def article_html(title: str, paragraphs: list[str], extra_body: str = "") -> str:
    """A realistic news page: navigation, ads, related links and a footer around the story."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title} | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad">Advertisement</div>
<article><h1>{title}</h1>
{body}
{extra_body}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Storm floods coastal towns across the region overnight</a></li>
<li><a href="/b">Central bank holds interest rates for a third month</a></li></ul></aside>
<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p>
<p>Sign up for our newsletter</p></footer>
</body></html>"""


class FakeEmbedder:
    """A deterministic stand-in for the sentence model: hashed bags of words, so sentences
    that share words are similar. Lets tests check the pipeline without loading the model."""

    name = "fake-bag-of-words"

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.calls = 0

    def embed(self, texts):
        import zlib

        import numpy as np

        from storyfuse.terms import words

        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                out[row, zlib.crc32(word.encode()) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def make_article(ident: str, paragraphs: list[str], **meta):
    """An Article built the way ingestion builds one, from clean paragraphs."""
    from storyfuse.model import Article
    from storyfuse.segment import segment

    return Article(
        id=ident,
        text="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        sentences=segment(paragraphs, ident),
        language="en",
        **meta,
    )


class FakeAnnotator:
    """A stand-in for the NER model: finds the names it is given (text -> spaCy label)."""

    name = "fake-gazetteer"

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def entities(self, texts):
        import re

        from storyfuse.analyse.nlp import Span

        out = []
        for text in texts:
            spans = []
            for name, label in sorted(self.names.items(), key=lambda kv: -len(kv[0])):
                for m in re.finditer(rf"\b{re.escape(name)}\b", text):
                    if not any(s.start < m.end() and m.start() < s.end for s in spans):
                        spans.append(Span(m.start(), m.end(), label, m.group(0)))
            out.append(sorted(spans, key=lambda s: s.start))
        return out


def valid_brief(result):
    """The brief, after checking its JSON against the published schema (every fixture is)."""
    import json

    import jsonschema

    from storyfuse.render.json import brief_schema, render_json

    jsonschema.validate(json.loads(render_json(result)), brief_schema())
    return result
