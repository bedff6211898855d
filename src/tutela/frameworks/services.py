"""Every write to frameworks, their node trees, applicability and status scales.

A published (or retired) framework is immutable: every editing service refuses it with a
`ValidationError`; changes go into a new version (`framework_new_version`).
"""

from __future__ import annotations

import datetime
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
    ScaleSpec,
    framework_parse,
    framework_to_spec,
)
from tutela.frameworks.models import (
    Applicability,
    ApplicabilityLevel,
    Framework,
    FrameworkStatus,
    Node,
    NodeFlag,
    StatusLevel,
    StatusScale,
)
from tutela.organizations.models import Body, Organization, PersonnelCategory

SORT_KEY_WIDTH = 4


def _refuse_published(framework: Framework) -> None:
    if framework.status != FrameworkStatus.DRAFT:
        raise ValidationError(
            _(
                "%(framework)s is published and can no longer be changed; "
                "make a new version to change it."
            )
            % {"framework": framework}
        )


def _sort_key(parent_key: str, order: int) -> str:
    own = f"{order:0{SORT_KEY_WIDTH}d}"
    return f"{parent_key}.{own}" if parent_key else own


def _renumber(framework: Framework) -> None:
    """Give every node its position among its siblings (1, 2, …) and its tree sort key."""
    nodes = list(
        Node.objects.filter(framework=framework).only("pk", "parent_id", "order", "sort_key")
    )
    children: dict[int | None, list[Node]] = {}
    for node in sorted(nodes, key=lambda n: (n.order, n.pk)):
        children.setdefault(node.parent_id, []).append(node)
    changed: list[Node] = []

    def number(parent_id: int | None, parent_key: str) -> None:
        for position, node in enumerate(children.get(parent_id, []), start=1):
            key = _sort_key(parent_key, position)
            if node.order != position or node.sort_key != key:
                node.order, node.sort_key = position, key
                changed.append(node)
            number(node.pk, key)

    number(None, "")
    if changed:
        Node.objects.bulk_update(changed, ["order", "sort_key"])


# --- status scales ---------------------------------------------------------------------------


def scale_create(*, actor: Any, code: str, name: str, description: str = "") -> StatusScale:
    with transaction.atomic():
        scale = StatusScale(code=code.strip(), name=name.strip(), description=description)
        scale.full_clean()
        scale.save()
        audit_record(
            actor=actor, action="status_scale.create", target=scale, changes={"code": scale.code}
        )
    return scale


def scale_level_add(
    *,
    actor: Any,
    scale: StatusScale,
    code: str,
    label: str,
    colour: str,
    text_colour: str,
    description: str = "",
) -> StatusLevel:
    with transaction.atomic():
        last = scale.levels.aggregate(last=Max("order"))["last"]
        level = StatusLevel(
            scale=scale,
            code=code.strip(),
            label=label.strip(),
            colour=colour.lower(),
            text_colour=text_colour.lower(),
            description=description,
            order=0 if last is None else last + 1,
        )
        level.full_clean()
        level.save()
        audit_record(
            actor=actor,
            action="status_level.create",
            target=level,
            changes={"scale": scale.code, "code": level.code, "label": level.label},
        )
    return level


def scale_level_update(
    *,
    actor: Any,
    level: StatusLevel,
    label: str,
    colour: str,
    text_colour: str,
    description: str = "",
) -> StatusLevel:
    """The code stays: status reports name their level by it."""
    with transaction.atomic():
        before = {
            "label": level.label,
            "colour": level.colour,
            "text_colour": level.text_colour,
            "description": level.description,
        }
        level.label, level.colour, level.text_colour, level.description = (
            label.strip(),
            colour.lower(),
            text_colour.lower(),
            description,
        )
        after = {
            "label": level.label,
            "colour": level.colour,
            "text_colour": level.text_colour,
            "description": level.description,
        }
        changes = changes_between(before, after)
        if changes:
            level.full_clean()
            level.save()
            audit_record(actor=actor, action="status_level.update", target=level, changes=changes)
    return level


def scale_level_delete(*, actor: Any, level: StatusLevel) -> None:
    """A level that a status report names stays: the report's history must keep its meaning."""
    if level.status_reports.exists():
        raise ValidationError(
            _("Level %(code)s is used by status reports and cannot be deleted; relabel it.")
            % {"code": level.code}
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="status_level.delete",
            target=level,
            changes={"scale": level.scale.code, "code": level.code},
        )
        level.delete()


