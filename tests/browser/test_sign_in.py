"""Signing in and out, a wrong password, and the lock after repeated wrong passwords."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import NewContext, email_of, sign_in, sign_out

pytestmark = pytest.mark.browser

WRONG_PASSWORD = "Not-the-password-1"
LOGIN_PATH = "/accounts/login/"


def test_focal_point_signs_in_and_out(page: Page, base_url: str) -> None:
    sign_in(page, base_url, email_of("focal_point"))

    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out focal.point@tutela.example")).to_be_visible()

    sign_out(page)
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
    expect(page.get_by_role("heading", name="Sign in to Tutela")).to_be_visible()
    # Signed out for real: the home page sends the user back to the sign-in form.
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))


def test_wrong_password_shows_error_and_keeps_email(page: Page, base_url: str) -> None:
    email = email_of("viewer")
    sign_in(page, base_url, email, password=WRONG_PASSWORD)

    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
    expect(page.locator("#main")).to_contain_text("Please enter a correct")
    expect(page.get_by_label("E-mail address")).to_have_value(email)
    expect(page.get_by_label("Password")).to_have_value("")

    # The right password still works: one mistake does not lock anybody.
    page.get_by_label("Password").fill("Tutela-demo-2026")
    page.locator("#main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_repeated_wrong_passwords_lock_the_account_not_the_address(
    new_context: NewContext, base_url: str
) -> None:
    locked = email_of("support_officer")
    page = new_context().new_page()
    for attempt in range(1, 6):
        sign_in(page, base_url, locked, password=WRONG_PASSWORD)
        if attempt < 5:
            expect(page.locator("#main")).to_contain_text("Please enter a correct")

    heading = page.get_by_role("heading", name="Too many failed sign-ins")
    expect(heading).to_be_visible()

    # Now even the right password is refused, with HTTP 429, from a fresh browser too.
    page = new_context().new_page()
    page.goto(f"{base_url}{LOGIN_PATH}")
    page.get_by_label("E-mail address").fill(locked)
    page.get_by_label("Password").fill("Tutela-demo-2026")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("#main").get_by_role("button", name="Sign in").click()
    assert answer.value.status == 429
    expect(page.get_by_role("heading", name="Too many failed sign-ins")).to_be_visible()
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))

    # Lockout is by account name only: others signing in from the same address get in.
    other = new_context().new_page()
    sign_in(other, base_url, email_of("analyst"))
    expect(other.get_by_role("heading", level=1)).to_contain_text("Welcome")
