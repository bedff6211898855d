"""Who may read what in the directory: the directory is open to signed-in users; who holds
which role in an organization is that organization's business (and the administrators')."""

from __future__ import annotations

from typing import Any

from tutela.accounts.access import (
    SIGNED_IN,
    EndpointRule,
    declare,
    has_role,
    organization_ids,
    roles,
)
from tutela.accounts.roles import Role

PEOPLE_READERS = (Role.FOCAL_POINT, Role.VIEWER)


def can_see_people(user: Any, organization_id: int) -> bool:
    return has_role(user, Role.ADMINISTRATOR) or organization_id in organization_ids(
        user, *PEOPLE_READERS
    )


def can_manage_units(user: Any, organization_id: int) -> bool:
    """An organization's focal points keep its unit tree; administrators keep everyone's."""
    return has_role(user, Role.ADMINISTRATOR) or organization_id in organization_ids(
        user, Role.FOCAL_POINT
    )


declare(
    EndpointRule("organizations:organization_list", own=SIGNED_IN),
    EndpointRule(
        "organizations:organization_detail",
        own=SIGNED_IN,
        foreign=SIGNED_IN,
        subject="organization",
    ),
    EndpointRule(
        "organizations:organization_people",
        own=roles(Role.FOCAL_POINT, Role.VIEWER, Role.ADMINISTRATOR),
        foreign=roles(Role.ADMINISTRATOR),
        subject="organization",
    ),
    EndpointRule("organizations:unit_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="unit"),
    EndpointRule("organizations:body_list", own=SIGNED_IN),
    EndpointRule("organizations:body_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="body"),
    EndpointRule("organizations:group_list", own=SIGNED_IN),
    EndpointRule("organizations:group_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="group"),
    EndpointRule("api:organization_list", own=SIGNED_IN),
    EndpointRule(
        "api:organization_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="organization"
    ),
    EndpointRule("api:unit_list", own=SIGNED_IN),
    EndpointRule(
        "api:unit_create",
        own=roles(Role.FOCAL_POINT, Role.ADMINISTRATOR),
        foreign=roles(Role.ADMINISTRATOR),
        subject="organization",
        method="POST",
        answers=201,
    ),
    EndpointRule("api:unit_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="unit"),
    EndpointRule("api:body_list", own=SIGNED_IN),
    EndpointRule("api:body_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="body"),
    EndpointRule("api:group_list", own=SIGNED_IN),
    EndpointRule("api:group_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="group"),
)
