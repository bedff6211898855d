"""`monitoring_dashboard`: the monitoring dashboard at the large scale (60 organizations x 500
action points x 10 cycles), its page and its API under load, and importing a 500-row reporting
workbook.

One gunicorn (2 sync workers) serves the large demo data set (seed 7). Measured, after the
floor: the secretariat's dashboard page of the open cycle (one framework section, 25 nodes x 60
organizations), a signed-in viewer's published dashboard page, the dashboard API of the open
cycle (one section, and the whole 500 x 60 matrix). Then, outside the load, a prefilled
workbook of one organization (500 rows) is changed and imported back through the service, five
times, and the import durations are recorded.
"""

from __future__ import annotations

import json
import statistics
import sys
import urllib.error
import urllib.request
from typing import Any

from bench import report
from bench.load import LoadResult, run_load
from bench.scenarios.base import Options, Scenario
from bench.server import BIN_DIR, BenchError, Server, _run, tutela_server

NAME = "monitoring_dashboard"
SECRETARIAT = "secretariat@tutela.example"
VIEWER = "viewer@tutela.example"
FLOOR = "floor"
LARGE_SLUG = "large-monitoring-framework"
IMPORT_RUNS = 5
# Latency as one person sees it: one request in flight at a time.
LATENCY_CONCURRENCY = 1

# Prints the large framework's cycles and a signed-in, two-factor-verified session per user.
_SETUP_SCRIPT = """
import json, sys
import django
django.setup()
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from tutela.accounts.models import User
from tutela.monitoring.models import ReportingCycle, StatusReport
from tutela.organizations.models import Organization

def session_for(email):
    user = User.objects.get(email=email)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "bench"}
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"

cycles = ReportingCycle.objects.filter(framework__slug=sys.argv[1])
opened = cycles.filter(status="open").get()
published = cycles.filter(status="published").order_by("-period_start").first()
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
    )
    version = cursor.fetchone()[0]
print(json.dumps({
    "open_cycle": opened.pk,
    "published_cycle": published.pk,
    "secretariat_cookie": session_for(sys.argv[2]),
    "viewer_cookie": session_for(sys.argv[3]),
    "database_version": version,
    "sizes": {
        "cycles": cycles.count(),
        "organizations": opened.organizations.count(),
        "reportable_nodes": opened.framework.nodes.filter(reportable=True).count(),
        "status_reports": StatusReport.objects.filter(cycle__framework__slug=sys.argv[1]).count(),
        "all_organizations": Organization.objects.count(),
    },
}))
"""

# Changes and imports one organization's 500-row workbook, IMPORT_RUNS times; prints timings.
_IMPORT_SCRIPT = """
import io, json, sys, time
import django
django.setup()
from openpyxl import load_workbook
from tutela.accounts.models import User
from tutela.frameworks.models import StatusLevel
from tutela.monitoring import selectors
from tutela.monitoring.imports import reports_import
from tutela.monitoring.models import ReportingCycle, StatusReport
from tutela.monitoring.workbooks import reporting_workbook

user = User.objects.get(email=sys.argv[2])
cycle = ReportingCycle.objects.get(pk=int(sys.argv[1]))
organization = cycle.organizations.order_by("acronym").first()
reports = selectors.organization_reports(user=user, cycle=cycle, organization=organization)
StatusReport.objects.filter(cycle=cycle, organization=organization).update(state="draft")
codes = [(level.code, level.label) for level in selectors.scale_levels(cycle=cycle)]
content = reporting_workbook(
    cycle=cycle, organization=organization, reports=reports, codes=codes, prefilled=True
)
timings, rows = [], 0
for run in range(int(sys.argv[3])):
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Status reports"]
    rows = sheet.max_row - 1
    for row in range(2, sheet.max_row + 1):
        sheet[f"D{row}"] = codes[(row + run) % len(codes)][0]
        sheet[f"E{row}"] = f"Progress reported in run {run}, row {row}."
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    started = time.perf_counter()
    result = reports_import(
        actor=user, cycle=cycle, organization=organization, upload=output
    )
    timings.append(round(time.perf_counter() - started, 3))
    if not result.accepted:
        raise SystemExit(f"import rejected: {result.rejected[:5]}")
print(json.dumps({"organization": organization.acronym, "rows": rows, "seconds": timings}))
"""


