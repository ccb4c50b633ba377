"""The README's examples run: every `storyfuse ...` command of its sh blocks, and its Python
example, each checked for its exit status, a real property of its output, and the output the
README shows for it.

The commands run as written, in README order, through `python -m storyfuse`, in a scratch
project directory: `examples/` there links to the bundled examples, so a store or file a
command writes lands in the scratch directory, and `../shared/eval/...` (the evaluation data the
`eval` examples name) holds small files of the same formats, built here from the bundled
example. `storyfuse serve` is started on a free port, read over HTTP and stopped.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import storyfuse
from storyfuse.clidoc import commands
from tests.conftest import EXAMPLE, ROOT, article_html

README = ROOT / "README.md"
LIMIT = 15_000
SHELL = ("sh", "bash", "shell", "console")
SHARED_PREFIX = "../shared/eval/"


def blocks(text: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced code block, in order."""
    return re.findall(r"^```([^\n`]*)\n(.*?)^```", text, flags=re.M | re.S)


@dataclass
class Example:
    line: str
    args: list[str]  # after "storyfuse"
    shown: str | None  # the output block the README shows right after it, if any

    @property
    def path(self) -> tuple[str, ...]:
        """The command path: ("brief",), ("eval", "clustering"), ..."""
        return tuple(self.args[:2]) if self.args[0] == "eval" else (self.args[0],)


def examples(text: str) -> list[Example]:
    found: list[Example] = []
    previous_was_command = False
    for info, body in blocks(text):
        lang = info.strip().split()[0] if info.strip() else ""
        if lang in SHELL:
            lines = [line.strip() for line in body.splitlines() if line.strip()]
            lines = [line[2:] if line.startswith("$ ") else line for line in lines]
            here = [line for line in lines if line.startswith("storyfuse ")]
            for line in here:
                found.append(Example(line, shlex.split(line, comments=True)[1:], None))
            previous_was_command = len(here) == 1
        elif lang == "text" and previous_was_command:
            found[-1].shown = body
            previous_was_command = False
        else:
            previous_was_command = False
    return found


TEXT = README.read_text(encoding="utf-8")
EXAMPLES = examples(TEXT)


