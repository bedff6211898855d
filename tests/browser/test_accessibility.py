"""axe-core on every page, signed in as a role that may see it: no serious or critical issue.

Each test visits its pages, collects what axe finds and fails once with the whole list, so one
run shows every page's problems. The contexts bypass the Content-Security-Policy, which would
otherwise refuse the injected axe script.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import (
    A11Y_ADMINISTRATOR,
    ENROL_PATH,
    VERIFY_PATH,
    NewContext,
    describe_violations,
    email_of,
    enrol_two_factor,
    run_axe,
    sign_in,
    switch_language,
)

pytestmark = pytest.mark.browser


class AxeReport:
    """Violations by page name; `assert_clean` fails with all of them."""

    def __init__(self) -> None:
        self.pages: dict[str, list[dict[str, Any]]] = {}

    def check(self, page: Page, name: str) -> None:
        expect(page.locator("body")).to_be_visible()
        self.pages[name] = run_axe(page)

    def assert_clean(self) -> None:
        failing = {name: found for name, found in self.pages.items() if found}
        report = "\n".join(
            f"{name} ({len(found)} rule(s)):\n{describe_violations(found)}"
            for name, found in failing.items()
        )
        assert not failing, f"axe found serious or critical violations:\n{report}"


def open_link(page: Page, name: str) -> None:
    page.locator("#main").get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()


def test_login_page(new_context: NewContext, base_url: str) -> None:
    page = new_context(bypass_csp=True).new_page()
    report = AxeReport()
    page.goto(f"{base_url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in to Tutela")).to_be_visible()
    report.check(page, "login")
    report.assert_clean()


def test_api_docs_page(new_context: NewContext, base_url: str) -> None:
    page = new_context(bypass_csp=True).new_page()
    report = AxeReport()
    page.goto(f"{base_url}/api/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    report.check(page, "API docs /api/docs")
    report.assert_clean()


def test_not_found_page(new_context: NewContext, base_url: str, production_url: str) -> None:
    """With DEBUG on Django shows its own technical 404: the site's page needs DEBUG off."""
    page = new_context(bypass_csp=True).new_page()
    report = AxeReport()
    heading = page.get_by_role("heading", level=1)

    response = page.goto(f"{production_url}/no-such-page/")
    assert response is not None
    assert response.status == 404
    expect(heading).to_have_text("Not found")
    report.check(page, "404 (anonymous)")

    # Signed in (the session cookie holds for both servers: same host, same database).
    sign_in(page, base_url, email_of("viewer"))
    response = page.goto(f"{production_url}/directory/organizations/999999/")
    assert response is not None
    assert response.status == 404
    expect(heading).to_have_text("Not found")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    report.check(page, "404 (signed in)")

    report.assert_clean()


def test_focal_point_pages(new_context: NewContext, base_url: str) -> None:
    page = new_context(bypass_csp=True).new_page()
    report = AxeReport()
    heading = page.get_by_role("heading", level=1)
    sign_in(page, base_url, email_of("focal_point"))

    expect(heading).to_contain_text("Welcome")
    report.check(page, "home")

    page.goto(f"{base_url}/directory/organizations/")
    expect(heading).to_have_text("Organizations")
    report.check(page, "organizations list")

    page.goto(f"{base_url}/directory/organizations/?search=UNHCR")
    open_link(page, "UNHCR")
    expect(heading).to_contain_text("(UNHCR)")
    report.check(page, "organization detail (UNHCR)")
    organization_url = page.url

    open_link(page, "People and their roles")
    expect(heading).to_have_text("People of UNHCR")
    report.check(page, "organization people (UNHCR)")

    page.goto(organization_url)
    open_link(page, "Regional Bureau for East and Horn of Africa")
    expect(heading).to_have_text("Regional Bureau for East and Horn of Africa")
    report.check(page, "unit detail")

    page.goto(f"{base_url}/directory/bodies/")
    expect(heading).to_have_text("Committees, networks and services")
    report.check(page, "bodies list")
    open_link(page, "HLCM")
    expect(heading).to_contain_text("(HLCM)")
    report.check(page, "body detail (HLCM)")

    page.goto(f"{base_url}/directory/groups/")
    expect(heading).to_have_text("Task forces, working groups and sub-groups")
    report.check(page, "groups list")
    open_link(page, "Improved Reporting")
    expect(heading).to_have_text("Improved Reporting")
    report.check(page, "group detail")

    page.goto(f"{base_url}/accounts/memberships/")
    expect(heading).to_have_text("My memberships")
    report.check(page, "my memberships")

    page.goto(f"{base_url}/accounts/api-tokens/")
    expect(heading).to_have_text("API tokens")
    report.check(page, "API tokens")

    # Right to left: the home page and the organizations list in Arabic.
    page.goto(f"{base_url}/")
    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    report.check(page, "home (ar, rtl)")
    page.goto(f"{base_url}/directory/organizations/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    report.check(page, "organizations list (ar, rtl)")
    switch_language(page, "en")

    report.assert_clean()


def test_auditor_pages(new_context: NewContext, base_url: str) -> None:
    page = new_context(bypass_csp=True).new_page()
    report = AxeReport()
    sign_in(page, base_url, email_of("auditor"), next_path="/audit/")
    expect(page).to_have_url(f"{base_url}/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    report.check(page, "audit log")
    report.assert_clean()


def test_administrator_pages(new_context: NewContext, base_url: str) -> None:
    report = AxeReport()
    page = new_context(bypass_csp=True).new_page()
    sign_in(page, base_url, A11Y_ADMINISTRATOR, next_path="/admin/")
    expect(page).to_have_url(re.compile(re.escape(ENROL_PATH)))
    report.check(page, "two-factor enrol")
    key = enrol_two_factor(page)
    assert key

    expect(page).to_have_url(f"{base_url}/admin/")
    expect(page.locator("#site-name")).to_contain_text("Tutela")
    report.check(page, "admin index")
    page.goto(f"{base_url}/admin/accounts/user/")
    expect(page.get_by_role("link", name=A11Y_ADMINISTRATOR)).to_be_visible()
    report.check(page, "admin user changelist")

    # Enrolled now: a second sign-in asks for a code on the verify page.
    other = new_context(bypass_csp=True).new_page()
    sign_in(other, base_url, A11Y_ADMINISTRATOR)
    expect(other).to_have_url(re.compile(re.escape(VERIFY_PATH)))
    report.check(other, "two-factor verify")

    report.assert_clean()
