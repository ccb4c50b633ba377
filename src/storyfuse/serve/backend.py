"""What the server does, apart from HTTP: store connections, the single writer, briefs.

SQLite connections belong to one thread each: readers get one per thread (WAL lets them read
while the writer writes), and every write goes through one writer thread that owns the
store's clustering state. Briefs are made in a worker process: a brief is seconds of Python,
which in the server's own process would hold the interpreter lock and stall every other
request. (With an injected embedder, as in tests, they are made on a thread instead.)
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import secrets
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyfuse.errors import InputError, InputRejected, unexpected
from storyfuse.options import BriefOptions, IngestOptions
from storyfuse.serve.cache import Cache
from storyfuse.serve.options import ServeOptions
from storyfuse.stories.store import Added, Store, StoreError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import httpx

    from storyfuse.embed import Embedder
    from storyfuse.model import Article, Brief, Story

TOKEN_ENV = "STORYFUSE_TOKEN"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input of an add request: added, duplicate, rejected, or skipped (over a limit)."""

    source: str
    status: str
    article_id: str | None = None
    story_id: int | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoryBrief:
    story: Story
    brief: Brief
    version: str


def _make_brief(store: Store, story_id: int, options: BriefOptions) -> StoryBrief:
    story = store.story(story_id)
    # Read before the brief: if articles arrive meanwhile, the brief is filed under the older
    # version and made again on the next read, never served as newer than it is.
    version = store.story_version(story.id) or ""
    return StoryBrief(story, store.brief(story.id, options), version)


#: The worker process's own store connection (one per store path), opened by _worker_init.
_WORKER_STORES: dict[str, Store] = {}


def _worker_store(db: str) -> Store:
    store = _WORKER_STORES.get(db)
    if store is None:
        store = _WORKER_STORES[db] = Store(db)
        atexit.register(store.close)  # the worker exits when the server stops
    return store


def _worker_init(db: str) -> None:
    """Open the store and load the models as soon as the worker starts, not at the first
    brief."""
    from storyfuse.analyse.nlp import default_annotator

    # Briefs are background work: the server's own process answers requests first.
    with contextlib.suppress(OSError):
        os.nice(10)
    store = _worker_store(db)
    store.embedder.embed(["Warm up."])
    default_annotator().preload()


def make_brief_in_worker(db: str, story_id: int, options: BriefOptions) -> StoryBrief:
    """Runs in the brief worker process."""
    return _make_brief(_worker_store(db), story_id, options)


def resolve_token(options: ServeOptions) -> tuple[str, str]:
    """The write token and where it came from: the option, the environment, or a file beside
    the store (made, readable by its owner only, at the first start)."""
    if options.token:
        return options.token, "option"
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV], TOKEN_ENV
    path = Path(f"{options.db}.token")
    if path.exists():
        token = path.read_text().strip()
        if not token:
            raise StoreError(f"{path} is empty: delete it to get a new token, or set {TOKEN_ENV}")
        return token, str(path)
    token = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(token + "\n")
    return token, f"generated, kept in {path}"


