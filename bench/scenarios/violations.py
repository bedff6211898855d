"""`violations`: monthly counts by country, counts by type of act, monthly counts of one type of
act, and the early-warning scores, at the large scale (200,000 events in the DRC, about
5,000,000 acts; seed 7), under load.

One gunicorn (2 sync workers) serves the large demo data set of this module (the other modules
small: `demo_data --large-only violations`). Measured with the demo analyst's API token; the
goal is p95 <= 300 ms on PostgreSQL. Then, outside the load, an event is recorded and another
edited through the services, and the counts are compared with a direct count in the database;
two processes then edit ten events each of one month at the same time, and every kept tally is
compared with a recount of the records (they must stay exact).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any

from bench import report
from bench.load import LoadResult, run_load
from bench.scenarios.base import Options, Scenario
from bench.server import BIN_DIR, REPO_DIR, BenchError, Server, _run, tutela_server

NAME = "violations"
LARGE_EVENTS = 200_000
ANALYST = "analyst@tutela.example"
OFFICER = "human.rights.officer@tutela.example"
ENDPOINTS = {
    "monthly_counts": "/api/v1/violations/counts?by=month&country=CD",
    "act_type_counts": "/api/v1/violations/counts?by=act_type&country=CD",
    # One type of act (death in a massacre, a term without narrower ones) month by month.
    "monthly_one_act_type": "/api/v1/violations/counts?by=month&country=CD&act_type=010104000000",
    "early_warning": "/api/v1/violations/early-warning",
}
# The same through the pages, signed in as the analyst (a session cookie).
PAGES = {
    "analysis_page": "/violations/analysis/?by=month&country=CD",
    "early_warning_page": "/violations/early-warning/",
}

_SESSION_SCRIPT = """
import sys
import django
django.setup()
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from tutela.accounts.models import User

user = User.objects.get(email=sys.argv[1])
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
"""

# Records an event and edits another through the services; the API's totals must follow. Then
# two processes edit ten events each of one month at the same time, and the kept tallies are
# compared with a recount of every record.
_EXACTNESS_SCRIPT = """
import json, sys
import django
django.setup()
from tutela.accounts.models import User
from tutela.violations import selectors
from tutela.violations.models import Act, Event
from tutela.violations.services import event_create, event_update
from tutela.violations.tallies import tally_differences
from tests.support.violations_factories import event_input

officer = User.objects.get(email=sys.argv[1])
mode = sys.argv[2]
filters = selectors.EventFilters(country="CD")

def counts():
    total = selectors.violation_counts(user=officer, by="month", filters=filters).total
    return {
        "events": total.events,
        "acts": total.acts,
        "direct_events": Event.objects.filter(country="CD").count(),
        "direct_acts": Act.objects.filter(event__country="CD").count(),
    }

def exact(found):
    return found["events"] == found["direct_events"] and found["acts"] == found["direct_acts"]

if mode == "record":
    before = counts()
    event_create(actor=officer, data=event_input("CD"))
    edited = Event.objects.filter(country="CD", title__startswith="Attack").first()
    data = event_input("CD", title="Edited by the benchmark")
    data.acts = data.acts[:1]
    event_update(actor=officer, event=edited, data=data)
    after = counts()
    print(json.dumps({"before": before, "after": after, "exact": exact(before) and exact(after)}))
elif mode == "edit":
    first = Event.objects.filter(country="CD", title__startswith="Recorded").order_by("pk").first()
    day = first.start_date
    month = Event.objects.filter(
        country="CD", start_date__year=day.year, start_date__month=day.month
    ).order_by("pk")
    for event in list(month[int(sys.argv[3]) :: 2][:10]):
        data = event_input("CD", title=event.title + " (edited)", start_date=event.start_date)
        event_update(actor=officer, event=event, data=data)
    print(json.dumps({"edited": 10}))
else:
    differences = tally_differences()
    print(json.dumps({"after": counts(), "tally_differences": len(differences),
                      "first_differences": differences[:5]}))
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
    check: dict[str, Any] = {"status": status, "body_bytes": len(body)}
    if "/api/" not in url:  # a page: its status is the check
        return check
    found = json.loads(body)
    if isinstance(found, dict) and "rows" in found:
        check["rows"] = len(found["rows"])
        check["events"] = found["total"]["events"]
    return check


