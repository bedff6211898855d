"""`risks_quarterly`: the risk module at the issue's large scale, in process.

A fresh database (SQLite, or PostgreSQL with --database postgresql) is migrated, then filled in
bulk: 500 units, each with a misconduct/SEA register of 2,000 risks (1,000,000 risks, levels
from the shipped 5x5), and one report per unit for each of four quarters submitted to one
receiving body (the last quarter generated from the registers by the service; the three
before carry the same summary). Measured, each in the same process:

1. Generating one unit's quarterly report (2,000 risks) with the service — goal <= 1 s.
2. The receiving body's consolidated view (heat map, levels by unit, trend, late and missing
   reports) across the 500 units — goal p95 <= 200 ms on PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.scenarios.base import Options, Scenario
from bench.server import BIN_DIR, BenchError, _database, _run, server_environment

NAME = "risks_quarterly"
UNITS = 500
RISKS_PER_UNIT = 2000
RUNS = 5
SAMPLES = 30

_SCRIPT = r"""
import json, statistics, sys, time
import django
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from tutela.accounts.models import Membership, User
from tutela.organizations.models import Body, Organization, Unit
from tutela.risks import selectors, services
from tutela.risks.models import QuarterlyReport, Register, Risk, RiskMatrix
from tutela.risks.reports import previous_quarter, quarter_of

units_wanted, per_unit, runs, samples = (int(value) for value in sys.argv[1:5])
services.library_load(actor=None)
matrix = RiskMatrix.objects.get(code="five-by-five", version=1)
likelihood = [level["code"] for level in matrix.likelihood_levels]
impact = [level["code"] for level in matrix.impact_levels]
body = Body.objects.create(acronym="CDS-BENCH", name="Conduct and Discipline", kind="service")
organization = Organization.objects.create(acronym="BENCH", name="Bench organization", type="other")
started = time.perf_counter()
with transaction.atomic():
    Unit.objects.bulk_create(
        [Unit(organization=organization, name=f"Mission {n}", type="mission", country="CD")
         for n in range(units_wanted)],
        batch_size=1000,
    )
    units = list(Unit.objects.filter(organization=organization).order_by("pk"))
    Register.objects.bulk_create(
        [Register(name=f"{unit.name} SEA register", kind="misconduct_sea",
                  organization=organization, unit=unit, matrix=matrix) for unit in units],
        batch_size=1000,
    )
    registers = list(Register.objects.filter(organization=organization).order_by("pk"))
for register in registers:
    rows = []
    for number in range(per_unit):
        li, im = likelihood[number % 5], impact[(number // 5 + register.pk) % 5]
        rl = likelihood[max(0, number % 5 - 1)]
        rows.append(Risk(
            register=register, number=number + 1, title=f"Risk {number + 1}",
            prong="prevention", inherent_likelihood=li, inherent_impact=im,
            inherent_level=matrix.level_for(li, im), residual_likelihood=rl,
            residual_impact=im, residual_level=matrix.level_for(rl, im), treatment="reduce",
        ))
    Risk.objects.bulk_create(rows, batch_size=2000)
fill_seconds = time.perf_counter() - started

last = previous_quarter(*quarter_of(timezone.localdate()))
quarters = [last]
for _ in range(3):
    quarters.insert(0, previous_quarter(*quarters[0]))
generate = []
for run in range(runs):
    moment = time.perf_counter()
    services.report_generate(
        actor=None, unit=units[0], year=last[0], quarter=last[1], receiving_body=body
    )
    generate.append(time.perf_counter() - moment)
started = time.perf_counter()
for unit in units:
    report = services.report_generate(
        actor=None, unit=unit, year=last[0], quarter=last[1], receiving_body=body
    )
    report = services.report_submit(actor=None, report=report)
    QuarterlyReport.objects.bulk_create([
        QuarterlyReport(unit=unit, year=year, quarter=quarter, receiving_body=body,
                        status="submitted", snapshot={}, summary=report.summary,
                        generated_at=report.generated_at, submitted_at=report.submitted_at,
                        snapshot_sha256=report.snapshot_sha256)
        for year, quarter in quarters[:-1]
    ])
reports_seconds = time.perf_counter() - started
reviewer = User.objects.create_user("reviewer@bench.example", "x" * 20, full_name="Reviewer")
Membership.objects.create(user=reviewer, role="conduct_reviewer", body=body)
reviewer = User.objects.get(pk=reviewer.pk)
consolidated = []
for _ in range(samples + 3):
    moment = time.perf_counter()
    view = selectors.consolidated(user=reviewer, year=last[0], quarter=last[1])
    consolidated.append(time.perf_counter() - moment)
consolidated = sorted(consolidated[3:])
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
    )
    version = cursor.fetchone()[0]
print(json.dumps({
    "database": connection.vendor,
    "database_version": version,
    "sizes": {"units": len(units), "risks": Risk.objects.count(),
              "reports": QuarterlyReport.objects.count()},
    "fill_seconds": round(fill_seconds, 1),
    "reports_seconds": round(reports_seconds, 1),
    "generate_seconds": [round(value, 4) for value in generate],
    "consolidated_seconds": [round(value, 4) for value in consolidated],
    "consolidated_rows": len(view.rows),
}))
"""


def run(options: Options) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="tutela-bench-") as temporary,
        _database(options.database, Path(temporary)) as database_url,
    ):
        env = server_environment(Path(temporary), database_url)
        env["DJANGO_SETTINGS_MODULE"] = "tutela.config.settings"
        try:
            _run([str(BIN_DIR / "tutela"), "migrate", "--no-input"], env=env)
        except BenchError as error:
            return {"scenario": NAME, "errors": 1, "summary": [str(error)]}
        completed = subprocess.run(
            [
                sys.executable,
                "-c",
                _SCRIPT,
                str(UNITS),
                str(RISKS_PER_UNIT),
                str(RUNS),
                str(SAMPLES),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        return {
            "scenario": NAME,
            "errors": 1,
            "summary": [f"{NAME} failed: {completed.stderr.strip()[-2000:]}"],
        }
    figures: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    generate = sorted(figures["generate_seconds"])
    consolidated = figures["consolidated_seconds"]
    p95 = consolidated[max(0, int(len(consolidated) * 0.95) - 1)]
    figures.update(
        {
            "scenario": NAME,
            "errors": 0,
            "generate_median_seconds": generate[len(generate) // 2],
            "generate_max_seconds": generate[-1],
            "consolidated_median_seconds": consolidated[len(consolidated) // 2],
            "consolidated_p95_seconds": p95,
            "goals": {"generate_seconds": 1.0, "consolidated_p95_seconds_postgresql": 0.2},
        }
    )
    figures["summary"] = [
        f"{figures['sizes']['units']} units, {figures['sizes']['risks']:,} risks, "
        f"{figures['sizes']['reports']} reports ({figures['database']} "
        f"{figures['database_version']}); bulk fill {figures['fill_seconds']} s.",
        f"One unit's quarterly report (2,000 risks): median "
        f"{figures['generate_median_seconds']:.3f} s, slowest "
        f"{figures['generate_max_seconds']:.3f} s (goal <= 1 s).",
        f"Consolidated view of {figures['consolidated_rows']} units: median "
        f"{figures['consolidated_median_seconds'] * 1000:.0f} ms, p95 "
        f"{p95 * 1000:.0f} ms (goal p95 <= 200 ms on PostgreSQL).",
    ]
    return figures


SCENARIO = Scenario(
    name=NAME,
    description="Quarterly report generation and the consolidated view at 500 units and "
    "1,000,000 risks.",
    run=run,
)
