"""The HTTP API and the web pages, a thin layer over :class:`Backend` and the store.

Reads that hit the cache are answered on the event loop with no thread hop; anything that
takes time (a brief, a story list, adding) runs on worker threads.

FastAPI reads the endpoints' annotations at run time, so this module does not postpone them.
"""

import asyncio
import datetime as dt
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Body, Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from storyfuse import __version__
from storyfuse.model import SECTIONS
from storyfuse.render.html import STYLE, render_html
from storyfuse.render.markdown import render_markdown
from storyfuse.serve import pages
from storyfuse.serve.backend import Backend, Outcome, StoryBrief
from storyfuse.serve.cache import Cache
from storyfuse.serve.options import ServeOptions
from storyfuse.serve.security import INLINE_STYLE_CSP, Guard

if TYPE_CHECKING:
    import httpx

    from storyfuse.embed import Embedder

log = logging.getLogger("storyfuse.serve")

DESCRIPTION = """\
Stories found in a stream of news articles, each with a brief whose every sentence cites its
sources, plus agreement, conflicts, unique details, quotes, entities, numbers and a timeline.

Reading is public unless the server runs with `--private`. Adding needs the server's token:
`Authorization: Bearer TOKEN` (`STORYFUSE_TOKEN`, or the one printed at the first start).
Errors are JSON: `{"error": {"status": ..., "message": ...}}`.
"""


class AddRequest(BaseModel):
    """Articles to add: records with the usual news fields, and/or URLs for the server to
    fetch (http/https only; public addresses only unless the server allows private ones).
    One bare record (``{"text": ..., "title": ...}``) or a list of records is taken too."""

    articles: list[dict[str, Any]] = Field(
        default_factory=list,
        max_length=500,
        description="Records: `text` or `html`, and `title`, `url`, `outlet`, `published`, `id`"
        " as known.",
        examples=[
            [
                {
                    "title": "Storm hits coast",
                    "text": "A storm hit the coast on Monday.",
                    "outlet": "Example News",
                    "published": "2024-01-08",
                }
            ]
        ],
    )
    urls: list[str] = Field(default_factory=list, max_length=50)

    @model_validator(mode="before")
    @classmethod
    def _bare_records(cls, data: Any) -> Any:
        """One bare article record, or a list of them, as a user first tries: the same as
        ``{"articles": [...]}``."""
        if isinstance(data, list):
            return {"articles": data}
        bare = isinstance(data, dict) and not {"articles", "urls"} & data.keys()
        if bare and {"text", "html"} & data.keys():
            return {"articles": [data]}
        return data


class AddResult(BaseModel):
    added: int
    duplicates: int
    rejected: int
    results: list[dict[str, Any]]


class ErrorBody(BaseModel):
    status: int
    message: str
    details: list[Any] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {
        400: "The body cannot be parsed (not UTF-8 JSON)",
        401: "The token is missing or wrong",
        404: "No such story or article",
        413: "The request body is over the limit",
        422: "A parameter or the body is not valid",
    }.items()
}


def _etag(*parts: Any) -> str:
    return '"' + hashlib.sha1(repr(parts).encode()).hexdigest()[:20] + '"'


def _not_modified(request: Request, etag: str) -> bool:
    match = request.headers.get("if-none-match")
    return bool(match) and etag in {m.strip() for m in match.split(",")}


def _sections(value: str | None) -> tuple[str, ...] | None:
    """The sections asked for (their names are checked by the parameter's pattern)."""
    return tuple(value.split(",")) if value else None


