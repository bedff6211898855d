"""Status scales and their levels: creating and editing them by hand, and syncing them from
the library (levels are matched by code and never removed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record, changes_between
from tutela.frameworks.library import ScaleSpec
from tutela.frameworks.models import StatusLevel, StatusScale


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
