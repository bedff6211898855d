"""A production-like Tutela server on loopback for one benchmark run.

`tutela_server()` prepares a fresh database in a temporary TUTELA_VAR_DIR (migrate,
load_reference_data, demo_data), starts gunicorn with DEBUG off and secrets generated for the
run, waits until /api/v1/health answers, and stops everything afterwards — including the
PostgreSQL database `tutela_bench` when the run uses PostgreSQL.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parent.parent
BIN_DIR = Path(sys.executable).parent
HOST = "127.0.0.1"
SETTINGS_MODULE = "bench.floor_settings"
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "tutela_bench"
DEFAULT_DATA = ("--scale", "large", "--seed", "7")
WORKERS = 2
STARTUP_TIMEOUT = 60.0

# Run once inside the prepared environment: an API token for a demo user, and the table sizes.
_SETUP_SCRIPT = """
import json, sys
import django
django.setup()
from django.db import connection
from tutela.accounts.models import User
from tutela.accounts.services import api_token_create
from tutela.organizations.models import Organization, Unit
user = User.objects.get(email=sys.argv[1])
issued = api_token_create(user=user, name="bench", days=1)
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
    )
    version = cursor.fetchone()[0]
print(json.dumps({
    "token": issued.plaintext,
    "database_version": version,
    "sizes": {
        "organizations": Organization.objects.count(),
        "units": Unit.objects.count(),
        "users": User.objects.count(),
    },
}))
"""


class BenchError(RuntimeError):
    """A benchmark could not be set up or its server misbehaved."""


@dataclass
class Server:
    """A running gunicorn serving Tutela (and the floor view) on loopback."""

    base_url: str
    database: str
    env: dict[str, str]
    var_dir: Path
    workers: int
    data_command: list[str]
    setup_seconds: float
    gunicorn_version: str
    details: dict[str, Any] = field(default_factory=dict)

    def api_token(self, email: str) -> str:
        """Create an API token for `email` (a demo user) and remember the database's sizes."""
        output = _run([sys.executable, "-c", _SETUP_SCRIPT, email], env=self.env, capture=True)
        found = json.loads(output.strip().splitlines()[-1])
        self.details["database_version"] = str(found["database_version"])
        self.details["sizes"] = found["sizes"]
        token: str = found["token"]
        return token


def _field_key(key_id: str) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _run(command: Sequence[str], *, env: dict[str, str], capture: bool = False) -> str:
    completed = subprocess.run(
        list(command), env=env, cwd=REPO_DIR, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BenchError(
            f"{' '.join(command[:3])} failed ({completed.returncode}):\n"
            f"{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}"
        )
    return completed.stdout if capture else ""


def server_environment(var_dir: Path, database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off) with secrets made up for this run only."""
    env = dict(os.environ)
    for name in ("REDIS_URL", "BEHIND_PROXY", "DATABASE_CONN_MAX_AGE", "EMAIL_BACKEND"):
        env.pop(name, None)
    python_path = [str(REPO_DIR), str(REPO_DIR / "src")]
    if env.get("PYTHONPATH"):
        python_path.append(env["PYTHONPATH"])
    env.update(
        {
            "DEBUG": "0",
            # No mail server here: the demo's notifications go nowhere.
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "TUTELA_FIELD_KEYS": _field_key("bench1"),
            "TUTELA_IDENTITY_KEYS": _field_key("ibench1"),
            "ALLOWED_HOSTS": HOST,
            "SECURE_COOKIES": "0",
            "TUTELA_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "PYTHONPATH": os.pathsep.join(python_path),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty database `tutela_bench`, dropped afterwards; yields its URL."""
    import psycopg  # only PostgreSQL runs need it

    def admin(statement: str) -> None:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(statement)

    admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {POSTGRES_DATABASE}")
    try:
        yield f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    finally:
        admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            status, _ = _get(url)
        except OSError:
            status = 0
        if status == 200:
            return
        time.sleep(0.25)
    raise BenchError(f"{url} did not answer 200 within {STARTUP_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def _database(kind: str, var_dir: Path) -> Iterator[str]:
    if kind == "postgresql":
        with postgres_database() as url:
            yield url
    elif kind == "sqlite":
        yield f"sqlite:///{var_dir / 'tutela.sqlite3'}"
    else:
        raise BenchError(f"Unknown database {kind!r} (sqlite or postgresql).")


@contextmanager
def tutela_server(
    *, database: str = "sqlite", data: Sequence[str] = DEFAULT_DATA, workers: int = WORKERS
) -> Iterator[Server]:
    """Prepare a fresh database with demo data, run gunicorn on it, and stop it afterwards."""
    with (
        tempfile.TemporaryDirectory(prefix="tutela-bench-") as temporary,
        _database(database, Path(temporary)) as database_url,
    ):
        var_dir = Path(temporary)
        (var_dir / "static").mkdir()  # WhiteNoise expects STATIC_ROOT; the API needs no files.
        env = server_environment(var_dir, database_url)
        tutela = str(BIN_DIR / "tutela")
        data_command = ["demo_data", *data]
        started = time.monotonic()
        print(f"  preparing the {database} database: migrate, reference data, {data_command}…")
        _run([tutela, "migrate", "--no-input"], env=env)
        _run([tutela, "load_reference_data"], env=env)
        _run([tutela, *data_command], env=env)
        setup_seconds = time.monotonic() - started
        print(f"  database ready in {setup_seconds:.0f} s")

        port = _free_port()
        log = var_dir / "gunicorn.log"
        gunicorn_version = _run(
            [str(BIN_DIR / "gunicorn"), "--version"], env=env, capture=True
        ).strip()
        gunicorn_version = gunicorn_version.replace("(version ", "").rstrip(")")
        command = [
            str(BIN_DIR / "gunicorn"),
            "tutela.config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--error-logfile",
            str(log),
            "--log-level",
            "warning",
        ]
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                command, env=env, cwd=REPO_DIR, stdout=log_file, stderr=subprocess.STDOUT
            )
        base_url = f"http://{HOST}:{port}"
        try:
            _wait_until_healthy(process, f"{base_url}/api/v1/health", log)
            yield Server(
                base_url=base_url,
                database=database,
                env=env,
                var_dir=var_dir,
                workers=workers,
                data_command=data_command,
                setup_seconds=round(setup_seconds, 1),
                gunicorn_version=gunicorn_version,
            )
        finally:
            _stop(process)
