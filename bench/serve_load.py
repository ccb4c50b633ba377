"""Load on ``storyfuse serve``: mixed reads at N concurrent connections while articles are added.

Builds a fresh store in a temporary directory (never in the repository) from the 1,217
distinct dated full-text articles of ../shared/eval (the same ones as
bench/stories_throughput.py), holding back ``--holdback`` of them (a seeded random sample) to
add during the load. The rest go in with the real CLI, ``storyfuse add --db DB FILE``. Then it
starts the real server, ``storyfuse serve --host 127.0.0.1`` on a free port with a random
``STORYFUSE_TOKEN``, and talks to it over loopback only (proxies from the environment are
ignored; no traffic leaves 127.0.0.1).

Warm-up: the first ``--stories`` stories of ``GET /api/stories?limit=50`` (the newest, then the
biggest) are read once as JSON (``/api/stories/ID``) and once as a page (``/stories/ID``), so
their briefs are computed and cached.

Load, bounded in time: the reads come from ``wrk`` (Debian package ``wrk``, 4.1; C, one
epoll thread per process), not from Python, which on a small machine saturated its core and
measured its own queueing. Three wrk processes run side by side for ``--duration`` seconds,
each ``-t1 -cN --timeout 10s`` (``--timeout``) with a Lua script generated in the temporary
directory; the ``--connections`` (50) are split 16 / 17 / 17 (proportionally for other counts,
at least one each) between:

- lists: ``/api/stories?offset=0..40`` (step 10) or the ``/`` page, half each;
- story JSON: ``/api/stories/ID``, ID one of the warmed stories;
- story pages: ``/stories/ID``, the same stories.

Each request picks its path at random (``math.random``, seeded per wrk thread from
``--seed``). wrk sends no cookies, so every request is a new visitor, and does not follow
redirects: a story folded into another answers 308, which counts as an answer, not an error
(the story runs count the 3xx answers). The script's ``done()`` prints one JSON line (after
the marker ``WRKJSON``) with wrk's summary: requests, duration, bytes, errors (connect, read,
write, timeout, and status: answers >= 400), the latency percentiles (wrk measures each
request from writing it to its last byte read) and the counts of the response() hook.

Meanwhile a writer (httpx, in this process: one request a second is light) POSTs the held-back
articles to ``/api/articles`` with the token, ``--batch`` records every ``--interval`` seconds,
in date order, until they or the time run out.

Stale answers (a grown story's previous brief, given while its new one is made) are counted
by a Lua ``response()`` hook in the two story runs (not in the lists run, which has neither
stale answers nor redirects): a JSON answer with ``X-Storyfuse-Stale``; a page (which has no
such header) answered ``Cache-Control: no-store`` with the "this brief is being updated"
notice in its body (the body is searched only then). The hook makes wrk hand every answer to
Lua; measured on the 2-core machine (3 x 8 s with and without, 50 connections, no adds) it
cost about 1 % of the throughput, which the server bounds (within the run-to-run noise), and
about 30 % more wrk CPU (19 % -> 25 % of a core for the three), so it stays.

Cached reads: after the warm-up every story read (JSON or page) is answered from the server's
memory: a warmed story's brief is kept, and when new articles join a story readers get the
previous brief (marked stale) while the new one is made in the background. So the cached bar
applies to the story JSON and story page runs: their p99s, and the larger of the two as the
"cached p99". Story lists are recomputed after each add (their cache is keyed by the store's
version): reported on their own, outside the latency bar but inside the errors bar.

Overall percentiles cannot be merged exactly from three wrk runs: the "all" row gives, per
percentile, the largest of the three, an upper bound. Throughput is the sum of the three.

CPU, sampled every second from /proc: of the server process (its own threads), of its child
processes (the brief worker, live or ended), of the three wrk processes, of this Python
process (warm-up done, it only runs the writer and the sampler) and of the whole machine, per
10 s window and for the whole load; and the peak RSS of the server and of its children.
``--access-log`` runs the server at ``--log-level info`` and adds the latencies the server
measured itself (its JSON access log: from the request reaching the app to its last byte), per
kind, for the warmed stories that no article joined during the run and for those that changed,
and per window.

Bar (the issue's): 0 errors (reads of all three kinds, and the adds) and cached p99 <= 200 ms;
exit status 1 otherwise, 2 without wrk.

Usage: python bench/serve_load.py [--shared ../shared] [--duration 60] [--connections 50]
       [--stories 30] [--holdback 200] [--quick] [--access-log] [-o FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from stories_throughput import originals

HOST = "127.0.0.1"
#: The three wrk runs, with their share of the connections (16 / 17 / 17 of 50).
KINDS = {"lists": 16, "story_json": 17, "story_page": 17}
LABELS = {"lists": "lists", "story_json": "story JSON", "story_page": "story pages"}
LIST_OFFSETS = (0, 10, 20, 30, 40)
#: Start of the line the Lua done() prints.
MARK = "WRKJSON "
#: The CPU columns of the windows: server process, its children, wrk, this script, machine.
CPU_NAMES = ("server", "workers", "wrk", "bench", "machine")
PERCENTILES = {"p50": 50, "p90": 90, "p99": 99, "p99_9": 99.9}
MISSING_WRK = "wrk is missing: apt-get install wrk"


@dataclass(slots=True)
class AddSample:
    """One POST /api/articles of the load phase."""

    start: float
    ms: float
    status: int
    sent: int
    added: int = 0
    duplicates: int = 0
    rejected: int = 0
    stories: list[int] = field(default_factory=list)
    error: str | None = None


# -- data ----------------------------------------------------------------------------------


def records(shared: Path) -> list[dict[str, Any]]:
    """The dated articles as API records, each with its own URL (so none is a duplicate)."""
    out = []
    for i, article in enumerate(originals(shared)):
        title = article["title"] or article["text"].split("\n")[0][:80]
        out.append(
            {
                "title": title,
                "text": article["text"],
                "published": article["date"],
                "outlet": article["source"],
                "url": f"https://load.example/{i}",
            }
        )
    return out


def split(
    rows: list[dict[str, Any]], holdback: int, seed: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(articles for the store, articles to add during the load), both in date order."""
    chosen = set(random.Random(seed).sample(range(len(rows)), min(holdback, len(rows) - 1)))
    keep = [r for i, r in enumerate(rows) if i not in chosen]
    held = [r for i, r in enumerate(rows) if i in chosen]

    def order(r: dict[str, Any]) -> tuple[str, str]:
        return r["published"], r["url"]

    return sorted(keep, key=order), sorted(held, key=order)


