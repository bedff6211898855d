"""Every write to organizations, units, bodies, groups and personnel categories."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.organizations.models import Organization, Unit


def unit_create(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    type: str,
    parent: Unit | None = None,
    country: str = "",
) -> Unit:
    if parent is not None and parent.organization_id != organization.pk:
        raise ValidationError({"parent": _("The parent unit belongs to another organization.")})
    with transaction.atomic():
        unit = Unit(
            organization=organization,
            parent=parent,
            name=name.strip(),
            type=type,
            country=country.upper(),
        )
        unit.full_clean(exclude=["path"])
        unit.save()
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        Unit.objects.filter(pk=unit.pk).update(path=unit.path)
        audit_record(
            actor=actor,
            action="unit.create",
            target=unit,
            changes={"organization": organization.acronym, "name": unit.name, "type": type},
        )
    return unit
