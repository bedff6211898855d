"""Reading workbooks back into a cycle's status reports: an organization's reporting workbook
(every field of its rows) and the secretariat's consolidated matrix (the letters only).

Both are all or nothing: every rejected cell is named and nothing is saved unless every cell is
accepted. Both write through the same history versions and audit events as the forms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.frameworks.models import Node, StatusLevel
from tutela.monitoring.access import reporting_organization_ids, runs_cycle
from tutela.monitoring.consolidation import parse_matrix
from tutela.monitoring.models import (
    EDITABLE_STATES,
    CycleStatus,
    ReportingCycle,
    StatusReport,
    StatusReportVersion,
)
from tutela.monitoring.services import UPDATE_CHUNK, locked_message, snapshot, version_for
from tutela.monitoring.workbooks import (
    MATRIX_SHEET,
    REPORT_SHEET,
    RejectedCell,
    parse_workbook,
)
from tutela.organizations.models import Organization


@dataclass
class ImportResult:
    rejected: list[RejectedCell]
    changed: int = 0
    unchanged: int = 0

    @property
    def accepted(self) -> bool:
        return not self.rejected


def reports_import(
    *, actor: Any, cycle: ReportingCycle, organization: Organization, upload: BinaryIO
) -> ImportResult:
    """Read an organization's reporting workbook back: all or nothing. Every rejected cell is
    reported; nothing is saved unless every cell is accepted."""
    if organization.pk not in reporting_organization_ids(actor) and not runs_cycle(actor, cycle):
        raise PermissionDenied
    levels = {
        level.code: level
        for level in StatusLevel.objects.filter(scale_id=cycle.framework.status_scale_id)
    }
    parsed = parse_workbook(
        upload,
        cycle=cycle,
        organization=organization,
        codes={code: level.label for code, level in levels.items()},
    )
    rejected = list(parsed.rejected)
    if cycle.status != CycleStatus.OPEN:
        rejected.insert(0, RejectedCell("", "", "", _("Reporting in this cycle is not open.")))
    with transaction.atomic():
        reports = {
            report.node_id: report
            for report in StatusReport.objects.select_for_update(of=("self",))
            .filter(cycle=cycle, organization=organization)
            .select_related("level")
        }
        seen: dict[int, int] = {}
        now = timezone.now()
        changed: list[StatusReport] = []
        versions: list[StatusReportVersion] = []
        unchanged = 0
        for row in parsed.rows:
            report = reports.get(row.node_id)
            if report is None:
                rejected.append(
                    RejectedCell(
                        REPORT_SHEET,
                        f"A{row.row}",
                        str(row.node_id),
                        _("%(acronym)s does not report on this node in this cycle.")
                        % {"acronym": organization.acronym},
                    )
                )
                continue
            if row.node_id in seen:
                rejected.append(
                    RejectedCell(
                        REPORT_SHEET,
                        f"A{row.row}",
                        str(row.node_id),
                        _("The same node is already on row %(row)d.") % {"row": seen[row.node_id]},
                    )
                )
                continue
            seen[row.node_id] = row.row
            if row.status and row.status not in levels:
                continue  # already rejected by the parser
            before = snapshot(report)
            after = {
                **before,
                "level": row.status,
                "progress": row.progress,
                "constraints": row.constraints,
                "kpi_value": row.kpi_value,
            }
            if after == before:
                unchanged += 1
                continue
            if report.state not in EDITABLE_STATES:
                rejected.append(
                    RejectedCell(REPORT_SHEET, f"D{row.row}", row.status, locked_message(report))
                )
                continue
            report.level = levels[row.status] if row.status else None
            report.progress = row.progress
            report.constraints = row.constraints
            report.kpi_value = row.kpi_value
            report.updated_at = now
            versions.append(
                version_for(
                    report, actor=actor, action="import", before=before, after=after, when=now
                )
            )
            changed.append(report)
        if rejected:
            return ImportResult(rejected=rejected)
        StatusReport.objects.bulk_update(
            changed,
            ["level", "progress", "constraints", "kpi_value", "updated_at", "version"],
            batch_size=1000,
        )
        StatusReportVersion.objects.bulk_create(versions, batch_size=1000)
        audit_record(
            actor=actor,
            action="monitoring.report.import",
            target=cycle,
            changes={
                "organization": organization.acronym,
                "changed": [report.pk for report in changed],
                "unchanged": unchanged,
            },
        )
    return ImportResult(rejected=[], changed=len(changed), unchanged=unchanged)


def _update_by_level(reports: list[StatusReport], now: Any) -> None:
    """One UPDATE per new level (and chunk of ids), rather than a CASE per row: 30,000 cells
    take a handful of statements. The rows are locked by the caller's select_for_update."""
    by_level: dict[int, list[int]] = defaultdict(list)
    for report in reports:
        assert report.level_id is not None  # noqa: S101 — blank cells never reach here
        by_level[report.level_id].append(report.pk)
    for level_id, ids in by_level.items():
        for start in range(0, len(ids), UPDATE_CHUNK):
            StatusReport.objects.filter(pk__in=ids[start : start + UPDATE_CHUNK]).update(
                level_id=level_id, updated_at=now, version=F("version") + 1
            )


