"""`api_list`: authenticated, paginated API lists under load, next to the bare-Django floor.

One gunicorn (2 sync workers) serves the large demo data set (seed 7). The floor view
`/bench/floor` (bench/floor_urls.py) is measured first, then each API list with the demo focal
point's API token. The ratios say how much Tutela costs above Django alone.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from bench import report
from bench.load import LoadResult, run_load
from bench.scenarios.base import Options, Scenario
from bench.server import BenchError, Server, tutela_server

NAME = "api_list"
DEMO_USER = "focal.point@tutela.example"
FLOOR = "floor"
# name: (path, authenticated)
ENDPOINTS: dict[str, tuple[str, bool]] = {
    FLOOR: ("/bench/floor", False),
    "organizations": ("/api/v1/organizations?page=2&page_size=20", True),
    "units": ("/api/v1/units?page=3&page_size=50", True),
}
RATIO_MEANING = {
    "throughput": "floor requests_per_second / endpoint requests_per_second "
    "(how many floor requests the server answers in the time of one; 1 = as fast as the floor)",
    "p95_latency": "endpoint p95_ms / floor p95_ms (1 = as fast as the floor)",
    "median_latency": "endpoint median_ms / floor median_ms (1 = as fast as the floor)",
}


def _check(url: str, headers: dict[str, str]) -> dict[str, Any]:
    """One request before the load: it must answer 200; returns its size and item counts."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, body = int(response.status), response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    if status != 200:
        raise BenchError(f"{url} answered {status}, not 200: {body[:500]!r}")
    found = json.loads(body)
    check: dict[str, Any] = {"status": status, "body_bytes": len(body)}
    if isinstance(found, dict) and "items" in found:
        check["items"] = len(found["items"])
        check["count"] = found.get("count")
    return check


def _ratios(endpoint: LoadResult, floor: LoadResult) -> dict[str, float | None]:
    def ratio(top: float, bottom: float) -> float | None:
        return round(top / bottom, 2) if bottom else None

    return {
        "throughput": ratio(floor.requests_per_second, endpoint.requests_per_second),
        "p95_latency": ratio(endpoint.p95_ms, floor.p95_ms),
        "median_latency": ratio(endpoint.median_ms, floor.median_ms),
    }


def _measure(server: Server, options: Options) -> tuple[dict[str, Any], dict[str, LoadResult]]:
    token = server.api_token(DEMO_USER)
    checks: dict[str, Any] = {}
    results: dict[str, LoadResult] = {}
    plans = []
    for name, (path, authenticated) in ENDPOINTS.items():
        headers = {"Authorization": f"Bearer {token}"} if authenticated else {}
        checks[name] = _check(server.base_url + path, headers)
        plans.append((name, path, headers))
    for name, path, headers in plans:
        print(f"  {name}: {path} — {options.warmup:g} s warm-up, {options.duration:g} s load…")
        results[name] = run_load(
            server.base_url + path,
            headers=headers,
            duration=options.duration,
            warmup=options.warmup,
            concurrency=options.concurrency,
            generator=options.generator,
        )
    return checks, results


def _summary(results: dict[str, LoadResult], ratios: dict[str, Any]) -> list[str]:
    lines = [
        f"{'endpoint':<14} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'bytes':>7}"
    ]
    for name, result in results.items():
        lines.append(
            f"{name:<14} {result.requests_per_second:>8.1f} {result.median_ms:>10.2f} "
            f"{result.p95_ms:>8.2f} {result.p99_ms:>8.2f} {result.errors:>7d} "
            f"{result.mean_bytes:>7.0f}"
        )
    for name, ratio in ratios.items():
        lines.append(
            f"{name}: floor/API throughput x{ratio['throughput']}, "
            f"API/floor p95 x{ratio['p95_latency']}, median x{ratio['median_latency']}"
        )
    return lines


def run(options: Options) -> dict[str, Any]:
    machine = report.machine()  # before the server starts, for the load average
    with tutela_server(database=options.database) as server:
        checks, results = _measure(server, options)
    machine["load_average_after"] = report.load_average()
    floor = results[FLOOR]
    ratios = {name: _ratios(result, floor) for name, result in results.items() if name != FLOOR}
    endpoints = {
        name: {
            "path": ENDPOINTS[name][0],
            "authenticated": ENDPOINTS[name][1],
            **{key: value for key, value in result.as_dict().items() if key != "url"},
            "check": checks[name],
        }
        for name, result in results.items()
    }
    return {
        "scenario": NAME,
        "description": SCENARIO.description,
        "date": report.utc_now(),
        "commit": report.git_commit(),
        "database": {
            "vendor": options.database,
            "version": server.details.get("database_version"),
        },
        "server": {
            "software": server.gunicorn_version,
            "workers": server.workers,
            "worker_class": "sync",
            "debug": False,
            "settings": "bench.floor_settings (tutela.config.settings + /bench/floor)",
        },
        "data": {
            "command": " ".join(server.data_command),
            "setup_seconds": server.setup_seconds,
            "sizes": server.details.get("sizes"),
            "api_user": DEMO_USER,
        },
        "load": {
            "generator": floor.generator,
            "kind": "closed loop",
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "concurrency": options.concurrency,
        },
        "endpoints": endpoints,
        "ratio_to_floor": {"meaning": RATIO_MEANING, **ratios},
        "errors": sum(result.errors for result in results.values()),
        "machine": machine,
        "summary": _summary(results, ratios),
    }


SCENARIO = Scenario(
    name=NAME,
    description="Authenticated, paginated API lists (organizations page 2 of 20, units page 3 "
    "of 50) under closed-loop load on loopback, gunicorn with 2 workers, large demo data, "
    "next to a bare Django JsonResponse view on the same server as the floor.",
    run=run,
)
