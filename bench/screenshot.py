"""The README's screenshot of the story page: docs/story-page.png.

Adds the bundled example to a store in a temporary directory, starts the real `storyfuse serve`
on a free loopback port, opens story 1 in headless Chromium (Debian's, driven by Playwright; no
browser is downloaded) and saves the top of the page.

Usage: python bench/screenshot.py [--output docs/story-page.png] [--height 1400]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "air-france-447"
WIDTH = 1200
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"storyfuse serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("storyfuse serve did not start") from None
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "story-page.png")
    parser.add_argument("--height", type=int, default=1400, help="pixels of the page kept")
    parser.add_argument(
        "--no-citation", action="store_true", help="do not open a citation's source panel"
    )
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is missing: run `make browser` (Debian package chromium)")
    env = {k: v for k, v in os.environ.items() if k not in ("STORYFUSE_DB", "STORYFUSE_TOKEN")}
    cli = [sys.executable, "-m", "storyfuse"]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "stories.db")
        subprocess.run([*cli, "add", str(EXAMPLE), "--db", db, "-q"], check=True, env=env)
        port = free_port()
        proc = subprocess.Popen(
            [*cli, "serve", "--db", db, "--port", str(port), "--log-level", "warning"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/health", proc)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=ARGS)
                page = browser.new_page(viewport={"width": WIDTH, "height": args.height})
                page.goto(f"{base}/stories/1", wait_until="networkidle", timeout=120_000)
                if not args.no_citation:
                    # The second sentence's first citation: its source sentence in a panel.
                    page.locator("a.cite").nth(1).click()
                    page.wait_for_selector(".popover")
                args.output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=str(args.output),
                    clip={"x": 0, "y": 0, "width": WIDTH, "height": args.height},
                )
                browser.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"{args.output}: {args.output.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
