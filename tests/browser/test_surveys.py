"""A focal point answers the example survey with skip logic and constraints applied as they
type, submits, and updates; a member of a sub-group reads the results, attributed only for
the organizations that consented."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import (
    NewContext,
    describe_violations,
    email_of,
    run_axe,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

POLICY_DATE = "#f-q-policy_date"
INVESTIGATED = "#f-q-formal_investigated"


def _open_round(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    page.locator("#main").get_by_role(
        "link", name="Sexual harassment: policy and case reporting (example)"
    ).click()
    page.locator("#main").get_by_role("link", name=re.compile(r"^\d{4} round$")).click()


def test_focal_point_answers_with_skip_logic_and_submits(page: Page, base_url: str) -> None:
    sign_in(page, base_url, email_of("focal_point"))
    _open_round(page)
    page.get_by_role("link", name="Answer for your organization").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("round")

    # Skip logic as one types: the revision date is asked only when there is a policy.
    page.locator("#f-q-has_policy-2").check()  # No
    expect(page.locator(POLICY_DATE)).to_be_hidden()
    page.locator("#f-q-has_policy-0").check()  # Yes
    expect(page.locator(POLICY_DATE)).to_be_visible()

    # Constraints as one types, with the form's own message next to the question.
    page.get_by_label("Formal reports of sexual harassment received", exact=True).fill("3")
    expect(page.locator(INVESTIGATED)).to_be_visible()
    page.get_by_label("Of the formal reports, how many were investigated?").fill("5")
    expect(page.locator(f"{INVESTIGATED}-errors")).to_contain_text(
        "Cannot be more than the formal reports received."
    )
    page.get_by_label("Of the formal reports, how many were investigated?").fill("2")
    expect(page.locator(f"{INVESTIGATED}-errors")).to_have_text("")
    page.get_by_label("Formal reports of sexual harassment received", exact=True).fill("0")
    expect(page.locator(INVESTIGATED)).to_be_hidden()
    page.get_by_label("Formal reports of sexual harassment received", exact=True).fill("3")

    # A submission with required answers missing: the server explains, nothing is lost.
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#main")).to_contain_text("answers need attention")
    expect(
        page.get_by_label("Formal reports of sexual harassment received", exact=True)
    ).to_have_value("3")
    expect(page.locator("#f-q-has_policy-0")).to_be_checked()

    for area, rating in (
        ("policy", 0),
        ("prevention", 2),
        ("reporting", 2),
        ("protection", 3),
        ("investigation", 1),
    ):
        page.locator(f"#f-q-rating_{area}-{rating}").check()
    for position in (1, 2, 3):
        page.locator(f"#f-q-improvement_areas-{position}").check()
    page.locator("#f-q-has_helpline-0").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#main")).to_contain_text("Your answers were submitted.")
    expect(page.locator("#main")).to_contain_text("Submitted")

    # An update later keeps the history.
    page.get_by_role("link", name="Answer for your organization").click()
    page.get_by_label("Informal reports of sexual harassment received").fill("7")
    page.get_by_role("button", name="Submit the update").click()
    expect(page.locator("#main")).to_contain_text("version 2")
    sign_out(page)

    # A sub-group member sees UNHCR's answers attributed: UNHCR consented to the sub-group.
    sign_in(page, base_url, email_of("group_member"))
    _open_round(page)
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Areas most in need of improvement")).to_be_visible()
    attributed = page.get_by_role("table", name="Answers by organization")
    expect(attributed.get_by_role("rowheader", name="UNHCR", exact=True)).to_be_visible()


@pytest.mark.parametrize("role", ["focal_point", "group_member"])
def test_survey_and_repository_pages_pass_axe(
    new_context: NewContext, base_url: str, role: str
) -> None:
    context = new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, base_url, email_of(role))
    _open_round(page)
    round_url = page.url
    page.get_by_role("link", name="The survey").click()
    survey_path = page.url.removeprefix(base_url)
    page.goto(f"{base_url}/surveys/repository/")
    folder_paths = []
    if role == "group_member":
        page.get_by_role("link", name="Regulatory, policy and procedural documents").click()
        folder_paths.append(page.url.removeprefix(base_url))
    paths = [
        survey_path,
        *folder_paths,
        "/surveys/",
        round_url.removeprefix(base_url),
        round_url.removeprefix(base_url) + "results/",
        "/surveys/repository/",
        "/surveys/repository/search/?q=policy",
    ]
    if role == "focal_point":
        paths += [round_url.removeprefix(base_url) + "answer/", "/surveys/consents/"]
    failures = {}
    for path in paths:
        page.goto(f"{base_url}{path}")
        violations = run_axe(page)
        if violations:
            failures[path] = describe_violations(violations)
    assert not failures, "\n".join(f"{path}\n{text}" for path, text in failures.items())