# -- small stand-ins for ../shared/eval, in the formats the eval commands read ------------------
def example_records() -> list[dict]:
    lines = (EXAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


REFERENCE = (
    "Air France Flight 447, an Airbus A330 flying from Rio de Janeiro to Paris with 228 people "
    "on board, disappeared over the Atlantic Ocean on June 1, 2009. Brazilian aircraft found "
    "wreckage and bodies off the coast of Brazil. Airbus offered to fund the search for the "
    "black boxes."
)


def summarization_file(path: Path) -> None:
    records = example_records()
    clusters = [
        {"id": "af447-a", "articles": records[:5], "references": [REFERENCE]},
        {"id": "af447-b", "articles": records[5:], "references": [REFERENCE]},
    ]
    path.write_text("".join(json.dumps(c) + "\n" for c in clusters), encoding="utf-8")


def extraction_file(path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for record in example_records()[:3]:
            paragraphs = [p for p in record["text"].split("\n\n") if p.strip()]
            html = article_html(record["title"], paragraphs)
            page = {"id": record["id"], "url": None, "html": html, "gold_text": record["text"]}
            out.write(json.dumps(page) + "\n")


def clustering_file(path: Path) -> None:
    rows = [{**r, "story_id": "af447"} for r in example_records()]
    scraped = (ROOT / "examples" / "scraped" / "harbour-fire.txt").read_text(encoding="utf-8")
    title, _, body = scraped.partition("\n")
    harbour = {"id": "harbour", "story_id": "harbour", "title": title.strip(), "text": body}
    rows.append({**harbour, "source": "Coastal Press", "date": "2031-04-14"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


BUILDERS: dict[str, Callable[[Path], None]] = {
    "summarization": summarization_file,
    "extraction": extraction_file,
    "clustering": clustering_file,
}


def build_shared(project: Path) -> None:
    for example in EXAMPLES:
        for arg in example.args:
            if arg.startswith(SHARED_PREFIX):
                kind = arg[len(SHARED_PREFIX) :].split("/")[0]
                target = project / arg
                target.parent.mkdir(parents=True, exist_ok=True)
                BUILDERS[kind](target)


# -- running them ------------------------------------------------------------------------------
@dataclass
class Ran:
    code: int
    out: str
    err: str
    seconds: float
    extra: dict


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("STORYFUSE_DB", "STORYFUSE_TOKEN")}
    # The storyfuse under test, whatever the working directory.
    source = str(Path(storyfuse.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_serve(args: list[str], cwd: Path, env: dict[str, str]) -> Ran:
    """The README's serve command on a free port: read the story list and a story, then stop."""
    port = free_port()
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyfuse", *args, "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    extra: dict = {}
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                break
            try:
                extra["health"] = httpx.get(f"{base}/health", timeout=2).json()
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        if "health" in extra:
            extra["index"] = httpx.get(f"{base}/", timeout=30)
            extra["api"] = httpx.get(f"{base}/api/stories", timeout=30)
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return Ran(proc.returncode, out, err, time.monotonic() - start, extra)


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> dict[int, Ran]:
    """Every README example, run once in README order (later ones read the store earlier ones
    wrote), then the Python example."""
    root = tmp_path_factory.mktemp("readme")
    project = root / "project"
    project.mkdir()
    (project / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    build_shared(project)
    env = environment()
    results: dict[int, Ran] = {}
    for i, example in enumerate(EXAMPLES):
        if example.path == ("serve",):
            results[i] = run_serve(example.args, project, env)
            continue
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "storyfuse", *example.args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        results[i] = Ran(
            done.returncode, done.stdout, done.stderr, time.monotonic() - start, {"cwd": project}
        )
    script = root / "api_example.py"
    script.write_text(python_example(), encoding="utf-8")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(script)], cwd=project, env=env, capture_output=True, text=True
    )
    results[-1] = Ran(
        done.returncode, done.stdout, done.stderr, time.monotonic() - start, {"cwd": project}
    )
    return results


def python_example() -> str:
    code = [body for info, body in blocks(TEXT) if info.strip() == "python"]
    assert len(code) == 1, "the README has one Python example"
    return code[0]


# -- what each command's output must show ---------------------------------------------------------
def check_brief(r: Ran, ex: Example) -> None:
    assert re.search(r"\[\d+\]", r.out) and "## Sources" in r.out


def check_ingest(r: Ran, ex: Example) -> None:
    assert r.out.startswith("[1] ") and "origin: examples/" in r.out
    if "--show-removed" in ex.args:
        assert "removed:" in r.out


def check_add(r: Ran, ex: Example) -> None:
    assert re.search(r"\b[1-9]\d* added to [1-9]\d* stor", r.err), r.err
    assert (r.extra["cwd"] / ex.args[ex.args.index("--db") + 1]).is_file()


def check_stories(r: Ran, ex: Example) -> None:
    header, *rows = r.out.splitlines()
    assert header.split()[:2] == ["id", "art"] and rows and rows[0].split()[0] == "1"


def check_story(r: Ran, ex: Example) -> None:
    assert r.out.startswith("# ") and "[1]" in r.out


def check_recluster(r: Ran, ex: Example) -> None:
    assert re.search(r"agreement \(B-cubed F1\) [01]\.\d{3}", r.out), r.out


def check_cluster(r: Ran, ex: Example) -> None:
    rows = (r.extra["cwd"] / ex.args[-1]).read_text(encoding="utf-8").splitlines()
    parsed = [json.loads(row) for row in rows]
    assert len(parsed) == len(example_records())
    assert all(set(p) == {"id", "story", "date"} for p in parsed)


def check_serve(r: Ran, ex: Example) -> None:
    assert r.extra.get("health", {}).get("status") == "ok", r.err
    assert r.extra["index"].status_code == 200 and "Air France" in r.extra["index"].text
    listed = r.extra["api"].json()["stories"]
    assert listed and listed[0]["articles"] == len(example_records())
    assert "storyfuse: stopped" in r.err


def check_eval_summarization(r: Ran, ex: Example) -> None:
    assert "| **storyfuse** | 2 |" in r.out and "| lexrank | 2 |" in r.out
    assert re.search(r"Citations: (\d+)/\1 supported", r.out), r.out


def check_eval_extraction(r: Ran, ex: Example) -> None:
    row = next(line for line in r.out.splitlines() if line.startswith("| storyfuse |"))
    assert float(row.split("|")[4].strip(" *")) > 0.9  # F1 on three clean example pages
    assert "| trafilatura |" in r.out


def check_eval_clustering(r: Ran, ex: Example) -> None:
    row = next(line for line in r.out.splitlines() if line.startswith("| storyfuse (batch"))
    assert float(row.split("|")[4]) == 1.0  # two stories this different are found exactly
    assert "TF-IDF + agglomerative (baseline)" in r.out


CHECKS: dict[tuple[str, ...], Callable[[Ran, Example], None]] = {
    ("brief",): check_brief,
    ("ingest",): check_ingest,
    ("add",): check_add,
    ("stories",): check_stories,
    ("story",): check_story,
    ("recluster",): check_recluster,
    ("cluster",): check_cluster,
    ("serve",): check_serve,
    ("eval", "summarization"): check_eval_summarization,
    ("eval", "extraction"): check_eval_extraction,
    ("eval", "clustering"): check_eval_clustering,
}


# -- the tests --------------------------------------------------------------------------------
def test_readme_is_short():
    assert len(TEXT) <= LIMIT, f"README.md has {len(TEXT)} characters (at most {LIMIT})"


def test_shell_blocks_hold_only_storyfuse_commands():
    for info, body in blocks(TEXT):
        if info.strip() in ("sh", "bash", "shell"):
            for line in filter(str.strip, body.splitlines()):
                assert line.startswith("storyfuse "), f"not a storyfuse command: {line!r}"


def test_every_command_has_a_runnable_example():
    paths = [p for p in commands() if p]
    leaves = {p for p in paths if not any(q[: len(p)] == p and q != p for q in paths)}
    assert leaves == {ex.path for ex in EXAMPLES}
    assert set(CHECKS) == leaves, "a check for every command"


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[ex.line for ex in EXAMPLES])
def test_readme_command_runs(ran, index):
    example, result = EXAMPLES[index], ran[index]
    expected = (0, -signal.SIGTERM) if example.path == ("serve",) else (0,)
    assert result.code in expected, f"{example.line}: exit {result.code}\n{result.err[-2000:]}"
    CHECKS[example.path](result, example)
    reads_shared = any(arg.startswith(SHARED_PREFIX) for arg in example.args)
    if example.shown and not reads_shared:  # eval outputs shown are from the full datasets
        produced = result.out + result.err
        for line in example.shown.splitlines():
            if line.strip() and "..." not in line:
                assert line.strip() in produced, f"the README shows {line.strip()!r}"


def test_readme_python_example_runs(ran):
    result = ran[-1]
    assert result.code == 0, result.err[-2000:]
    assert re.search(r"\[\d+(, \d+)*\]", result.out)  # a brief sentence's citations
    # The README's `storyfuse add` stored these articles already: the store says so.
    assert re.search(r"^M\d+\.english (added|duplicate) ", result.out, flags=re.M)
    assert '{"schema": "storyfuse.brief/2"' in result.out
