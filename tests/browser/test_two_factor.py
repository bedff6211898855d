"""An administrator enrols an authenticator app, then signs in again with a code."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    ENROL_PATH,
    VERIFY_PATH,
    NewContext,
    email_of,
    enrol_two_factor,
    sign_in,
    submit_code,
    verify_two_factor,
    wrong_code,
)

pytestmark = pytest.mark.browser

ORGANIZATIONS_PATH = "/directory/organizations/"


def test_administrator_enrols_then_verifies(new_context: NewContext, base_url: str) -> None:
    administrator = email_of("administrator")

    # First sign-in: asked to enrol before anything else, then back where they were going.
    page = new_context().new_page()
    sign_in(page, base_url, administrator, next_path=ORGANIZATIONS_PATH)
    expect(page).to_have_url(re.compile(re.escape(ENROL_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    key = enrol_two_factor(page)
    expect(page).to_have_url(f"{base_url}{ORGANIZATIONS_PATH}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organizations")
    expect(page.locator("#main")).to_contain_text("Two-factor authentication is on")
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # Second browser, same person: now enrolled, so asked for a code rather than a new key.
    second = new_context().new_page()
    sign_in(second, base_url, administrator)
    expect(second).to_have_url(re.compile(re.escape(VERIFY_PATH)))
    expect(second.get_by_role("heading", level=1)).to_have_text("Enter your two-factor code")
    expect(second.locator("#totp-secret")).to_have_count(0)
    # Elsewhere is still closed until the code is given.
    second.goto(f"{base_url}{ORGANIZATIONS_PATH}")
    expect(second).to_have_url(re.compile(re.escape(VERIFY_PATH)))

    submit_code(second, wrong_code(key), "Verify")
    main = second.locator("#main")
    expect(main).to_contain_text("That code is not right")
    expect(main).not_to_contain_text("Too many wrong codes")
    expect(second).to_have_url(re.compile(re.escape(VERIFY_PATH)))

    # django-otp delays the next try by a second after a failure; a person is slower anyway.
    time.sleep(2)
    verify_two_factor(second, key)  # waits for a fresh time step if this one's code was used
    expect(second).to_have_url(f"{base_url}{ORGANIZATIONS_PATH}")
    expect(second.get_by_role("heading", level=1)).to_have_text("Organizations")
    expect(second.get_by_role("link", name="UNHCR", exact=True)).to_be_visible()
