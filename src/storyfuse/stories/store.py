"""The story store: articles, their features and sentence embeddings, stories, in SQLite.

One file (``--db``, default ``./storyfuse.db``) in WAL mode, so readers (``storyfuse
stories``, a server) read while a writer adds, and never see half a batch: articles are added
in batches, each one transaction that writes the articles, their features, their story
membership and the stories' new state together. An article is reported as added only after its
batch committed, so a crash (even ``kill -9``) loses nothing that was reported and leaves the
database as it was after the last commit.

Articles are deduplicated by URL (fragment dropped) and by a fingerprint of their words, so
adding the same article twice changes nothing. The schema carries a version
(``PRAGMA user_version``); :data:`MIGRATIONS` brings an older file up to date on open.

What is computed when, by measurement (``bench/stories_throughput.py``, ``storyfuse eval
clustering``): at add time only what clustering needs, the weighted words of the title and
lead (~0.3 ms an article), and only the lead is split into sentences; the rest of an article
is segmented when its story is read (a third of the cost of reading an article, saved for the
many articles whose story is never briefed). Title embeddings cost ~3.5 ms of CPU an article
and measured no better stories, so they are optional (``embed_titles``). Sentence embeddings
are computed the first time a story is briefed and kept, so briefing it again, or after it
grew, embeds only what is new.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import numpy as np

from storyfuse.embed import Embedder
from storyfuse.model import Article, Brief, Join, Story
from storyfuse.options import BriefOptions
from storyfuse.segment import ensure_sentences
from storyfuse.stories.cluster import ClusterOptions, StoryClusterer, StoryState
from storyfuse.stories.features import (
    ArticleFeatures,
    day_to_iso,
    features_of,
    headline,
    title_vectors,
)
from storyfuse.terms import words

DEFAULT_DB = "storyfuse.db"
#: Articles per transaction: larger batches embed titles more efficiently; smaller ones
#: report progress sooner and lose less work to a crash.
BATCH_SIZE = 64
#: Independent sources are counted over at most this many articles of a story (the newest).
INDEPENDENCE_MAX = 300

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT UNIQUE,
        fingerprint TEXT NOT NULL UNIQUE,
        title TEXT,
        outlet TEXT,
        published TEXT,
        day INTEGER,  -- the published date as a day number, or the day added when undated
        added_at TEXT NOT NULL,
        article BLOB NOT NULL  -- the Article's JSON, zlib-compressed (about 4.6x smaller)
    );
    CREATE TABLE links (
        url TEXT PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(rowid)
    );
    CREATE TABLE features (
        article INTEGER PRIMARY KEY REFERENCES articles(rowid),
        terms TEXT NOT NULL,
        vector BLOB
    );
    CREATE TABLE sentence_embeddings (
        article INTEGER NOT NULL REFERENCES articles(rowid),
        idx INTEGER NOT NULL,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (article, idx, model)
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        title_score REAL NOT NULL DEFAULT 0,
        size INTEGER NOT NULL DEFAULT 0,
        first_day INTEGER,
        last_day INTEGER,
        first_added TEXT NOT NULL,
        last_added TEXT NOT NULL,
        independent INTEGER,
        merged_into INTEGER REFERENCES stories(id),
        terms TEXT NOT NULL DEFAULT '{}',
        vector BLOB
    );
    CREATE TABLE membership (
        article INTEGER PRIMARY KEY REFERENCES articles(rowid),
        story INTEGER NOT NULL REFERENCES stories(id)
    );
    CREATE INDEX membership_story ON membership(story);
    CREATE INDEX stories_last_day ON stories(last_day);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # Why each article is in its story (``storyfuse story ID --json``): the score with which it
    # joined, whether it started the story, and the runner-up story with its score.
    2: """
    ALTER TABLE membership ADD COLUMN score REAL;
    ALTER TABLE membership ADD COLUMN started INTEGER;
    ALTER TABLE membership ADD COLUMN runner_up INTEGER;
    ALTER TABLE membership ADD COLUMN runner_up_score REAL;
    """,
}
SCHEMA_VERSION = max(MIGRATIONS)


class StoreError(Exception):
    """The database cannot be used (newer schema, not a storyfuse store, locked...)."""


@dataclass(frozen=True, slots=True)
class Added:
    """What happened to one article: ``status`` is "added" or "duplicate" (with why)."""

    article_id: str
    status: str
    story_id: int | None = None
    reason: str | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Reclustered:
    previous_stories: int
    stories: int
    agreement_f1: float


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article as the store keeps it: what :func:`prepare` computes from the article alone.

    ``storyfuse add`` has it made in the worker processes that read and clean the articles,
    so the writing process only deduplicates, clusters and writes (measured: the writer was
    the bottleneck, with these steps taking half its time).
    """

    id: str
    origin: str | None
    url: str | None
    links: tuple[str, ...]
    fingerprint: str
    title: str | None
    outlet: str | None
    published: str | None
    headline: str
    features: ArticleFeatures
    terms_json: str
    blob: bytes


