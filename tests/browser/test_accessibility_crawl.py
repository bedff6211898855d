"""axe-core on every page a role can reach: a crawl from the home page through the menu and
the pages' own links, one page per route (ids collapsed), so a new module's pages are
checked without anyone listing them here."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.harness import NewContext, describe_violations, email_of, run_axe, sign_in

pytestmark = pytest.mark.browser

MAX_PAGES = 60
# Not pages to check: signing out, the admin (checked in test_accessibility), the API and its
# documentation, the language switch, and anything with a query string (filters, pages).
SKIP = re.compile(r"^/(accounts/logout|admin/|api/|i18n/)")


def route_of(path: str) -> str:
    """`/monitoring/cycles/12/organizations/7/` → `/monitoring/cycles/#/organizations/#/`."""
    return re.sub(r"/\d+(?=/|$)", "/#", path)


def internal_links(page: Page, base_url: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "header nav a[href], main a[href]", "links => links.map(link => link.href)"
    )
    found = []
    for href in hrefs:
        if not href.startswith(base_url):
            continue
        parts = urlsplit(href)
        if parts.query or SKIP.match(parts.path):
            continue
        found.append(parts.path)
    return found


def crawl(page: Page, base_url: str) -> dict[str, list[dict[str, object]]]:
    seen_routes: set[str] = set()
    queue = deque(["/"])
    failures: dict[str, list[dict[str, object]]] = {}
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        route = route_of(path)
        if route in seen_routes:
            continue
        seen_routes.add(route)
        # Ask first with the context's cookies: downloads (workbooks, CSV, PDF, YAML,
        # stylesheets) are not pages, and a browser navigation to one fails.
        probe = page.request.get(f"{base_url}{path}", max_redirects=0)
        assert probe.status < 500, f"{path} answered {probe.status}"
        if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
            continue
        page.goto(f"{base_url}{path}")
        visited += 1
        violations = run_axe(page)
        if violations:
            failures[path] = violations
        queue.extend(internal_links(page, base_url))
    assert visited > 5, f"the crawl reached only {visited} pages"
    return failures


@pytest.mark.parametrize(
    "role", ["focal_point", "viewer", "group_member", "conduct_reviewer", "human_rights_officer"]
)
def test_every_reachable_page_has_no_serious_violation(
    new_context: NewContext, base_url: str, role: str
) -> None:
    page = new_context(bypass_csp=True).new_page()
    sign_in(page, base_url, email_of(role))
    failures = crawl(page, base_url)
    report = "\n".join(
        f"{path}:\n{describe_violations(found)}"  # type: ignore[arg-type]
        for path, found in failures.items()
    )
    assert not failures, f"axe found serious or critical violations as {role}:\n{report}"
