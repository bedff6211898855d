"""Every read of frameworks, nodes and status scales. The monitoring app builds on these:

- `framework_list(user=…)`: the frameworks the user may read (all versions), newest first
  within a title, with owner body and scale joined.
- `framework_get(user=…, framework_id=…)`: one of those, or Http404 (a draft of another body's
  secretariat is "not found", exactly like a missing id).
- `node_list(user=…, framework=…)`: the framework's nodes in tree order (`sort_key`), with
  parent, report-back body, responsible organizations and bodies and applicability loaded in a
  fixed number of queries.
- `reportable_nodes(framework)`: the nodes organizations report on, in tree order. It takes no
  user: call it with a framework obtained through `framework_get`.
- `scale_levels(scale)`: a scale's levels in display order.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from tutela.accounts.access import require
from tutela.frameworks.access import can_create, can_edit, can_read, editable_body_ids, readable
from tutela.frameworks.models import (
    Applicability,
    Framework,
    Node,
    StatusLevel,
    StatusScale,
)
from tutela.organizations.models import Body, Organization, PersonnelCategory


def _signed_in(user: Any) -> None:
    require(getattr(user, "is_authenticated", False))


def framework_list(
    *, user: Any, kind: str = "", owner_body_id: int | None = None
) -> QuerySet[Framework]:
    _signed_in(user)
    frameworks = Framework.objects.filter(readable(user)).select_related(
        "owner_body", "status_scale"
    )
    if kind:
        frameworks = frameworks.filter(kind=kind)
    if owner_body_id is not None:
        frameworks = frameworks.filter(owner_body_id=owner_body_id)
    return frameworks.annotate(
        node_count=Count("nodes", distinct=True),
        reportable_count=Count("nodes", filter=Q(nodes__reportable=True), distinct=True),
    ).order_by("title", "-version")


def framework_get(*, user: Any, framework_id: int) -> Framework:
    _signed_in(user)
    framework = get_object_or_404(
        Framework.objects.select_related("owner_body", "status_scale", "previous_version"),
        pk=framework_id,
    )
    require(can_read(user, framework))
    return framework


def framework_versions(*, user: Any, framework: Framework) -> QuerySet[Framework]:
    """Every version of the framework the user may read, newest first."""
    return (
        Framework.objects.filter(readable(user), slug=framework.slug)
        .only("pk", "slug", "version", "status", "published_at", "title")
        .order_by("-version")
    )


def node_list(*, user: Any, framework: Framework) -> QuerySet[Node]:
    require(can_read(user, framework))
    return (
        Node.objects.filter(framework=framework)
        .select_related("parent", "report_back_to")
        .prefetch_related(
            Prefetch("lead_organizations", queryset=Organization.objects.order_by("acronym")),
            Prefetch("member_organizations", queryset=Organization.objects.order_by("acronym")),
            Prefetch("lead_bodies", queryset=Body.objects.order_by("acronym")),
            Prefetch(
                "applicability",
                queryset=Applicability.objects.select_related("personnel_category").order_by(
                    "personnel_category__order", "personnel_category__code"
                ),
            ),
        )
        .order_by("sort_key")
    )


def node_get(*, user: Any, node_id: int) -> Node:
    _signed_in(user)
    node = get_object_or_404(
        Node.objects.select_related(
            "framework__owner_body", "framework__status_scale", "parent", "report_back_to"
        ).prefetch_related(
            Prefetch("lead_organizations", queryset=Organization.objects.order_by("acronym")),
            Prefetch("member_organizations", queryset=Organization.objects.order_by("acronym")),
            Prefetch("lead_bodies", queryset=Body.objects.order_by("acronym")),
            Prefetch(
                "applicability",
                queryset=Applicability.objects.select_related("personnel_category").order_by(
                    "personnel_category__order", "personnel_category__code"
                ),
            ),
            Prefetch("children", queryset=Node.objects.order_by("sort_key")),
        ),
        pk=node_id,
    )
    require(can_read(user, node.framework))
    return node


def reportable_nodes(framework: Framework) -> QuerySet[Node]:
    return Node.objects.filter(framework=framework, reportable=True).order_by("sort_key")


def scale_list(*, user: Any) -> QuerySet[StatusScale]:
    _signed_in(user)
    return StatusScale.objects.prefetch_related(
        Prefetch("levels", queryset=StatusLevel.objects.order_by("order"))
    ).order_by("code")


def scale_get(*, user: Any, scale_id: int) -> StatusScale:
    return get_object_or_404(scale_list(user=user), pk=scale_id)


def scale_for_editing(*, user: Any, scale_id: int) -> StatusScale:
    """Scales are shared reference data: the secretariat keeps them."""
    require(can_create(user))
    return scale_get(user=user, scale_id=scale_id)


def scale_level_for_editing(*, user: Any, scale_level_id: int) -> StatusLevel:
    require(can_create(user))
    return get_object_or_404(StatusLevel.objects.select_related("scale"), pk=scale_level_id)


def scale_levels(scale: StatusScale) -> QuerySet[StatusLevel]:
    return StatusLevel.objects.filter(scale=scale).order_by("order")


def all_scale_levels(*, user: Any) -> QuerySet[StatusLevel]:
    """Every level of every scale (status scales are reference data, open to all)."""
    _signed_in(user)
    return StatusLevel.objects.select_related("scale").order_by("scale__code", "order")


def personnel_categories() -> QuerySet[PersonnelCategory]:
    return PersonnelCategory.objects.order_by("order", "code")


# --- for editing: the owner body's secretariat only ------------------------------------------


def framework_for_editing(*, user: Any, framework_id: int) -> Framework:
    """A framework the user may edit (published ones too: the services then say why not)."""
    framework = framework_get(user=user, framework_id=framework_id)
    require(can_edit(user, framework))
    return framework


def node_for_editing(*, user: Any, node_id: int) -> Node:
    node = node_get(user=user, node_id=node_id)
    require(can_edit(user, node.framework))
    return node


def parent_choices(*, framework: Framework, moving: Node | None = None) -> QuerySet[Node]:
    """Nodes of the framework that can be a parent (for a move: not the node or its subtree)."""
    nodes = Node.objects.filter(framework=framework).order_by("sort_key")
    if moving is not None:
        nodes = nodes.exclude(pk=moving.pk).exclude(sort_key__startswith=moving.sort_key + ".")
    return nodes


def creatable_bodies(*, user: Any) -> QuerySet[Body]:
    """The bodies the user may create frameworks for (a page without an object: 403)."""
    if not can_create(user):
        raise PermissionDenied
    return Body.objects.filter(pk__in=editable_body_ids(user)).order_by("acronym")


def directory_by_acronym(
    *, user: Any, model: type[Organization] | type[Body], acronyms: list[str]
) -> dict[str, Any]:
    """Organizations or bodies named by acronym (the directory is open to signed-in users)."""
    _signed_in(user)
    return {item.acronym: item for item in model.objects.filter(acronym__in=acronyms)}