def prepare(article: Article) -> Prepared:
    """Everything the store needs of an article that does not depend on the store."""
    url = normal_url(article.url)
    feed_link = normal_url(str(article.meta.get("feed_link") or ""))
    (features,) = features_of([article], [None])
    return Prepared(
        id=article.id,
        origin=article.origin,
        url=url,
        links=tuple(dict.fromkeys(link for link in (url, feed_link) if link)),
        fingerprint=fingerprint(article),
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        headline=headline(article),
        features=features,
        terms_json=json.dumps(features.terms),
        blob=pack(article),
    )


@dataclass(slots=True)
class _Screened:
    results: list[Added | None]
    fresh: list[tuple[int, Prepared]]

    @property
    def prepared(self) -> list[Prepared]:
        return [p for _, p in self.fresh]


class _InFlight:
    """Ids, URLs and fingerprints of articles read but not committed yet."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.urls: dict[str, str] = {}
        self.prints: dict[str, str] = {}

    def duplicate(self, item: Prepared) -> str | None:
        if item.url and item.url in self.urls:
            return f"same URL as article {self.urls[item.url]}"
        if item.fingerprint in self.prints:
            return f"same text as article {self.prints[item.fingerprint]}"
        if item.id in self.ids:
            return f"same id as article {item.id}"
        return None

    def hold(self, item: Prepared) -> None:
        self.ids.add(item.id)
        self.prints[item.fingerprint] = item.id
        if item.url:
            self.urls[item.url] = item.id

    def release(self, item: Prepared) -> None:
        self.ids.discard(item.id)
        self.prints.pop(item.fingerprint, None)
        if item.url:
            self.urls.pop(item.url, None)


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def pack(article: Article) -> bytes:
    """The article as stored: its JSON, compressed (fast level: 0.13 ms, 4.6x smaller)."""
    return zlib.compress(article.to_json().encode("utf-8"), 1)


def unpack(blob: bytes, sentences: bool = True) -> Article:
    """A stored article; one stored without sentences is segmented now, unless ``sentences``
    is False (a caller that reads only its text)."""
    article = Article.from_json(zlib.decompress(blob).decode("utf-8"))
    return ensure_sentences(article) if sentences else article


def fingerprint(article: Article) -> str:
    text = " ".join(words(f"{article.title or ''} {article.text}"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def normal_url(url: str | None) -> str | None:
    return urldefrag(url)[0] if url else None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


_INSERT_MEMBERSHIP = (
    "INSERT INTO membership (article, story, score, started, runner_up, runner_up_score) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def _membership(
    rowid: int, story: int, score: float, started: bool, runner_up: int | None, runner_score: float
) -> tuple[Any, ...]:
    """A membership row: how the article joined (the runner-up's score only with one)."""
    return (
        rowid,
        story,
        score,
        int(started),
        runner_up,
        runner_score if runner_up is not None else None,
    )


def _vector_bytes(vector: np.ndarray | None) -> bytes | None:
    return None if vector is None else np.asarray(vector, dtype=np.float32).tobytes()


def _vector(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=np.float32).copy()


class Store:
    """A story store on one SQLite file. Use as a context manager, or call :meth:`close`.

    ``embedder`` embeds sentences when a story is briefed (and titles at add time with
    ``embed_titles=True``); ``None`` loads the default model on first use. ``any_thread``
    lets another thread close the store (a server closing its threads' stores at shutdown);
    it is still to be used by one thread at a time.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_DB,
        *,
        options: ClusterOptions | None = None,
        embedder: Embedder | None = None,
        embed_titles: bool = False,
        readonly: bool = False,
        any_thread: bool = False,
    ) -> None:
        self.path = str(path)
        self.options = options or ClusterOptions()
        self._embedder = embedder
        self.embed_titles = embed_titles
        if readonly:
            if not Path(self.path).exists():
                raise StoreError(f"{self.path}: no such store (add articles with storyfuse add)")
            uri = f"file:{Path(self.path).resolve()}?mode=ro"
            self.db = sqlite3.connect(
                uri, uri=True, isolation_level=None, check_same_thread=not any_thread
            )
        else:
            self.db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=not any_thread
            )
        self.db.execute("PRAGMA busy_timeout = 10000")
        try:
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL survives a crash of the process (kill -9); only a power
                # cut can lose the last commits, never consistency.
                self.db.execute("PRAGMA synchronous = NORMAL")
                # Index pages for ids, URLs and fingerprints are touched at random: a 64 MiB
                # page cache (default 2 MiB) keeps adding flat past 100k articles.
                self.db.execute("PRAGMA cache_size = -65536")
                self._migrate()
            else:
                self._check_version()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{self.path}: not a storyfuse store ({exc})") from None
        self._clusterer: StoryClusterer | None = None

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_version(self) -> int:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer storyfuse (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade storyfuse"
            )
        if (
            version == 0
            and self.db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[
                0
            ]
        ):
            raise StoreError(f"{self.path}: an SQLite file, but not a storyfuse store")
        return version

    def _migrate(self) -> None:
        version = self._check_version()
        for target in range(version + 1, SCHEMA_VERSION + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {target}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from storyfuse.embed import default_embedder

            self._embedder = default_embedder()
        return self._embedder

    # -- clustering state -----------------------------------------------------------------
    def _load_clusterer(self) -> StoryClusterer:
        """The clusterer with the stories still open (not idle for two windows)."""
        latest = self.db.execute("SELECT max(last_day) FROM stories").fetchone()[0]
        horizon = latest - 2 * self.options.window_days if latest is not None else None
        rows = self.db.execute(
            "SELECT id, terms, vector, size, first_day, last_day FROM stories "
            "WHERE merged_into IS NULL AND (last_day IS NULL OR ? IS NULL OR last_day >= ?)",
            (horizon, horizon),
        )
        states = []
        for sid, terms, vector, size, first_day, last_day in rows:
            state = StoryState(sid, json.loads(terms), _vector(vector), size, first_day, last_day)
            state.norm = float(np.sqrt(sum(v * v for v in state.terms.values())))
            states.append(state)
        next_id = (self.db.execute("SELECT max(id) FROM stories").fetchone()[0] or 0) + 1
        return StoryClusterer(self.options, states, next_id)

    @property
    def clusterer(self) -> StoryClusterer:
        if self._clusterer is None:
            self._clusterer = self._load_clusterer()
        return self._clusterer

    # -- adding ---------------------------------------------------------------------------
    def _duplicate(self, item: Prepared) -> str | None:
        row = self.db.execute(
            "SELECT id, url, fingerprint FROM articles WHERE id = ? OR url = ? OR fingerprint = ?",
            (item.id, item.url, item.fingerprint),
        ).fetchone()
        if row is None:
            return None
        if item.url and row[1] == item.url:
            return f"same URL as article {row[0]}"
        if row[2] == item.fingerprint:
            return f"same text as article {row[0]}"
        return f"same id as article {row[0]}"

    def has_url(self, url: str) -> bool:
        """True if an article was added from this URL (its page or the feed link to it)."""
        row = self.db.execute("SELECT 1 FROM links WHERE url = ?", (normal_url(url),)).fetchone()
        return row is not None

    def add(
        self, articles: Iterable[Article | Prepared], batch_size: int = BATCH_SIZE
    ) -> Iterator[Added]:
        """Add articles, yielding what happened to each once its batch is committed.

        Items may be articles or what :func:`prepare` made of them elsewhere (a worker
        process). Titles of one batch are embedded on a thread (the model releases the GIL)
        while the next batch is read and cleaned, and the previous one clustered and committed.
        """
        from concurrent.futures import ThreadPoolExecutor

        embedder = self.embedder if self.embed_titles else None
        inflight = _InFlight()
        pending: tuple[_Screened, Future[list[np.ndarray | None]]] | None = None
        items = (a if isinstance(a, Prepared) else prepare(a) for a in articles)
        with ThreadPoolExecutor(1, thread_name_prefix="storyfuse-titles") as pool:
            for batch in _chunks(items, batch_size):
                screened = self._screen(batch, inflight)
                headlines = [p.headline for p in screened.prepared]
                vectors = pool.submit(title_vectors, headlines, embedder)
                if pending is not None:
                    yield from self._finish(*pending, inflight)
                pending = (screened, vectors)
            if pending is not None:
                yield from self._finish(*pending, inflight)

    def _screen(self, batch: Sequence[Prepared], inflight: _InFlight) -> _Screened:
        """Duplicates (of the store, or of articles read but not yet committed) set aside."""
        screened = _Screened([None] * len(batch), [])
        for i, item in enumerate(batch):
            reason = self._duplicate(item) or inflight.duplicate(item)
            if reason:
                screened.results[i] = Added(item.id, "duplicate", reason=reason, origin=item.origin)
                continue
            inflight.hold(item)
            screened.fresh.append((i, item))
        return screened

    def _finish(
        self,
        screened: _Screened,
        vectors: Future[list[np.ndarray | None]],
        inflight: _InFlight,
    ) -> list[Added]:
        results = screened.results
        if screened.fresh:
            today = dt.date.today().toordinal()
            # An article with no date is placed on the day it arrived: in a live stream that
            # is the best estimate, and it keeps undated articles out of old stories.
            features = [
                replace(p.features, vector=v, day=p.features.day or today)
                for p, v in zip(screened.prepared, vectors.result(), strict=True)
            ]
            placed = self._commit(screened.prepared, features)
            for (i, item), story_id in zip(screened.fresh, placed, strict=True):
                results[i] = Added(item.id, "added", story_id, origin=item.origin)
        for _, item in screened.fresh:
            inflight.release(item)
        return [r for r in results if r is not None]

    def _commit(self, fresh: list[Prepared], features: list[ArticleFeatures]) -> list[int]:
        clusterer = self.clusterer
        now = _now()
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            placed: list[int] = []
            touched: dict[int, list[tuple[str, ArticleFeatures]]] = {}
            for item, f in zip(fresh, features, strict=True):
                cursor = db.execute(
                    "INSERT INTO articles (id, url, fingerprint, title, outlet, published, day, "
                    "added_at, article) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        item.id,
                        item.url,
                        item.fingerprint,
                        item.title,
                        item.outlet,
                        item.published,
                        f.day,
                        now,
                        item.blob,
                    ),
                )
                rowid = cursor.lastrowid
                db.executemany(
                    "INSERT OR IGNORE INTO links (url, article) VALUES (?, ?)",
                    [(link, rowid) for link in item.links],
                )
                db.execute(
                    "INSERT INTO features (article, terms, vector) VALUES (?, ?, ?)",
                    (rowid, item.terms_json, _vector_bytes(f.vector)),
                )
                assignment = clusterer.add(f)
                if assignment.created:
                    db.execute(
                        "INSERT INTO stories (id, first_added, last_added) VALUES (?, ?, ?)",
                        (assignment.story_id, now, now),
                    )
                for dropped in assignment.merged:
                    db.execute(
                        "UPDATE membership SET story = ? WHERE story = ?",
                        (assignment.story_id, dropped),
                    )
                    db.execute(
                        "UPDATE stories SET merged_into = ?, terms = '{}', vector = NULL "
                        "WHERE id = ?",
                        (assignment.story_id, dropped),
                    )
                    db.execute(
                        "UPDATE stories SET merged_into = ? WHERE merged_into = ?",
                        (assignment.story_id, dropped),
                    )
                    touched.pop(dropped, None)
                db.execute(
                    _INSERT_MEMBERSHIP,
                    _membership(
                        rowid,
                        assignment.story_id,
                        assignment.similarity,
                        assignment.created,
                        assignment.runner_up,
                        assignment.runner_up_similarity,
                    ),
                )
                placed.append(assignment.story_id)
                touched.setdefault(assignment.story_id, []).append((item.headline, f))
            for sid in clusterer.changed:
                self._save_story(sid, touched.get(sid, []), now)
            clusterer.changed.clear()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            self._clusterer = None  # the in-memory state ran ahead of the database
            raise
        # Stories merged away in this batch report the story they joined.
        final = {}
        for sid in set(placed):
            final[sid] = self.resolve(sid)
        return [final[s] for s in placed]

    def _save_story(self, sid: int, new: list[tuple[str, ArticleFeatures]], now: str) -> None:
        """Write a story's state; its title is the headline (of ``new``'s articles and the
        current one) closest to its centroid."""
        state = self.clusterer.stories.get(sid)
        if state is None:
            return
        row = self.db.execute("SELECT title_score FROM stories WHERE id = ?", (sid,)).fetchone()
        title_score = row[0] if row else 0.0
        title = None
        for text, f in new:
            score = self.clusterer.similarity(f, state)
            if score > title_score or (title is None and title_score == 0.0):
                title, title_score = text, score
        self.db.execute(
            "UPDATE stories SET size = ?, first_day = ?, last_day = ?, last_added = ?, "
            "independent = NULL, terms = ?, vector = ?, title = coalesce(?, title), "
            "title_score = ? WHERE id = ?",
            (
                state.size,
                state.first_day,
                state.last_day,
                now,
                json.dumps(state.terms),
                _vector_bytes(state.vector),
                title,
                title_score,
                sid,
            ),
        )

    # -- reading --------------------------------------------------------------------------
    def resolve(self, story_id: int) -> int:
        """The id a story goes by now (a story folded into another answers to that one)."""
        seen = set()
        current = story_id
        while current not in seen:
            seen.add(current)
            row = self.db.execute(
                "SELECT merged_into FROM stories WHERE id = ?", (current,)
            ).fetchone()
            if row is None or row[0] is None:
                return current
            current = row[0]
        return current

    def _article(self, rowid: int, sentences: bool = True) -> Article:
        row = self.db.execute("SELECT article FROM articles WHERE rowid = ?", (rowid,)).fetchone()
        return unpack(row[0], sentences)

    def article(self, article_id: str) -> Article:
        """One stored article by id (KeyError when unknown)."""
        row = self.db.execute("SELECT article FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return unpack(row[0])

    def story_of(self, article_id: str) -> int | None:
        """The story an article belongs to, or None."""
        row = self.db.execute(
            "SELECT m.story FROM membership m JOIN articles a ON m.article = a.rowid "
            "WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return self.resolve(row[0]) if row else None

    def version(self) -> str:
        """A token that changes whenever what the store shows changes (adds, re-clustering),
        from this process or any other: readers use it to keep rendered pages."""
        rowid = self.db.execute("SELECT max(rowid) FROM articles").fetchone()[0]
        return f"{rowid or 0}.{self._generation()}"

    def story_version(self, story_id: int) -> str | None:
        """A token that changes whenever the story's articles change; None if no such story."""
        row = self.db.execute(
            "SELECT size, last_added FROM stories WHERE id = ? AND size > 0", (story_id,)
        ).fetchone()
        if row is None:
            return None
        return f"{row[0]}.{row[1]}.{self._generation()}"

    def _generation(self) -> str:
        """How many times the store was re-clustered (story ids start afresh each time)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return row[0] if row else "0"

    def count_stories(self) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM stories WHERE merged_into IS NULL AND size > 0"
            ).fetchone()[0]
        )

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def articles(self, story_id: int | None = None) -> list[Article]:
        """Articles in added order (of one story, when given)."""
        if story_id is None:
            rows = self.db.execute("SELECT article FROM articles ORDER BY rowid")
        else:
            rows = self.db.execute(
                "SELECT a.article FROM articles a JOIN membership m ON m.article = a.rowid "
                "WHERE m.story = ? ORDER BY a.day, a.rowid",
                (self.resolve(story_id),),
            )
        return [unpack(r[0]) for r in rows]

    def last_shown(self) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'last_shown'").fetchone()
        return row[0] if row else None

    def mark_shown(self, when: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES ('last_shown', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (when or _now(),),
        )

    _STORY_COLUMNS = "id, title, size, first_day, last_day, first_added, last_added, independent"

    def _story(self, row: Sequence[Any], new_since: str | None, independent: int | None) -> Story:
        sid, title, size, first_day, last_day, first_added, last_added, _ = row
        outlets, new = self.db.execute(
            "SELECT count(DISTINCT lower(coalesce(a.outlet, a.id))), "
            "sum(CASE WHEN a.added_at > ? THEN 1 ELSE 0 END) "
            "FROM articles a JOIN membership m ON m.article = a.rowid WHERE m.story = ?",
            (new_since or "", sid),
        ).fetchone()
        return Story(
            id=sid,
            title=title,
            articles=size,
            outlets=outlets,
            independent=independent,
            first_seen=day_to_iso(first_day),
            last_seen=day_to_iso(last_day),
            first_added=first_added,
            last_added=last_added,
            new_articles=int(new or 0),
        )

    def stories(
        self,
        *,
        since: str | None = None,
        min_sources: int = 1,
        limit: int | None = None,
        new_since: str | None = None,
        search: str | None = None,
        offset: int = 0,
    ) -> list[Story]:
        """Stories, the latest (by article date) first, then the biggest.

        ``since`` (an ISO date) keeps stories with an article from that day on; ``min_sources``
        keeps stories with that many independent sources; ``search`` keeps stories whose title
        contains every one of its words (case-insensitive); ``offset`` skips that many of the
        stories that pass; ``new_since`` (a time, e.g. :meth:`last_shown`) sets what
        ``Story.new_articles`` counts (all articles when None).
        """
        query = f"SELECT {self._STORY_COLUMNS} FROM stories WHERE merged_into IS NULL AND size > 0"
        params: list[Any] = []
        if since:
            query += " AND (last_day IS NULL OR last_day >= ?)"
            params.append(dt.date.fromisoformat(since[:10]).toordinal())
        for word in (search or "").split():
            query += " AND title LIKE ? ESCAPE '\\'"
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        if min_sources > 1:
            query += " AND size >= ?"  # fewer articles than sources asked for
            params.append(min_sources)
        query += " ORDER BY coalesce(last_day, 0) DESC, size DESC, id"
        out: list[Story] = []
        skipped = 0
        for row in self.db.execute(query, params).fetchall():
            independent = row[7] if row[7] is not None else self._independent(row[0])
            if independent < min_sources:
                continue
            if skipped < offset:
                skipped += 1
                continue
            out.append(self._story(row, new_since, independent))
            if limit is not None and len(out) >= limit:
                break
        return out

    def story(self, story_id: int, new_since: str | None = None) -> Story:
        """One story with its article ids (a folded id answers with the story it joined)."""
        sid = self.resolve(story_id)
        row = self.db.execute(
            f"SELECT {self._STORY_COLUMNS} FROM stories WHERE id = ? AND size > 0", (sid,)
        ).fetchone()
        if row is None:
            raise KeyError(story_id)
        independent = row[7] if row[7] is not None else self._independent(sid)
        found = self._story(row, new_since, independent)
        rows = self.db.execute(
            "SELECT a.id, m.started, m.score, m.runner_up, m.runner_up_score FROM articles a "
            "JOIN membership m ON m.article = a.rowid WHERE m.story = ? ORDER BY a.day, a.rowid",
            (sid,),
        ).fetchall()
        found.article_ids = [r[0] for r in rows]
        threshold = self.options.threshold
        found.joins = [
            Join(
                aid,
                bool(started) if started is not None else None,
                score,
                threshold,
                self.resolve(runner) if runner is not None else None,
                runner_score,
            )
            for aid, started, score, runner, runner_score in rows
        ]
        return found

    def independent_sources(self, story_id: int) -> int:
        """The story's number of independent sources, computed now if not yet known and kept
        (adding an article to a story forgets it; listing computes it on demand)."""
        sid = self.resolve(story_id)
        row = self.db.execute("SELECT independent FROM stories WHERE id = ?", (sid,)).fetchone()
        if row is None:
            raise KeyError(story_id)
        return int(row[0]) if row[0] is not None else self._independent(sid)

    def _independent(self, sid: int) -> int:
        from storyfuse.align.independence import find_independence

        rows = self.db.execute(
            "SELECT a.article FROM articles a JOIN membership m ON m.article = a.rowid "
            "WHERE m.story = ? ORDER BY a.rowid DESC LIMIT ?",
            (sid, INDEPENDENCE_MAX),
        )
        found = find_independence([unpack(r[0], sentences=False) for r in rows])
        count = len(found.groups)
        if not self.db.in_transaction:
            # A read-only store: computed, not kept.
            with contextlib.suppress(sqlite3.OperationalError):
                self.db.execute("UPDATE stories SET independent = ? WHERE id = ?", (count, sid))
        return count

    # -- briefing -------------------------------------------------------------------------
    def brief(self, story_id: int, options: BriefOptions | None = None, **kwargs: Any) -> Brief:
        """The story's brief; sentence embeddings are read from, and saved to, the store."""
        from storyfuse.pipeline import brief

        sid = self.resolve(story_id)
        rows = list(
            self.db.execute(
                "SELECT a.rowid, a.article FROM articles a "
                "JOIN membership m ON m.article = a.rowid "
                "WHERE m.story = ? ORDER BY a.day, a.rowid",
                (sid,),
            )
        )
        if not rows:
            raise KeyError(story_id)
        articles = [unpack(r[1]) for r in rows]
        stored = _StoredEmbeddings(self, [r[0] for r in rows], articles)
        result = brief(articles, options, embedder=stored, **kwargs)
        stored.save()
        return result

    # -- batch re-clustering --------------------------------------------------------------
    def recluster(self, progress: Callable[[int], None] | None = None) -> Reclustered:
        """Re-cluster every article in date order (the batch mode); story ids start afresh.

        Returns the story counts before and after, and how far apart the two groupings are
        (B-cubed F1 of one against the other: 1.0 when identical). One transaction: readers
        see the old stories until it commits.
        """
        from storyfuse.evaluate.clustering import bcubed
        from storyfuse.stories.cluster import order_key, placements

        before = dict(
            self.db.execute(
                "SELECT a.id, m.story FROM articles a JOIN membership m ON m.article = a.rowid"
            ).fetchall()
        )

        feats = []
        rowids: dict[str, int] = {}
        for rowid, aid, day, terms, vector in self.db.execute(
            "SELECT a.rowid, a.id, a.day, f.terms, f.vector FROM articles a "
            "JOIN features f ON f.article = a.rowid"
        ):
            feats.append(ArticleFeatures(aid, day, json.loads(terms), _vector(vector)))
            rowids[aid] = rowid
        placed = {p.article_id: p for p in placements(sorted(feats, key=order_key), self.options)}
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM membership")
            db.execute("DELETE FROM stories")
            self._clusterer = StoryClusterer(self.options)
            now = _now()
            by_story: dict[int, list[ArticleFeatures]] = {}
            for f in sorted(feats, key=order_key):
                by_story.setdefault(placed[f.article_id].story, []).append(f)
            for done, (sid, members) in enumerate(sorted(by_story.items()), 1):
                state = StoryState(sid)
                for f in members:
                    state.absorb(f, self.options.centroid_terms)
                self._clusterer.stories[sid] = state
                db.execute(
                    "INSERT INTO stories (id, first_added, last_added) VALUES (?, ?, ?)",
                    (sid, now, now),
                )
                db.executemany(
                    _INSERT_MEMBERSHIP,
                    [
                        _membership(
                            rowids[f.article_id],
                            sid,
                            (p := placed[f.article_id]).similarity,
                            p.created,
                            p.runner_up,
                            p.runner_up_similarity,
                        )
                        for f in members
                    ],
                )
                scored = [
                    (headline(self._article(rowids[f.article_id], sentences=False)), f)
                    for f in members
                ]
                self._save_story(sid, scored, now)
                if progress:
                    progress(done)
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT(key) "
                "DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            self._clusterer = None
            raise
        self._clusterer = None
        ids = sorted(placed)
        return Reclustered(
            previous_stories=len(set(before.values())),
            stories=len(by_story),
            agreement_f1=bcubed([before.get(a, -1) for a in ids], [placed[a].story for a in ids])[2]
            if ids
            else 1.0,
        )