def scale_sync(*, actor: Any, spec: ScaleSpec) -> tuple[StatusScale, bool]:
    """Create or update a scale from the library; levels are matched by code, never removed
    (status reports may name them). Answers the scale and whether anything changed."""
    with transaction.atomic():
        scale = StatusScale.objects.filter(code=spec.code).first()
        changed = False
        if scale is None:
            scale = scale_create(
                actor=actor, code=spec.code, name=spec.name, description=spec.description
            )
            changed = True
        elif (scale.name, scale.description) != (spec.name, spec.description):
            before = {"name": scale.name, "description": scale.description}
            scale.name, scale.description = spec.name, spec.description
            scale.full_clean()
            scale.save()
            audit_record(
                actor=actor,
                action="status_scale.update",
                target=scale,
                changes=changes_between(
                    before, {"name": spec.name, "description": spec.description}
                ),
            )
            changed = True
        existing = {level.code: level for level in scale.levels.all()}
        for order, level_spec in enumerate(spec.levels):
            level = existing.get(level_spec.code)
            if level is None:
                level = scale_level_add(
                    actor=actor,
                    scale=scale,
                    code=level_spec.code,
                    label=level_spec.label,
                    colour=level_spec.colour,
                    text_colour=level_spec.text_colour,
                    description=level_spec.description,
                )
                changed = True
            else:
                wanted = (
                    level_spec.label,
                    level_spec.colour.lower(),
                    level_spec.text_colour.lower(),
                    level_spec.description,
                )
                if (level.label, level.colour, level.text_colour, level.description) != wanted:
                    scale_level_update(
                        actor=actor,
                        level=level,
                        label=level_spec.label,
                        colour=level_spec.colour,
                        text_colour=level_spec.text_colour,
                        description=level_spec.description,
                    )
                    changed = True
            if level.order != order:
                StatusLevel.objects.filter(pk=level.pk).update(order=order)
                changed = True
    return scale, changed


# --- frameworks ------------------------------------------------------------------------------


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


# --- nodes -----------------------------------------------------------------------------------


def _check_flags(flags: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(flags))
    unknown = [flag for flag in values if flag not in NodeFlag.values]
    if unknown:
        raise ValidationError(
            {"flags": _("Unknown flag: %(flags)s") % {"flags": ", ".join(unknown)}}
        )
    return values


def _node_snapshot(node: Node) -> dict[str, Any]:
    return {
        "ref_id": node.ref_id,
        "type": node.type,
        "title": node.title,
        "text": node.text,
        "reportable": node.reportable,
        "responsibility_note": node.responsibility_note,
        "due_date": node.due_date,
        "milestone": node.milestone,
        "flags": list(node.flags),
        "report_back_to": node.report_back_to.acronym if node.report_back_to else None,
        "report_back_note": node.report_back_note,
    }


def _links_snapshot(node: Node) -> dict[str, Any]:
    return {
        "lead_organizations": sorted(o.acronym for o in node.lead_organizations.all()),
        "member_organizations": sorted(o.acronym for o in node.member_organizations.all()),
        "lead_bodies": sorted(b.acronym for b in node.lead_bodies.all()),
    }


def node_add(
    *,
    actor: Any,
    framework: Framework,
    type: str,
    parent: Node | None = None,
    ref_id: str = "",
    title: str = "",
    text: str = "",
    reportable: bool = False,
    lead_organizations: Iterable[Organization] = (),
    member_organizations: Iterable[Organization] = (),
    lead_bodies: Iterable[Body] = (),
    responsibility_note: str = "",
    due_date: datetime.date | None = None,
    milestone: str = "",
    flags: Iterable[str] = (),
    report_back_to: Body | None = None,
    report_back_note: str = "",
) -> Node:
    """Add a node as the last child of `parent` (or the last top-level node)."""
    _refuse_published(framework)
    if parent is not None and parent.framework_id != framework.pk:
        raise ValidationError({"parent": _("The parent belongs to another framework.")})
    with transaction.atomic():
        siblings = Node.objects.filter(framework=framework, parent=parent)
        last = siblings.aggregate(last=Max("order"))["last"] or 0
        node = Node(
            framework=framework,
            parent=parent,
            order=last + 1,
            sort_key=_sort_key(parent.sort_key if parent else "", last + 1),
            ref_id=ref_id.strip(),
            type=type,
            title=title.strip(),
            text=text,
            reportable=reportable,
            responsibility_note=responsibility_note,
            due_date=due_date,
            milestone=milestone.strip(),
            flags=_check_flags(flags),
            report_back_to=report_back_to,
            report_back_note=report_back_note.strip(),
        )
        node.full_clean()
        node.save()
        node.lead_organizations.set(list(lead_organizations))
        node.member_organizations.set(list(member_organizations))
        node.lead_bodies.set(list(lead_bodies))
        audit_record(
            actor=actor,
            action="node.add",
            target=node,
            changes={
                "framework": framework.pk,
                "parent": parent.pk if parent else None,
                **_node_snapshot(node),
                **_links_snapshot(node),
            },
        )
    return node