def build_store(root: Path, rows: list[dict[str, Any]], jobs: int) -> tuple[Path, float]:
    path = root / "articles.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    db = root / "load.db"
    cmd = [sys.executable, "-m", "storyfuse", "add", "--db", str(db), str(path)]
    cmd += ["-q", "--no-progress", "--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"storyfuse add failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return db, wall


# -- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, token: str, log: Path, level: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STORYFUSE_TOKEN": token}
    cmd = [sys.executable, "-m", "storyfuse", "serve", "--db", str(db)]
    cmd += ["--host", HOST, "--port", str(port), "--log-level", level]
    with open(log, "wb") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)


def proc_status(pid: int) -> dict[str, int]:
    """VmHWM, VmRSS (KiB) and Threads of a process, from /proc."""
    out: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS", "Threads"):
                out[name] = int(value.split()[0])
    return out


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy (all cores, all processes): only its
    differences mean something. From /proc/stat, as (online CPUs x elapsed time) - (idle +
    iowait), not as the sum of its busy columns: on this VM's tickless kernel those miss ticks
    under load (about 4 % of the time: less than the server and wrk used), the idle times
    do not."""
    try:
        lines = Path("/proc/stat").read_text().splitlines()
    except OSError:
        return math.nan
    cpus = sum(line.startswith("cpu") and line[3:4].isdigit() for line in lines)
    ticks = [int(v) for v in lines[0].split()[1:]]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return cpus * time.monotonic() - idle / os.sysconf("SC_CLK_TCK")


def proc_cpu_s(pid: int, reaped: bool = False) -> float:
    """User + system CPU seconds of a process so far (NaN once it is gone), with ``reaped``
    those of its children that ended and were waited for, too."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The live processes under ``pid`` (the server's brief worker and the like), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        out += kids
        todo += kids
    return out


def workers_cpu_s(server: int) -> float:
    """CPU seconds so far of the server's child processes, live or ended (not of the server)."""
    tree = proc_cpu_s(server, reaped=True) - proc_cpu_s(server)
    for pid in descendants(server):
        used = proc_cpu_s(pid, reaped=True)
        if not math.isnan(used):  # it ended since /proc was read
            tree += used
    return tree


def own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu_s() -> float:
    """CPU seconds of this process's children that have ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def new_client(port: int, timeout: float) -> httpx.AsyncClient:
    """A loopback client: no proxies from the environment."""
    return httpx.AsyncClient(
        base_url=f"http://{HOST}:{port}",
        timeout=timeout,
        limits=httpx.Limits(max_connections=2, max_keepalive_connections=2),
        trust_env=False,
        follow_redirects=True,
    )


async def wait_healthy(
    client: httpx.AsyncClient, proc: subprocess.Popen[bytes], log: Path, limit: float
) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode} at start:\n{log_tail(log)}")
        with contextlib.suppress(httpx.HTTPError):
            if (await client.get("/health", timeout=2)).status_code == 200:
                return time.perf_counter() - start
        await asyncio.sleep(0.2)
    proc.terminate()
    sys.exit(f"the server did not answer /health within {limit:.0f} s:\n{log_tail(log)}")


async def story_states(client: httpx.AsyncClient) -> dict[int, tuple[int, str]]:
    """Every story's (size, last added), from the story list: what its version depends on."""
    states: dict[int, tuple[int, str]] = {}
    offset = 0
    while True:
        resp = await client.get("/api/stories", params={"limit": 100, "offset": offset})
        resp.raise_for_status()
        page = resp.json()
        for story in page["stories"]:
            states[story["id"]] = (story["articles"], story["last_added"])
        if not page["next"]:
            return states
        offset += 100