def matrix_import(*, actor: Any, cycle: ReportingCycle, upload: BinaryIO) -> ImportResult:
    """Read the consolidated matrix back into the cycle's status reports (the letters only)."""
    if not runs_cycle(actor, cycle):
        raise PermissionDenied
    levels = {
        level.code: level
        for level in StatusLevel.objects.filter(scale_id=cycle.framework.status_scale_id)
    }
    node_by_ref = dict(
        Node.objects.filter(framework_id=cycle.framework_id, reportable=True).values_list(
            "ref_id", "pk"
        )
    )
    organization_by_acronym = dict(cycle.organizations.values_list("acronym", "pk"))
    parsed = parse_matrix(
        upload,
        node_by_ref=node_by_ref,
        organization_by_acronym=organization_by_acronym,
        codes={code: level.label for code, level in levels.items()},
    )
    rejected = list(parsed.rejected)
    if cycle.status != CycleStatus.OPEN:
        rejected.insert(0, RejectedCell("", "", "", _("Reporting in this cycle is not open.")))
    acronym_of = {pk: acronym for acronym, pk in organization_by_acronym.items()}
    code_of = {level.pk: code for code, level in levels.items()}
    with transaction.atomic():
        # First the cells' current letters only (tuples, not models), then the full reports of
        # the cells that change, for their history versions.
        rows = (
            StatusReport.objects.select_for_update(of=("self",))
            .filter(cycle=cycle)
            .values_list("pk", "node_id", "organization_id", "level_id", "state")
        )
        current = {
            (node, organization): (pk, level, state)
            for pk, node, organization, level, state in rows
        }
        new_code: dict[int, str] = {}
        unchanged = 0
        for item in parsed.cells:
            if not item.code:
                continue
            found = current.get((item.node_id, item.organization_id))
            if found is None:
                rejected.append(
                    RejectedCell(
                        MATRIX_SHEET,
                        item.cell,
                        item.code,
                        _("%(acronym)s does not report on this action point in this cycle.")
                        % {"acronym": acronym_of[item.organization_id]},
                    )
                )
                continue
            pk, level_id, state = found
            if item.code == code_of.get(level_id or 0, ""):
                unchanged += 1
                continue
            if state not in EDITABLE_STATES:
                rejected.append(
                    RejectedCell(MATRIX_SHEET, item.cell, item.code, locked_message(state=state))
                )
                continue
            new_code[pk] = item.code
        now = timezone.now()
        changed: list[StatusReport] = []
        versions: list[StatusReportVersion] = []
        ids = [] if rejected else list(new_code)  # nothing is saved when a cell is rejected
        for start in range(0, len(ids), UPDATE_CHUNK):
            for report in StatusReport.objects.filter(pk__in=ids[start : start + UPDATE_CHUNK]):
                before = snapshot(report, code_of.get(report.level_id or 0, ""))
                report.level = levels[new_code[report.pk]]
                report.updated_at = now
                versions.append(
                    version_for(
                        report,
                        actor=actor,
                        action="consolidated_import",
                        before=before,
                        after=snapshot(report, new_code[report.pk]),
                        when=now,
                    )
                )
                changed.append(report)
        if rejected:
            return ImportResult(rejected=rejected)
        _update_by_level(changed, now)
        StatusReportVersion.objects.bulk_create(versions, batch_size=1000)
        audit_record(
            actor=actor,
            action="monitoring.matrix.import",
            target=cycle,
            changes={"changed": len(changed), "unchanged": unchanged},
        )
    return ImportResult(rejected=[], changed=len(changed), unchanged=unchanged)