# Exports the open cycle's whole consolidated matrix (60 organizations x 500 action points),
# changes every cell and imports it back through the service, IMPORT_RUNS times.
_MATRIX_IMPORT_SCRIPT = """
import io, json, sys, time
import django
django.setup()
from openpyxl import load_workbook
from tutela.accounts.models import User
from tutela.monitoring import selectors
from tutela.monitoring.imports import matrix_import
from tutela.monitoring.dashboard import matrix
from tutela.monitoring.models import ReportingCycle, StatusReport
from tutela.monitoring.workbooks import matrix_xlsx

user = User.objects.get(email=sys.argv[2])
cycle = ReportingCycle.objects.get(pk=int(sys.argv[1]))
StatusReport.objects.filter(cycle=cycle).update(state="draft")
codes = [level.code for level in selectors.scale_levels(cycle=cycle)]
content = matrix_xlsx(matrix(user=user, cycle=cycle, all_sections=True))
timings, cells = [], 0
for run in range(int(sys.argv[3])):
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Matrix"]
    organizations = sheet.max_column - 3
    nodes = sheet.max_row - 2
    cells = organizations * nodes
    for row in range(2, nodes + 2):
        for column in range(3, organizations + 3):
            sheet.cell(row=row, column=column, value=codes[(row + column + run) % len(codes)])
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    started = time.perf_counter()
    result = matrix_import(actor=user, cycle=cycle, upload=output)
    timings.append(round(time.perf_counter() - started, 3))
    if not result.accepted:
        raise SystemExit(f"import rejected: {result.rejected[:5]}")
print(json.dumps({
    "organizations": organizations, "action_points": nodes, "cells": cells, "seconds": timings
}))
"""