class _StoredEmbeddings:
    """An embedder that answers from the store and embeds (and later saves) only what is new."""

    def __init__(self, store: Store, rowids: list[int], articles: list[Article]) -> None:
        self.store = store
        self.base = store.embedder
        self.name = getattr(self.base, "name", type(self.base).__name__)
        self.where: dict[str, tuple[int, int]] = {}
        for rowid, article in zip(rowids, articles, strict=True):
            for s in article.sentences:
                self.where.setdefault(s.text, (rowid, s.index))
        self.known: dict[str, np.ndarray] = {}
        marks = ",".join("?" * len(rowids))
        index = {(r, i): t for t, (r, i) in self.where.items()}
        for rowid, idx, blob in store.db.execute(
            f"SELECT article, idx, vector FROM sentence_embeddings WHERE model = ? "
            f"AND article IN ({marks})",
            [self.name, *rowids],
        ):
            text = index.get((rowid, idx))
            if text is not None:
                self.known[text] = np.frombuffer(blob, dtype=np.float32)
        self.new: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        if missing:
            vectors = np.asarray(self.base.embed(missing), dtype=np.float32)
            for t, v in zip(missing, vectors, strict=True):
                self.known[t] = v
                if t in self.where:
                    self.new[t] = v
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self.known[t] for t in texts])

    def save(self) -> None:
        if not self.new:
            return
        rows = [(*self.where[t], self.name, v.tobytes()) for t, v in self.new.items()]
        db = self.store.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # read-only: the brief is made, nothing kept
            self.new.clear()
            return
        try:
            db.executemany(
                "INSERT OR IGNORE INTO sentence_embeddings (article, idx, model, vector) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )
            db.execute("COMMIT")
        except sqlite3.OperationalError:
            db.execute("ROLLBACK")
        self.new.clear()
