"""Headers, limits and access logs for every response, as one ASGI middleware.

Article text is hostile input: pages are escaped (see :mod:`pages`), and the
Content-Security-Policy makes sure that even a missed escape could not run a script or load
anything from elsewhere.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from fastapi import HTTPException

#: Pages and API answers: only this server's own script and style, nothing else at all.
STRICT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Swagger UI (/docs) sets inline styles and shows data: images; it shows no article text.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
#: The self-contained brief (``?format=html``) carries its style inline and no script.
INLINE_STYLE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
)

access_log = logging.getLogger("storyfuse.access")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"request body over the server's limit of {limit:,} bytes: send fewer articles per "
            "request (or start the server with a larger --max-body)",
        )


class Guard:
    """Security headers, the request-size limit and one JSON access-log line per request."""

    def __init__(self, app: Any, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        path: str = scope.get("path", "")
        info: dict[str, Any] = {"status": 500, "bytes": 0}
        csp = DOCS_CSP if path == "/docs" else STRICT_CSP

        async def send_wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                info["status"] = message["status"]
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body":
                info["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self._handle(scope, receive, send_wrapped)
        finally:
            client = scope.get("client")
            access_log.info(
                json.dumps(
                    {
                        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "client": client[0] if client else None,
                        "method": scope.get("method"),
                        "path": path,
                        "query": scope.get("query_string", b"").decode("latin-1") or None,
                        "status": info["status"],
                        "bytes": info["bytes"],
                        "ms": round((time.perf_counter() - start) * 1000, 2),
                    }
                )
            )

    async def _handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._reject(scope, send)
            return
        received = 0

        async def receive_limited() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        await self.app(scope, receive_limited, send)

    async def _reject(self, scope: dict[str, Any], send: Any) -> None:
        body = json.dumps(
            {"error": {"status": 413, "message": BodyTooLarge(self.max_body).detail}}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
