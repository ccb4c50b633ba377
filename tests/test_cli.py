"""The CLI: output formats, exit codes, strict mode, atomic -o, and the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from storyfuse.cli import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, cli

STORY = (
    "The regional council approved a new flood defence plan on Thursday after months of "
    "debate among residents and engineers.\n\nAdvertisement\n\nWork on the first section of "
    "the barrier is expected to begin next spring, officials said."
)


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Council backs plan\n\n" + STORY)
    second = tmp_path / "second.txt"
    second.write_text("Second story title\n\n" + STORY)
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    return good, second, bad


def run(*args, stdin=None):
    return CliRunner().invoke(cli, list(map(str, args)), input=stdin)


def test_human_output_blocks_and_summary(files):
    good, second, _ = files
    result = run("ingest", good, second, "--show-removed")
    assert result.exit_code == EXIT_OK, result.output
    assert "[1] Council backs plan" in result.stdout
    assert "[2] Second story title" in result.stdout
    assert "2 lines removed (title 1, advertising 1)" in result.stdout
    assert "line 5  advertising: Advertisement" in result.stdout
    assert "storyfuse: 2 articles from 2 inputs" in result.stderr


def test_json_output_with_errors_and_partial_exit(files):
    good, _, bad = files
    result = run("ingest", good, bad, "--json")
    assert result.exit_code == EXIT_PARTIAL
    data = json.loads(result.stdout)
    assert data["schema"] == "storyfuse.ingest/1"
    assert [a["title"] for a in data["articles"]] == ["Council backs plan"]
    assert data["errors"][0]["source"].endswith("bad.json")
    assert data["errors"][0]["reason"].startswith("invalid JSON")
    assert "bad.json: invalid JSON" in result.stderr
    assert "1 failed" in result.stderr


def test_jsonl_output_one_article_per_line(files):
    good, second, _ = files
    result = run("ingest", good, second, "--jsonl", "--quiet")
    lines = result.stdout.strip().split("\n")
    assert [json.loads(line)["title"] for line in lines] == [
        "Council backs plan",
        "Second story title",
    ]
    assert result.stderr == ""


def test_all_failed_exits_3_and_strict_stops_without_output_file(files, tmp_path):
    good, _, bad = files
    assert run("ingest", bad).exit_code == EXIT_FAILED
    out = tmp_path / "out.jsonl"
    result = run("ingest", bad, good, "--strict", "--jsonl", "-o", out)
    assert result.exit_code == EXIT_FAILED
    assert "stopped at the first failure (--strict)" in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".storyfuse-*"))  # no temporary file left behind


def test_output_file_written_when_the_run_completes(files, tmp_path):
    good, second, _ = files
    out = tmp_path / "articles.json"
    result = run("ingest", good, second, "--json", "-o", out)
    assert result.exit_code == EXIT_OK
    assert result.stdout == ""
    assert len(json.loads(out.read_text())["articles"]) == 2


def test_show_text_and_stdin(files):
    result = run("ingest", "-", "--show-text", stdin="Piped title\n\n" + STORY)
    assert "[1] Piped title" in result.stdout
    assert "    The regional council approved" in result.stdout


def test_usage_errors_exit_2():
    assert run("ingest").exit_code == EXIT_USAGE
    assert run("ingest", "x", "--max-size", "lots").exit_code == EXIT_USAGE
    assert run("nosuchcommand").exit_code == EXIT_USAGE


def test_progress_bar_only_when_asked_or_on_a_terminal(files):
    good, second, _ = files
    quiet = run("ingest", good, second, "--jsonl", "-q")
    assert quiet.stderr == ""  # CliRunner's stderr is not a terminal: no bar
    shown = run("ingest", good, second, "--jsonl", "-q", "--progress")
    assert "input" in shown.stderr


def test_real_entry_point_and_exit_codes(files):
    good, _, bad = files
    base = [sys.executable, "-m", "storyfuse"]
    ok = subprocess.run([*base, "ingest", str(good), "--jsonl"], capture_output=True, text=True)
    assert ok.returncode == EXIT_OK and json.loads(ok.stdout)["title"] == "Council backs plan"
    partial = subprocess.run([*base, "ingest", str(good), str(bad)], capture_output=True, text=True)
    assert partial.returncode == EXIT_PARTIAL
    assert "Traceback" not in partial.stderr
    usage = subprocess.run([*base, "ingest", "--bogus"], capture_output=True, text=True)
    assert usage.returncode == EXIT_USAGE and "No such option" in usage.stderr
    version = subprocess.run([*base, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and "storyfuse" in version.stdout


def test_start_up_leaves_the_brief_modules_and_tqdm_unloaded():
    # `storyfuse add` of a few articles is mostly start-up; the brief's modules (alignment,
    # analysis) and tqdm load only when a command needs them.
    code = (
        "import sys, storyfuse, storyfuse.cli; "
        "print(sorted(m for m in ('storyfuse.pipeline', 'storyfuse.align.claims', 'tqdm') "
        "if m in sys.modules)); print(storyfuse.brief.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "storyfuse.pipeline"]
