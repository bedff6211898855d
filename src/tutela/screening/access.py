"""Who may do what in the screening module: an organization's screening officers manage its own
listings and run its checks; nobody else sees either, and nobody can list or count another
organization's listings (a check only answers with possible matches above the threshold)."""

from __future__ import annotations

from typing import Any

from tutela.accounts.access import EndpointRule, declare, organization_ids, roles
from tutela.accounts.roles import Role

SCREENING = roles(Role.SCREENING_OFFICER)


def screening_organization_ids(user: Any) -> set[int]:
    return organization_ids(user, Role.SCREENING_OFFICER)


declare(
    EndpointRule("screening:listing_list", own=SCREENING),
    EndpointRule("screening:listing_create", own=SCREENING),
    EndpointRule("screening:listing_upload", own=SCREENING),
    EndpointRule("screening:listing_detail", own=SCREENING, subject="screening_listing"),
    EndpointRule("screening:listing_remove", own=SCREENING, subject="screening_listing"),
    EndpointRule("screening:check_list", own=SCREENING),
    EndpointRule("screening:check_create", own=SCREENING),
    EndpointRule("screening:check_batch", own=SCREENING),
    EndpointRule("screening:check_detail", own=SCREENING, subject="screening_check"),
    EndpointRule("api:screening_listing_list", own=SCREENING),
    EndpointRule("api:screening_listing_create", own=SCREENING, method="POST"),
    EndpointRule("api:screening_listing_detail", own=SCREENING, subject="screening_listing"),
    EndpointRule(
        "api:screening_listing_remove", own=SCREENING, subject="screening_listing", method="POST"
    ),
    EndpointRule("api:screening_check_list", own=SCREENING),
    EndpointRule("api:screening_check_create", own=SCREENING, method="POST"),
    EndpointRule("api:screening_check_detail", own=SCREENING, subject="screening_check"),
)
