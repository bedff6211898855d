"""The secretariat edits the example survey in the web editor: its pages pass axe, a question
moves and moves back, and a deletion is refused while the open round holds responses."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PROJECT_DIR, Server
from tests.browser.harness import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    NewContext,
    describe_violations,
    enrol_two_factor,
    run_axe,
    sign_in,
)

pytestmark = pytest.mark.browser

# A secretariat member of its own: the demo secretariat's two-factor enrolment belongs to the
# monitoring journey, which expects to find it not yet enrolled.
EDITOR = f"survey.editor@{DEMO_DOMAIN}"
EDITOR_SCRIPT = f"""
from tutela.accounts.roles import Role
from tutela.accounts.services import membership_grant, user_create
from tutela.organizations.models import Body
user = user_create(actor=None, email={EDITOR!r}, full_name="Survey Editor",
                   password={DEMO_PASSWORD!r})
membership_grant(actor=None, user=user, role=Role.SECRETARIAT,
                 body=Body.objects.get(acronym="HLCM"))
"""


def _create_editor(server: Server) -> None:
    subprocess.run(  # noqa: S603 — fixed arguments, our own interpreter
        [sys.executable, "-m", "tutela.manage", "shell", "-c", EDITOR_SCRIPT],
        cwd=PROJECT_DIR,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


def test_the_secretariat_uses_the_survey_editor(
    new_context: NewContext, base_url: str, tutela_server: Server
) -> None:
    _create_editor(tutela_server)
    context = new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, base_url, EDITOR)
    enrol_two_factor(page)  # the secretariat's role requires an authenticator app
    page.goto(f"{base_url}/surveys/")
    page.locator("#main").get_by_role(
        "link", name="Sexual harassment: policy and case reporting (example)"
    ).click()
    survey_path = page.url.removeprefix(base_url)

    failures = {}
    for path in ("edit/", "outline/", "choices/"):
        page.goto(f"{base_url}{survey_path}{path}")
        violations = run_axe(page)
        if violations:
            failures[path] = describe_violations(violations)
    assert not failures, "\n".join(f"{path}\n{text}" for path, text in failures.items())

    page.goto(f"{base_url}{survey_path}outline/")
    page.get_by_role("button", name="Move comments up").click()
    expect(page.locator("#main")).to_contain_text("“comments” was moved.")
    page.get_by_role("button", name="Move comments down").click()
    expect(page.locator("#main")).to_contain_text("“comments” was moved.")
    expect(page.get_by_role("button", name="Move comments down")).to_have_count(0)

    page.get_by_role("link", name="Delete comments").click()
    page.get_by_role("button", name="Delete comments").click()
    expect(page.locator("#main")).to_contain_text("Questions cannot be deleted while a round")

    page.goto(f"{base_url}{survey_path}choices/")
    yes_no = page.locator("#list-yes_no")
    yes_no.get_by_label("Label of yes — English (en)", exact=True).fill("")
    french = yes_no.get_by_label("Label of yes — French (fr)", exact=True)
    french.fill("Oui, bien sûr")
    french.press("Enter")  # saves (moving and deleting are buttons of another form)
    expect(page.locator("#main")).to_contain_text("Write the label respondents see.")
    # Nothing was saved, and what was typed is still there.
    expect(
        page.locator("#list-yes_no").get_by_label("Label of yes — French (fr)", exact=True)
    ).to_have_value("Oui, bien sûr")
