"""Rendered briefs and pages kept in memory, computed once however many ask at the same time.

A brief takes seconds; a cached one is bytes. Keys carry the store's (or the story's) version
token, so a change makes a new key rather than needing invalidation; the oldest entries fall
out (LRU). For a story whose articles changed, the last brief can be served, marked stale,
while the new one is computed in the background.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class Cache:
    """A thread-safe LRU of computed values with single flight per key."""

    def __init__(self, size: int, executor: ThreadPoolExecutor) -> None:
        self.size = size
        self.executor = executor
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

    def stale(self, family: Hashable) -> Any | None:
        """The newest value computed for a family (e.g. a story), whatever its version."""
        with self._lock:
            key = self._latest.get(family)
            return self._values.get(key) if key is not None else None

    def submit(
        self, key: Hashable, compute: Callable[[], Any], family: Hashable | None = None
    ) -> Future[Any]:
        """The future of the value: an existing computation is joined, not repeated."""
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
            future = self.executor.submit(self._run, key, compute, family)
            self._running[key] = future
            return future

    def _run(self, key: Hashable, compute: Callable[[], Any], family: Hashable | None) -> Any:
        try:
            value = compute()
        except BaseException:
            with self._lock:
                self._running.pop(key, None)
            raise
        with self._lock:
            self._running.pop(key, None)
            self._values[key] = value
            self._values.move_to_end(key)
            if family is not None:
                self._latest[family] = key
            while len(self._values) > self.size:
                old, _ = self._values.popitem(last=False)
                for fam, k in list(self._latest.items()):
                    if k == old:
                        del self._latest[fam]
        return value
