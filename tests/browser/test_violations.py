"""A human rights officer records a violation event in the browser and it is verified in two tiers.

The officer records an event with two acts, a group of victims, a perpetrator and two sources on
one page; a first officer confirms it and a second officer (the task force) verifies it; the
analyst then finds it in the counts and in the region's quarterly review pack.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import NewContext, describe_violations, email_of, run_axe, sign_in

pytestmark = pytest.mark.browser

TITLE = "Attack on Bule displacement site (browser test)"
TASK_FORCE = "task.force.officer@tutela.example"


def _choose(page: Page, select_id: str, text: str) -> None:
    value = page.locator(f"#{select_id} option", has_text=text).first.get_attribute("value")
    page.locator(f"#{select_id}").select_option(value or "")


def _verify(page: Page, base_url: str, event_url: str) -> None:
    page.goto(f"{base_url}{event_url}verify/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verification of")
    page.get_by_role("radio", name=re.compile("Confirmed")).check()
    page.get_by_role("button", name="Record the verification").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_an_event_is_recorded_verified_and_counted(new_context: NewContext, base_url: str) -> None:
    today = datetime.datetime.now(tz=datetime.UTC).date().isoformat()
    officer = new_context().new_page()
    sign_in(officer, base_url, email_of("human_rights_officer"))
    officer.goto(f"{base_url}/violations/")
    officer.get_by_role("link", name="Record an event").click()
    officer.locator("#id_title").fill(TITLE)
    officer.locator("#id_admin1").fill("Ituri")
    officer.locator("#id_admin2").fill("Djugu")
    officer.locator("#id_location").fill("Bule (browser test)")
    officer.locator("#id_start_date").fill(today)
    _choose(officer, "id_start_date_type", "Exact")
    officer.locator("#id_victims-0-pseudonym").fill("Displaced families of Bule")
    officer.locator("#id_victims-0-kind").select_option("group")
    officer.locator("#id_victims-0-number").fill("35")
    officer.locator("#id_perpetrators-0-pseudonym").fill("Armed group B")
    officer.locator("#id_perpetrators-0-kind").select_option("group")
    officer.locator("#id_perpetrators-0-number").fill("15")
    _choose(officer, "id_acts-0-type", "Death in a massacre")
    officer.locator("#id_acts-0-victim").select_option("0")
    officer.locator("#id_acts-0-perpetrator").select_option("0")
    _choose(officer, "id_acts-0-perpetrator_type", "Non-governmental entities")
    _choose(officer, "id_acts-1-type", "Abduction; kidnapping")
    officer.locator("#id_acts-1-victim").select_option("0")
    officer.locator("#id_sources-0-source").fill("Witness B1")
    officer.locator("#id_sources-1-source").fill("Camp manager")
    officer.locator("#id_casualties-0-outcome").select_option("killed")
    officer.locator("#id_casualties-0-minimum").fill("4")
    officer.locator("#id_casualties-0-maximum").fill("9")
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(officer.get_by_text("Displaced families of Bule").first).to_be_visible()
    event_url = officer.url.removeprefix(base_url)

    _verify(officer, base_url, event_url)
    expect(officer.get_by_text("Pending verification", exact=False).first).to_be_visible()

    task_force = new_context().new_page()
    sign_in(task_force, base_url, TASK_FORCE)
    _verify(task_force, base_url, event_url)
    expect(task_force.get_by_text("Verified", exact=True).first).to_be_visible()

    analyst = new_context().new_page()
    sign_in(analyst, base_url, email_of("analyst"))
    analyst.goto(f"{base_url}/violations/analysis/?date_from={today}&date_to={today}&country=CD")
    row = analyst.locator("tbody tr", has_text="Democratic Republic of the Congo")
    expect(row).to_contain_text("4–9")  # noqa: RUF001 — the killed range
    analyst.goto(f"{base_url}/violations/quarterly-review/?region=africa_1")
    expect(analyst.get_by_role("heading", level=1)).to_contain_text("Regional quarterly review")
    expect(
        analyst.locator("tbody tr", has_text="Democratic Republic of the Congo").first
    ).to_be_visible()


PAGES = [
    "/violations/",
    "/violations/new/",
    "/violations/analysis/?by=month",
    "/violations/vocabularies/",
    "/violations/early-warning/",
    "/violations/early-warning/ratings/",
    "/violations/quarterly-review/?region=africa_1",
    "/violations/situations/",
]


@pytest.mark.parametrize("role", ["human_rights_officer", "analyst"])
def test_the_violations_pages_have_no_serious_violation(
    new_context: NewContext, base_url: str, role: str
) -> None:
    page = new_context(bypass_csp=True).new_page()
    sign_in(page, base_url, email_of(role))
    page.goto(f"{base_url}/violations/")
    event = page.locator("tbody a").first.get_attribute("href")
    page.goto(f"{base_url}/violations/situations/")
    situation = page.locator("tbody a").first.get_attribute("href")
    paths = [*PAGES, str(event), str(situation)]
    if role == "human_rights_officer":
        paths += [f"{event}edit/", f"{event}verify/"]
    failures = {}
    for path in paths:
        if path == "/violations/new/" and role == "analyst":
            continue
        page.goto(f"{base_url}{path}")
        found = run_axe(page)
        if found:
            failures[path] = describe_violations(found)
    assert not failures, "\n".join(f"{path}:\n{text}" for path, text in failures.items())
