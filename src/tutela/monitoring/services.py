"""Every write in implementation monitoring: cycles, status reports, their review and evidence.

Permissions are checked here as well as in the selectors, so a service called from a view, the
API or an import enforces the same locks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.frameworks.models import Framework, Node, StatusLevel
from tutela.monitoring.access import (
    reporting_organization_ids,
    runs_cycle,
    secretariat_body_ids,
    writes_report,
)
from tutela.monitoring.models import (
    EDITABLE_STATES,
    EVIDENCE_MAX_BYTES,
    CycleStatus,
    EvidenceFile,
    Participation,
    ReportingCycle,
    ReportState,
    StatusReport,
    StatusReportVersion,
)
from tutela.organizations.models import Organization

EVIDENCE_TYPES = {
    # extension: (content types accepted, leading bytes the file must start with)
    "pdf": ({"application/pdf"}, (b"%PDF-",)),
    "docx": (
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        (b"PK\x03\x04",),
    ),
    "png": ({"image/png"}, (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ({"image/jpeg"}, (b"\xff\xd8\xff",)),
    "jpeg": ({"image/jpeg"}, (b"\xff\xd8\xff",)),
    "txt": ({"text/plain"}, ()),
}
MAX_EVIDENCE_LINKS = 20
# Ids per UPDATE: within SQLite's limit on variables in one statement.
UPDATE_CHUNK = 900
SNAPSHOT_FIELDS = ("level", "progress", "constraints", "kpi_value", "evidence_links", "state")


def _require_secretariat(actor: Any, cycle: ReportingCycle) -> None:
    if not runs_cycle(actor, cycle):
        raise PermissionDenied


def _require_focal_point(actor: Any, report: StatusReport) -> None:
    if not writes_report(actor, report):
        raise PermissionDenied


# --- cycles -------------------------------------------------------------------------------------


def cycle_create(
    *,
    actor: Any,
    framework: Framework,
    title: str,
    period_start: date,
    period_end: date,
    opens_on: date,
    closes_on: date,
    participation: str = Participation.ALL,
    organizations: Iterable[Organization] | None = None,
) -> ReportingCycle:
    """A draft cycle. With `organizations` given (participation "all"), only they report."""
    if framework.owner_body_id not in secretariat_body_ids(actor):
        raise PermissionDenied
    if not framework.is_published:
        raise ValidationError({"framework": _("Cycles are opened on published frameworks only.")})
    with transaction.atomic():
        cycle = ReportingCycle(
            framework=framework,
            title=title.strip(),
            period_start=period_start,
            period_end=period_end,
            opens_on=opens_on,
            closes_on=closes_on,
            participation=participation,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        cycle.full_clean()
        if period_end < period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if closes_on < opens_on:
            raise ValidationError({"closes_on": _("Reports are due before the cycle opens.")})
        cycle.save()
        chosen = list(organizations or [])
        if chosen:
            cycle.organizations.set(chosen)
        audit_record(
            actor=actor,
            action="monitoring.cycle.create",
            target=cycle,
            changes={
                "framework": f"{framework.slug} v{framework.version}",
                "period": [str(period_start), str(period_end)],
                "participation": participation,
                "organizations": sorted(o.acronym for o in chosen),
            },
        )
    return cycle


def assignments_for(cycle: ReportingCycle) -> list[tuple[int, int]]:
    """(organization id, node id) for every report the cycle asks for."""
    nodes = Node.objects.filter(framework_id=cycle.framework_id, reportable=True)
    if cycle.participation == Participation.RESPONSIBLE:
        pairs: set[tuple[int, int]] = set()
        for relation in (Node.lead_organizations.through, Node.member_organizations.through):
            pairs.update(
                (organization_id, node_id)
                for node_id, organization_id in relation.objects.filter(
                    node__in=nodes, organization__is_active=True
                ).values_list("node_id", "organization_id")
            )
        return sorted(pairs)
    chosen = list(cycle.organizations.values_list("pk", flat=True))
    if not chosen:
        chosen = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True))
    node_ids = list(nodes.order_by("sort_key").values_list("pk", flat=True))
    return [(organization_id, node_id) for organization_id in chosen for node_id in node_ids]


def _transition(actor: Any, cycle: ReportingCycle, *, allowed_from: Sequence[str], to: str) -> None:
    _require_secretariat(actor, cycle)
    if cycle.status not in allowed_from:
        raise ValidationError(
            _("A cycle that is %(status)s cannot become %(target)s.")
            % {"status": cycle.get_status_display(), "target": CycleStatus(to).label}
        )


def cycle_open(*, actor: Any, cycle: ReportingCycle) -> ReportingCycle:
    """Open for reporting: one empty report per (organization, node) assignment."""
    with transaction.atomic():
        cycle = (
            ReportingCycle.objects.select_for_update(of=("self",))
            .select_related("framework")
            .get(pk=cycle.pk)
        )
        _transition(actor, cycle, allowed_from=[CycleStatus.DRAFT], to=CycleStatus.OPEN)
        pairs = assignments_for(cycle)
        if not pairs:
            raise ValidationError(_("Nobody would report: the framework has no reportable node."))
        StatusReport.objects.bulk_create(
            [
                StatusReport(cycle=cycle, organization_id=organization_id, node_id=node_id)
                for organization_id, node_id in pairs
            ],
            batch_size=2000,
        )
        cycle.organizations.set(sorted({organization_id for organization_id, _ in pairs}))
        cycle.status = CycleStatus.OPEN
        cycle.opened_at = timezone.now()
        cycle.save(update_fields=["status", "opened_at", "updated_at"])
        audit_record(
            actor=actor,
            action="monitoring.cycle.open",
            target=cycle,
            changes={"reports": len(pairs)},
        )
    return cycle


def cycle_close(*, actor: Any, cycle: ReportingCycle) -> ReportingCycle:
    with transaction.atomic():
        _transition(actor, cycle, allowed_from=[CycleStatus.OPEN], to=CycleStatus.CLOSED)
        cycle.status = CycleStatus.CLOSED
        cycle.closed_at = timezone.now()
        cycle.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(actor=actor, action="monitoring.cycle.close", target=cycle)
    return cycle


def cycle_publish(*, actor: Any, cycle: ReportingCycle) -> ReportingCycle:
    """Publish the dashboard: every signed-in user then sees its validated reports."""
    with transaction.atomic():
        _transition(actor, cycle, allowed_from=[CycleStatus.CLOSED], to=CycleStatus.PUBLISHED)
        cycle.status = CycleStatus.PUBLISHED
        cycle.published_at = timezone.now()
        cycle.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(actor=actor, action="monitoring.cycle.publish", target=cycle)
    return cycle


# --- status reports -----------------------------------------------------------------------------


def snapshot(report: StatusReport, level_code: str | None = None) -> dict[str, Any]:
    code = level_code
    if code is None and report.level is not None:
        code = report.level.code
    return {
        "level": code or "",
        "progress": report.progress,
        "constraints": report.constraints,
        "kpi_value": report.kpi_value,
        "evidence_links": list(report.evidence_links),
        "state": report.state,
        "returned_comment": report.returned_comment,
    }


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def version_for(
    report: StatusReport,
    *,
    actor: Any,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    when: Any,
) -> StatusReportVersion:
    report.version += 1
    return StatusReportVersion(
        report=report,
        number=report.version,
        action=action,
        changed_at=when,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        snapshot=after,
        changes=_changes(before, after),
    )


def _move_in_bulk(
    reports: list[StatusReport], *, actor: Any, action: str, state: str, stamp: str
) -> None:
    """Move reports to `state`, stamping `<stamp>_at`/`<stamp>_by`, each with a history version."""
    now = timezone.now()
    versions = []
    for item in reports:
        before = snapshot(item)
        item.state = state
        setattr(item, f"{stamp}_at", now)
        setattr(item, f"{stamp}_by", actor)
        item.updated_at = now
        versions.append(
            version_for(
                item, actor=actor, action=action, before=before, after=snapshot(item), when=now
            )
        )
    # Every row gets the same values: one UPDATE per chunk of ids, not a CASE per row.
    ids = [item.pk for item in reports]
    for start in range(0, len(ids), UPDATE_CHUNK):
        StatusReport.objects.filter(pk__in=ids[start : start + UPDATE_CHUNK]).update(
            state=state,
            updated_at=now,
            version=F("version") + 1,
            **{f"{stamp}_at": now, f"{stamp}_by": actor},
        )
    StatusReportVersion.objects.bulk_create(versions, batch_size=1000)


def _clean_links(links: Sequence[str]) -> list[str]:
    cleaned = [link.strip() for link in links if link.strip()]
    if len(cleaned) > MAX_EVIDENCE_LINKS:
        raise ValidationError(
            {"evidence_links": _("At most %(count)d links.") % {"count": MAX_EVIDENCE_LINKS}}
        )
    validate = URLValidator(schemes=["http", "https"])
    for link in cleaned:
        try:
            validate(link)
        except ValidationError as error:
            raise ValidationError(
                {"evidence_links": _("“%(link)s” is not a web address.") % {"link": link[:200]}}
            ) from error
    return cleaned


def locked_message(report: StatusReport | None = None, *, state: str = "") -> str:
    """Why a report (or a report in `state`) cannot change."""
    state = report.state if report is not None else state
    if state == ReportState.VALIDATED:
        return _("This report is validated and locked.")
    if state == ReportState.SUBMITTED:
        return _("This report is submitted: it can change again only if it is returned.")
    return _("Reporting in this cycle is not open.")


def report_save(
    *,
    actor: Any,
    report: StatusReport,
    level: StatusLevel | None,
    progress: str = "",
    constraints: str = "",
    kpi_value: str = "",
    evidence_links: Sequence[str] = (),
    evidence_files: Sequence[UploadedFile[bytes]] = (),
    action: str = "save",
) -> StatusReport:
    """Save a draft (or a returned report being corrected) by the organization's focal point."""
    _require_focal_point(actor, report)
    with transaction.atomic():
        report = (
            StatusReport.objects.select_for_update(of=("self",))
            .select_related("cycle__framework", "level")
            .get(pk=report.pk)
        )
        if report.cycle.status != CycleStatus.OPEN or report.state not in EDITABLE_STATES:
            raise ValidationError(locked_message(report))
        if level is not None and level.scale_id != report.cycle.framework.status_scale_id:
            raise ValidationError({"level": _("This status is not on the framework's scale.")})
        before = snapshot(report)
        report.level = level
        report.progress = progress.strip()
        report.constraints = constraints.strip()
        report.kpi_value = kpi_value.strip()
        report.evidence_links = _clean_links(evidence_links)
        report.updated_at = timezone.now()
        report.full_clean(exclude=["cycle", "organization", "node"])
        files = [evidence_check(upload) for upload in evidence_files]
        after = snapshot(report, level.code if level else "")
        after["evidence_files"] = [upload.name for upload in evidence_files]
        if before == {key: after[key] for key in before} and not files:
            return report
        version = version_for(
            report, actor=actor, action=action, before=before, after=after, when=report.updated_at
        )
        report.save()
        version.save()
        EvidenceFile.objects.bulk_create(
            EvidenceFile(
                report=report,
                content=content,
                original_name=name,
                content_type=content_type,
                size=len(content),
                sha256=digest,
                uploaded_by=actor,
            )
            for name, content_type, content, digest in files
        )
        audit_record(
            actor=actor,
            action=f"monitoring.report.{action}",
            target=report,
            changes=version.changes,
        )
    return report


