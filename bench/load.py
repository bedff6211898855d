"""Closed-loop HTTP load on one URL: wrk when it is installed, else a small Python generator.

Both keep `concurrency` requests in flight (each connection sends its next request as soon as
the previous answer arrives), run a warm-up that is thrown away, then measure for `duration`
seconds and report requests per second, latency percentiles, errors and response sizes.

- wrk (`apt-get install wrk`) runs one thread with `concurrency` connections and the Lua script
  bench/wrk_report.lua, which counts non-200 answers and body bytes.
- The Python generator runs `processes` processes with `concurrency / processes` threads, each
  thread with its own keep-alive `http.client` connection, and records every latency. It needs
  more CPU than wrk, which on a small machine takes some from the server.
"""

from __future__ import annotations

import http.client
import json
import math
import multiprocessing
import shutil
import subprocess
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True)
class LoadResult:
    """What one endpoint did under load; latencies in milliseconds, sizes in bytes of body."""

    url: str
    generator: str
    duration_s: float
    concurrency: int
    requests: int
    requests_per_second: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    errors: int
    non_200: int
    transport_errors: int
    mean_bytes: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def wrk_path() -> str | None:
    return shutil.which("wrk")


def generator_name(choice: str) -> str:
    """`wrk` or `python` for `auto|wrk|python`; `wrk` only when it is installed."""
    if choice == "auto":
        return "wrk" if wrk_path() else "python"
    if choice == "wrk" and not wrk_path():
        raise RuntimeError("wrk is not installed: apt-get install -y wrk (or use python).")
    return choice


def run_load(
    url: str,
    *,
    headers: dict[str, str],
    duration: float,
    warmup: float,
    concurrency: int,
    generator: str = "auto",
) -> LoadResult:
    """Warm `url` up for `warmup` seconds, then measure it for `duration` seconds."""
    if generator_name(generator) == "wrk":
        return _run_wrk(url, headers, duration, warmup, concurrency)
    return _run_python(url, headers, duration, warmup, concurrency)


def _rounded(value: float, digits: int = 2) -> float:
    return round(value, digits)


# --- wrk ---------------------------------------------------------------------------------------


def _wrk_version(wrk: str) -> str:
    completed = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    first = (completed.stdout or completed.stderr).strip().splitlines()
    return " ".join(first[0].split()[:2]) if first else "wrk"


def _wrk_once(
    wrk: str, url: str, headers: dict[str, str], seconds: int, concurrency: int
) -> dict[str, Any]:
    command = [wrk, "--threads", "1", "--connections", str(concurrency)]
    command += ["--duration", f"{seconds}s", "--timeout", f"{REQUEST_TIMEOUT:.0f}s"]
    command += ["--script", str(WRK_SCRIPT)]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            found: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
            return found
    raise RuntimeError(f"wrk gave no result:\n{completed.stdout}\n{completed.stderr}")


def _run_wrk(
    url: str, headers: dict[str, str], duration: float, warmup: float, concurrency: int
) -> LoadResult:
    wrk = wrk_path()
    assert wrk is not None
    if warmup > 0:
        _wrk_once(wrk, url, headers, max(1, round(warmup)), concurrency)
    seconds = max(1, round(duration))
    found = _wrk_once(wrk, url, headers, seconds, concurrency)
    elapsed = found["duration_us"] / 1e6
    transport = sum(
        found[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return LoadResult(
        url=url,
        generator=_wrk_version(wrk),
        duration_s=_rounded(elapsed),
        concurrency=concurrency,
        requests=found["requests"],
        requests_per_second=_rounded(found["requests"] / elapsed, 1),
        median_ms=_rounded(found["p50_us"] / 1000, 3),
        p95_ms=_rounded(found["p95_us"] / 1000, 3),
        p99_ms=_rounded(found["p99_us"] / 1000, 3),
        mean_ms=_rounded(found["mean_us"] / 1000, 3),
        errors=found["non_200"] + transport,
        non_200=found["non_200"],
        transport_errors=transport,
        mean_bytes=_rounded(found["body_bytes"] / max(1, found["responses"]), 1),
    )


# --- Python ------------------------------------------------------------------------------------


@dataclass
class _Tally:
    latencies: list[float]
    non_200: int = 0
    transport_errors: int = 0
    body_bytes: int = 0


def _connection_loop(
    target: urllib.parse.SplitResult,
    path: str,
    headers: dict[str, str],
    measure_from: float,
    stop_at: float,
    tally: _Tally,
) -> None:
    connection = http.client.HTTPConnection(
        target.hostname or "127.0.0.1", target.port or 80, timeout=REQUEST_TIMEOUT
    )
    while (started := time.monotonic()) < stop_at:
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()  # the next request opens a new connection
            if started >= measure_from:
                tally.transport_errors += 1
            continue
        finished = time.monotonic()
        if started >= measure_from and finished <= stop_at:
            tally.latencies.append(finished - started)
            tally.body_bytes += len(body)
            if response.status != 200:
                tally.non_200 += 1
    connection.close()


def _python_process(
    url: str, headers: dict[str, str], threads: int, begin: float, warmup: float, duration: float
) -> _Tally:
    target = urllib.parse.urlsplit(url)
    path = target.path + (f"?{target.query}" if target.query else "")
    tallies = [_Tally(latencies=[]) for _ in range(threads)]
    measure_from = begin + warmup
    stop_at = measure_from + duration
    while time.monotonic() < begin:
        time.sleep(0.005)
    workers = [
        threading.Thread(
            target=_connection_loop,
            args=(target, path, headers, measure_from, stop_at, tally),
            daemon=True,
        )
        for tally in tallies
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return _Tally(
        latencies=[value for tally in tallies for value in tally.latencies],
        non_200=sum(tally.non_200 for tally in tallies),
        transport_errors=sum(tally.transport_errors for tally in tallies),
        body_bytes=sum(tally.body_bytes for tally in tallies),
    )


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list (`share` between 0 and 100)."""
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


def _run_python(
    url: str, headers: dict[str, str], duration: float, warmup: float, concurrency: int
) -> LoadResult:
    processes = min(2, concurrency)
    threads = [concurrency // processes + (i < concurrency % processes) for i in range(processes)]
    begin = time.monotonic() + 0.5  # every process starts its connections at the same moment
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        tallies = pool.starmap(
            _python_process, [(url, headers, count, begin, warmup, duration) for count in threads]
        )
    latencies = sorted(value for tally in tallies for value in tally.latencies)
    non_200 = sum(tally.non_200 for tally in tallies)
    transport = sum(tally.transport_errors for tally in tallies)
    body_bytes = sum(tally.body_bytes for tally in tallies)
    count = len(latencies)
    return LoadResult(
        url=url,
        generator=f"python ({processes} processes x {'/'.join(map(str, threads))} threads)",
        duration_s=_rounded(duration),
        concurrency=concurrency,
        requests=count,
        requests_per_second=_rounded(count / duration, 1),
        median_ms=_rounded(percentile(latencies, 50) * 1000, 3),
        p95_ms=_rounded(percentile(latencies, 95) * 1000, 3),
        p99_ms=_rounded(percentile(latencies, 99) * 1000, 3),
        mean_ms=_rounded(sum(latencies) / max(1, count) * 1000, 3),
        errors=non_200 + transport,
        non_200=non_200,
        transport_errors=transport,
        mean_bytes=_rounded(body_bytes / max(1, count), 1),
    )
