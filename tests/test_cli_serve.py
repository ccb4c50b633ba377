"""`storyfuse serve` as a user runs it: starts, prints the token once, logs each request as a
JSON line, answers, and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi")

from storyfuse.stories.store import Store
from tests.conftest import FakeEmbedder, make_article


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_starts_logs_and_stops_gracefully(tmp_path: Path):
    db = tmp_path / "s.db"
    with Store(db, embedder=FakeEmbedder()) as store:
        paragraphs = ["A storm hit the coast on Monday.", "Thousands lost power, officials said."]
        list(store.add([make_article("a1", paragraphs, title="Storm")]))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "STORYFUSE_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyfuse", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert health.json()["articles"] == 1
        # The brief is made in the worker process, with the real models.
        story = httpx.get(f"http://127.0.0.1:{port}/api/stories/1", timeout=120)
        assert story.status_code == 200, story.text
        assert story.json()["brief"]["sentences"][0]["citations"] == [1]
        again = httpx.get(f"http://127.0.0.1:{port}/api/stories/1", timeout=10)
        assert again.headers["etag"] == story.headers["etag"]
        token = (tmp_path / "s.db.token").read_text().strip()
        unauthorized = httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"urls": []})
        assert unauthorized.status_code == 401
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    # uvicorn shuts down cleanly, then exits by the signal it was sent.
    assert proc.returncode in (0, -signal.SIGTERM)
    assert "storyfuse: stopped" in err
    # Every connection was closed, the worker's too: the write-ahead log is folded back.
    assert not Path(f"{db}-wal").exists()
    assert f"write token: {token} (generated" in err
    logged = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert [(e["method"], e["path"], e["status"]) for e in logged][-4:] == [
        ("GET", "/health", 200),
        ("GET", "/api/stories/1", 200),
        ("GET", "/api/stories/1", 200),
        ("POST", "/api/articles", 401),
    ]


def test_serve_refuses_what_is_not_a_store(tmp_path: Path):
    bad = tmp_path / "notes.db"
    bad.write_text("not sqlite at all" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "storyfuse", "serve", "--db", str(bad), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert "not a storyfuse store" in result.stderr