def evidence_check(upload: UploadedFile[bytes]) -> tuple[str, str, bytes, str]:
    """(file name, content type, content, sha256) of an accepted evidence file; else rejected."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            {
                "evidence_files": _(
                    "“%(name)s”: only PDF, Word (docx), Excel (xlsx), PNG, JPEG and text files "
                    "are accepted."
                )
                % {"name": name}
            }
        )
    size = upload.size or 0
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {"evidence_files": _("“%(name)s” is larger than 10 MB.") % {"name": name}}
        )
    content_types, signatures = EVIDENCE_TYPES[extension]
    upload.seek(0)
    content = upload.read(EVIDENCE_MAX_BYTES + 1)
    if len(content) > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {"evidence_files": _("“%(name)s” is larger than 10 MB.") % {"name": name}}
        )
    head = content[:16]
    if signatures and not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {
                "evidence_files": _("“%(name)s” is not the kind of file its name says.")
                % {"name": name}
            }
        )
    if extension == "txt" and b"\x00" in head:
        raise ValidationError(
            {"evidence_files": _("“%(name)s” is not a text file.") % {"name": name}}
        )
    return name, next(iter(content_types)), content, hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class SubmitResult:
    submitted: int
    without_status: int


def report_submit(
    *,
    actor: Any,
    cycle: ReportingCycle,
    organization: Organization,
    report: StatusReport | None = None,
) -> SubmitResult:
    """Submit one report, or every draft or returned report of the organization in the cycle
    that has a status (those without stay drafts and are counted)."""
    if organization.pk not in reporting_organization_ids(actor):
        raise PermissionDenied
    with transaction.atomic():
        if cycle.status != CycleStatus.OPEN:
            raise ValidationError(_("Reporting in this cycle is not open."))
        reports = StatusReport.objects.select_for_update(of=("self",)).filter(
            cycle=cycle, organization=organization
        )
        if report is not None:
            reports = reports.filter(pk=report.pk)
            single = reports.select_related("level").first()
            if single is None:
                raise PermissionDenied
            if single.state not in EDITABLE_STATES:
                raise ValidationError(locked_message(single))
            if single.level_id is None:
                raise ValidationError({"level": _("Choose a status before submitting.")})
        candidates = list(
            reports.filter(state__in=EDITABLE_STATES).select_related("level").order_by("pk")
        )
        ready = [r for r in candidates if r.level_id is not None]
        _move_in_bulk(
            ready, actor=actor, action="submit", state=ReportState.SUBMITTED, stamp="submitted"
        )
        if ready:
            audit_record(
                actor=actor,
                action="monitoring.report.submit",
                target=ready[0] if len(ready) == 1 else cycle,
                changes={
                    "organization": organization.acronym,
                    "reports": [item.pk for item in ready],
                },
            )
    return SubmitResult(submitted=len(ready), without_status=len(candidates) - len(ready))


def report_return(*, actor: Any, report: StatusReport, comment: str) -> StatusReport:
    """Send a submitted report back to its organization with the secretariat's comment."""
    _require_secretariat(actor, report.cycle)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what needs to change.")})
    with transaction.atomic():
        report = (
            StatusReport.objects.select_for_update(of=("self",))
            .select_related("level", "cycle")
            .get(pk=report.pk)
        )
        if report.state != ReportState.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be returned."))
        if report.cycle.status != CycleStatus.OPEN:
            raise ValidationError(_("Reporting in this cycle is not open."))
        before = snapshot(report)
        report.state = ReportState.RETURNED
        report.returned_comment = comment[:5000]
        report.updated_at = timezone.now()
        version = version_for(
            report,
            actor=actor,
            action="return",
            before=before,
            after=snapshot(report),
            when=report.updated_at,
        )
        report.save()
        version.save()
        audit_record(
            actor=actor, action="monitoring.report.return", target=report, changes=version.changes
        )
    return report


