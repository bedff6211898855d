"""Loads the shipped reference data (YAML under `reference_data/`) idempotently."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from tutela.audit.services import audit_record
from tutela.organizations.models import Body, Group, Organization, PersonnelCategory

DIRECTORY = Path(__file__).resolve().parent / "reference_data"


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        elif changed:
            self.updated[kind] = self.updated.get(kind, 0) + 1


def _read(name: str) -> list[dict[str, Any]]:
    document = yaml.safe_load((DIRECTORY / f"{name}.yaml").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = document[name]
    return rows


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, bool, bool]:
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        return instance, True, True
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        instance.full_clean()
        instance.save()
    return instance, False, changed


def reference_data_load(*, actor: Any = None) -> LoadSummary:
    summary = LoadSummary()
    with transaction.atomic():
        organizations: dict[str, Organization] = {}
        for row in _read("organizations"):
            organization, created, changed = _upsert(
                Organization,
                {"acronym": row["acronym"]},
                {
                    "name": row["name"],
                    "type": row["type"],
                    "aliases": list(row.get("aliases") or []),
                },
            )
            organizations[organization.acronym] = organization
            summary.count("organizations", created=created, changed=changed)

        bodies: dict[str, Body] = {}
        body_rows = _read("bodies")
        for row in body_rows:
            host = row.get("secretariat_organization")
            body, created, changed = _upsert(
                Body,
                {"acronym": row["acronym"]},
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "host_organization": organizations[host] if host else None,
                },
            )
            bodies[body.acronym] = body
            summary.count("bodies", created=created, changed=changed)
        for row in body_rows:
            parent = bodies[row["parent"]] if row.get("parent") else None
            body = bodies[row["acronym"]]
            if body.parent_id != (parent.pk if parent else None):
                body.parent = parent
                body.save(update_fields=["parent", "updated_at"])

        for row in _read("groups"):
            group, created, changed = _upsert(
                Group,
                {"code": row["code"]},
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "body": bodies[row["body"]] if row.get("body") else None,
                    "initiatives": list(row.get("initiatives") or []),
                },
            )
            group.lead_organizations.set(
                [organizations[acronym] for acronym in row.get("lead_organizations") or []]
            )
            group.member_organizations.set(
                [organizations[acronym] for acronym in row.get("member_organizations") or []]
            )
            summary.count("groups", created=created, changed=changed)

        categories: dict[str, PersonnelCategory] = {}
        for order, row in enumerate(_read("personnel_categories")):
            parent_code = row.get("parent")
            category, created, changed = _upsert(
                PersonnelCategory,
                {"code": row["code"]},
                {
                    "name": row["name"],
                    "description": row.get("description") or "",
                    "order": order,
                    "parent": categories[parent_code] if parent_code else None,
                },
            )
            categories[category.code] = category
            summary.count("personnel_categories", created=created, changed=changed)

        if summary.created or summary.updated:
            audit_record(
                actor=actor,
                action="reference_data.load",
                object_type="organizations.reference_data",
                changes={"created": summary.created, "updated": summary.updated},
            )
    return summary
