"""Browser tests: a real Tutela (gunicorn, its own fresh database, demo data) driven by Chromium.

Nothing here touches Django's test database or pytest-django's `db`/`live_server` fixtures:
Playwright's event loop must not share a process with database setup. The server runs in a
subprocess with its own environment, and the tests only speak HTTP to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.browser.harness import A11Y_ADMINISTRATOR, DEMO_PASSWORD, TIMEOUT_MS, NewContext

PROJECT_DIR = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120

# A second administrator for the accessibility checks, so that the two-factor journey of
# administrator@tutela.example finds it not yet enrolled whatever order the tests run in.
EXTRA_USERS_SCRIPT = f"""
from tutela.accounts.demo import administrator_permissions_grant
from tutela.accounts.roles import Role
from tutela.accounts.services import membership_grant, user_create
user = user_create(actor=None, email={A11Y_ADMINISTRATOR!r}, full_name="Ada Lovelace",
                   password={DEMO_PASSWORD!r})
membership_grant(actor=None, user=user, role=Role.ADMINISTRATOR)
administrator_permissions_grant(user)
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _database(var_dir: Path) -> Iterator[str]:
    """SQLite in the temporary directory; on a PostgreSQL run, a fresh PostgreSQL database."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{var_dir / 'browser.sqlite3'}"
        return
    import psycopg

    base, _, name = configured.rpartition("/")
    browser_name = f"{name.split('?')[0]}_browser"
    admin_url = f"{base}/postgres"

    def run(statement: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(statement)

    run(f'DROP DATABASE IF EXISTS "{browser_name}"')
    run(f'CREATE DATABASE "{browser_name}"')
    try:
        yield f"{base}/{browser_name}"
    finally:
        run(f'DROP DATABASE IF EXISTS "{browser_name}" WITH (FORCE)')


def _server_environment(var_dir: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("SECRET_KEY", "TUTELA_FIELD_KEYS", "TUTELA_IDENTITY_KEYS", "REDIS_URL"):
        env.pop(name, None)  # development secrets are generated under var_dir; local cache
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tutela.config.settings",
            "DEBUG": "1",
            "TUTELA_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "AXES_FAILURE_LIMIT": "5",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 — fixed arguments, our own interpreter
        [sys.executable, "-m", "tutela.manage", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"tutela {' '.join(args[:1])} failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}",
            pytrace=False,
        )


def _wait_until_healthy(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"Tutela did not answer /api/v1/health in time:\n{log.read_text()[-4000:]}")


@dataclass(frozen=True)
class Server:
    url: str
    var_dir: Path
    env: dict[str, str]


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], log: Path, workers: int) -> Iterator[str]:
    """Run Tutela under gunicorn with `env` until the block ends; yields its base URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as log_file:
        server = subprocess.Popen(  # noqa: S603 — fixed arguments, our own interpreter
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tutela.config.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)


@pytest.fixture(scope="session")
def tutela_server() -> Iterator[Server]:
    """A running development Tutela (DEBUG=1) with small demo data in a temporary directory."""
    with (
        tempfile.TemporaryDirectory(prefix="tutela-browser-") as tmp,
        _database(Path(tmp)) as database_url,
    ):
        var_dir = Path(tmp)
        env = _server_environment(var_dir, database_url)
        _manage(env, "migrate", "--no-input")
        _manage(env, "demo_data", "--scale", "small", "--seed", "1")
        _manage(env, "shell", "-c", EXTRA_USERS_SCRIPT)
        with _gunicorn(env, var_dir / "gunicorn.log", workers=2) as url:
            yield Server(url=url, var_dir=var_dir, env=env)


@pytest.fixture(scope="session")
def base_url(tutela_server: Server) -> str:
    """The development server's address, e.g. http://127.0.0.1:41234."""
    return tutela_server.url


@pytest.fixture(scope="session")
def production_url(tutela_server: Server) -> Iterator[str]:
    """The same database served with DEBUG off, for what only production shows (error pages).

    It uses the development secrets the first server generated, so a session cookie from one
    server is good on the other (cookies are per host, not per port).
    """
    secrets = json.loads((tutela_server.var_dir / "development-secrets.json").read_text())
    env = {**tutela_server.env, **secrets, "DEBUG": "0", "SECURE_COOKIES": "0"}
    env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    _manage(env, "collectstatic", "--no-input")
    with _gunicorn(env, tutela_server.var_dir / "gunicorn-production.log", workers=1) as url:
        yield url


def _chromium_path() -> str:
    path = os.environ.get("TUTELA_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is missing: apt-get install -y chromium", pytrace=False)
    return path


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    expect.set_options(timeout=TIMEOUT_MS)  # a busy 2-core machine: be patient
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Never let Playwright download a browser: always the system's Chromium.
    chromium = playwright.chromium.launch(executable_path=_chromium_path(), headless=True)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser: Browser, base_url: str) -> Iterator[NewContext]:
    """Make fresh browser contexts (separate cookie jars), closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("base_url", base_url)
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: NewContext) -> Page:
    return new_context().new_page()
