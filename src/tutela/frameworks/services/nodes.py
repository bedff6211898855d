"""The nodes of a draft framework: adding, editing, moving, reordering and deleting them, and
saying which personnel categories each one applies to."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record, changes_between
from tutela.frameworks.models import Applicability, ApplicabilityLevel, Framework, Node, NodeFlag
from tutela.frameworks.services.frameworks import _refuse_published
from tutela.frameworks.services.tree import _renumber, _sort_key
from tutela.organizations.models import Body, Organization, PersonnelCategory


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