def _measure(
    server: Server, options: Options
) -> tuple[dict[str, Any], dict[str, LoadResult], dict[str, LoadResult], dict[str, Any]]:
    token = server.api_token(ANALYST)
    # The pages need the hashed static files' manifest (production storage); the workers read
    # it on their first page, which comes after this.
    _run([str(BIN_DIR / "tutela"), "collectstatic", "--no-input", "-v0"], env=server.env)
    headers = {"Authorization": f"Bearer {token}"}
    cookie = _run([sys.executable, "-c", _SESSION_SCRIPT, ANALYST], env=server.env, capture=True)
    page_headers = {"Cookie": cookie.strip().splitlines()[-1]}
    targets = {
        **{name: (path, headers) for name, path in ENDPOINTS.items()},
        **{name: (path, page_headers) for name, path in PAGES.items()},
    }
    checks = {name: _check(server.base_url + path, sent) for name, (path, sent) in targets.items()}
    results: dict[str, LoadResult] = {}
    latencies: dict[str, LoadResult] = {}
    for name, (path, sent) in targets.items():
        print(f"  {name}: {path} — {options.warmup:g} s warm-up, {options.duration:g} s load…")
        results[name] = run_load(
            server.base_url + path,
            headers=sent,
            duration=options.duration,
            warmup=options.warmup,
            concurrency=options.concurrency,
            generator=options.generator,
        )
        print(f"  {name}: one request at a time, {options.duration:g} s…")
        latencies[name] = run_load(
            server.base_url + path,
            headers=sent,
            duration=options.duration,
            warmup=options.warmup,
            concurrency=1,
            generator=options.generator,
        )
    script = [sys.executable, "-c", _EXACTNESS_SCRIPT, OFFICER]
    output = _run([*script, "record"], env=server.env, capture=True)
    exactness = json.loads(output.strip().splitlines()[-1])
    if not exactness["exact"]:
        raise BenchError(f"counts drifted: {exactness}")
    editors = [
        subprocess.Popen([*script, "edit", str(offset)], env=server.env, cwd=REPO_DIR)
        for offset in (0, 1)
    ]
    if any(editor.wait() != 0 for editor in editors):
        raise BenchError("a concurrent editor failed")
    output = _run([*script, "check"], env=server.env, capture=True)
    checked = json.loads(output.strip().splitlines()[-1])
    exactness["concurrent_edits"] = 20
    exactness["after_concurrent_edits"] = checked
    if checked["tally_differences"] or not (
        checked["after"]["events"] == checked["after"]["direct_events"]
        and checked["after"]["acts"] == checked["after"]["direct_acts"]
    ):
        raise BenchError(f"counts drifted under concurrent edits: {checked}")
    return checks, results, latencies, exactness


def run(options: Options) -> dict[str, Any]:
    machine = report.machine()
    # The full large scale for this benchmark (the default large demo keeps 20,000 events).
    os.environ["TUTELA_DEMO_VIOLATION_EVENTS"] = os.environ.get(
        "TUTELA_BENCH_VIOLATION_EVENTS", str(LARGE_EVENTS)
    )
    # Only the violations module at large scale: the others' data does not touch these queries.
    data = ("--scale", "large", "--large-only", "violations", "--seed", "7")
    with tutela_server(database=options.database, data=data) as server:
        checks, results, latencies, exactness = _measure(server, options)
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
                "path": {**ENDPOINTS, **PAGES}[name],
                **{key: value for key, value in result.as_dict().items() if key != "url"},
                "check": checks[name],
            }
            for name, result in results.items()
        },
        "one_request_at_a_time": {
            name: {key: value for key, value in result.as_dict().items() if key != "url"}
            for name, result in latencies.items()
        },
        "exactness": exactness,
        "goal": "p95 <= 300 ms on PostgreSQL at 5,000,000 acts",
        "errors": sum(result.errors for result in [*results.values(), *latencies.values()]),
        "machine": machine,
        "summary": [
            f"{name:<21} {options.concurrency} at once: p95 {result.p95_ms:.1f} ms, median "
            f"{result.median_ms:.1f} ms, {result.requests_per_second:.1f} req/s; one at a time: "
            f"p95 {latencies[name].p95_ms:.1f} ms, median {latencies[name].median_ms:.1f} ms"
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
