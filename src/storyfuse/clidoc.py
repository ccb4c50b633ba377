"""The CLI reference (docs/cli.md), generated from the commands' own --help.

``make docs`` rewrites the file; a test fails when it is out of date, so the documentation
cannot drift from the code.
"""

from __future__ import annotations

import click
from click.testing import CliRunner

from storyfuse.cli import cli


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, e.g. ``("ingest",)``, ``("eval", "extraction")``."""
    found: list[tuple[str, ...]] = [prefix]
    for name in sorted(group.commands):
        command = group.commands[name]
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found.extend(commands(command, path))
        else:
            found.append(path)
    return found


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=100, prog_name="storyfuse")
    return result.output


def cli_reference() -> str:
    parts = [
        "# storyfuse command reference",
        "",
        "Generated from `--help` by `make docs`; do not edit by hand.",
        "",
    ]
    for path in commands():
        name = " ".join(("storyfuse", *path))
        parts += [f"## `{name}`", "", "```", help_text(path).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(cli_reference(), end="")