async def warm_up(client: httpx.AsyncClient, count: int) -> tuple[list[int], list[dict]]:
    resp = await client.get("/api/stories", params={"limit": 50})
    resp.raise_for_status()
    stories = resp.json()["stories"][:count]
    ids = [s["id"] for s in stories]
    timings = []
    for n, story in enumerate(stories, 1):
        row: dict[str, Any] = {"id": story["id"], "articles": story["articles"]}
        for kind, path in (("json_ms", f"/api/stories/{story['id']}"), ("page_ms", None)):
            path = path or f"/stories/{story['id']}"
            start = time.perf_counter()
            got = await client.get(path, timeout=120)
            row[kind] = round(1000 * (time.perf_counter() - start), 1)
            if got.status_code != 200:
                sys.exit(f"warm-up: {path} answered {got.status_code}: {got.text[:300]}")
        timings.append(row)
        print(
            f"  warm-up {n}/{len(stories)}: story {story['id']} ({story['articles']} articles):"
            f" JSON {row['json_ms']:.0f} ms, page {row['page_ms']:.0f} ms",
            file=sys.stderr,
            flush=True,
        )
    for path in ["/", *(f"/api/stories?offset={o}" for o in LIST_OFFSETS)]:
        (await client.get(path)).raise_for_status()
    return ids, timings


# -- load: wrk -----------------------------------------------------------------------------


def split_connections(total: int) -> dict[str, int]:
    """``total`` connections in proportion to KINDS (largest remainder), at least one each."""
    if total < len(KINDS):
        sys.exit(f"--connections: at least {len(KINDS)} (one per kind of read)")
    weight = sum(KINDS.values())
    exact = {k: total * w / weight for k, w in KINDS.items()}
    out = {k: max(1, math.floor(v)) for k, v in exact.items()}
    by_remainder = sorted(KINDS, key=lambda k: out[k] - exact[k])
    while sum(out.values()) < total:
        kind = by_remainder.pop(0)
        out[kind] += 1
    while sum(out.values()) > total:  # only when a max(1, ...) lifted a kind
        kind = max((k for k in out if out[k] > 1), key=lambda k: out[k])
        out[kind] -= 1
    return out


def read_paths(kind: str, ids: list[int]) -> list[str]:
    if kind == "lists":
        return [f"/api/stories?offset={o}" for o in LIST_OFFSETS] + ["/"] * len(LIST_OFFSETS)
    if kind == "story_json":
        return [f"/api/stories/{sid}" for sid in ids]
    return [f"/stories/{sid}" for sid in ids]


#: Lua tests, per kind of story read, of a stale answer (given status, headers and body): the
#: JSON carries a header; a page does not, but it is "no-store" and shows a notice.
STALE_TESTS = {
    "story_json": 'headers["x-storyfuse-stale"] or headers["X-Storyfuse-Stale"]',
    "story_page": 'headers["cache-control"] == "no-store" '
    'and string.find(body, "this brief is being updated", 1, true)',
}


def lua_script(kind: str, paths: list[str], seed: int) -> str:
    """A wrk script: GET one of ``paths`` at random; done() prints the summary as JSON, with
    (story reads only) the stale and the 3xx answers counted by a response() hook."""
    listed = ",\n  ".join(json.dumps(p) for p in paths)  # a JSON string is a Lua string here
    quantiles = ", ".join(f'"{name}", {p}' for name, p in PERCENTILES.items())
    test = STALE_TESTS.get(kind)
    hook = (
        f"""
function response(status, headers, body)
  if status >= 300 and status < 400 then
    redirects = redirects + 1
  elseif {test} then
    stale = stale + 1
  end
end
"""
        if test
        else ""
    )
    return f"""-- wrk script generated by bench/serve_load.py: {kind} reads
local paths = {{
  {listed}
}}
local base_seed = {seed}
local counted = {"true" if test else "false"}
local prepared = {{}}
local threads = {{}}
stale = 0
redirects = 0

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_seed", base_seed + #threads)
end

function init(args)
  math.randomseed(thread_seed or base_seed)
  for i, path in ipairs(paths) do
    prepared[i] = wrk.format("GET", path)
  end
end

function request()
  return prepared[math.random(#prepared)]
end
{hook}
function done(summary, latency, requests)
  local e = summary.errors
  local quantiles = {{{quantiles}}}
  local parts = {{}}
  for i = 1, #quantiles, 2 do
    local value = summary.requests > 0 and latency:percentile(quantiles[i + 1]) or 0
    parts[#parts + 1] = string.format('"%s": %.3f', quantiles[i], value / 1000)
  end
  parts[#parts + 1] = string.format('"max": %.3f', latency.max / 1000)
  parts[#parts + 1] = string.format('"mean": %.3f', latency.mean / 1000)
  local stale_n, redirects_n = "null", "null"
  if counted then
    local s, r = 0, 0
    for _, thread in ipairs(threads) do
      s = s + thread:get("stale")
      r = r + thread:get("redirects")
    end
    stale_n, redirects_n = string.format("%d", s), string.format("%d", r)
  end
  io.write(string.format(
    '{MARK}{{"requests": %.0f, "duration_us": %.0f, "bytes": %.0f, '
      .. '"errors": {{"connect": %.0f, "read": %.0f, "write": %.0f, "status": %.0f, '
      .. '"timeout": %.0f}}, "latency_ms": {{%s}}, "stale": %s, "redirects": %s}}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", "),
    stale_n, redirects_n))
  io.flush()
end
"""


