"""The brief cache: one computation per key in flight, LRU, stale values, true versions."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from storyfuse.serve.cache import Cache


def test_one_computation_per_key_however_many_ask():
    pool = ThreadPoolExecutor(4)
    gate = threading.Event()
    calls = []

    def work():
        calls.append(1)
        gate.wait(5)
        return "brief"

    cache = Cache(4)
    futures = [cache.submit("k", lambda: pool.submit(work)) for _ in range(10)]
    gate.set()
    assert {f.result(5) for f in futures} == {"brief"}
    assert len(calls) == 1 and cache.misses == 1
    assert cache.get("k") == "brief"
    assert cache.submit("k", lambda: pool.submit(work)).result(5) == "brief"
    assert len(calls) == 1


def test_the_oldest_fall_out_and_a_family_remembers_its_newest_value():
    cache = Cache(2)

    def done(value):
        future: Future = Future()
        future.set_result(value)
        return lambda: future

    cache.submit(("s1", "v1"), done("one"), family="s1")
    cache.submit(("s1", "v2"), done("two"), family="s1")
    assert cache.stale("s1") == "two"
    cache.submit(("s2", "v1"), done("three"), family="s2")
    assert cache.get(("s1", "v1")) is None  # evicted
    assert cache.get(("s1", "v2")) == "two"
    cache.submit(("s3", "v1"), done("four"), family="s3")
    cache.submit(("s4", "v1"), done("five"), family="s4")
    assert cache.stale("s1") is None  # its value fell out with it


def test_a_value_is_also_kept_under_the_version_it_really_has():
    cache = Cache(4)
    made: Future = Future()
    made.set_result({"version": "v2"})
    cache.submit(("s", "v1"), lambda: made, family="s", key_of=lambda v: ("s", v["version"]))
    assert cache.get(("s", "v2")) == {"version": "v2"}
    assert cache.stale("s") == {"version": "v2"}


def test_a_failed_computation_is_not_kept_and_can_be_retried():
    cache = Cache(4)
    failed: Future = Future()
    failed.set_exception(KeyError(7))
    assert cache.submit("k", lambda: failed).exception() is not None
    assert cache.get("k") is None
    ok: Future = Future()
    ok.set_result(1)
    assert cache.submit("k", lambda: ok).result() == 1
