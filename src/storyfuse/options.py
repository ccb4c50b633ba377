"""Options shared by the Python API and the CLI, so both behave the same by construction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyfuse import __version__
from storyfuse.model import SECTIONS

if TYPE_CHECKING:
    import httpx

#: Largest single document read whole (a .txt/.html/.json file, a URL body, one JSONL line).
#: JSONL files are streamed line by line, so they may be larger in total.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_TIMEOUT = 15.0
DEFAULT_USER_AGENT = f"storyfuse/{__version__} (+https://github.com/storyfuse/storyfuse)"


@dataclass(frozen=True)
class IngestOptions:
    """How inputs are read and cleaned.

    ``transport`` lets tests and embedders swap the HTTP layer (an ``httpx`` transport, e.g.
    ``httpx.MockTransport``); the default talks to the network with the timeout and size cap.
    ``seen`` lets a store that polls feeds fetch only new entries: it is called with each
    entry's absolute link, in the reading process only (worker processes never get it).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    user_agent: str = DEFAULT_USER_AGENT
    #: Force a language (ISO 639-1) instead of reading it from metadata or detecting it.
    language: str | None = None
    #: Apply the plain-text boilerplate rules (HTML is always extracted first).
    clean: bool = True
    #: Record which page text the HTML extractor dropped (costs one more pass per page).
    audit_html: bool = True
    #: Worker processes that clean and segment articles (0: one per CPU). Reading and
    #: fetching stay in the calling process; output order is the input order either way.
    jobs: int = 1
    #: Split articles into sentences now. A story store sets False: it needs only the first
    #: sentences to place an article (``segment.lead``), and segments the rest when a story
    #: is briefed, which is a third of the cost of reading a typical article.
    segment: bool = True
    transport: httpx.BaseTransport | None = field(default=None, compare=False, repr=False)
    #: URLs already stored: feed entries whose link it accepts are not fetched again.
    seen: Callable[[str], bool] | None = field(default=None, compare=False, repr=False)
    #: Fetch from loopback, private, link-local and other non-public addresses. The command
    #: line fetches what its user asks for; the server turns this off (SSRF), and every
    #: redirect hop is checked too.
    allow_private: bool = True


#: Words in a brief unless asked otherwise.
DEFAULT_BRIEF_WORDS = 120


@dataclass(frozen=True)
class BriefOptions:
    """How a brief is made. ``words`` is a hard budget: whole sentences, never cut."""

    words: int = DEFAULT_BRIEF_WORDS
    #: What the brief carries: "summary" and any analysis section (``model.SECTIONS``).
    sections: tuple[str, ...] = SECTIONS

    def __post_init__(self) -> None:
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise ValueError(
                f"unknown section(s) {', '.join(unknown)}: choose from {', '.join(SECTIONS)}"
            )
