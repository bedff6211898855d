"""What the browser journeys share: signing in, two-factor codes, and axe-core checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

DEMO_PASSWORD = "Tutela-demo-2026"
DEMO_DOMAIN = "tutela.example"
# Created by the conftest for the accessibility checks of the admin and two-factor pages.
A11Y_ADMINISTRATOR = f"a11y.administrator@{DEMO_DOMAIN}"
TIMEOUT_MS = 30_000
AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
# Impacts that fail a page; TUTELA_AXE_IMPACTS=minor,moderate,serious,critical shows them all.
BLOCKING_IMPACTS = tuple(os.environ.get("TUTELA_AXE_IMPACTS", "serious,critical").split(","))

# Makes a fresh browser context (own cookies); keyword arguments go to browser.new_context.
NewContext = Callable[..., BrowserContext]

TOTP_STEP = 30
TOTP_DIGITS = 6
ENROL_PATH = "/accounts/two-factor/enrol/"
VERIFY_PATH = "/accounts/two-factor/verify/"

# The last time step whose code each key was used with: django-otp refuses a code of a step
# it has already accepted, so a second sign-in must wait for the next step.
_used_steps: dict[str, int] = {}


def email_of(role: str) -> str:
    """The demo login of a role, e.g. `focal_point` -> focal.point@tutela.example."""
    return f"{role.replace('_', '.')}@{DEMO_DOMAIN}"


def sign_in(
    page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD, next_path: str = ""
) -> None:
    """Fill and send the sign-in form; the caller checks where the user lands."""
    query = f"?next={next_path}" if next_path else ""
    page.goto(f"{base_url}/accounts/login/{query}")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("#main").get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Sign out ")).click()
    page.wait_for_load_state()


def switch_language(page: Page, code: str) -> None:
    """Use the header's language form, as a person would."""
    form = page.locator("form.language")
    form.locator("#language-select").select_option(code)
    form.get_by_role("button").click()
    page.wait_for_load_state()


def _key_bytes(key: str) -> bytes:
    key = key.strip().upper()
    return base64.b32decode(key + "=" * (-len(key) % 8))


def time_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // TOTP_STEP)


def code_for_step(key: str, step: int) -> str:
    """RFC 6238 TOTP (SHA-1, 30 s, 6 digits), as django-otp's TOTPDevice computes it."""
    digest = hmac.new(_key_bytes(key), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**TOTP_DIGITS:0{TOTP_DIGITS}d}"


def current_code(key: str) -> str:
    return code_for_step(key, time_step())


def wrong_code(key: str) -> str:
    """A six-digit code that is none of the codes the server accepts right now."""
    now = time_step()
    near = {code_for_step(key, step) for step in range(now - 2, now + 3)}
    return next(f"{n:06d}" for n in range(123456, 10**6, 111111) if f"{n:06d}" not in near)


def unused_code(key: str) -> str:
    """The current code, after waiting for a new time step if this key's step was used."""
    used = _used_steps.get(key)
    while used is not None and time_step() <= used:
        time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.2)
    step = time_step()
    _used_steps[key] = step
    return code_for_step(key, step)


def submit_code(page: Page, code: str, button: str) -> None:
    page.get_by_label("Six-digit code from your authenticator app").fill(code)
    page.locator("#main").get_by_role("button", name=button).click()
    page.wait_for_load_state()


def enrol_two_factor(page: Page) -> str:
    """On the enrolment page: read the key shown, confirm with a code; returns the key."""
    expect(page).to_have_url(re.compile(re.escape(ENROL_PATH)))
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    key = (page.locator("#totp-secret").text_content() or "").strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", key), f"not a base32 key: {key!r}"
    submit_code(page, unused_code(key), "Confirm")
    expect(page).not_to_have_url(re.compile(re.escape(ENROL_PATH)))
    return key


def verify_two_factor(page: Page, key: str) -> None:
    """On the verification page: type the newest code not used yet."""
    expect(page).to_have_url(re.compile(re.escape(VERIFY_PATH)))
    submit_code(page, unused_code(key), "Verify")
    expect(page).not_to_have_url(re.compile(re.escape(VERIFY_PATH)))


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page; the violations of impact serious or critical.

    The page's Content-Security-Policy forbids injected scripts: the context must be made with
    `bypass_csp=True`.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    results: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    assert results["passes"], f"axe checked nothing on {page.url}"
    return [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.extend(f"      {node['target']}" for node in violation["nodes"][:10])
        if len(violation["nodes"]) > 10:
            lines.append(f"      … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)
