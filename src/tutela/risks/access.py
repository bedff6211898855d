"""Who may do what in the risks module.

A unit's registers, visits and quarterly reports are kept by the unit's risk officers and by
the focal points of its organization, and read by the organization's viewers; an
organization's own registers by its focal points (viewers read them). Conduct reviewers read
the quarterly reports submitted to their body, and the registers of the units that report to
it. Secretariat users add risk matrices. Administrators read none of it.
"""

from __future__ import annotations

from typing import Any

from tutela.accounts.access import (
    SIGNED_IN,
    EndpointRule,
    body_ids,
    declare,
    memberships_of,
    organization_ids,
    roles,
)
from tutela.accounts.roles import Role


def unit_ids(user: Any, *wanted: Role) -> set[int]:
    values = {role.value for role in wanted}
    return {
        membership.unit_id
        for membership in memberships_of(user)
        if membership.role in values and membership.unit_id is not None
    }


def keeper_unit_ids(user: Any) -> set[int]:
    return unit_ids(user, Role.RISK_OFFICER)


def keeper_organization_ids(user: Any) -> set[int]:
    return organization_ids(user, Role.FOCAL_POINT)


def reader_organization_ids(user: Any) -> set[int]:
    return organization_ids(user, Role.FOCAL_POINT, Role.VIEWER)


def reviewer_body_ids(user: Any) -> set[int]:
    return body_ids(user, Role.CONDUCT_REVIEWER)


def can_add_matrices(user: Any) -> bool:
    return bool(body_ids(user, Role.SECRETARIAT))


def may_keep_registers(user: Any) -> bool:
    return bool(keeper_unit_ids(user) or keeper_organization_ids(user))


def can_keep_unit(user: Any, unit: Any) -> bool:
    return unit.pk in keeper_unit_ids(user) or unit.organization_id in keeper_organization_ids(user)


def can_keep_register(user: Any, register: Any) -> bool:
    if register.unit_id is not None:
        return register.unit_id in keeper_unit_ids(
            user
        ) or register.organization_id in keeper_organization_ids(user)
    return register.organization_id in keeper_organization_ids(user)


KEEPERS = roles(Role.RISK_OFFICER, Role.FOCAL_POINT)
READERS = roles(Role.RISK_OFFICER, Role.FOCAL_POINT, Role.VIEWER, Role.CONDUCT_REVIEWER)
UNIT_READERS = roles(Role.RISK_OFFICER, Role.FOCAL_POINT, Role.VIEWER)
REVIEWERS = roles(Role.CONDUCT_REVIEWER)
SECRETARIAT = roles(Role.SECRETARIAT)

declare(
    # Matrices and the factor library are reference data for every signed-in user.
    EndpointRule("risks:matrix_list", own=SIGNED_IN),
    EndpointRule("risks:matrix_create", own=SECRETARIAT),
    EndpointRule("risks:matrix_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="risk_matrix"),
    EndpointRule("risks:factor_list", own=SIGNED_IN),
    EndpointRule("risks:register_list", own=SIGNED_IN),
    EndpointRule("risks:register_create", own=KEEPERS),
    EndpointRule("risks:register_detail", own=READERS, subject="risk_register"),
    EndpointRule("risks:risk_create", own=KEEPERS, subject="risk_register"),
    EndpointRule("risks:risk_import", own=KEEPERS, subject="risk_register"),
    EndpointRule("risks:risk_detail", own=READERS, subject="risk"),
    EndpointRule("risks:risk_edit", own=KEEPERS, subject="risk"),
    EndpointRule("risks:action_add", own=KEEPERS, subject="risk"),
    EndpointRule("risks:action_edit", own=KEEPERS, subject="risk_action"),
    EndpointRule("risks:overdue_actions", own=SIGNED_IN),
    EndpointRule("risks:visit_list", own=SIGNED_IN),
    EndpointRule("risks:visit_create", own=KEEPERS, subject="unit"),
    EndpointRule("risks:visit_detail", own=READERS, subject="risk_visit"),
    EndpointRule("risks:visit_follow_up", own=KEEPERS, subject="risk_visit"),
    EndpointRule("risks:report_list", own=SIGNED_IN),
    EndpointRule("risks:report_generate", own=KEEPERS, subject="unit"),
    EndpointRule("risks:report_detail", own=READERS, subject="risk_report"),
    EndpointRule("risks:report_xlsx", own=READERS, subject="risk_report"),
    EndpointRule("risks:report_pdf", own=READERS, subject="risk_report"),
    EndpointRule("risks:report_edit", own=KEEPERS, subject="risk_draft_report"),
    EndpointRule(
        "risks:report_submit",
        own=KEEPERS,
        subject="risk_draft_report",
        method="POST",
        answers=302,
    ),
    EndpointRule("risks:consolidated", own=REVIEWERS),
    EndpointRule("risks:health_list", own=SIGNED_IN),
    EndpointRule("risks:health_create", own=KEEPERS, subject="unit"),
    EndpointRule("risks:health_detail", own=READERS, subject="risk_health_assessment"),
    EndpointRule("api:risk_health_assessment_list", own=SIGNED_IN),
    EndpointRule("api:risk_matrix_list", own=SIGNED_IN),
    EndpointRule("api:risk_matrix_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="risk_matrix"),
    EndpointRule("api:risk_register_list", own=SIGNED_IN),
    EndpointRule(
        "api:risk_register_create", own=KEEPERS, subject="unit", method="POST", answers=200
    ),
    EndpointRule("api:risk_register_detail", own=READERS, subject="risk_register"),
    EndpointRule("api:risk_list", own=READERS, subject="risk_register"),
    EndpointRule(
        "api:risk_create", own=KEEPERS, subject="risk_register", method="POST", answers=200
    ),
    EndpointRule("api:risk_detail", own=READERS, subject="risk"),
    EndpointRule("api:risk_update", own=KEEPERS, subject="risk", method="PUT", answers=200),
    EndpointRule("api:risk_action_list", own=SIGNED_IN),
    EndpointRule("api:risk_action_create", own=KEEPERS, subject="risk", method="POST", answers=200),
    EndpointRule(
        "api:risk_action_update", own=KEEPERS, subject="risk_action", method="POST", answers=200
    ),
    EndpointRule("api:risk_visit_list", own=SIGNED_IN),
    EndpointRule("api:risk_visit_detail", own=READERS, subject="risk_visit"),
    EndpointRule("api:risk_report_list", own=SIGNED_IN),
    EndpointRule("api:risk_report_detail", own=READERS, subject="risk_report"),
)
