"""`violations`: monthly counts by country and by type of act, and the early-warning scores, at
the large scale (200,000 events in the DRC, about 5,000,000 acts; seed 7), under load.

One gunicorn (2 sync workers) serves the large demo data set. Measured with the demo analyst's
API token: the monthly counts of the DRC, the counts by type of act, and the early-warning
scores (the goal is p95 <= 300 ms on PostgreSQL). Then, outside the load, an event is recorded
and another edited through the services, and the counts are compared with a direct count in
the database before and after (they must stay exact).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any

from bench import report
from bench.load import LoadResult, run_load
from bench.scenarios.base import Options, Scenario
from bench.server import BenchError, Server, _run, tutela_server

NAME = "violations"
LARGE_EVENTS = 200_000
ANALYST = "analyst@tutela.example"
OFFICER = "human.rights.officer@tutela.example"
ENDPOINTS = {
    "monthly_counts": "/api/v1/violations/counts?by=month&country=CD",
    "act_type_counts": "/api/v1/violations/counts?by=act_type&country=CD",
    "early_warning": "/api/v1/violations/early-warning",
}

# Records an event and edits another through the services; the API's totals must follow.
_EXACTNESS_SCRIPT = """
import json, sys
import django
django.setup()
from tutela.accounts.models import User
from tutela.violations import selectors
from tutela.violations.forms import entry_rows
from tutela.violations.models import Act, Event
from tutela.violations.services import event_create, event_update
from tests.support.violations_factories import event_input

officer = User.objects.get(email=sys.argv[1])
filters = selectors.EventFilters(country="CD")

def counts():
    total = selectors.violation_counts(user=officer, by="month", filters=filters).total
    return {
        "events": total.events,
        "acts": total.acts,
        "direct_events": Event.objects.filter(country="CD").count(),
        "direct_acts": Act.objects.filter(event__country="CD").count(),
    }

before = counts()
event_create(actor=officer, data=event_input("CD"))
edited = Event.objects.filter(country="CD", title__startswith="Attack").first()
data = event_input("CD", title="Edited by the benchmark")
data.acts = data.acts[:1]
event_update(actor=officer, event=edited, data=data)
after = counts()
print(json.dumps({
    "before": before,
    "after": after,
    "exact": before["events"] == before["direct_events"] and before["acts"] == before["direct_acts"]
    and after["events"] == after["direct_events"] and after["acts"] == after["direct_acts"],
}))
"""


def _check(url: str, headers: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, body = int(response.status), response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    if status != 200:
        raise BenchError(f"{url} answered {status}, not 200: {body[:500]!r}")
    found = json.loads(body)
    check: dict[str, Any] = {"status": status, "body_bytes": len(body)}
    if isinstance(found, dict) and "rows" in found:
        check["rows"] = len(found["rows"])
        check["events"] = found["total"]["events"]
    return check


def _measure(
    server: Server, options: Options
) -> tuple[dict[str, Any], dict[str, LoadResult], dict[str, Any]]:
    token = server.api_token(ANALYST)
    headers = {"Authorization": f"Bearer {token}"}
    checks = {name: _check(server.base_url + path, headers) for name, path in ENDPOINTS.items()}
    results: dict[str, LoadResult] = {}
    for name, path in ENDPOINTS.items():
        print(f"  {name}: {path} — {options.warmup:g} s warm-up, {options.duration:g} s load…")
        results[name] = run_load(
            server.base_url + path,
            headers=headers,
            duration=options.duration,
            warmup=options.warmup,
            concurrency=options.concurrency,
            generator=options.generator,
        )
    output = _run([sys.executable, "-c", _EXACTNESS_SCRIPT, OFFICER], env=server.env, capture=True)
    exactness = json.loads(output.strip().splitlines()[-1])
    if not exactness["exact"]:
        raise BenchError(f"counts drifted: {exactness}")
    return checks, results, exactness


def run(options: Options) -> dict[str, Any]:
    machine = report.machine()
    # The full large scale for this benchmark (the default large demo keeps 20,000 events).
    os.environ["TUTELA_DEMO_VIOLATION_EVENTS"] = str(LARGE_EVENTS)
    with tutela_server(database=options.database) as server:
        checks, results, exactness = _measure(server, options)
    machine["load_average_after"] = report.load_average()
    return {
        "scenario": NAME,
        "description": SCENARIO.description,
        "date": report.utc_now(),
        "commit": report.git_commit(),
        "database": {
            "vendor": options.database,
            "version": server.details.get("database_version"),
        },
        "data": {
            "command": " ".join(server.data_command),
            "setup_seconds": server.setup_seconds,
            "sizes": server.details.get("sizes"),
            "api_user": ANALYST,
        },
        "load": {
            "generator": options.generator,
            "kind": "closed loop",
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "concurrency": options.concurrency,
        },
        "endpoints": {
            name: {
                "path": ENDPOINTS[name],
                **{key: value for key, value in result.as_dict().items() if key != "url"},
                "check": checks[name],
            }
            for name, result in results.items()
        },
        "exactness": exactness,
        "goal": "p95 <= 300 ms on PostgreSQL at 5,000,000 acts",
        "errors": sum(result.errors for result in results.values()),
        "machine": machine,
        "summary": [
            f"{name:<16} p95 {result.p95_ms:.1f} ms, median {result.median_ms:.1f} ms, "
            f"{result.requests_per_second:.1f} req/s"
            for name, result in results.items()
        ],
    }


SCENARIO = Scenario(
    name=NAME,
    description="Violations: monthly counts by country, counts by type of act and early-warning "
    "scores over the API at the large scale (200,000 events, ~5,000,000 acts), under "
    "closed-loop load, gunicorn with 2 workers; counts checked exact after a record and an edit.",
    run=run,
)
