"""Settings of ``storyfuse serve``, shared by the command line and :func:`create_app`."""

from __future__ import annotations

from dataclasses import dataclass

from storyfuse.options import DEFAULT_BRIEF_WORDS
from storyfuse.stories.store import DEFAULT_DB


@dataclass(frozen=True)
class ServeOptions:
    """How the server behaves. Limits are in bytes and seconds."""

    db: str = str(DEFAULT_DB)
    #: The token write endpoints need (``Authorization: Bearer TOKEN``); None: generated.
    token: str | None = None
    #: Read endpoints need the token too (the web pages then work only behind a proxy that
    #: adds it).
    private: bool = False
    #: Fetch article URLs from loopback and private networks (off: SSRF protection).
    allow_private: bool = False
    #: Largest request body accepted (413 past it).
    max_body: int = 8 * 1024 * 1024
    #: Per-URL limits when the server fetches pages it is asked to add.
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    max_urls: int = 50
    #: Pages one request may fetch (a feed's entries count) and the time it may spend.
    max_fetches: int = 100
    fetch_budget: float = 60.0
    #: Briefs (and their renderings) kept in memory.
    cache_size: int = 256
    words: int = DEFAULT_BRIEF_WORDS
    page_size: int = 20
    #: Idle time after which the next page view starts a new visit ("new since your last
    #: visit" counts from the previous one).
    visit_gap_minutes: int = 30
