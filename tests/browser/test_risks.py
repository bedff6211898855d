"""A mission's risk officer in the browser, with screenshots of each step.

The risk officer creates a register, records a risk with factors and sees its level, adds a
mitigating action, logs an assessment visit and a follow-up visit that closes the action it
raised, then submits the quarter's report; the conduct reviewer sees it in the consolidated
view, and the submitted report offers no way to change it. Screenshots go to
var/test-results/screenshots/.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import NewContext, describe_violations, email_of, run_axe, sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test-results" / "screenshots"
REGISTER = "Bunia team site SEA register (browser test)"
RISK = "Transactional sex at the Bunia market (browser test)"


def _day(offset: int = 0) -> str:
    return (
        datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=offset)
    ).isoformat()


def _choose(page: Page, select_id: str, text: str) -> None:
    """Pick the option whose text contains `text` (its value is an id the test cannot know)."""
    value = page.locator(f"#{select_id} option", has_text=text).first.get_attribute("value")
    page.locator(f"#{select_id}").select_option(value or "")


def _field(page: Page, label: str) -> Locator:
    """The form field labelled exactly `label` (Django adds a colon to labels)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def _accessible(page: Page) -> None:
    violations = run_axe(page)
    assert not violations, f"{page.url}:\n{describe_violations(violations)}"


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"risks-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000, f"{path} looks empty"


def test_a_risk_officer_records_risks_visits_and_submits_the_quarter(
    new_context: NewContext, base_url: str
) -> None:
    officer = new_context(bypass_csp=True).new_page()
    sign_in(officer, base_url, email_of("risk_officer"))
    officer.goto(f"{base_url}/risks/")
    officer.get_by_role("link", name="New register").click()
    _field(officer, "Name").fill(REGISTER)
    _field(officer, "Kind").select_option("misconduct_sea")
    _choose(officer, "id_owner", "MONUSCO")
    _choose(officer, "id_matrix", "5\u00d75")
    officer.get_by_role("button", name="Create").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(REGISTER)

    # A risk accepted without an approver is refused and what was typed stays.
    officer.get_by_role("link", name="Add a risk").click()
    _field(officer, "Title").fill(RISK)
    _field(officer, "Prong").select_option("prevention")
    officer.get_by_role("checkbox", name="Power imbalance").check()
    _field(officer, "Inherent likelihood").select_option("very_likely")
    _field(officer, "Inherent impact").select_option("critical")
    _field(officer, "Residual likelihood").select_option("likely")
    _field(officer, "Residual impact").select_option("severe")
    _field(officer, "Treatment").select_option("accept")
    officer.get_by_role("button", name="Save").click()
    expect(
        officer.get_by_text("Accepting a risk needs the name of who approved it.")
    ).to_be_visible()
    expect(_field(officer, "Title")).to_have_value(RISK)
    _shot(officer, "1-risk-error-kept")
    _accessible(officer)
    _field(officer, "Treatment").select_option("reduce")
    officer.get_by_role("button", name="Save").click()
    expect(officer.locator("#inherent-level")).to_contain_text("Unacceptable")
    expect(officer.locator("#residual-level")).to_contain_text("Very high")
    _shot(officer, "2-risk-level")
    _accessible(officer)

    officer.get_by_role("link", name="Add a mitigating action").click()
    _field(officer, "Action").fill("Joint patrols of the market on Saturday nights")
    _field(officer, "Due date").fill(_day(30))
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_text("Joint patrols of the market on Saturday nights")).to_be_visible()

    # An assessment visit raises an action; a follow-up visit closes it.
    officer.get_by_role("link", name=REGISTER).click()
    expect(officer.locator("svg.heat-map")).to_be_visible()
    _accessible(officer)
    officer.get_by_role("link", name="Log a visit").click()
    _field(officer, "Kind").select_option("assessment")
    _field(officer, "Date").fill(_day(-2))
    _field(officer, "Place visited").fill("Bunia market")
    officer.get_by_role("checkbox", name=re.compile(re.escape(RISK))).check()
    _choose(officer, "id_action_risk", RISK)
    _field(officer, "Actions raised, one a line").fill("Post the out-of-bounds map at the gate")
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_text("The visit was logged.")).to_be_visible()
    officer.get_by_role("link", name="Log a follow-up visit").click()
    _field(officer, "Date").fill(_day())
    officer.get_by_label(re.compile("Post the out-of-bounds map at the gate")).select_option(
        "closed"
    )
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_text("The follow-up visit was logged.")).to_be_visible()
    _shot(officer, "3-follow-up-visit")
    _accessible(officer)
    officer.goto(f"{base_url}/risks/health/")
    _accessible(officer)

    # The quarter's report: regenerate the draft, submit it; it is then frozen.
    officer.goto(f"{base_url}/risks/reports/")
    officer.get_by_role("link", name=re.compile(r"^Generate a report for MONUSCO")).click()
    _field(officer, "Narrative").fill("Quarter in review (browser test).")
    officer.get_by_role("button", name="Generate").click()
    expect(officer.get_by_text("The report was generated as a draft.")).to_be_visible()
    officer.get_by_label(re.compile("I confirm the report is complete")).check()
    officer.get_by_role("button", name=re.compile("^Submit to CDS")).click()
    expect(officer.locator("#report-status")).to_contain_text("frozen")
    expect(officer.get_by_role("button", name=re.compile("^Submit to"))).to_have_count(0)
    expect(officer.get_by_role("link", name="Edit the narrative and regenerate")).to_have_count(0)
    report_url = officer.url
    _shot(officer, "4-report-submitted")
    _accessible(officer)

    # The receiving body sees it in its consolidated view.
    reviewer = new_context(bypass_csp=True).new_page()
    sign_in(reviewer, base_url, email_of("conduct_reviewer"))
    reviewer.goto(f"{base_url}/risks/consolidated/")
    row = reviewer.get_by_role("row").filter(has_text="MONUSCO")
    expect(row.get_by_role("link", name=re.compile("Submitted"))).to_be_visible()
    expect(reviewer.locator("svg.heat-map").first).to_be_visible()
    _shot(reviewer, "5-consolidated-view")
    _accessible(reviewer)
    reviewer.goto(report_url)
    expect(reviewer.get_by_text("matches the stored snapshot")).to_be_visible()
    expect(reviewer.get_by_role("button", name=re.compile("^Submit to"))).to_have_count(0)
