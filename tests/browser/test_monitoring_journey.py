"""A reporting cycle end to end in the browser, with screenshots of each step.

UNHCR's focal point fills a report, saves the draft, submits the cycle's reports; the
secretariat returns one with a comment and validates the rest; the dashboard then shows UNHCR's
letters, its completeness and the changes against the previous cycle. The screenshots are
written to var/test-results/screenshots/ (kept by CI as evidence of what the pages showed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import NewContext, email_of, enrol_two_factor, sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test-results" / "screenshots"
CYCLE = "2026 annual review"
PROGRESS = "Pre-deployment briefings now cover every duty station in the region (browser test)."


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"monitoring-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000, f"{path} looks empty"


def test_a_cycle_from_draft_to_dashboard(new_context: NewContext, base_url: str) -> None:
    # --- UNHCR's focal point fills one report, saves it, then submits the cycle ---------------
    focal = new_context().new_page()
    sign_in(focal, base_url, email_of("focal_point"))
    focal.goto(f"{base_url}/monitoring/my-reporting/")
    row = focal.get_by_role("row").filter(has_text="UNHCR").filter(has_text=CYCLE)
    row.get_by_role("link", name=CYCLE).click()
    expect(focal.get_by_role("heading", level=1)).to_have_text(f"UNHCR reporting: {CYCLE}")

    editable = focal.locator("section.report").filter(has=focal.locator("form textarea")).first
    ref = (editable.get_by_role("heading", level=2).text_content() or "").split()[0]
    editable.locator("label.level-choice").filter(has_text="In progress").locator("input").check()
    editable.get_by_label("Progress made").fill(PROGRESS)
    editable.get_by_label("KPI value").fill("14 of 14 duty stations")
    _shot(focal, "1-focal-point-fills")
    editable.get_by_role("button", name="Save draft").click()
    expect(focal.get_by_text(f"Draft saved for {ref}.")).to_be_visible()
    saved = focal.locator("section.report").filter(has_text=PROGRESS)
    expect(saved.get_by_label("Progress made")).to_have_value(PROGRESS)
    expect(saved.locator("input[name=level]:checked")).to_have_count(1)

    # A bad evidence link is explained next to the field and nothing typed is lost.
    saved.get_by_label("Evidence links (one web address a line)").fill("not a web address")
    saved.get_by_role("button", name="Save draft").click()
    expect(focal.get_by_text("“not a web address” is not a web address.")).to_be_visible()
    expect(focal.get_by_label("Progress made")).to_have_value(PROGRESS)
    _shot(focal, "2-focal-point-error-kept")
    focal.go_back()

    focal.goto(f"{base_url}/monitoring/my-reporting/")
    focal.get_by_role("row").filter(has_text="UNHCR").get_by_role("link", name=CYCLE).click()
    focal.get_by_role("button", name="Submit all reports that have a status").click()
    expect(focal.get_by_text(re.compile(r"\d+ reports submitted;"))).to_be_visible()
    _shot(focal, "3-focal-point-submitted")

    # --- the secretariat returns one UNHCR report and validates the rest ----------------------
    secretariat = new_context().new_page()
    sign_in(secretariat, base_url, email_of("secretariat"))
    enrol_two_factor(secretariat)  # the secretariat's role requires an authenticator app
    secretariat.goto(f"{base_url}/monitoring/")
    secretariat.get_by_role("link", name=CYCLE).first.click()
    secretariat.get_by_role("link", name=re.compile("Review submissions")).click()
    secretariat.get_by_label("Organization").select_option(label="UNHCR")
    secretariat.get_by_label("State").select_option("submitted")
    secretariat.locator("#main").get_by_role("button", name="Filter").click()
    first = secretariat.locator("table.review tbody tr").first
    returned_ref = (first.locator("td").nth(2).text_content() or "").strip()
    first.get_by_label("Comment").fill("Please say which duty stations the KPI counts.")
    _shot(secretariat, "4-secretariat-returns")
    first.get_by_role("button", name="Return", exact=True).click()
    expect(secretariat.get_by_text("Returned to UNHCR with your comment.")).to_be_visible()
    secretariat.get_by_role(
        "button", name="Validate every submitted report of this organization"
    ).click()
    expect(secretariat.get_by_text(re.compile(r"\d+ reports validated\."))).to_be_visible()
    _shot(secretariat, "5-secretariat-validated")

    # The focal point sees the returned report with the secretariat's comment.
    focal.goto(f"{base_url}/monitoring/my-reporting/")
    focal.get_by_role("row").filter(has_text="UNHCR").get_by_role("link", name=CYCLE).click()
    returned = focal.locator("section.report").filter(has_text="Returned by the secretariat")
    expect(returned).to_have_count(1)
    expect(returned.get_by_role("heading", level=2)).to_contain_text(returned_ref)
    expect(returned).to_contain_text("Please say which duty stations the KPI counts.")

    # --- the dashboard: letters, completeness, changes ----------------------------------------
    secretariat.goto(f"{base_url}/monitoring/")
    secretariat.get_by_role("link", name=CYCLE).first.click()
    secretariat.get_by_role("link", name="Dashboard").first.click()
    matrix = secretariat.locator("table.matrix")
    expect(matrix.get_by_role("columnheader", name="UNHCR")).to_be_visible()
    expect(matrix.locator("tbody td.changed").first).to_be_visible()
    letters = matrix.locator("tbody td[class^=status-]:not(.status-none)")
    assert letters.count() > 20
    codes = {text.strip()[:1] for text in letters.all_text_contents()}
    assert codes <= {"N", "I", "C", "D"}, codes  # NS, IP, C, D, NA of the progress scale
    expect(matrix.locator("tfoot td.completeness").first).to_have_text(re.compile(r"\d+%"))
    _shot(secretariat, "6-dashboard")
