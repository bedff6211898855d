"""Frameworks as wholes: creating, editing and publishing a draft, making a new version,
writing a parsed library document with its whole tree, and importing or exporting YAML.

A published (or retired) framework is immutable: `_refuse_published` is the check every
editing service makes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record, changes_between
from tutela.frameworks.library import (
    FrameworkSpec,
    LibraryError,
    NodeSpec,
    framework_parse,
    framework_to_spec,
)
from tutela.frameworks.models import Applicability, Framework, FrameworkStatus, Node, StatusScale
from tutela.frameworks.services.tree import _sort_key
from tutela.organizations.models import Body, Organization, PersonnelCategory


def _refuse_published(framework: Framework) -> None:
    if framework.status != FrameworkStatus.DRAFT:
        raise ValidationError(
            _(
                "%(framework)s is published and can no longer be changed; "
                "make a new version to change it."
            )
            % {"framework": framework}
        )


def framework_create(
    *,
    actor: Any,
    slug: str,
    title: str,
    kind: str,
    owner_body: Body,
    status_scale: StatusScale,
    source_citation: str = "",
    description: str = "",
    version: int = 1,
) -> Framework:
    with transaction.atomic():
        framework = Framework(
            slug=slug.strip(),
            version=version,
            title=title.strip(),
            kind=kind,
            owner_body=owner_body,
            status_scale=status_scale,
            source_citation=source_citation,
            description=description,
            status=FrameworkStatus.DRAFT,
        )
        framework.full_clean()
        framework.save()
        audit_record(
            actor=actor,
            action="framework.create",
            target=framework,
            changes={"slug": framework.slug, "version": framework.version, "kind": kind},
        )
    return framework


def _framework_fields(framework: Framework) -> dict[str, Any]:
    return {
        "title": framework.title,
        "kind": framework.kind,
        "status_scale": framework.status_scale.code,
        "source_citation": framework.source_citation,
        "description": framework.description,
    }


def framework_update(
    *,
    actor: Any,
    framework: Framework,
    title: str,
    kind: str,
    status_scale: StatusScale,
    source_citation: str = "",
    description: str = "",
) -> Framework:
    _refuse_published(framework)
    with transaction.atomic():
        before = _framework_fields(framework)
        framework.title = title.strip()
        framework.kind = kind
        framework.status_scale = status_scale
        framework.source_citation = source_citation
        framework.description = description
        changes = changes_between(before, _framework_fields(framework))
        if changes:
            framework.full_clean()
            framework.save()
            audit_record(actor=actor, action="framework.update", target=framework, changes=changes)
    return framework


def framework_publish(*, actor: Any, framework: Framework) -> Framework:
    _refuse_published(framework)
    if not framework.nodes.exists():
        raise ValidationError(_("A framework without nodes cannot be published."))
    with transaction.atomic():
        framework.status = FrameworkStatus.PUBLISHED
        framework.published_at = timezone.now()
        framework.full_clean()
        framework.save()
        audit_record(
            actor=actor,
            action="framework.publish",
            target=framework,
            changes={"status": [FrameworkStatus.DRAFT, FrameworkStatus.PUBLISHED]},
        )
    return framework


def framework_new_version(*, actor: Any, framework: Framework) -> Framework:
    """A new draft, version N+1, with every node, responsibility and applicability copied."""
    if framework.status == FrameworkStatus.DRAFT:
        raise ValidationError(
            _("%(framework)s is still a draft: edit it.") % {"framework": framework}
        )
    with transaction.atomic():
        spec = framework_to_spec(framework)
        latest = Framework.objects.filter(slug=framework.slug).aggregate(v=Max("version"))["v"]
        spec.version = (latest or framework.version) + 1
        return framework_create_from_spec(
            actor=actor,
            spec=spec,
            status=FrameworkStatus.DRAFT,
            previous_version=framework,
            action="framework.new_version",
        )


def framework_create_from_spec(
    *,
    actor: Any,
    spec: FrameworkSpec,
    status: str = FrameworkStatus.DRAFT,
    previous_version: Framework | None = None,
    action: str = "framework.load",
) -> Framework:
    """Write a parsed (already validated) document as a new framework with its whole tree."""
    with transaction.atomic():
        framework = Framework(
            slug=spec.slug,
            version=spec.version,
            title=spec.title,
            kind=spec.kind,
            owner_body=Body.objects.get(acronym=spec.owner_body),
            status_scale=StatusScale.objects.get(code=spec.status_scale),
            source_citation=spec.source,
            description=spec.description,
            translations=spec.translations,
            status=status,
            published_at=timezone.now() if status != FrameworkStatus.DRAFT else None,
            previous_version=previous_version,
        )
        framework.full_clean()
        framework.save()
        count = _create_tree(framework, spec.nodes)
        audit_record(
            actor=actor,
            action=action,
            target=framework,
            changes={
                "slug": framework.slug,
                "version": framework.version,
                "status": status,
                "nodes": count,
                "previous_version": previous_version.pk if previous_version else None,
            },
        )
    return framework


def _create_tree(framework: Framework, roots: Sequence[NodeSpec]) -> int:
    """Create the nodes level by level (one insert per depth), then their links in bulk."""
    organizations = dict(Organization.objects.values_list("acronym", "pk"))
    bodies = {body.acronym: body for body in Body.objects.all()}
    categories = dict(PersonnelCategory.objects.values_list("code", "pk"))
    level: list[tuple[NodeSpec, Node | None, str]] = [(spec, None, "") for spec in roots]
    created: list[tuple[NodeSpec, Node]] = []
    while level:
        batch: list[Node] = []
        positions: dict[int | None, int] = {}
        for spec, parent, parent_key in level:
            parent_pk = parent.pk if parent is not None else None
            positions[parent_pk] = positions.get(parent_pk, 0) + 1
            order = positions[parent_pk]
            node = Node(
                framework=framework,
                parent=parent,
                order=order,
                sort_key=_sort_key(parent_key, order),
                ref_id=spec.ref,
                type=spec.type,
                title=spec.title,
                text=spec.text,
                reportable=spec.reportable,
                responsibility_note=spec.responsibility,
                due_date=spec.due_date,
                milestone=spec.milestone,
                flags=list(spec.flags),
                report_back_to=bodies[spec.report_back_to] if spec.report_back_to else None,
                report_back_note=spec.report_back,
                translations=dict(spec.translations),
            )
            # References were checked by the parser; uniqueness is the database's constraint.
            node.full_clean(
                exclude=["framework", "parent", "report_back_to"],
                validate_unique=False,
                validate_constraints=False,
            )
            batch.append(node)
        saved = Node.objects.bulk_create(batch)
        specs = [entry[0] for entry in level]
        created.extend(zip(specs, saved, strict=True))
        level = [
            (child, node, node.sort_key)
            for spec, node in zip(specs, saved, strict=True)
            for child in spec.children
        ]
    lead = Node.lead_organizations.through
    member = Node.member_organizations.through
    body_link = Node.lead_bodies.through
    lead.objects.bulk_create(
        [lead(node_id=n.pk, organization_id=organizations[a]) for s, n in created for a in s.lead]
    )
    member.objects.bulk_create(
        [
            member(node_id=n.pk, organization_id=organizations[a])
            for s, n in created
            for a in s.members
        ]
    )
    body_link.objects.bulk_create(
        [body_link(node_id=n.pk, body_id=bodies[a].pk) for s, n in created for a in s.bodies]
    )
    Applicability.objects.bulk_create(
        [
            Applicability(
                node_id=n.pk, personnel_category_id=categories[code], level=level, notes=notes
            )
            for s, n in created
            for code, (level, notes) in s.applicability.items()
        ]
    )
    return len(created)


def framework_exported(*, actor: Any, framework: Framework) -> None:
    """Record a YAML export (every export is audited)."""
    audit_record(
        actor=actor,
        action="framework.export",
        target=framework,
        changes={"format": "yaml", "version": framework.version},
    )


def framework_import(
    *, actor: Any, text: str, filename: str, allowed_bodies: Iterable[Body]
) -> Framework:
    """A YAML document uploaded by a secretariat becomes a new draft; all or nothing."""
    spec = framework_parse(text, filename=filename)
    acronyms = {body.acronym for body in allowed_bodies}
    errors = []
    if spec.owner_body not in acronyms:
        errors.append(
            f"{filename}: owner_body: "
            + _("you are not the secretariat of %(body)s") % {"body": spec.owner_body}
        )
    if Framework.objects.filter(slug=spec.slug, version=spec.version).exists():
        errors.append(
            f"{filename}: version: "
            + _("%(slug)s version %(version)s exists already; give the file a new version number")
            % {"slug": spec.slug, "version": spec.version}
        )
    if errors:
        raise LibraryError(errors)
    previous = (
        Framework.objects.filter(slug=spec.slug, version__lt=spec.version)
        .order_by("-version")
        .first()
    )
    return framework_create_from_spec(
        actor=actor,
        spec=spec,
        status=FrameworkStatus.DRAFT,
        previous_version=previous,
        action="framework.import",
    )
