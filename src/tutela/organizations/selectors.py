"""Every read of organizations, units, bodies and groups; each takes the acting user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from tutela.accounts.access import require
from tutela.accounts.models import Membership
from tutela.organizations.access import can_manage_units, can_see_people
from tutela.organizations.models import Body, Group, Organization, PersonnelCategory, Unit


def _signed_in(user: Any) -> None:
    require(getattr(user, "is_authenticated", False))


def organization_list(*, user: Any, search: str = "", type: str = "") -> QuerySet[Organization]:
    _signed_in(user)
    organizations = Organization.objects.filter(is_active=True)
    if search:
        organizations = organizations.filter(
            Q(acronym__icontains=search) | Q(name__icontains=search)
        )
    if type:
        organizations = organizations.filter(type=type)
    return organizations.order_by("acronym")


def organization_get(*, user: Any, organization_id: int) -> Organization:
    _signed_in(user)
    return get_object_or_404(Organization, pk=organization_id, is_active=True)


def organization_people(*, user: Any, organization_id: int) -> QuerySet[Membership]:
    """Who holds which role in the organization: only for its own members and administrators."""
    organization = organization_get(user=user, organization_id=organization_id)
    require(can_see_people(user, organization.pk))
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__email")
    )


def unit_list(*, user: Any, organization_id: int | None = None) -> QuerySet[Unit]:
    _signed_in(user)
    units = Unit.objects.select_related("organization", "parent")
    if organization_id is not None:
        units = units.filter(organization_id=organization_id)
    return units.order_by("organization__acronym", "path")


def unit_get(*, user: Any, unit_id: int) -> Unit:
    _signed_in(user)
    return get_object_or_404(Unit.objects.select_related("organization", "parent"), pk=unit_id)


def unit_children(*, user: Any, unit: Unit) -> QuerySet[Unit]:
    return (
        unit_list(user=user, organization_id=unit.organization_id)
        .filter(path__startswith=unit.path)
        .exclude(pk=unit.pk)
    )


def body_list(*, user: Any) -> QuerySet[Body]:
    _signed_in(user)
    return Body.objects.select_related("parent", "host_organization").order_by("acronym")


def body_get(*, user: Any, body_id: int) -> Body:
    _signed_in(user)
    return get_object_or_404(
        Body.objects.select_related("parent", "host_organization").prefetch_related(
            Prefetch("children", queryset=Body.objects.order_by("acronym")),
            Prefetch("groups", queryset=Group.objects.order_by("name")),
        ),
        pk=body_id,
    )


def group_list(*, user: Any) -> QuerySet[Group]:
    _signed_in(user)
    return (
        Group.objects.select_related("body")
        .prefetch_related(
            Prefetch("lead_organizations", queryset=Organization.objects.order_by("acronym")),
            Prefetch("member_organizations", queryset=Organization.objects.order_by("acronym")),
        )
        .order_by("name")
    )


def group_get(*, user: Any, group_id: int) -> Group:
    return get_object_or_404(group_list(user=user), pk=group_id)


def personnel_category_list(*, user: Any) -> QuerySet[PersonnelCategory]:
    _signed_in(user)
    return PersonnelCategory.objects.select_related("parent").order_by("order", "code")


@dataclass(frozen=True)
class OrganizationProfile:
    organization: Organization
    units: QuerySet[Unit]
    led_groups: QuerySet[Group]
    member_groups: QuerySet[Group]
    hosted_bodies: QuerySet[Body]
    may_see_people: bool


def organization_profile(*, user: Any, organization_id: int) -> OrganizationProfile:
    organization = organization_get(user=user, organization_id=organization_id)
    return OrganizationProfile(
        organization=organization,
        units=unit_list(user=user, organization_id=organization.pk),
        led_groups=organization.led_groups.order_by("name"),
        member_groups=organization.member_of_groups.order_by("name"),
        hosted_bodies=organization.hosted_bodies.order_by("acronym"),
        may_see_people=can_see_people(user, organization.pk),
    )


def organization_for_unit_management(*, user: Any, organization_id: int) -> Organization:
    organization = organization_get(user=user, organization_id=organization_id)
    require(can_manage_units(user, organization.pk))
    return organization


def unit_parent_get(*, organization: Organization, unit_id: int) -> Unit:
    """A parent unit must be a unit of the same organization; any other id is 'not found'."""
    return get_object_or_404(Unit, pk=unit_id, organization=organization)
