"""Briefs kept in memory, each made once however many ask for it at the same time.

A brief takes seconds; a kept one is a dictionary lookup. Keys carry the story's version, so a
change makes a new key rather than needing invalidation, and the oldest entries fall out (LRU).
For a story whose articles changed, the newest brief of its family can be served, marked
stale, while the new one is made in the background. The cache does not run anything itself:
callers start the work (a thread, another process) and hand over its future.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any


class Cache:
    """A thread-safe LRU of computed values with one computation in flight per key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._latest: dict[Hashable, Hashable] = {}  # family -> key of its newest value
        self._running: dict[Hashable, Future[Any]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]
            return None

    def put(self, key: Hashable, value: Any) -> Any:
        """Keep a value made by the caller; returns it."""
        with self._lock:
            self._store([key], value)
        return value

    def stale(self, family: Hashable) -> Any | None:
        """The newest value computed for a family (e.g. a story), whatever its version."""
        with self._lock:
            key = self._latest.get(family)
            return self._values.get(key) if key is not None else None

    def submit(
        self,
        key: Hashable,
        start: Callable[[], Future[Any]],
        family: Hashable | None = None,
        key_of: Callable[[Any], Hashable] | None = None,
    ) -> Future[Any]:
        """The future of the value for ``key``: a computation in flight is joined, not
        repeated. ``key_of`` names the key the value really belongs to, when the work may
        see newer data than the key was made from (it is kept under both)."""
        with self._lock:
            if key in self._values:
                self.hits += 1
                done: Future[Any] = Future()
                done.set_result(self._values[key])
                return done
            running = self._running.get(key)
            if running is not None:
                return running
            self.misses += 1
            future = start()
            self._running[key] = future
        future.add_done_callback(lambda f: self._finish(key, f, family, key_of))
        return future

    def _finish(
        self,
        key: Hashable,
        future: Future[Any],
        family: Hashable | None,
        key_of: Callable[[Any], Hashable] | None,
    ) -> None:
        with self._lock:
            self._running.pop(key, None)
            if future.cancelled() or future.exception() is not None:
                return
            value = future.result()
            keys = [key]
            if key_of is not None and key_of(value) != key:
                keys.append(key_of(value))
            self._store(keys, value)
            if family is not None:
                self._latest[family] = keys[-1]

    def _store(self, keys: list[Hashable], value: Any) -> None:
        """Under the lock: keep ``value`` under ``keys``, dropping the least recently used."""
        for k in keys:
            self._values[k] = value
            self._values.move_to_end(k)
        while len(self._values) > self.size:
            old, _ = self._values.popitem(last=False)
            for fam, k in list(self._latest.items()):
                if k == old:
                    del self._latest[fam]