async def start_wrk(
    url: str, connections: int, duration: int, timeout: float, script: Path
) -> asyncio.subprocess.Process:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", f"{timeout:g}s"]
    cmd += ["-s", str(script), url]
    return await asyncio.create_subprocess_exec(
        *cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )


async def finish_wrk(kind: str, proc: asyncio.subprocess.Process) -> dict[str, Any]:
    """wrk's summary of one run, from the line its done() printed."""
    out, err = await proc.communicate()
    text = out.decode(errors="replace")
    for line in text.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK) :])
    raise RuntimeError(
        f"wrk ({kind}) exited with {proc.returncode} without its summary line:\n"
        f"{text[-2000:]}\n{err.decode(errors='replace')[-2000:]}"
    )


def wrk_version() -> str:
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).split("[", 1)[0].replace("wrk", "", 1).strip()


# -- load: the writer and the CPU sampler --------------------------------------------------


async def writer(
    client: httpx.AsyncClient,
    token: str,
    held: list[dict[str, Any]],
    batch: int,
    interval: float,
    t0: float,
    deadline: float,
    adds: list[AddSample],
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    due = time.perf_counter()
    for k in range(0, len(held), batch):
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if time.perf_counter() >= deadline:
            return
        due += interval
        chunk = held[k : k + batch]
        start = time.perf_counter()
        try:
            resp = await client.post("/api/articles", json={"articles": chunk}, headers=headers)
        except Exception as exc:
            ms = 1000 * (time.perf_counter() - start)
            error = f"add: {type(exc).__name__}: {exc}"
            adds.append(AddSample(start - t0, ms, 0, len(chunk), error=error))
            continue
        ms = 1000 * (time.perf_counter() - start)
        sample = AddSample(start - t0, ms, resp.status_code, len(chunk))
        if resp.status_code in (200, 201):
            body = resp.json()
            sample.added, sample.duplicates = body["added"], body["duplicates"]
            sample.rejected = body["rejected"]
            sample.stories = [
                r["story_id"] for r in body["results"] if r["status"] == "added" and r["story_id"]
            ]
        else:
            sample.error = f"add: HTTP {resp.status_code}: {resp.text[:200]}"
        adds.append(sample)


@dataclass(slots=True)
class Tick:
    """One sample of the CPU sampler."""

    t: float  # seconds since the load started
    server: float  # CPU seconds so far, of the server process
    workers: float  # of its child processes
    wrk: float  # of the wrk processes together (NaN once one has ended)
    bench: float  # of this process
    machine: float  # of the whole machine, busy
    log_size: int  # bytes in the server log


async def sample_cpu(
    server: int, wrk: list[int], log: Path, t0: float, deadline: float, out: list[Tick]
) -> None:
    """A Tick every second from t0 to the deadline."""
    while True:
        now = time.perf_counter()
        out.append(
            Tick(
                now - t0,
                proc_cpu_s(server),
                workers_cpu_s(server),
                sum(proc_cpu_s(pid) for pid in wrk),
                own_cpu_s(),
                machine_busy_s(),
                log.stat().st_size,
            )
        )
        if now >= deadline:
            return
        await asyncio.sleep(min(1.0, max(0.0, deadline - now)))


# -- figures -------------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 50), 1),
        "p90_ms": round(percentile(ordered, 90), 1),
        "p99_ms": round(percentile(ordered, 99), 1),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(sum(ordered) / len(ordered), 1),
    }


def wrk_figures(connections: int, raw: dict[str, Any]) -> dict[str, Any]:
    seconds = raw["duration_us"] / 1e6
    return {
        "connections": connections,
        "requests": int(raw["requests"]),
        "duration_s": round(seconds, 2),
        "req_per_s": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "mib": round(raw["bytes"] / 2**20, 1),
        "errors": int(sum(raw["errors"].values())),
        "error_counts": {k: int(v) for k, v in raw["errors"].items()},
        **{f"{k}_ms": round(v, 1 if v >= 1 else 2) for k, v in raw["latency_ms"].items()},
        "stale": raw["stale"],  # None: not counted (lists)
        "redirects": raw["redirects"],
    }


