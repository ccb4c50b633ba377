"""What the user named, expanded: files, directories (recursive), ``-`` for stdin, URLs."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from storyfuse.errors import InputError
from storyfuse.ingest.fetch import is_url

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
#: Files a directory walk picks up (and their ``.gz`` forms); other files there are skipped.
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

Format = Literal["text", "html", "json", "jsonl"]
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # as the user gave it, or the path found in a directory
    kind: Literal["file", "url", "stdin"]
    path: Path | None = None

    @property
    def gzipped(self) -> bool:
        return self.path is not None and self.path.suffix.lower() == ".gz"

    @property
    def format(self) -> Format | None:
        """The format the file name promises, or None to sniff the content."""
        if self.path is None:
            return None
        suffixes = [s.lower() for s in self.path.suffixes[-2:]]
        if suffixes and suffixes[-1] == ".gz":
            suffixes = suffixes[:-1]
        suffix = suffixes[-1] if suffixes else ""
        if suffix in TEXT_SUFFIXES:
            return "text"
        if suffix in HTML_SUFFIXES:
            return "html"
        if suffix in JSON_SUFFIXES:
            return "json"
        if suffix in JSONL_SUFFIXES:
            return "jsonl"
        return None


def _supported(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[1] in SUPPORTED_SUFFIXES


def _walk(directory: Path) -> tuple[list[Path], int]:
    """Supported files under a directory (sorted, hidden entries skipped), and how many not."""
    found: list[Path] = []
    skipped = 0
    for root, dirs, files in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if _supported(path):
                found.append(path)
            else:
                skipped += 1
    return found, skipped


def expand_inputs(
    inputs: Iterable[str | os.PathLike[str]],
) -> tuple[list[Source], list[InputError]]:
    """Turn user inputs into sources to read, reporting those that cannot be read at all."""
    sources: list[Source] = []
    errors: list[InputError] = []
    for raw in inputs:
        name = os.fspath(raw)
        if name == "-":
            sources.append(Source("-", "stdin"))
            continue
        if is_url(name):
            sources.append(Source(name, "url"))
            continue
        scheme = _SCHEME.match(name)
        if scheme:
            errors.append(
                InputError(name, f"unsupported URL scheme '{scheme[1]}' (use http or https)")
            )
            continue
        path = Path(name)
        try:
            if path.is_dir():
                files, skipped = _walk(path)
                if not files:
                    extra = f"; skipped {skipped} other files" if skipped else ""
                    errors.append(
                        InputError(
                            name,
                            "directory has no article files (.txt .md .html .htm .json .jsonl, "
                            f"or .gz of these){extra}",
                        )
                    )
                sources.extend(Source(str(p), "file", p) for p in files)
            elif path.is_file():
                sources.append(Source(name, "file", path))
            elif path.exists():
                errors.append(InputError(name, "not a regular file or directory"))
            else:
                errors.append(InputError(name, "no such file or directory"))
        except OSError as exc:
            errors.append(InputError(name, exc.strerror or str(exc)))
    return sources, errors
