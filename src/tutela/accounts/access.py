"""The access policy's shared parts: who holds which role over what, and the endpoint registry.

Every URL name and API operation declares an `EndpointRule` in its app's `access.py`. The
authorization matrix test enumerates the URL patterns and API operations itself and fails on
any endpoint without a rule, then checks each role against an object of the user's own
organization and one of a foreign organization.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.http import Http404

from tutela.accounts.roles import Role

if TYPE_CHECKING:
    from tutela.accounts.models import Membership, User

Audience = frozenset[str] | Literal["anyone", "signed_in", "nobody"]
ANYONE: Audience = "anyone"
SIGNED_IN: Audience = "signed_in"
NOBODY: Audience = "nobody"


def roles(*names: Role) -> frozenset[str]:
    return frozenset(role.value for role in names)


@dataclass(frozen=True)
class EndpointRule:
    """Who may use an endpoint, on an object of their own side and on a foreign one.

    `subject` names the kind of object in the URL ("organization", "unit", …) or is None for
    endpoints without one; `own` and `foreign` say who gets an answer (others get the same
    404 as for a missing object, or 403 where there is no object).
    """

    endpoint: str
    own: Audience
    foreign: Audience = NOBODY
    subject: str | None = None
    method: str = "GET"
    # What an allowed request answers (a redirect after a POST, 404 for the API's catch-all).
    answers: int = 200


RULES: dict[str, EndpointRule] = {}


def declare(*rules: EndpointRule) -> None:
    for rule in rules:
        if rule.endpoint in RULES and RULES[rule.endpoint] != rule:
            raise ValueError(f"Two different access rules declared for {rule.endpoint}.")
        RULES[rule.endpoint] = rule


def memberships_of(user: User | Any) -> list[Membership]:
    """The user's memberships, loaded once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_tutela_memberships", None)
    if cached is None:
        cached = list(user.memberships.all())
        user._tutela_memberships = cached  # type: ignore[union-attr]
    return cached


def has_role(user: User | Any, *wanted: Role) -> bool:
    values = {role.value for role in wanted}
    return any(membership.role in values for membership in memberships_of(user))


def organization_ids(user: User | Any, *wanted: Role) -> set[int]:
    values = {role.value for role in wanted}
    return {
        membership.organization_id
        for membership in memberships_of(user)
        if membership.role in values and membership.organization_id is not None
    }


def body_ids(user: User | Any, *wanted: Role) -> set[int]:
    values = {role.value for role in wanted}
    return {
        membership.body_id
        for membership in memberships_of(user)
        if membership.role in values and membership.body_id is not None
    }


def group_ids(user: User | Any, *wanted: Role) -> set[int]:
    values = {role.value for role in wanted}
    return {
        membership.group_id
        for membership in memberships_of(user)
        if membership.role in values and membership.group_id is not None
    }


def require(allowed: bool) -> None:
    """Answer a forbidden object exactly like a missing one."""
    if not allowed:
        raise Http404


def role_values(names: Iterable[Role]) -> set[str]:
    return {role.value for role in names}


declare(
    EndpointRule("accounts:login", own=ANYONE),
    EndpointRule("accounts:logout", own=ANYONE, method="POST", answers=302),
    EndpointRule("accounts:two_factor_enrol", own=SIGNED_IN),
    EndpointRule("accounts:two_factor_verify", own=SIGNED_IN),
    EndpointRule("accounts:memberships", own=SIGNED_IN),
    EndpointRule("accounts:api_token_list", own=SIGNED_IN),
    EndpointRule(
        "accounts:api_token_revoke",
        own=SIGNED_IN,
        foreign=NOBODY,
        subject="api_token",
        method="POST",
        answers=302,
    ),
    EndpointRule("api:me", own=SIGNED_IN),
    EndpointRule("api:health", own=ANYONE),
    EndpointRule("api_docs", own=ANYONE),
    EndpointRule("api:openapi-json", own=ANYONE),
    EndpointRule("api_not_found", own=ANYONE, answers=404),
    EndpointRule("set_language", own=ANYONE, method="POST", answers=302),
)
