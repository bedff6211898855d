"""The reporting channel in a browser: an anonymous report with an attachment, the receipt
shown once, the follow-up with it (a handler's question read and answered), and a wrong
receipt refused, then rate-limited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PROJECT_DIR, Server
from tests.browser.harness import NewContext, describe_violations, email_of, run_axe, sign_in

pytestmark = pytest.mark.browser

QUESTION = "Were other colleagues present when it happened?"

# Run in the server's environment: the demo investigator asks the reporter a question.
ASK_SCRIPT = """
import sys
from tutela.accounts.models import User
from tutela.cases import services
from tutela.cases.models import Report
report = Report.objects.get(receipt_lookup=sys.argv[1])
investigator = User.objects.get(email="investigator@tutela.example")
services.case_message_send(actor=investigator, report=report, body=sys.argv[2], kind="question")
"""


def _ask(server: Server, lookup: str) -> None:
    subprocess.run(  # noqa: S603 — fixed arguments, our own interpreter
        [sys.executable, "-c", f"import django; django.setup()\n{ASK_SCRIPT}", lookup, QUESTION],
        cwd=PROJECT_DIR,
        env={**server.env, "PYTHONPATH": f"{PROJECT_DIR}:{PROJECT_DIR / 'src'}"},
        check=True,
        timeout=120,
    )


def test_anonymous_report_receipt_and_follow_up(
    page: Page, new_context: NewContext, base_url: str, tutela_server: Server, tmp_path: Path
) -> None:
    evidence = tmp_path / "what-i-saw.txt"
    evidence.write_text("Notes written the same evening.", encoding="utf-8")

    page.goto(f"{base_url}/cases/report/")
    page.get_by_role("link", name="UNHCR").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Report to UNHCR")
    page.get_by_label("What is it about?").select_option("sexual_harassment")
    page.get_by_label("What happened?").fill("My team leader touched me during a field trip.")
    page.get_by_label("When did it happen?").fill("Last week")
    page.get_by_label("Yes, it happened to me").check()
    page.get_by_label("Files (optional)").set_input_files(str(evidence))
    expect(page.get_by_label("Stay anonymous")).to_be_checked()
    page.get_by_role("button", name="Send the report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your report was received")
    receipt = (page.locator("[data-receipt]").text_content() or "").strip()
    assert len(receipt.replace("-", "")) == 26
    expect(page.get_by_role("button", name="Download the receipt")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the receipt").click()
    assert receipt in Path(download.value.path()).read_text(encoding="utf-8")

    _ask(tutela_server, receipt.split("-")[0])

    reporter = new_context().new_page()
    reporter.goto(f"{base_url}/cases/follow-up/")
    reporter.get_by_label("Your receipt").fill(receipt.lower())
    reporter.get_by_role("button", name="Open my report").click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Your report")
    expect(reporter.locator("#main")).to_contain_text(QUESTION)
    expect(reporter.locator("#main")).to_contain_text("waiting for an answer")
    reporter.get_by_label("Your message").fill("Yes, the driver saw it.")
    reporter.get_by_role("button", name="Send").click()
    expect(reporter.locator("#main")).to_contain_text("Your message was sent.")
    expect(reporter.locator("#main")).to_contain_text("Yes, the driver saw it.")
    expect(reporter.locator("#main")).to_contain_text("answered")

    # A wrong receipt: refused like an expired one, then rate-limited for that receipt.
    stranger = new_context().new_page()
    stranger.goto(f"{base_url}/cases/follow-up/")
    wrong = receipt.split("-")[0] + "-0000-0000-0000-0000-0000"
    for _attempt in range(5):
        stranger.get_by_label("Your receipt").fill(wrong)
        stranger.get_by_role("button", name="Open my report").click()
        expect(stranger.locator("#main")).to_contain_text("This receipt is not valid")
    stranger.get_by_label("Your receipt").fill(wrong)
    stranger.get_by_role("button", name="Open my report").click()
    expect(stranger.locator("#main")).to_contain_text("Too many attempts")


def test_reporter_pages_pass_axe(new_context: NewContext, base_url: str) -> None:
    page = new_context(bypass_csp=True).new_page()
    failures = {}
    for path in ("/cases/report/", "/cases/follow-up/"):
        page.goto(f"{base_url}{path}")
        violations = run_axe(page)
        if violations:
            failures[path] = describe_violations(violations)
    page.goto(f"{base_url}/cases/report/")
    page.get_by_role("link", name="UNHCR").first.click()
    violations = run_axe(page)
    if violations:
        failures["report form"] = describe_violations(violations)
    assert not failures, failures


@pytest.mark.parametrize(
    ("role", "paths"),
    [("support_officer", ["/cases/"]), ("conduct_reviewer", ["/cases/statistics/"])],
)
def test_case_staff_pages_pass_axe(
    new_context: NewContext, base_url: str, role: str, paths: list[str]
) -> None:
    page = new_context(bypass_csp=True).new_page()
    sign_in(page, base_url, email_of(role))
    failures = {}
    for path in paths:
        page.goto(f"{base_url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        violations = run_axe(page)
        if violations:
            failures[path] = describe_violations(violations)
    if role == "support_officer":
        page.goto(f"{base_url}/cases/")
        page.locator("main a[href*='/support/']").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Support plan")
        expect(page.locator("#main")).to_contain_text("Psychosocial")
        violations = run_axe(page)
        if violations:
            failures["support plan"] = describe_violations(violations)
    assert not failures, failures