class Backend:
    """The store behind the server; ``embedder`` and ``transport`` are for tests."""

    def __init__(
        self,
        options: ServeOptions,
        *,
        embedder: Embedder | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options
        self._embedder = embedder
        self.ingest_options = IngestOptions(
            timeout=options.fetch_timeout,
            max_bytes=options.fetch_max_bytes,
            allow_private=options.allow_private,
            transport=transport,
            jobs=1,
            segment=False,  # the store segments an article when its story is briefed
        )
        # Made (or migrated) here, once, so no reader ever meets a half-made schema.
        Store(options.db).close()
        self.token, self.token_source = resolve_token(options)
        self._stores: list[Store] = []
        self._stores_lock = threading.Lock()
        self._closed = True
        self.start()

    def start(self) -> None:
        """Open for work (again, after :meth:`close`: an app's lifespan may run twice)."""
        if not self._closed:
            return
        self._local = threading.local()
        self._writer_pool = ThreadPoolExecutor(1, thread_name_prefix="storyfuse-writer")
        self._list_pool = ThreadPoolExecutor(2, thread_name_prefix="storyfuse-lists")
        self._brief_pool = self._new_brief_pool()
        self.briefs = Cache(self.options.cache_size)
        self.lists = Cache(64)
        self._closed = False

    def warm(self) -> None:
        """Load what the first addition would otherwise load while requests wait (word
        tables, the cleaning and language models, the open stories): about a second."""
        self._writer_pool.submit(self._warm_writer).result()

    def _warm_writer(self) -> None:
        from storyfuse.ingest import article_from_record
        from storyfuse.stories.features import features_of

        store = self._writer()
        _ = store.clusterer
        text = "A storm hit the coast on Monday, cutting power to thousands, officials said. " * 3
        sample = article_from_record(
            {"title": "Warm up", "text": text}, options=self.ingest_options
        )
        features_of([sample], [None])

    def stories(self, key: Any, **query: Any) -> Future[list[Story]]:
        """A story list, computed once however many ask for it at the same time."""
        return self.lists.submit(
            key, lambda: self._list_pool.submit(lambda: self.reader().stories(**query))
        )

    def _new_brief_pool(self) -> ThreadPoolExecutor | ProcessPoolExecutor:
        if self._embedder is not None:
            return ThreadPoolExecutor(1, thread_name_prefix="storyfuse-brief")
        pool = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_init,
            initargs=(self.options.db,),
        )
        pool.submit(int)  # start the worker (and its model loading) now
        return pool

    def start_brief(self, story_id: int, options: BriefOptions) -> Future[StoryBrief]:
        """Start making a brief; a worker that died is replaced once."""
        for attempt in (1, 2):
            try:
                if isinstance(self._brief_pool, ThreadPoolExecutor):
                    return self._brief_pool.submit(self.make_brief, story_id, options)
                return self._brief_pool.submit(
                    make_brief_in_worker, self.options.db, story_id, options
                )
            except BrokenProcessPool:
                if attempt == 2:
                    raise
                self.restart_briefs()
        raise AssertionError("unreachable")

    def restart_briefs(self) -> None:
        """Replace a brief worker that died (the next brief starts a new one)."""
        old = self._brief_pool
        self._brief_pool = self._new_brief_pool()
        old.shutdown(wait=False, cancel_futures=True)

    # -- connections ----------------------------------------------------------------------
    def reader(self) -> Store:
        """This thread's connection. Readers wait little for locks: the only writes they
        make are caches (independence counts, sentence embeddings), skipped when busy."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._connect()
            store.db.execute("PRAGMA busy_timeout = 200")
            store.db.execute("PRAGMA cache_size = -8192")
        return store

    def _writer(self) -> Store:
        store = getattr(self._local, "writer", None)
        if store is None:
            store = self._local.writer = self._connect()
        return store

    def _connect(self) -> Store:
        """A new connection, closed with the others by :meth:`close`."""
        store = Store(self.options.db, embedder=self._embedder, any_thread=True)
        with self._stores_lock:
            self._stores.append(store)
        return store

    def _close_writer(self) -> None:
        store = getattr(self._local, "writer", None)
        if store is not None:
            store.close()
            with self._stores_lock:
                self._stores.remove(store)
            self._local.writer = None

    def close(self) -> None:
        """Finish the write in progress (it commits), then stop."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(RuntimeError):  # already shut down
            self._writer_pool.submit(self._close_writer).result()
        self._writer_pool.shutdown(wait=True, cancel_futures=True)
        self._list_pool.shutdown(wait=True, cancel_futures=True)
        self._brief_pool.shutdown(wait=True, cancel_futures=True)
        with self._stores_lock:
            # Every thread that used them has stopped; the last close checkpoints the WAL.
            for store in self._stores:
                store.close()
            self._stores.clear()

    # -- adding ---------------------------------------------------------------------------
    def add_articles(self, articles: list[Article], sources: list[str]) -> list[Outcome]:
        """Add on the writer thread; reported once committed."""
        if not articles:
            return []
        added: list[Added] = self._writer_pool.submit(self._add_and_count, articles).result()
        return [
            Outcome(
                source=source,
                status=a.status,
                article_id=a.article_id,
                story_id=a.story_id,
                reason=a.reason,
            )
            for source, a in zip(sources, added, strict=True)
        ]

    def _add_and_count(self, articles: list[Article]) -> list[Added]:
        """Add, then count the grown stories' independent sources once, here, rather than
        in every reader that lists them."""
        store = self._writer()
        added = list(store.add(articles))
        for story_id in {a.story_id for a in added if a.status == "added" and a.story_id}:
            with contextlib.suppress(KeyError):
                store.independent_sources(story_id)
        return added

    def add_records(self, records: list[dict[str, Any]]) -> list[Outcome]:
        from storyfuse.ingest import article_from_record

        return self._add_built(
            (
                f"articles[{k}]",
                lambda r=record: article_from_record(r, origin="api", options=self.ingest_options),
            )
            for k, record in enumerate(records)
        )

    def add_html(self, html: str, **metadata: Any) -> list[Outcome]:
        from storyfuse.ingest import article_from_html

        def build() -> Article:
            return article_from_html(
                html,
                url=metadata.pop("url", None),
                origin="api",
                options=self.ingest_options,
                **{k: v for k, v in metadata.items() if v},
            )

        return self._add_built([("body", build)])

    def add_urls(self, urls: list[str]) -> list[Outcome]:
        from storyfuse.ingest import iter_ingest
        from storyfuse.ingest.fetch import is_url

        # Only http(s) URLs: anything else would be read as a path on the server's disk.
        # Addresses are checked for each request and redirect hop (IngestOptions.allow_private).
        outcomes = [
            Outcome(u, "rejected", reason="not an http(s) URL") for u in urls if not is_url(u)
        ]
        fetchable = [u for u in urls if is_url(u)]
        articles: list[Article] = []
        sources: list[str] = []
        # Pages are fetched one by one as they are read, so a big feed stops at the limits.
        deadline = time.monotonic() + self.options.fetch_budget
        items = iter_ingest(fetchable, self.ingest_options)
        try:
            self._read_fetched(items, deadline, outcomes, articles, sources)
        finally:
            items.close()
        return outcomes + self.add_articles(articles, sources)

    def _read_fetched(
        self,
        items: Iterator[Article | InputError],
        deadline: float,
        outcomes: list[Outcome],
        articles: list[Article],
        sources: list[str],
    ) -> None:
        for count, item in enumerate(items, start=1):
            if isinstance(item, InputError):
                outcomes.append(Outcome(item.source, "rejected", reason=item.reason))
            else:
                articles.append(item)
                sources.append(item.url or item.origin or "?")
            over = count >= self.options.max_fetches or time.monotonic() > deadline
            if over and next(items, None) is not None:
                outcomes.append(
                    Outcome(
                        "urls",
                        "skipped",
                        reason=f"stopped after {count} pages or {self.options.fetch_budget:g} s "
                        "(the server's limits per request): send the rest in another request",
                    )
                )
                return

    def _add_built(self, builders: Any) -> list[Outcome]:
        outcomes: list[Outcome] = []
        articles: list[Article] = []
        sources: list[str] = []
        for source, build in builders:
            try:
                article = build()
            except InputRejected as exc:
                outcomes.append(Outcome(source, "rejected", reason=str(exc)))
                continue
            except Exception as exc:
                outcomes.append(Outcome(source, "rejected", reason=unexpected(source, exc).reason))
                continue
            articles.append(article)
            sources.append(source)
        return outcomes + self.add_articles(articles, sources)

    # -- briefs ---------------------------------------------------------------------------
    def brief_options(self, words: int | None, sections: tuple[str, ...] | None) -> BriefOptions:
        kwargs: dict[str, Any] = {"words": words or self.options.words}
        if sections:
            kwargs["sections"] = sections
        return BriefOptions(**kwargs)

    def make_brief(self, story_id: int, options: BriefOptions) -> StoryBrief:
        """In this process, on the brief thread (when an embedder was injected)."""
        return _make_brief(self.reader(), story_id, options)
