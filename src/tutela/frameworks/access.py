"""Who may read and edit frameworks: published and retired versions are open to every signed-in
user; a draft only to the secretariat of the body that owns it, who alone edits (administrators
manage reference data such as status scales, never framework content)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tutela.accounts.access import (
    SIGNED_IN,
    EndpointRule,
    body_ids,
    declare,
    has_role,
    roles,
)
from tutela.accounts.roles import Role
from tutela.frameworks.models import Framework, FrameworkStatus

EDITORS = roles(Role.SECRETARIAT)


def editable_body_ids(user: Any) -> set[int]:
    """The bodies whose frameworks the user edits: those they are the secretariat of."""
    return body_ids(user, Role.SECRETARIAT)


def readable(user: Any) -> Q:
    """The frameworks a signed-in user may read, as a filter."""
    return ~Q(status=FrameworkStatus.DRAFT) | Q(owner_body_id__in=editable_body_ids(user))


def can_read(user: Any, framework: Framework) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return framework.status != FrameworkStatus.DRAFT or can_edit(user, framework)


def can_edit(user: Any, framework: Framework) -> bool:
    return framework.owner_body_id in editable_body_ids(user)


def can_create(user: Any) -> bool:
    return has_role(user, Role.SECRETARIAT)


def _draft_rule(name: str, *, method: str = "GET", answers: int = 200) -> EndpointRule:
    return EndpointRule(
        name, own=EDITORS, subject="draft_framework", method=method, answers=answers
    )


def _draft_node_rule(name: str, *, method: str = "GET", answers: int = 200) -> EndpointRule:
    return EndpointRule(name, own=EDITORS, subject="draft_node", method=method, answers=answers)


declare(
    EndpointRule("frameworks:framework_list", own=SIGNED_IN),
    EndpointRule(
        "frameworks:framework_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="framework"
    ),
    EndpointRule(
        "frameworks:framework_applicability",
        own=SIGNED_IN,
        foreign=SIGNED_IN,
        subject="framework",
    ),
    EndpointRule(
        "frameworks:framework_export", own=SIGNED_IN, foreign=SIGNED_IN, subject="framework"
    ),
    EndpointRule("frameworks:node_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="node"),
    EndpointRule("frameworks:scale_list", own=SIGNED_IN),
    EndpointRule("frameworks:scale_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="scale"),
    EndpointRule("frameworks:scale_stylesheet", own=SIGNED_IN),
    # Status scales are shared reference data, kept by the secretariat (any body).
    EndpointRule("frameworks:scale_create", own=EDITORS),
    EndpointRule("frameworks:scale_level_add", own=EDITORS, foreign=EDITORS, subject="scale"),
    EndpointRule(
        "frameworks:scale_level_edit", own=EDITORS, foreign=EDITORS, subject="scale_level"
    ),
    EndpointRule(
        "frameworks:scale_level_delete",
        own=EDITORS,
        foreign=EDITORS,
        subject="scale_level",
        method="POST",
        answers=302,
    ),
    # Editing: only the owner body's secretariat, only its drafts.
    EndpointRule("frameworks:framework_create", own=EDITORS),
    EndpointRule("frameworks:framework_import", own=EDITORS),
    EndpointRule(
        "frameworks:framework_new_version",
        own=EDITORS,
        subject="framework",
        method="POST",
        answers=302,
    ),
    _draft_rule("frameworks:draft_edit"),
    _draft_rule("frameworks:draft_publish", method="POST", answers=302),
    _draft_rule("frameworks:node_add"),
    _draft_node_rule("frameworks:node_edit"),
    _draft_node_rule("frameworks:node_move"),
    _draft_node_rule("frameworks:node_move_up", method="POST", answers=302),
    _draft_node_rule("frameworks:node_move_down", method="POST", answers=302),
    _draft_node_rule("frameworks:node_delete", method="POST", answers=302),
    _draft_node_rule("frameworks:node_applicability"),
    EndpointRule("api:framework_list", own=SIGNED_IN),
    EndpointRule("api:framework_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="framework"),
    EndpointRule("api:framework_node_list", own=SIGNED_IN, foreign=SIGNED_IN, subject="framework"),
    EndpointRule("api:status_scale_list", own=SIGNED_IN),
    EndpointRule("api:framework_create", own=EDITORS, method="POST", answers=201),
    EndpointRule(
        "api:framework_node_add",
        own=EDITORS,
        subject="draft_framework",
        method="POST",
        answers=201,
    ),
    EndpointRule(
        "api:framework_draft_publish", own=EDITORS, subject="draft_framework", method="POST"
    ),
    EndpointRule(
        "api:framework_version_create",
        own=EDITORS,
        subject="framework",
        method="POST",
        answers=201,
    ),
)