def create_app(
    options: ServeOptions | None = None,
    *,
    embedder: "Embedder | None" = None,
    transport: "httpx.BaseTransport | None" = None,
) -> FastAPI:
    """The server's ASGI app over the store at ``options.db`` (made if missing).

    ``embedder`` and ``transport`` swap the sentence model and the HTTP layer (for tests).
    """
    options = options or ServeOptions()
    backend = Backend(options, embedder=embedder, transport=transport)
    rendered = Cache(4 * options.cache_size)  # response bodies, keyed by content version

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        backend.start()  # the brief worker loads its models now, in its own process
        await run_in_threadpool(backend.warm)  # requests are taken once this is done
        backend.reader()  # the event loop's own connection
        log.info("storyfuse: ready")
        yield
        await run_in_threadpool(backend.close)
        log.info("storyfuse: stopped (the store is closed, every reported addition committed)")

    app = FastAPI(
        title="storyfuse",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.backend = backend
    app.add_middleware(Guard, max_body=options.max_body)
    static = resources.files("storyfuse.serve") / "static"
    css = (STYLE + (static / "app.css").read_text()).encode()
    scripts = {name: (static / name).read_bytes() for name in ("app.js", "docs.js")}

    # -- errors: JSON for the API, a page for people ----------------------------------
    def _wants_page(request: Request) -> bool:
        path = request.url.path
        return not path.startswith("/api") and path not in ("/health", "/openapi.json")

    def _error(
        request: Request,
        status: int,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if _wants_page(request):
            return HTMLResponse(pages.error_page(status, message), status, headers=headers)
        body: dict[str, Any] = {"status": status, "message": message}
        if details is not None:
            body["details"] = details
        return JSONResponse({"error": body}, status, headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 400 and "parsing the body" in message:
            message = "the body cannot be parsed: send UTF-8 JSON (Content-Type: application/json)"
        return _error(request, exc.status_code, message, headers=exc.headers)

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def starlette_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404:
            message = f"nothing at {request.url.path}: see / for stories, /docs for the API"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return _error(request, exc.status_code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("storyfuse: %s %s failed", request.method, request.url.path)
        return _error(
            request, 500, "internal error: the server log has the details; please report it"
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = " ".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            kind = err.get("loc", ("?",))[0]
            label = {"query": "query parameter", "path": "path parameter"}.get(str(kind), "")
            where = where.removeprefix(f"{kind} ") if label else where
            message = err.get("msg")
            if err.get("type") == "string_pattern_mismatch":
                name = str(err.get("loc", ("",))[-1])
                message = f"{err.get('input')!r} is not valid: {FORMATS.get(name, message)}"
            problems.append(f"{label + ' ' if label else ''}{where}: {message}")
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        return _error(request, 422, "; ".join(problems), details)

    # -- auth -----------------------------------------------------------------------------
    bearer = HTTPBearer(auto_error=False, description="The server's token")

    def _check(credentials: HTTPAuthorizationCredentials | None) -> None:
        if credentials is None or not hmac.compare_digest(
            credentials.credentials.encode(), backend.token.encode()
        ):
            raise HTTPException(
                401,
                "this needs the server's token: send 'Authorization: Bearer TOKEN' (the token "
                "is STORYFUSE_TOKEN, or the one `storyfuse serve` printed at its first start)",
                headers={"WWW-Authenticate": "Bearer"},
            )

    def writer(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        _check(credentials)

    def reader(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        _check(credentials)

    # Public reads declare no security, so the published schema says what the server does.
    read = [Depends(reader)] if options.private else []

    # -- shared work ----------------------------------------------------------------------
    async def story_brief(
        sid: int, version: str, words: int | None, sections: tuple[str, ...] | None
    ) -> tuple[Any, bool]:
        """(StoryBrief, stale) for a story at the version :func:`current_story` read."""
        brief_options = backend.brief_options(words, sections)
        family = (sid, brief_options)
        key = (sid, version, brief_options)
        value = backend.briefs.get(key)
        if value is not None:
            return value, False
        future = backend.briefs.submit(
            key,
            lambda: backend.start_brief(sid, brief_options),
            family,
            key_of=lambda made: (sid, made.version, brief_options),
        )
        old = backend.briefs.stale(family)
        if old is not None and not future.done():
            return old, True  # the new one is on its way
        try:
            return await asyncio.wrap_future(future), False
        except KeyError:
            raise HTTPException(404, f"no story {sid}: list stories at /api/stories") from None
        except BrokenProcessPool:
            backend.restart_briefs()
            raise HTTPException(
                503, "the brief worker stopped and was restarted: retry in a few seconds"
            ) from None

    def current_story(
        request: Request, story_id: int, variant: tuple[Any, ...]
    ) -> tuple[int, str, str] | Response:
        """(story id, version, ETag) of what would be served now, or the answer itself: a redirect
        for a folded story, 304 when the client has it; 404 when there is no such story."""
        store = backend.reader()
        sid = store.resolve(story_id)
        if sid != story_id:
            path = request.url.path.rsplit("/", 1)[0] + f"/{sid}"
            query = request.url.query
            return RedirectResponse(path + (f"?{query}" if query else ""), status_code=308)
        version = store.story_version(sid)
        if version is None:
            raise HTTPException(404, f"no story {story_id}: list stories at /api/stories")
        etag = _etag(sid, version, *variant)
        if _not_modified(request, etag):
            return Response(status_code=304, headers={"ETag": etag})
        return sid, version, etag

    # -- API ------------------------------------------------------------------------------
    @app.get("/health", tags=["operations"], summary="Liveness and store counts")
    async def health() -> dict[str, Any]:
        store = backend.reader()
        return {
            "status": "ok",
            "version": __version__,
            "articles": store.count_articles(),
            "stories": store.count_stories(),
            "briefs_cached": {"hits": backend.briefs.hits, "misses": backend.briefs.misses},
        }

    @app.get(
        "/api/stories",
        tags=["stories"],
        dependencies=read,
        responses=ERRORS,
        summary="List stories, the latest first, then the biggest",
    )
    async def list_stories(
        request: Request,
        since: Annotated[
            str | None,
            Query(
                pattern=DATE,
                json_schema_extra={"format": "date"},
                description="Only stories with an article from this day on",
            ),
        ] = None,
        min_sources: Annotated[
            int, Query(ge=1, le=1000, description="At least this many independent sources")
        ] = 1,
        q: Annotated[
            str | None, Query(max_length=200, description="Words the title must contain")
        ] = None,
        new_since: Annotated[
            str | None,
            Query(
                pattern=TIME,
                json_schema_extra={"format": "date-time"},
                description="Count articles added after this time as new",
            ),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = options.page_size,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> Response:
        store = backend.reader()
        _parse_time(since, "since")
        new = _parse_time(new_since, "new_since")
        params = (since, min_sources, q, new, limit, offset)
        etag = _etag("list", store.version(), params)
        if _not_modified(request, etag):
            return Response(status_code=304, headers={"ETag": etag})
        body = rendered.get(etag)
        if body is None:
            found = await asyncio.wrap_future(
                backend.stories(
                    etag,
                    since=since,
                    min_sources=min_sources,
                    search=q,
                    new_since=new,
                    limit=limit + 1,
                    offset=offset,
                )
            )
            more = len(found) > limit
            query = {k: v for k, v in request.query_params.items() if k != "offset"}
            payload = {
                "stories": [s.to_dict() for s in found[:limit]],
                "limit": limit,
                "offset": offset,
                "next": f"/api/stories?{urlencode({**query, 'offset': offset + limit})}"
                if more
                else None,
            }
            body = rendered.put(etag, json.dumps(payload).encode())
        return Response(
            body, media_type="application/json", headers={"ETag": etag, "Cache-Control": "no-cache"}
        )

    @app.get(
        "/api/stories/{story_id}",
        tags=["stories"],
        dependencies=read,
        responses={
            **ERRORS,
            308: {"description": "The story was folded into another: go there"},
            200: {
                "content": {"application/json": {}, "text/markdown": {}, "text/html": {}},
                "description": "The story and its brief",
            },
        },
        summary="A story with its brief (all sections) as JSON, Markdown or HTML",
    )
    async def get_story(
        request: Request,
        story_id: Annotated[int, Path(ge=1, le=2**62)],
        format: Annotated[Literal["json", "markdown", "html"], Query()] = "json",
        words: Annotated[int | None, Query(ge=20, le=2000, description="Brief length")] = None,
        sections: Annotated[
            str | None,
            Query(
                pattern=SECTIONS_PATTERN,
                description="Comma-separated, any of: " + ", ".join(SECTIONS),
            ),
        ] = None,
        full: Annotated[
            bool,
            Query(
                alias="all",
                description="markdown/html: list every item of each section, not the first few",
            ),
        ] = False,
    ) -> Response:
        chosen = _sections(sections)
        found = current_story(request, story_id, ("story", format, words, chosen, full))
        if isinstance(found, Response):
            return found
        sid, version, etag = found
        media = {
            "json": "application/json",
            "markdown": "text/markdown; charset=utf-8",
            "html": "text/html; charset=utf-8",
        }[format]
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if format == "html":
            headers["Content-Security-Policy"] = INLINE_STYLE_CSP
        body = rendered.get(etag)
        if body is not None:
            return Response(body, media_type=media, headers=headers)
        value, stale = await story_brief(sid, version, words, chosen)
        result: StoryBrief = value

        def render() -> bytes:
            if format == "json":
                return json.dumps(
                    {"story": result.story.to_dict(), "brief": result.brief.to_dict()}
                ).encode()
            if format == "markdown":
                return render_markdown(result.brief, full).encode()
            return render_html(result.brief, full).encode()

        once = ("rendered", sid, result.version, format, words, chosen, full)
        body = rendered.get(once) or rendered.put(once, await run_in_threadpool(render))
        if stale:
            headers = {
                "Cache-Control": "no-store",
                "X-Storyfuse-Stale": "true",
                **{k: v for k, v in headers.items() if k == "Content-Security-Policy"},
            }
        elif result.version == version:
            rendered.put(etag, body)
        return Response(body, media_type=media, headers=headers)

    @app.get(
        "/api/articles/{article_id:path}",
        tags=["articles"],
        dependencies=read,
        responses=ERRORS,
        summary="An article as cleaned, with what cleaning removed",
    )
    async def get_article(article_id: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
        store = backend.reader()
        try:
            article = store.article(article_id)
        except KeyError:
            raise HTTPException(404, f"no article {article_id!r}") from None
        return {"article": article.to_dict(), "story_id": store.story_of(article_id)}

    @app.post(
        "/api/articles",
        tags=["articles"],
        dependencies=[Depends(writer)],
        status_code=201,
        response_model=AddResult,
        responses={**ERRORS, 200: {"model": AddResult, "description": "Nothing new"}},
        summary="Add articles (records or URLs to fetch); they join stories",
    )
    async def add_articles(request: AddRequest) -> Response:
        if not request.articles and not request.urls:
            raise HTTPException(422, "nothing to add: give 'articles' (records) or 'urls'")
        if len(request.urls) > options.max_urls:
            raise HTTPException(422, f"at most {options.max_urls} URLs per request")

        def work() -> list[Outcome]:
            out = backend.add_records(request.articles) if request.articles else []
            return out + (backend.add_urls(request.urls) if request.urls else [])

        return _added(await run_in_threadpool(work))

    @app.post(
        "/api/pages",
        tags=["articles"],
        dependencies=[Depends(writer)],
        status_code=201,
        response_model=AddResult,
        responses={
            **ERRORS,
            200: {"model": AddResult, "description": "Nothing new"},
            415: {"model": ErrorResponse, "description": "Not text/html"},
        },
        summary="Add one article from a raw HTML page (the request body)",
    )
    async def add_html(
        request: Request,
        html: Annotated[str, Body(media_type="text/html", description="The page")] = "",
        url: Annotated[str | None, Query(max_length=2000)] = None,
        title: Annotated[str | None, Query(max_length=500)] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        published: Annotated[
            str | None, Query(pattern=DATE, json_schema_extra={"format": "date"})
        ] = None,
    ) -> Response:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in ("text/html", "application/xhtml+xml"):
            raise HTTPException(415, "send the page with Content-Type: text/html")
        raw = await request.body()
        text = raw.decode("utf-8", errors="replace")
        if not text.strip():
            raise HTTPException(422, "the body is empty: send the HTML page")
        _parse_time(published, "published")
        meta = {"url": url, "title": title, "outlet": outlet, "published": published}
        return _added(await run_in_threadpool(lambda: backend.add_html(text, **meta)))

    def _added(outcomes: list[Outcome]) -> Response:
        counts = {
            s: sum(o.status == s for o in outcomes) for s in ("added", "duplicate", "rejected")
        }
        payload = {
            "added": counts["added"],
            "duplicates": counts["duplicate"],
            "rejected": counts["rejected"],
            "results": [o.to_dict() for o in outcomes],
        }
        status = 201 if counts["added"] else 422 if counts["rejected"] == len(outcomes) else 200
        if status == 422:
            payload = {
                "error": {
                    "status": 422,
                    "message": "no input could be read: "
                    + "; ".join(f"{o.source}: {o.reason}" for o in outcomes),
                    "details": payload["results"],
                }
            }
        return JSONResponse(payload, status)

    # -- pages ----------------------------------------------------------------------------
    def _visit(request: Request) -> tuple[str | None, str]:
        """(new since, the cookie's next value): 'new' counts from the previous visit."""
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        seen, previous = _cookie_time(request, "sf_seen"), _cookie_time(request, "sf_prev")
        if seen is not None and now - seen > dt.timedelta(minutes=options.visit_gap_minutes):
            previous = seen
        since = previous.isoformat(timespec="seconds") if previous else None
        return since, now.isoformat(timespec="seconds")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False, dependencies=read)
    async def index(
        request: Request,
        q: Annotated[str | None, Query(max_length=200)] = None,
        min_sources: Annotated[int | None, Query(ge=1, le=1000)] = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> Response:
        new_since, now = _visit(request)
        store = backend.reader()
        size = options.page_size
        key = ("index", store.version(), q, min_sources, page, new_since)
        body = rendered.get(key)
        if body is None:
            found = await asyncio.wrap_future(
                backend.stories(
                    key,
                    min_sources=min_sources or 1,
                    search=q,
                    new_since=new_since or now,
                    limit=size + 1,
                    offset=(page - 1) * size,
                )
            )
            query = {k: str(v) for k, v in (("q", q), ("min_sources", min_sources)) if v}
            body = rendered.put(
                key,
                pages.story_list(
                    found[:size],
                    query=query,
                    page=page,
                    more=len(found) > size,
                    new_since=new_since,
                ).encode(),
            )
        response = HTMLResponse(body, headers={"Cache-Control": "no-store"})
        for name, value in (("sf_seen", now), ("sf_prev", new_since)):
            if value:
                response.set_cookie(name, value, max_age=400 * 86400, httponly=True, samesite="lax")
        return response

    @app.get(
        "/stories/{story_id}",
        response_class=HTMLResponse,
        include_in_schema=False,
        dependencies=read,
    )
    async def story_page(
        request: Request, story_id: Annotated[int, Path(ge=1, le=2**62)]
    ) -> Response:
        found = current_story(request, story_id, ("page",))
        if isinstance(found, Response):
            return found
        sid, version, etag = found
        body = rendered.get(etag)
        if body is None:
            value, stale = await story_brief(sid, version, None, None)
            result: StoryBrief = value
            once = ("page", sid, result.version, stale)
            html = rendered.get(once) or rendered.put(
                once,
                await run_in_threadpool(
                    lambda: pages.story_page(result.story, result.brief, stale=stale).encode()
                ),
            )
            if stale or result.version != version:
                return HTMLResponse(html, headers={"Cache-Control": "no-store"})
            body = rendered.put(etag, html)
        return HTMLResponse(body, headers={"ETag": etag, "Cache-Control": "no-cache"})

    @app.get(
        "/articles/{article_id:path}",
        response_class=HTMLResponse,
        include_in_schema=False,
        dependencies=read,
    )
    async def article_page(article_id: Annotated[str, Path(max_length=500)]) -> Response:
        store = backend.reader()
        try:
            article = store.article(article_id)
        except KeyError:
            raise HTTPException(404, f"no article {article_id!r}") from None
        return HTMLResponse(pages.article_page(article, store.story_of(article_id)))

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/static/app.css", include_in_schema=False)
    async def app_css() -> Response:
        return Response(
            css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
        )

    @app.get("/static/{name}.js", include_in_schema=False)
    async def app_js(name: str) -> Response:
        script = scripts.get(f"{name}.js")
        if script is None:
            raise HTTPException(404, f"no script {name}.js")
        return Response(
            script, media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"}
        )

    import swagger_ui_bundle

    app.mount(
        "/static/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger"
    )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>storyfuse API'
            '</title><link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head><body>'
            '<div id="swagger-ui"></div>'
            '<script src="/static/swagger/swagger-ui-bundle.js"></script>'
            '<script src="/static/docs.js"></script></body></html>'
        )

    return app


_ONE = "(" + "|".join(SECTIONS) + ")"
SECTIONS_PATTERN = f"^{_ONE}(,{_ONE})*$"
#: What a parameter with a pattern should look like, for error messages.
FORMATS = {
    "sections": "choose from " + ", ".join(SECTIONS) + " (comma-separated)",
    "since": "give a date as YYYY-MM-DD",
    "published": "give a date as YYYY-MM-DD",
    "new_since": "give a time as YYYY-MM-DDTHH:MM:SS (UTC, or with Z or an offset)",
}
DATE = r"^\d{4}-\d{2}-\d{2}$"
TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"


def _parse_time(value: str | None, name: str) -> str | None:
    """An ISO date or time, as UTC without zone ('2024-05-01T10:00:00'), or a clear 422."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"query parameter {name}: {value!r} is not a real date") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed.isoformat(timespec="seconds")


def _cookie_time(request: Request, name: str) -> dt.datetime | None:
    value = request.cookies.get(name)
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)