def node_update(
    *,
    actor: Any,
    node: Node,
    type: str,
    ref_id: str = "",
    title: str = "",
    text: str = "",
    reportable: bool = False,
    lead_organizations: Iterable[Organization] = (),
    member_organizations: Iterable[Organization] = (),
    lead_bodies: Iterable[Body] = (),
    responsibility_note: str = "",
    due_date: datetime.date | None = None,
    milestone: str = "",
    flags: Iterable[str] = (),
    report_back_to: Body | None = None,
    report_back_note: str = "",
) -> Node:
    """Replace what a node says and who is responsible for it."""
    _refuse_published(node.framework)
    with transaction.atomic():
        before = {**_node_snapshot(node), **_links_snapshot(node)}
        node.ref_id = ref_id.strip()
        node.type = type
        node.title = title.strip()
        node.text = text
        node.reportable = reportable
        node.responsibility_note = responsibility_note
        node.due_date = due_date
        node.milestone = milestone.strip()
        node.flags = _check_flags(flags)
        node.report_back_to = report_back_to
        node.report_back_note = report_back_note.strip()
        node.full_clean()
        node.save()
        node.lead_organizations.set(list(lead_organizations))
        node.member_organizations.set(list(member_organizations))
        node.lead_bodies.set(list(lead_bodies))
        changes = changes_between(before, {**_node_snapshot(node), **_links_snapshot(node)})
        if changes:
            audit_record(actor=actor, action="node.update", target=node, changes=changes)
    return node


def node_move(*, actor: Any, node: Node, new_parent: Node | None) -> Node:
    """Move a node (with its subtree) to the end of another parent's children."""
    framework = node.framework
    _refuse_published(framework)
    if new_parent is not None:
        if new_parent.framework_id != framework.pk:
            raise ValidationError({"parent": _("The new parent belongs to another framework.")})
        if new_parent.pk == node.pk or new_parent.sort_key.startswith(node.sort_key + "."):
            raise ValidationError(
                {"parent": _("A node cannot move under itself or one of its own children.")}
            )
    with transaction.atomic():
        old_parent_id = node.parent_id
        last = (
            Node.objects.filter(framework=framework, parent=new_parent)
            .exclude(pk=node.pk)
            .aggregate(last=Max("order"))["last"]
            or 0
        )
        node.parent = new_parent
        node.order = last + 1
        Node.objects.filter(pk=node.pk).update(parent=new_parent, order=node.order)
        _renumber(framework)
        node.refresh_from_db()
        audit_record(
            actor=actor,
            action="node.move",
            target=node,
            changes={"parent": [old_parent_id, node.parent_id]},
        )
    return node


def node_reorder(*, actor: Any, node: Node, direction: str) -> Node:
    """Swap a node with its previous ("up") or next ("down") sibling."""
    framework = node.framework
    _refuse_published(framework)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a node up or down."))
    with transaction.atomic():
        siblings = Node.objects.filter(framework=framework, parent_id=node.parent_id)
        if direction == "up":
            neighbour = siblings.filter(order__lt=node.order).order_by("-order").first()
        else:
            neighbour = siblings.filter(order__gt=node.order).order_by("order").first()
        if neighbour is None:
            return node
        old_order = node.order
        Node.objects.filter(pk=node.pk).update(order=neighbour.order)
        Node.objects.filter(pk=neighbour.pk).update(order=old_order)
        _renumber(framework)
        node.refresh_from_db()
        audit_record(
            actor=actor,
            action="node.reorder",
            target=node,
            changes={"order": [old_order, node.order], "direction": direction},
        )
    return node


def node_delete(*, actor: Any, node: Node) -> None:
    """Delete a node of a draft with everything under it."""
    framework = node.framework
    _refuse_published(framework)
    with transaction.atomic():
        removed = Node.objects.filter(framework=framework, sort_key__startswith=node.sort_key + ".")
        audit_record(
            actor=actor,
            action="node.delete",
            target=node,
            changes={
                "framework": framework.pk,
                **_node_snapshot(node),
                "descendants": removed.count(),
            },
        )
        node.delete()
        _renumber(framework)


def applicability_set(
    *,
    actor: Any,
    node: Node,
    personnel_category: PersonnelCategory,
    level: str,
    notes: str = "",
) -> Applicability | None:
    """Say whether a node applies to a personnel category; an empty level removes the entry."""
    _refuse_published(node.framework)
    if level and level not in ApplicabilityLevel.values:
        raise ValidationError({"level": _("Unknown applicability level.")})
    with transaction.atomic():
        existing = Applicability.objects.filter(
            node=node, personnel_category=personnel_category
        ).first()
        before = {"level": existing.level, "notes": existing.notes} if existing else {}
        if not level:
            if existing is None:
                return None
            existing.delete()
            result = None
            after: dict[str, Any] = {"level": None, "notes": None}
        else:
            result = existing or Applicability(node=node, personnel_category=personnel_category)
            result.level, result.notes = level, notes
            result.full_clean()
            result.save()
            after = {"level": level, "notes": notes}
        changes = changes_between(before, after)
        if changes:
            audit_record(
                actor=actor,
                action="applicability.set",
                target=node,
                changes={"personnel_category": personnel_category.code, **changes},
            )
    return result


def applicability_set_many(
    *,
    actor: Any,
    node: Node,
    entries: Iterable[tuple[PersonnelCategory, str, str]],
) -> None:
    """Set a node's whole applicability row at once: all or nothing."""
    with transaction.atomic():
        for category, level, notes in entries:
            applicability_set(
                actor=actor, node=node, personnel_category=category, level=level, notes=notes
            )


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
