"""Errors: one bad input is reported with its name and reason, never as a traceback."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Set to get a traceback instead of a one-line report for an unexpected error.
DEBUG_ENV = "STORYFUSE_DEBUG"


class StoryfuseError(Exception):
    """Base class for errors storyfuse reports to users as one line."""


class InputRejected(StoryfuseError):
    """An input (file, URL, record) cannot become an article; the message says why."""


@dataclass(frozen=True, slots=True)
class InputError:
    """A failed input: ``source`` names it as the user gave it (plus ``:LINE`` or ``#N`` for a
    record inside a file) and ``reason`` says what was wrong, in words a user can act on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def unexpected(source: str, exc: Exception) -> InputError:
    """An unexpected failure on one input, as a report (re-raised when debugging is on)."""
    import os

    if os.environ.get(DEBUG_ENV):
        raise exc
    return InputError(
        source,
        f"internal error ({type(exc).__name__}: {exc}); rerun with {DEBUG_ENV}=1 for a "
        "traceback and please report it",
    )
