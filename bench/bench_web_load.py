"""Loopback load test of ``POST /api/v1/check``: requests/s, latency percentiles and errors, as JSON.

    .venv/bin/python bench/bench_web_load.py                       # 50 clients x 60 s (the default)
    .venv/bin/python bench/bench_web_load.py --clients 10 --seconds 15 --workers 2
    .venv/bin/python bench/bench_web_load.py --url http://127.0.0.1:8000   # a server already running

Starts ``newsproof serve`` on a free 127.0.0.1 port (unless ``--url``), then runs two phases:

1. ``sequential``: one client, one request at a time — the latency of a single check over HTTP;
2. ``load``: ``--clients`` concurrent clients posting for ``--seconds``.

Every request posts a different ~1,000-word article (paragraphs of our own examples/, shuffled,
with a unique number), so nothing can be served from a cache. The load generator shares the
machine with the server: on a small machine its own CPU use lowers the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
OPTIONS: dict[str, Any] = {}  # per-request options (--options), e.g. {"options": {"use_spacy": false}}
EXAMPLES = ROOT / "examples"


def _paragraphs() -> tuple[list[str], list[str]]:
    """Headlines and body paragraphs of every example article."""
    heads: list[str] = []
    paras: list[str] = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        heads.append(blocks[0].splitlines()[0])
        paras.extend(b for b in blocks[1:] if len(b.split()) > 12)
    return heads, paras


def make_article(rng: random.Random, words: int = 1000) -> str:
    """A distinct article of about ``words`` words: headline, byline, shuffled paragraphs, credit."""
    heads, paras = _paragraphs()
    body: list[str] = [f"Officials counted {rng.randint(100, 99_999):,} people at the scene on Monday, police said."]
    count = len(body[0].split())
    while count < words:
        para = rng.choice(paras)
        body.append(para)
        count += len(para.split())
    return f"{rng.choice(heads)}\nBy Test Writer\n\n" + "\n\n".join(body) + "\n\n— Reuters"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary(
    latencies: list[float], errors: int, seconds: float, error_kinds: dict[str, int], pipeline: list[float]
) -> dict[str, Any]:
    """Throughput and latency figures in milliseconds (``pipeline_ms``: the checks alone, server-side)."""
    return {
        "requests": len(latencies) + errors,
        "ok": len(latencies),
        "errors": errors,
        "error_kinds": error_kinds,
        "seconds": round(seconds, 2),
        "requests_per_s": round(len(latencies) / seconds, 2) if seconds else None,
        "latency_ms": {
            "p50": round(percentile(latencies, 50), 1),
            "p95": round(percentile(latencies, 95), 1),
            "p99": round(percentile(latencies, 99), 1),
            "mean": round(statistics.fmean(latencies), 1) if latencies else None,
            "max": round(max(latencies), 1) if latencies else None,
        },
        "pipeline_ms": {
            "p50": round(percentile(pipeline, 50), 1),
            "p95": round(percentile(pipeline, 95), 1),
        },
    }


async def _post(client: httpx.AsyncClient, text: str, errors: dict[str, int], pipeline: list[float]) -> float | None:
    started = time.perf_counter()
    try:
        response = await client.post("/api/v1/check", json={"text": text, **OPTIONS})
        body = response.json() if response.status_code == 200 else {}
        ok = "verdict" in body
        kind = f"HTTP {response.status_code}"
    except (httpx.HTTPError, ValueError) as exc:
        ok, kind, body = False, type(exc).__name__, {}
    elapsed = (time.perf_counter() - started) * 1000
    if not ok:
        errors[kind] = errors.get(kind, 0) + 1
        return None
    pipeline.append(float(body["run"]["total_ms"]))
    return elapsed


async def sequential(url: str, headers: dict[str, str], n: int, seed: int) -> dict[str, Any]:
    """One client, ``n`` requests in a row."""
    rng = random.Random(seed)
    texts = [make_article(rng) for _ in range(n)]
    errors: dict[str, int] = {}
    latencies: list[float] = []
    pipeline: list[float] = []
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:
        started = time.perf_counter()
        for text in texts:
            ms = await _post(client, text, errors, pipeline)
            if ms is not None:
                latencies.append(ms)
        seconds = time.perf_counter() - started
    return summary(latencies, sum(errors.values()), seconds, errors, pipeline)


async def load(url: str, headers: dict[str, str], clients: int, seconds: float, seed: int) -> dict[str, Any]:
    """``clients`` concurrent clients posting for ``seconds``; requests still in flight at the end finish."""
    rng = random.Random(seed)
    pool = [make_article(rng) for _ in range(max(200, clients * 4))]
    errors: dict[str, int] = {}
    latencies: list[float] = []
    pipeline: list[float] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120, limits=limits) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def worker(index: int) -> None:
            i = index
            while time.perf_counter() < deadline:
                ms = await _post(client, pool[i % len(pool)], errors, pipeline)
                if ms is not None:
                    latencies.append(ms)
                i += clients

        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return {"clients": clients, **summary(latencies, sum(errors.values()), elapsed, errors, pipeline)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(workers: int, extra: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    """``newsproof serve`` on a free port; returns once it answers /healthz."""
    port = free_port()
    cmd = [
        sys.executable,
        "-c",
        "from newsproof.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        *extra,
    ]
    env = {k: v for k, v in os.environ.items() if k != "NEWSPROOF_TOKEN"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/api/v1/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    proc.kill()
    raise RuntimeError("server did not start within 120 s")


def main() -> None:
    parser = argparse.ArgumentParser(description="Loopback load test of POST /api/v1/check; prints JSON.")
    parser.add_argument("--clients", type=int, default=50, help="Concurrent clients in the load phase.")
    parser.add_argument("--seconds", type=float, default=60.0, help="Length of the load phase.")
    parser.add_argument("--sequential", type=int, default=50, help="Requests in the one-client phase (0: skip).")
    parser.add_argument("--workers", type=int, default=1, help="Server worker processes (ignored with --url).")
    parser.add_argument("--url", help="Use a server that is already running instead of starting one.")
    parser.add_argument("--token", default=os.environ.get("NEWSPROOF_TOKEN"), help="API token, if the server has one.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--options",
        type=json.loads,
        default=None,
        help='Per-request options as JSON, e.g. \'{"checks": ["sourcing"], "use_spacy": false}\' (default: none).',
    )
    parser.add_argument("--server-arg", action="append", default=[], help="Extra argument for `newsproof serve`.")
    args = parser.parse_args()

    if args.options:
        OPTIONS["options"] = args.options
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server(args.workers, args.server_arg)
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    try:
        rng = random.Random(args.seed)
        sample = make_article(rng)
        asyncio.run(sequential(url, headers, 5, args.seed + 1))  # warm-up: connections, caches
        result: dict[str, Any] = {
            "benchmark": "web_load",
            "endpoint": "POST /api/v1/check",
            "article_words": len(sample.split()),
            "options": args.options,
            "server": {"url": url, "workers": args.workers if proc else None, "started_here": proc is not None},
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load_average_before": [round(x, 2) for x in os.getloadavg()],
            },
        }
        if args.sequential:
            result["sequential"] = asyncio.run(sequential(url, headers, args.sequential, args.seed + 2))
        result["load"] = asyncio.run(load(url, headers, args.clients, args.seconds, args.seed + 3))
        print(json.dumps(result, indent=2))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
