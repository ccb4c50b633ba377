"""Fetch article pages over HTTP(S) with a timeout, a size cap and an honest user agent.

The transport is pluggable (``IngestOptions.transport``), as in httpx, so tests and embedders
can answer requests without a network.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from storyfuse.errors import InputRejected
from storyfuse.ingest.decode import format_size
from storyfuse.options import IngestOptions

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str | None
    charset: str | None
    language: str | None


def is_url(value: str) -> bool:
    return value[:8].lower().startswith(("http://", "https://"))


class Fetcher:
    """One HTTP client for a whole ingest run (connections are reused), created on first use."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self._client: httpx.Client | None = None

    def _get_client(self) -> httpx.Client:
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.options.timeout),
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={
                    "User-Agent": self.options.user_agent,
                    "Accept": "text/html,application/xhtml+xml,application/json,text/plain;q=0.9,"
                    "*/*;q=0.5",
                },
                transport=self.options.transport
                or (None if self.options.allow_private else _public_only_transport()),
                # Called for every request, redirect hops included.
                event_hooks={"request": [] if self.options.allow_private else [_public_only]},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str) -> Fetched:
        import httpx

        limit = self.options.max_bytes
        try:
            with self._get_client().stream("GET", url) as response:
                if response.status_code >= 400:
                    raise InputRejected(
                        f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise InputRejected(_too_large(int(declared), limit))
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise InputRejected(_too_large(size, limit, at_least=True))
                    chunks.append(chunk)
                content_type = response.headers.get("content-type")
                return Fetched(
                    url=str(response.url),
                    content=b"".join(chunks),
                    content_type=content_type.split(";")[0].strip().lower()
                    if content_type
                    else None,
                    charset=response.charset_encoding,
                    language=response.headers.get("content-language"),
                )
        except InputRejected:
            raise
        except httpx.TimeoutException:
            raise InputRejected(
                f"timed out after {self.options.timeout:g} s (raise it with --timeout)"
            ) from None
        except httpx.TooManyRedirects:
            raise InputRejected(f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.ConnectError as exc:
            raise InputRejected(f"cannot connect: {_reason(exc)}") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
            raise InputRejected(f"invalid URL: {_reason(exc)}") from None
        except httpx.HTTPError as exc:
            raise InputRejected(f"download failed: {_reason(exc)}") from None


def check_public(url: str) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a non-public address.

    Every address the name resolves to must be public. This check gives a clear reason before
    anything is sent; the connection itself goes to an address checked when it is made (see
    :func:`_public_only_transport`), so a DNS answer that changes in between cannot slip by.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputRejected(f"only http and https URLs are fetched, not {parts.scheme or '(none)'}")
    host = parts.hostname
    if not host:
        raise InputRejected("invalid URL: no host")
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise InputRejected(f"cannot resolve {host}: {_reason(exc)}") from None
    _public_addresses(host, infos)


def _public_addresses(host: str, infos: list[Any]) -> list[str]:
    """The addresses of a look-up, all of which must be public."""
    out = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise InputRejected(
                f"{host} is a non-public address ({address}): fetching from loopback or private "
                "networks is not allowed here (a server started with --allow-private allows it)"
            )
        out.append(str(address))
    return out


def _public_only(request: httpx.Request) -> None:
    check_public(str(request.url))


def _public_only_transport() -> httpx.HTTPTransport:
    """An HTTP transport that resolves each host itself when it connects and connects only to
    an address it has checked (TLS still verifies the host name)."""
    import httpcore
    import httpx

    class PublicOnlyBackend(httpcore.SyncBackend):
        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Any = None,
        ) -> httpcore.NetworkStream:
            try:
                infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
            except (OSError, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
            try:
                address = _public_addresses(host, infos)[0]
            except InputRejected as exc:
                raise httpcore.ConnectError(str(exc)) from None
            return super().connect_tcp(address, port, timeout, local_address, socket_options)

    transport = httpx.HTTPTransport()
    # httpx does not take a network backend; its pool (httpcore, pinned) does.
    transport._pool._network_backend = PublicOnlyBackend()
    return transport


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"response is {more}{format_size(size)}, over the {format_size(limit)} limit (--max-size)"
    )


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    # httpx wraps OS errors as "[Errno 111] Connection refused": keep the words.
    if "] " in text and text.startswith("["):
        text = text.split("] ", 1)[1]
    return text