def overall(kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The three runs together: sums, the largest maximum, and per percentile the largest of the
    three (an upper bound of the merged one)."""
    rows = kinds.values()
    out: dict[str, Any] = {
        key: sum(r[key] for r in rows) for key in ("connections", "requests", "errors")
    }
    for key in ("stale", "redirects"):  # the story runs; the lists run does not count them
        out[key] = sum(r[key] or 0 for r in rows)
    out["req_per_s"] = round(sum(r["req_per_s"] for r in rows), 1)
    for key in (*PERCENTILES, "max"):
        out[f"{key}_ms"] = max(r[f"{key}_ms"] for r in rows)
    out["percentiles_are_upper_bounds"] = True
    return out


def access_entries(log: Path, start: int, end: int) -> list[dict[str, Any]]:
    """The access-log lines of the server log between two byte offsets, with their kind."""
    with open(log, "rb") as stream:
        stream.seek(start)
        chunk = stream.read(end - start).decode("utf-8", errors="replace")
    out = []
    for line in chunk.splitlines():
        if not line.startswith("{"):
            continue
        with contextlib.suppress(ValueError, KeyError):
            entry = json.loads(line)
            path = entry["path"]
            parts = path.strip("/").split("/")
            story = None
            if path == "/":
                kind = "list_page"
            elif path == "/api/stories":
                kind = "list_api"
            elif path == "/api/articles":
                kind = "add"
            elif path.startswith(("/api/stories/", "/stories/")) and parts[-1].isdigit():
                kind = "story_json" if parts[0] == "api" else "story_page"
                story = int(parts[-1])
            else:
                kind = "other"
            out.append(
                {
                    "kind": kind,
                    "story": story,
                    "status": int(entry["status"]),
                    "ms": float(entry["ms"]),
                }
            )
    return out


def server_side(entries: list[dict[str, Any]], untouched: set[int]) -> dict[str, Any]:
    """Latencies the server measured itself: from the request reaching the app to the last byte
    handed to the server, no client queueing."""
    times: dict[str, list[float]] = {}
    for e in entries:
        times.setdefault(e["kind"], []).append(e["ms"])
        if e["kind"] != "add":
            times.setdefault("all_reads", []).append(e["ms"])
        if e["story"] is not None and e["status"] == 200:
            group = "untouched" if e["story"] in untouched else "changed"
            times.setdefault(f"stories_{group}_200", []).append(e["ms"])
    statuses: dict[str, dict[str, int]] = {}
    for e in entries:
        counts = statuses.setdefault(e["kind"], {})
        counts[str(e["status"])] = counts.get(str(e["status"]), 0) + 1
    return {
        "latency": {kind: latency(values) for kind, values in sorted(times.items())},
        "statuses": dict(sorted(statuses.items())),
    }


def windows(
    ticks: list[Tick],
    adds: list[AddSample],
    log: Path | None,
    width: float,
    duration: float,
) -> list[dict[str, Any]]:
    """Per window of the load: articles added; the CPU (percent of one core) of the server, of
    its child processes, of the wrk processes, of this process and of the whole machine; with
    the access log, the reads the server answered and their p99 as it measured it."""
    out = []
    for i in range(math.ceil(duration / width)):
        lo, hi = i * width, (i + 1) * width
        row: dict[str, Any] = {
            "from_s": round(lo),
            "added": sum(a.added for a in adds if lo <= a.start < hi),
        }
        inside = [t for t in ticks if lo <= t.t <= hi + 0.5]
        if len(inside) >= 2:
            a, b = inside[0], inside[-1]
            span = b.t - a.t
            for name in CPU_NAMES:
                used = getattr(b, name) - getattr(a, name)
                row[f"{name}_cpu_pct"] = None if math.isnan(used) else round(100 * used / span)
            if log is not None:
                reads = [
                    e for e in access_entries(log, a.log_size, b.log_size) if e["kind"] != "add"
                ]
                row["server_reads"] = len(reads)
                row["server_reads_per_s"] = round(len(reads) / span, 1)
                row["server_p99_ms"] = latency([e["ms"] for e in reads]).get("p99_ms")
        out.append(row)
    return out


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "python": sys.version.split()[0],
        "wrk": wrk_version(),
        "httpx": httpx.__version__,
    }


# -- main ----------------------------------------------------------------------------------


async def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    split_by = split_connections(args.connections)
    duration = max(1, round(args.duration))
    rows = records(args.shared)
    keep, held = split(rows, args.holdback, args.seed)
    print(
        f"{len(rows)} dated articles: {len(keep)} into the store, {len(held)} held back",
        file=sys.stderr,
        flush=True,
    )
    db, build_s = build_store(root, keep, args.jobs)
    print(f"store built in {build_s:.1f} s: {db}", file=sys.stderr, flush=True)
    token = secrets.token_urlsafe(24)
    port = free_port()
    log = root / "server.log"
    level = "info" if args.access_log else "warning"
    proc = start_server(db, port, token, log, level)
    result: dict[str, Any] = {"machine": machine(), "build_s": round(build_s, 1)}
    try:
        async with new_client(port, 60.0) as admin:
            ready = await wait_healthy(admin, proc, log, 60.0)
            health = (await admin.get("/health")).json()
            print(
                f"server pid {proc.pid} on {HOST}:{port}, ready in {ready:.1f} s: "
                f"{health['articles']} articles, {health['stories']} stories",
                file=sys.stderr,
                flush=True,
            )
            ids, warm = await warm_up(admin, args.stories)
            before = await story_states(admin)
            scripts = {}
            for n, kind in enumerate(KINDS):
                scripts[kind] = root / f"wrk_{kind}.lua"
                seed = args.seed * 1000 + 100 * n
                scripts[kind].write_text(lua_script(kind, read_paths(kind, ids), seed))
            result["load_average_before_load"] = [round(v, 2) for v in os.getloadavg()]
            print(
                f"load: {duration} s, {args.connections} connections ("
                + ", ".join(f"{LABELS[k]} {c}" for k, c in split_by.items())
                + f"), {len(ids)} stories, adding {len(held)} articles by {args.batch} "
                f"every {args.interval:g} s",
                file=sys.stderr,
                flush=True,
            )
            adds: list[AddSample] = []
            ticks: list[Tick] = []
            log_from = log.stat().st_size
            cpu_before, workers_before = proc_cpu_s(proc.pid), workers_cpu_s(proc.pid)
            busy_before, own_before, kids_before = machine_busy_s(), own_cpu_s(), children_cpu_s()
            t0 = time.perf_counter()
            deadline = t0 + duration
            url = f"http://{HOST}:{port}"
            procs = {
                kind: await start_wrk(url, split_by[kind], duration, args.timeout, script)
                for kind, script in scripts.items()
            }
            try:
                *raw, _, _ = await asyncio.gather(
                    *(finish_wrk(kind, p) for kind, p in procs.items()),
                    writer(admin, token, held, args.batch, args.interval, t0, deadline, adds),
                    sample_cpu(proc.pid, [p.pid for p in procs.values()], log, t0, deadline, ticks),
                )
            finally:
                for p in procs.values():
                    if p.returncode is None:
                        p.kill()
                        await p.wait()
            elapsed = time.perf_counter() - t0
            log_to = log.stat().st_size
            server_cpu = proc_cpu_s(proc.pid) - cpu_before
            workers_cpu = workers_cpu_s(proc.pid) - workers_before
            workers = {pid: proc_status(pid) for pid in descendants(proc.pid)}
            busy = machine_busy_s() - busy_before
            own_cpu = own_cpu_s() - own_before
            wrk_cpu = children_cpu_s() - kids_before
            after = await story_states(admin)
            health_after = (await admin.get("/health")).json()
            status = proc_status(proc.pid)
    finally:
        stop_start = time.perf_counter()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            exit_code: int | None = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            exit_code = None
            proc.kill()
            proc.wait()
        stop_s = time.perf_counter() - stop_start
    server_log = log.read_text(errors="replace")
    wal_left = Path(f"{db}-wal").exists()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    warnings = [line for line in server_log.splitlines() if "Warning" in line]

    kinds = {kind: wrk_figures(split_by[kind], r) for kind, r in zip(KINDS, raw, strict=True)}
    joined = {sid for a in adds for sid in a.stories}
    changed = {sid for sid in ids if before.get(sid) != after.get(sid) or sid in joined}
    untouched = [sid for sid in ids if sid not in changed]
    add_errors = [a.error for a in adds if a.error]
    result.update(
        {
            "config": {
                "duration_s": duration,
                "connections": args.connections,
                "connections_by_kind": split_by,
                "stories": len(ids),
                "holdback": len(held),
                "batch": args.batch,
                "interval_s": args.interval,
                "timeout_s": args.timeout,
                "seed": args.seed,
                "quick": args.quick,
                "access_log": args.access_log,
            },
            "store": {
                "articles_before": health["articles"],
                "stories_before": health["stories"],
                "articles_after": health_after["articles"],
                "stories_after": health_after["stories"],
                "briefs_cached": health_after.get("briefs_cached"),
            },
            "warm_up": warm,
            "elapsed_s": round(elapsed, 2),
            "reads": kinds,
            "reads_all": overall(kinds),
            "cached_p99_ms": max(kinds[k]["p99_ms"] for k in ("story_json", "story_page")),
            "stories_untouched": untouched,
            "stories_changed": sorted(changed),
            "adds": {
                "requests": len(adds),
                "sent": sum(a.sent for a in adds),
                "added": sum(a.added for a in adds),
                "duplicates": sum(a.duplicates for a in adds),
                "rejected": sum(a.rejected for a in adds),
                "statuses": sorted({a.status for a in adds}),
                "errors": len(add_errors),
                "error_examples": add_errors[:5],
                "latency": latency([a.ms for a in adds]),
            },
            "windows_10s": windows(
                ticks, adds, log if args.access_log else None, 10.0, float(duration)
            ),
            "server_side": server_side(access_entries(log, log_from, log_to), set(untouched))
            if args.access_log
            else None,
            "server": {
                "pid": proc.pid,
                "peak_rss_mib": round(status.get("VmHWM", 0) / 1024, 1),
                "rss_end_mib": round(status.get("VmRSS", 0) / 1024, 1),
                "threads": status.get("Threads"),
                "cpu_s_load": round(server_cpu, 1),
                "cpu_pct_load": round(100 * server_cpu / elapsed, 1),
                "workers": len(workers),
                "workers_peak_rss_mib": round(
                    sum(w.get("VmHWM", 0) for w in workers.values()) / 1024, 1
                ),
                "workers_cpu_s_load": round(workers_cpu, 1),
                "workers_cpu_pct_load": round(100 * workers_cpu / elapsed, 1),
                "exit_code": exit_code,
                "stop_s": round(stop_s, 2),
                "log_tracebacks": server_log.count("Traceback"),
                "log_warnings": len(warnings),
                "log_warning_examples": sorted(set(warnings))[:3],
                "articles_in_db_after_exit": stored,
                "wal_left_after_exit": wal_left,
                "log_lines": len(server_log.splitlines()),
            },
            "wrk_cpu_pct_load": round(100 * wrk_cpu / elapsed, 1),
            "bench_cpu_pct_load": round(100 * own_cpu / elapsed, 1),
            "machine_cpu_pct_load": round(100 * busy / elapsed, 1),
            "other_cpu_pct_load": round(
                100 * (busy - server_cpu - workers_cpu - wrk_cpu - own_cpu) / elapsed, 1
            ),
        }
    )
    if result["server"]["log_tracebacks"] or exit_code not in (0, -signal.SIGTERM):
        print(f"--- server log (tail) ---\n{log_tail(log, 60)}\n---", file=sys.stderr)
    return result


def fmt(row: dict[str, Any]) -> str:
    if not row.get("n"):
        return "| 0 | – | – | – | – |"
    return (
        f"| {row['n']:,} | {row['p50_ms']} | {row['p90_ms']} | {row['p99_ms']} | {row['max_ms']} |"
    )


def read_row(label: str, r: dict[str, Any], bound: str = "") -> str:
    latencies = " | ".join(f"{bound}{r[f'{k}_ms']}" for k in PERCENTILES) + f" | {r['max_ms']}"
    counts = " | ".join("–" if r[k] is None else f"{r[k]:,}" for k in ("stale", "redirects"))
    return (
        f"| {label} | {r['connections']} | {r['requests']:,} | {r['req_per_s']:,} "
        f"| {latencies} | {r['errors']} | {counts} |"
    )


def report(r: dict[str, Any], bar_ms: float) -> list[str]:
    """Print the report; return the bars that failed."""
    c, m, s, a = r["config"], r["machine"], r["server"], r["adds"]
    print(
        f"\n## storyfuse serve under load ({c['duration_s']:g} s, {c['connections']} connections,"
        f" loopback; reads by wrk {m['wrk']}; {m['nproc']} CPUs: {m['cpu']}; Python "
        f"{m['python']}; load average before the load {r['load_average_before_load']})\n"
    )
    st = r["store"]
    print(
        f"Store: {st['articles_before']:,} articles in {st['stories_before']:,} stories before"
        f" (built in {r['build_s']} s), {st['articles_after']:,} in {st['stories_after']:,}"
        f" after. Warmed and read: {c['stories']} stories, "
        f"{len(r['stories_changed'])} of which changed during the run.\n"
    )
    print(
        "| reads (wrk) | conns | requests | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms "
        "| errors | stale | 3xx |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, row in r["reads"].items():
        print(read_row(LABELS[kind], row))
    print(read_row("**all**", r["reads_all"], "≤ "))
    print(
        '\n(latency: wrk\'s, from writing a request to its last byte read; "all": sums, and '
        "per percentile the largest of the three runs, an upper bound (≤); 3xx: answers (a "
        "folded story's 308), not followed; stale and 3xx are counted in the story runs only)"
    )
    for kind, row in r["reads"].items():
        if row["errors"]:
            counts = ", ".join(f"{k} {v}" for k, v in row["error_counts"].items() if v)
            print(f"  errors, {LABELS[kind]}: {counts} (status: answers >= 400)")
    print(
        f"\nCached reads (story JSON and pages): **p99 {r['cached_p99_ms']} ms** (the larger of "
        f"the two)"
    )
    print(
        f"\nAdds during the load: {a['requests']} POST /api/articles, {a['sent']} records sent, "
        f"{a['added']} added, {a['duplicates']} duplicates, {a['rejected']} rejected, "
        f"{a['errors']} errors; statuses {a['statuses']}; latency "
        f"{fmt(a['latency'])[2:-2].replace(' | ', ' / ')} (n / p50 / p90 / p99 / max ms)"
    )
    for example in a["error_examples"]:
        print(f"  error: {example}")
    if r.get("server_side"):
        print("\nAs the server measured them (its access log; --access-log):\n")
        print("| server side | n | p50 ms | p90 ms | p99 ms | max ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for kind, row in r["server_side"]["latency"].items():
            print(f"| {kind} {fmt(row)}")
        print(f"\nStatuses by kind (server side): {r['server_side']['statuses']}")
    print("\n| from s | added | CPU % server / its workers / wrk / bench / machine ", end="")
    with_log = c["access_log"]
    print("| server reads/s | server p99 ms |" if with_log else "|")
    print("|---:|---:|---|" + ("---:|---:|" if with_log else ""))
    for w in r["windows_10s"]:
        cpu = " / ".join(
            str(w.get(f"{name}_cpu_pct", "–") if w.get(f"{name}_cpu_pct") is not None else "–")
            for name in CPU_NAMES
        )
        line = f"| {w['from_s']} | {w['added']} | {cpu} |"
        if with_log:
            line += f" {w.get('server_reads_per_s', '–')} | {w.get('server_p99_ms', '–')} |"
        print(line)
    print(
        f"\nServer: peak RSS (VmHWM) {s['peak_rss_mib']} MiB, {s['threads']} threads, CPU "
        f"{s['cpu_pct_load']} % of one core during the load; its {s['workers']} child "
        f"process(es) (brief worker...): peak RSS {s['workers_peak_rss_mib']} MiB together, CPU "
        f"{s['workers_cpu_pct_load']} % (wrk: {r['wrk_cpu_pct_load']} %; "
        f"this script: {r['bench_cpu_pct_load']} %; whole machine "
        f"{r['machine_cpu_pct_load']} %, of which {r['other_cpu_pct_load']} % other processes, "
        f"out of {100 * m['nproc']} %); SIGTERM -> exit code {s['exit_code']} in "
        f"{s['stop_s']} s (uvicorn re-raises the signal after its graceful shutdown, so -15 "
        f"is a clean stop); {s['articles_in_db_after_exit']:,} articles in the store after it "
        f"stopped ({st['articles_after']:,} reported before); WAL file left: "
        f"{'yes' if s['wal_left_after_exit'] else 'no'}; {s['log_tracebacks']} tracebacks and "
        f"{s['log_warnings']} warnings in its log."
    )
    for line in s["log_warning_examples"]:
        print(f"  server warning: {line.strip()[:160]}")
    failed = []
    for kind, row in r["reads"].items():
        if row["errors"]:
            failed.append(f"errors in {LABELS[kind]}: {row['errors']} (bar: 0)")
    if a["errors"]:
        failed.append(f"errors in adds: {a['errors']} (bar: 0)")
    if r["cached_p99_ms"] > bar_ms:
        failed.append(f"cached p99: {r['cached_p99_ms']} ms (bar: <= {bar_ms:g} ms)")
    if s["exit_code"] not in (0, -signal.SIGTERM):
        print(f"warning: the server did not stop cleanly on SIGTERM: {s['exit_code']}")
    if s["articles_in_db_after_exit"] != st["articles_after"]:
        print("warning: the store after shutdown does not hold every article reported added")
    print(
        "\nBar: " + ("PASS" if not failed else "FAIL: " + "; ".join(failed)) + f" (0 errors, "
        f"cached p99 <= {bar_ms:g} ms)"
    )
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--duration", type=float, help="seconds of load (60; --quick: 10)")
    parser.add_argument("--connections", type=int, help="concurrent connections (50; quick: 10)")
    parser.add_argument("--stories", type=int, help="stories warmed and read (30; quick: 5)")
    parser.add_argument("--holdback", type=int, default=200, help="articles added under load")
    parser.add_argument("--batch", type=int, default=5, help="articles per POST")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between POSTs")
    parser.add_argument("--timeout", type=float, default=10.0, help="per-request timeout, s")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="storyfuse add --jobs")
    parser.add_argument("--bar-ms", type=float, default=200.0, help="cached p99 bar")
    parser.add_argument("--quick", action="store_true", help="10 s, 10 connections, 5 stories")
    parser.add_argument("-o", "--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="diagnosis: run the server at --log-level info and report its own timings",
    )
    parser.add_argument("--keep", type=Path, help="Keep the store and server log in DIR.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print(MISSING_WRK, file=sys.stderr)
        sys.exit(2)
    defaults = (10.0, 10, 5) if args.quick else (60.0, 50, 30)
    for name, value in zip(("duration", "connections", "stories"), defaults, strict=True):
        if getattr(args, name) is None:
            setattr(args, name, value)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        for stale in root.glob("load.db*"):
            stale.unlink()
        result = asyncio.run(run(args, root))
    failed = report(result, args.bar_ms)
    result["bar"] = {"cached_p99_ms": args.bar_ms, "failed": failed, "pass": not failed}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
