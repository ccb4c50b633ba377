"""Documentation stays true to the code: the CLI reference and the README's commands."""

from __future__ import annotations

from storyfuse.clidoc import cli_reference, commands
from tests.conftest import ROOT


def test_cli_reference_is_current():
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == cli_reference(), "docs/cli.md is out of date: run `make docs`"


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in commands():
        if path:
            assert f"storyfuse {' '.join(path)}" in readme, path


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    lines = [line for line in first_block.splitlines()[1:] if line.strip()]
    assert lines == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [
        line for line in ci.splitlines() if line and not line.startswith(("#", "set", "cd"))
    ] == ["make test"]


def test_public_api_is_exported():
    import storyfuse

    for name in storyfuse.__all__:
        assert hasattr(storyfuse, name), name


def test_functions_named_like_subpackages_survive_submodule_imports():
    import importlib

    import storyfuse

    importlib.import_module("storyfuse.ingest.build")
    assert callable(storyfuse.ingest)
