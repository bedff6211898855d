"""`cases_intake`: anonymous report submissions through the app API (receipts hashed with
Argon2id, content encrypted per report), receipt sign-in latency, and crash safety.

One gunicorn (2 sync workers) on a fresh database with the reference data only. Proofs of
work are solved before the load (they cost the sender, not the server, which checks one
SHA-256), at 12 bits instead of 16 to keep the solving short on this machine.

1. Throughput: `concurrency` threads submit reports for `duration` seconds; submissions
   per second and latency.
2. Receipt sign-in: one at a time, `POST /reporter/status` with the receipts just made.
3. Crash: while 4 threads submit (each retrying with the same client token until it gets an
   answer), the whole gunicorn process group is killed with SIGKILL 5 times and restarted.
   Afterwards every acknowledged receipt must open its report, the number of reports must
   equal the number of distinct client tokens, and re-sending acknowledged requests must
   create nothing.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import secrets
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench import report
from bench.scenarios.base import Options, Scenario
from bench.server import (
    BIN_DIR,
    HOST,
    REPO_DIR,
    BenchError,
    _free_port,
    _run,
    _wait_until_healthy,
    server_environment,
)

NAME = "cases_intake"
POW_BITS = 12
KILLS = 5
CRASH_THREADS = 4
SIGN_INS = 40

_ORGANIZATION_SCRIPT = """
from tutela.organizations.models import Organization
print(Organization.objects.order_by("pk").values_list("pk", flat=True).first())
"""
_DIGESTS_SCRIPT = """
import json
from tutela.cases.models import Report
print(json.dumps(list(Report.objects.values_list("client_token_digest", flat=True))))
"""
_COUNT_SCRIPT = """
from tutela.cases.models import Report
print(Report.objects.count())
"""


def _solve(challenge: str) -> str:
    bits = int(challenge.split(".")[0])
    counter = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
        value = int.from_bytes(digest, "big")
        if value >> (256 - bits) == 0:
            return str(counter)
        counter += 1


def _call(url: str, body: dict[str, Any] | None = None, timeout: float = 30.0) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


class Gunicorn:
    """gunicorn in its own process group, so that SIGKILL takes the master and workers."""

    def __init__(self, env: dict[str, str], var_dir: Path) -> None:
        self.env = env
        self.log = var_dir / "gunicorn.log"
        self.port = _free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            str(BIN_DIR / "gunicorn"),
            "tutela.config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{self.port}",
            "--error-logfile",
            str(self.log),
            "--log-level",
            "warning",
        ]
        with self.log.open("ab") as log_file:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                cwd=REPO_DIR,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_until_healthy(self.process, f"{self.base_url}/api/v1/health", self.log)

    def kill(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None


def _challenges(base_url: str, count: int) -> list[tuple[str, str]]:
    found = [
        _call(f"{base_url}/api/v1/cases/intake/challenge")[1]["challenge"] for _ in range(count)
    ]
    with ProcessPoolExecutor(max_workers=2) as pool:
        nonces = list(pool.map(_solve, found, chunksize=16))
    return list(zip(found, nonces, strict=True))


def _payload(challenge: tuple[str, str], number: int) -> dict[str, Any]:
    return {
        "client_token": secrets.token_urlsafe(24),
        "challenge": challenge[0],
        "nonce": challenge[1],
        "category": "sexual_harassment",
        "what_happened": f"Benchmark report {number}: unwelcome comments in meetings.",
        "reporter_is_affected": "yes",
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _throughput(
    server: Gunicorn, organization: int, options: Options, pool: list[tuple[str, str]]
) -> dict[str, Any]:
    url = f"{server.base_url}/api/v1/cases/intake/{organization}/reports"
    lock = threading.Lock()
    latencies: list[float] = []
    receipts: list[str] = []
    errors = 0
    deadline = time.monotonic() + options.duration

    def worker() -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            with lock:
                if not pool:
                    return
                challenge = pool.pop()
            started = time.perf_counter()
            status, body = _call(url, _payload(challenge, len(latencies)))
            elapsed = time.perf_counter() - started
            with lock:
                if status == 201:
                    latencies.append(elapsed)
                    receipts.append(body["receipt"])
                else:
                    errors += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(options.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    return {
        "submissions": len(latencies),
        "seconds": round(seconds, 2),
        "per_second": round(len(latencies) / seconds, 1),
        "latency_ms": {
            "p50": round(_percentile(latencies, 0.5) * 1000, 1),
            "p95": round(_percentile(latencies, 0.95) * 1000, 1),
            "mean": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0,
        },
        "errors": errors,
        "ran_out_of_challenges": not pool,
        "_receipts": receipts,
    }


def _sign_ins(server: Gunicorn, receipts: list[str]) -> dict[str, Any]:
    url = f"{server.base_url}/api/v1/cases/reporter/status"
    latencies, errors = [], 0
    for receipt in receipts[:SIGN_INS]:
        started = time.perf_counter()
        status, _body = _call(url, {"receipt": receipt})
        latencies.append(time.perf_counter() - started)
        errors += status != 200
    wrong = []
    for number in range(5):
        started = time.perf_counter()
        _call(url, {"receipt": f"BENCH{number}-0000-0000-0000-0000-0000"})
        wrong.append(time.perf_counter() - started)
    return {
        "sign_ins": len(latencies),
        "latency_ms": {
            "p50": round(_percentile(latencies, 0.5) * 1000, 1),
            "p95": round(_percentile(latencies, 0.95) * 1000, 1),
        },
        "wrong_receipt_latency_ms_p50": round(_percentile(wrong, 0.5) * 1000, 1),
        "errors": errors,
    }


def _crash(
    server: Gunicorn, organization: int, pool: list[tuple[str, str]], env: dict[str, str]
) -> dict[str, Any]:
    url = f"{server.base_url}/api/v1/cases/intake/{organization}/reports"
    lock = threading.Lock()
    acknowledged: dict[str, tuple[dict[str, Any], str]] = {}
    retries = 0
    stop = threading.Event()

    def worker() -> None:
        nonlocal retries
        while not stop.is_set():
            with lock:
                if not pool:
                    return
                payload = _payload(pool.pop(), len(acknowledged))
            while True:  # retry the same request until the server answers it
                try:
                    status, body = _call(url, payload, timeout=10)
                except (urllib.error.URLError, OSError, http.client.HTTPException):
                    with lock:
                        retries += 1
                    time.sleep(0.2)
                    continue
                if status in (200, 201):
                    with lock:
                        acknowledged[payload["client_token"]] = (payload, body["receipt"])
                break

    threads = [threading.Thread(target=worker) for _ in range(CRASH_THREADS)]
    for thread in threads:
        thread.start()
    for _ in range(KILLS):
        time.sleep(3)
        server.kill()
        time.sleep(0.5)
        server.start()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join()
    tutela = str(BIN_DIR / "tutela")
    rows_before_resend = _shell_number(tutela, _COUNT_SCRIPT, env)
    # Re-send a sample of acknowledged requests: no new report, the same receipt.
    sample = list(acknowledged.values())[:30]
    resend_same = sum(
        1 for payload, receipt in sample if _call(url, payload)[1].get("receipt") == receipt
    )
    rows_after_resend = _shell_number(tutela, _COUNT_SCRIPT, env)
    output = _run([tutela, "shell", "-c", _DIGESTS_SCRIPT], env=env, capture=True)
    digests = json.loads(output.strip().splitlines()[-1])
    expected = {
        hashlib.sha256(f"{organization}:{token}".encode()).hexdigest() for token in acknowledged
    }
    per_token: dict[str, int] = {}
    for digest in digests:
        per_token[digest] = per_token.get(digest, 0) + 1
    status_url = f"{server.base_url}/api/v1/cases/reporter/status"
    lost = sum(
        1
        for _payload_, receipt in acknowledged.values()
        if _call(status_url, {"receipt": receipt})[0] != 200
    )
    return {
        "kills": KILLS,
        "acknowledged": len(acknowledged),
        "retried_requests": retries,
        "lost_acknowledged_reports": lost,
        "resent": len(sample),
        "resent_returned_same_receipt": resend_same,
        "reports_created_by_resending": rows_after_resend - rows_before_resend,
        "crash_phase_reports": rows_before_resend,
        "acknowledged_without_report": len(expected - set(per_token)),
        "client_tokens_with_several_reports": sum(1 for n in per_token.values() if n > 1),
    }


def _shell_number(tutela: str, script: str, env: dict[str, str]) -> int:
    """The number a `tutela shell -c` script prints last (the shell prints a banner first)."""
    output = _run([tutela, "shell", "-c", script], env=env, capture=True)
    return int(output.strip().splitlines()[-1])


def run(options: Options) -> dict[str, Any]:
    if options.database != "sqlite":
        raise BenchError("cases_intake runs on SQLite only (the crash test kills the server).")
    with tempfile.TemporaryDirectory(prefix="tutela-bench-cases-") as temporary:
        var_dir = Path(temporary)
        (var_dir / "static").mkdir()
        env = server_environment(var_dir, f"sqlite:///{var_dir / 'bench.sqlite3'}")
        env["TUTELA_CASES_POW_BITS"] = str(POW_BITS)
        tutela = str(BIN_DIR / "tutela")
        _run([tutela, "migrate", "--no-input"], env=env)
        _run([tutela, "load_reference_data"], env=env)
        organization = _shell_number(tutela, _ORGANIZATION_SCRIPT, env)
        server = Gunicorn(env, var_dir)
        server.start()
        try:
            budget = int(max(30, options.duration * 40 * 1.5))
            pool = _challenges(server.base_url, budget)
            throughput = _throughput(server, organization, options, pool)
            receipts = throughput.pop("_receipts")
            sign_ins = _sign_ins(server, receipts)
            crash_pool = _challenges(server.base_url, 700)
            # A fresh database count for the crash phase: remember the reports so far.
            before = _shell_number(tutela, _COUNT_SCRIPT, env)
            crash = _crash(server, organization, crash_pool, env)
            crash["crash_phase_reports"] -= before
            # Reports beyond the acknowledged ones: committed, but the client never heard back
            # (it stopped retrying); never a second report for one client token.
            crash["unacknowledged_reports"] = crash["crash_phase_reports"] - crash["acknowledged"]
            crash["duplicates"] = crash["client_tokens_with_several_reports"]
        finally:
            server.kill()
    errors = throughput["errors"] + sign_ins["errors"] + crash["lost_acknowledged_reports"]
    errors += crash["acknowledged_without_report"]
    errors += max(0, crash["duplicates"]) + crash["reports_created_by_resending"]
    return {
        "scenario": NAME,
        "generated_at": report.utc_now(),
        "commit": report.git_commit(),
        "machine": report.machine(),
        "load_average": report.load_average(),
        "options": {"duration": options.duration, "concurrency": options.concurrency},
        "proof_of_work_bits": POW_BITS,
        "throughput": throughput,
        "receipt_sign_in": sign_ins,
        "crash": crash,
        "errors": errors,
        "summary": [
            f"submissions: {throughput['per_second']}/s over {throughput['seconds']} s "
            f"(p50 {throughput['latency_ms']['p50']} ms, p95 {throughput['latency_ms']['p95']} ms)",
            f"receipt sign-in: p50 {sign_ins['latency_ms']['p50']} ms, "
            f"p95 {sign_ins['latency_ms']['p95']} ms",
            f"crash: {crash['kills']} x SIGKILL, {crash['acknowledged']} acknowledged, "
            f"{crash['lost_acknowledged_reports']} lost, {crash['duplicates']} duplicates, "
            f"{crash['reports_created_by_resending']} created by re-sending",
        ],
    }


SCENARIO = Scenario(
    name=NAME,
    description="Anonymous API submissions per second, receipt sign-in latency, kill -9 safety.",
    run=run,
)
