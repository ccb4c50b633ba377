"""`storyfuse brief` on the bundled example: every format, citations that resolve, exit codes."""

from __future__ import annotations

import json
import re

import jsonschema
from click.testing import CliRunner

from storyfuse.cli import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, cli
from storyfuse.render.json import brief_schema
from tests.conftest import EXAMPLE


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_markdown_brief_of_the_bundled_example():
    result = run("brief", EXAMPLE, "--words", "120")
    assert result.exit_code == EXIT_OK, result.output
    summary = result.stdout.split("\n## ")[0]  # the analysis sections and sources follow
    assert summary.startswith("# ")
    headings = re.findall(r"^## (.+)$", result.stdout, flags=re.M)
    assert headings[0] == "What the sources agree on" and "Sources" in headings
    assert "Timeline" in headings and "Quotes" in headings
    body = [line for line in summary.splitlines()[3:] if line.strip()]
    assert body and all(re.search(r"(\[\d+\])+$", line) for line in body)
    assert sum(len(re.sub(r"(\[\d+\])+$", "", line).split()) for line in body) <= 120
    assert "brief of" in result.stderr


def test_sections_choose_what_the_brief_carries():
    only = run("brief", EXAMPLE, "--sections", "summary,timeline", "-q")
    assert only.exit_code == EXIT_OK
    assert re.findall(r"^## (.+)$", only.stdout, flags=re.M)[:2] == ["Timeline", "Sources"]
    wrong = run("brief", EXAMPLE, "--sections", "summary,gossip")
    assert wrong.exit_code == 2 and "unknown section gossip" in wrong.output


def test_the_example_brief_reads_in_two_screens_and_all_lists_every_item():
    from storyfuse.render.markdown import SHOWN

    short = run("brief", EXAMPLE, "-q")
    unique = short.stdout.split("## What only one report adds")[1].split("\n## ")[0]
    items = [line for line in unique.splitlines() if re.match(r"- \[\d+\]", line)]
    assert 1 <= len(items) <= SHOWN["unique"] <= 12
    cited = [re.match(r"- \[(\d+)\]", line).group(1) for line in items]
    assert max(cited.count(n) for n in cited) <= 2  # about two per report
    assert "more: shown with `--all`" in short.stdout
    assert len(short.stdout.splitlines()) <= 130
    full = run("brief", EXAMPLE, "-q", "--all")
    assert full.exit_code == EXIT_OK and len(full.stdout) > len(short.stdout)
    assert "more: shown with `--all`" not in full.stdout


def test_json_brief_validates_and_citations_resolve(tmp_path):
    out = tmp_path / "brief.json"
    result = run("brief", EXAMPLE, "--format", "json", "-o", out, "-q")
    assert result.exit_code == EXIT_OK
    data = json.loads(out.read_text())
    jsonschema.validate(data, brief_schema())
    articles = {
        json.loads(line)["id"]: json.loads(line)
        for line in (EXAMPLE / "articles.jsonl").read_text().splitlines()
    }
    sources = {s["number"]: s for s in data["sources"]}
    for sentence in data["sentences"]:
        assert sentence["text"] in articles[sentence["article_id"]]["text"]
        for support in sentence["support"]:
            assert sources[support["source"]]["article_id"] == support["article_id"]
            assert support["text"] in articles[support["article_id"]]["text"]


def test_html_brief(tmp_path):
    out = tmp_path / "brief.html"
    assert run("brief", EXAMPLE, "-f", "html", "-o", out, "-q").exit_code == EXIT_OK
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and 'class="cite"' in page


def test_brief_with_a_bad_input_and_with_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    partial = run("brief", EXAMPLE, bad, "-q")
    assert partial.exit_code == EXIT_PARTIAL and "bad.json: invalid JSON" in partial.stderr
    nothing = run("brief", bad)
    assert nothing.exit_code == EXIT_FAILED and "no article to brief" in nothing.stderr