def report_validate(
    *,
    actor: Any,
    cycle: ReportingCycle,
    reports: Sequence[StatusReport] | None = None,
    organization: Organization | None = None,
) -> int:
    """Validate the given submitted reports, or every submitted report in the cycle (of one
    organization if given). Validated reports are locked."""
    _require_secretariat(actor, cycle)
    with transaction.atomic():
        if cycle.status not in (CycleStatus.OPEN, CycleStatus.CLOSED):
            raise ValidationError(_("Reports are validated while the cycle is open or closed."))
        queryset = StatusReport.objects.select_for_update(of=("self",)).filter(cycle=cycle)
        if reports is not None:
            wanted = [report.pk for report in reports]
            queryset = queryset.filter(pk__in=wanted)
            if queryset.exclude(state=ReportState.SUBMITTED).exists():
                raise ValidationError(_("Only submitted reports can be validated."))
        else:
            queryset = queryset.filter(state=ReportState.SUBMITTED)
        if organization is not None:
            queryset = queryset.filter(organization=organization)
        chosen = list(queryset.select_related("level").order_by("pk"))
        _move_in_bulk(
            chosen, actor=actor, action="validate", state=ReportState.VALIDATED, stamp="validated"
        )
        if chosen:
            audit_record(
                actor=actor,
                action="monitoring.report.validate",
                target=chosen[0] if len(chosen) == 1 else cycle,
                changes={"reports": [item.pk for item in chosen]},
            )
    return len(chosen)


def export_record(*, actor: Any, cycle: ReportingCycle, what: str, details: dict[str, Any]) -> None:
    """Every export is audited: who took which data out, in which form."""
    audit_record(actor=actor, action=f"monitoring.export.{what}", target=cycle, changes=details)