def _check(url: str, headers: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, body = int(response.status), response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    if status != 200:
        raise BenchError(f"{url} answered {status}, not 200: {body[:500]!r}")
    check: dict[str, Any] = {"status": status, "body_bytes": len(body)}
    if body.startswith(b"{"):
        found = json.loads(body)
        check["organizations"] = len(found.get("organizations", []))
        check["nodes"] = len(found.get("nodes", []))
    else:
        check["table_cells"] = body.count(b"<td class=")
    return check


def _endpoints(setup: dict[str, Any], token: str) -> dict[str, tuple[str, dict[str, str]]]:
    opened, published = setup["open_cycle"], setup["published_cycle"]
    secretariat = {"Cookie": setup["secretariat_cookie"]}
    viewer = {"Cookie": setup["viewer_cookie"]}
    bearer = {"Authorization": f"Bearer {token}"}
    return {
        FLOOR: ("/bench/floor", {}),
        "dashboard_page": (f"/monitoring/cycles/{opened}/dashboard/", secretariat),
        "published_dashboard_page": (f"/monitoring/cycles/{published}/dashboard/", viewer),
        "dashboard_api": (f"/api/v1/monitoring/cycles/{opened}/dashboard", bearer),
        "dashboard_api_whole_matrix": (
            f"/api/v1/monitoring/cycles/{opened}/dashboard?all_sections=true",
            bearer,
        ),
    }


def _measure(
    server: Server, options: Options
) -> tuple[dict[str, Any], dict[str, Any], dict[str, LoadResult], dict[str, Any]]:
    token = server.api_token(SECRETARIAT)
    # The pages need the hashed static files' manifest (production storage); the workers read
    # it on their first page, which comes after this.
    _run([str(BIN_DIR / "tutela"), "collectstatic", "--no-input", "-v0"], env=server.env)
    output = _run(
        [sys.executable, "-c", _SETUP_SCRIPT, LARGE_SLUG, SECRETARIAT, VIEWER],
        env=server.env,
        capture=True,
    )
    setup = json.loads(output.strip().splitlines()[-1])
    endpoints = _endpoints(setup, token)
    checks = {
        name: _check(server.base_url + path, headers) for name, (path, headers) in endpoints.items()
    }
    results: dict[str, LoadResult] = {}
    latencies: dict[str, LoadResult] = {}
    for name, (path, headers) in endpoints.items():
        print(f"  {name}: {path} — {options.warmup:g} s warm-up, {options.duration:g} s load…")
        results[name] = run_load(
            server.base_url + path,
            headers=headers,
            duration=options.duration,
            warmup=options.warmup,
            concurrency=options.concurrency,
            generator=options.generator,
        )
        print(f"  {name}: one request at a time, {options.duration:g} s…")
        latencies[name] = run_load(
            server.base_url + path,
            headers=headers,
            duration=options.duration,
            warmup=options.warmup,
            concurrency=LATENCY_CONCURRENCY,
            generator=options.generator,
        )
    print(f"  workbook import: {IMPORT_RUNS} runs of one organization's 500-row workbook…")
    output = _run(
        [
            sys.executable,
            "-c",
            _IMPORT_SCRIPT,
            str(setup["open_cycle"]),
            SECRETARIAT,
            str(IMPORT_RUNS),
        ],
        env=server.env,
        capture=True,
    )
    imports = json.loads(output.strip().splitlines()[-1])
    imports["median_seconds"] = statistics.median(imports["seconds"])
    imports["max_seconds"] = max(imports["seconds"])
    print(f"  consolidated matrix import: {IMPORT_RUNS} runs of the whole 60 x 500 matrix…")
    output = _run(
        [
            sys.executable,
            "-c",
            _MATRIX_IMPORT_SCRIPT,
            str(setup["open_cycle"]),
            SECRETARIAT,
            str(IMPORT_RUNS),
        ],
        env=server.env,
        capture=True,
    )
    consolidated = json.loads(output.strip().splitlines()[-1])
    consolidated["median_seconds"] = statistics.median(consolidated["seconds"])
    consolidated["max_seconds"] = max(consolidated["seconds"])
    imports["consolidated"] = consolidated
    imports["latencies"] = latencies
    return setup, checks, results, {**imports, "paths": {n: p for n, (p, _) in endpoints.items()}}


def _summary(results: dict[str, LoadResult], imports: dict[str, Any]) -> list[str]:
    lines = [f"{'endpoint':<28} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'errors':>7}"]
    lines += [
        f"{name:<28} {r.requests_per_second:>8.1f} {r.median_ms:>10.2f} {r.p95_ms:>8.2f} "
        f"{r.errors:>7d}"
        for name, r in results.items()
    ]
    lines.append("one request at a time:")
    lines += [
        f"{name:<28} {r.requests_per_second:>8.1f} {r.median_ms:>10.2f} {r.p95_ms:>8.2f} "
        f"{r.errors:>7d}"
        for name, r in imports["latencies"].items()
    ]
    lines.append(
        f"workbook import ({imports['rows']} rows): median {imports['median_seconds']:.2f} s, "
        f"max {imports['max_seconds']:.2f} s"
    )
    consolidated = imports["consolidated"]
    lines.append(
        f"consolidated matrix import ({consolidated['organizations']} x "
        f"{consolidated['action_points']} = {consolidated['cells']} cells): median "
        f"{consolidated['median_seconds']:.2f} s, max {consolidated['max_seconds']:.2f} s"
    )
    return lines


def run(options: Options) -> dict[str, Any]:
    machine = report.machine()
    with tutela_server(database=options.database) as server:
        setup, checks, results, imports = _measure(server, options)
    machine["load_average_after"] = report.load_average()
    paths = imports.pop("paths")
    summary = _summary(results, imports)
    latencies: dict[str, LoadResult] = imports.pop("latencies")
    floor = results[FLOOR]
    return {
        "scenario": NAME,
        "description": SCENARIO.description,
        "date": report.utc_now(),
        "commit": report.git_commit(),
        "database": {"vendor": options.database, "version": setup.get("database_version")},
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
            "sizes": setup["sizes"],
            "users": {"pages_and_api": SECRETARIAT, "published_page": VIEWER},
        },
        "load": {
            "generator": floor.generator,
            "kind": "closed loop",
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "concurrency": options.concurrency,
        },
        "endpoints": {
            name: {
                "path": paths[name],
                **{key: value for key, value in result.as_dict().items() if key != "url"},
                "check": checks[name],
            }
            for name, result in results.items()
        },
        "one_request_at_a_time": {
            name: {key: value for key, value in result.as_dict().items() if key != "url"}
            for name, result in latencies.items()
        },
        "workbook_import": imports,
        "goals": {"dashboard_p95_ms_postgresql": 100, "workbook_import_seconds": 5},
        "errors": sum(result.errors for result in [*results.values(), *latencies.values()]),
        "machine": machine,
        "summary": summary,
    }


SCENARIO = Scenario(
    name=NAME,
    description="Monitoring dashboard at 60 organizations x 500 action points x 10 cycles: the "
    "secretariat's page (one section), a viewer's published page, the dashboard API (one "
    "section and the whole matrix) under closed-loop load and one request at a time, gunicorn "
    "with 2 workers, next to the floor; importing one organization's 500-row reporting "
    "workbook and the secretariat's consolidated 60 x 500 matrix (5 runs each).",
    run=run,
)
