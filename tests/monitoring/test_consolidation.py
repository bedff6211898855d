"""The secretariat's consolidated matrix: export, fill offline, import all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.support.clients import signed_in
from tests.support.factories import user_with_role
from tests.support.monitoring_factories import (
    fill,
    framework_with_nodes,
    open_cycle,
    organizations,
    secretariat_of,
)
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.monitoring.models import ReportState, StatusReport, StatusReportVersion

pytestmark = pytest.mark.django_db

CODES = ["A", "L", "O", "N"]


def _setup(orgs: int = 10, nodes: int = 30) -> tuple[Any, list[Any], Any]:
    framework = framework_with_nodes(nodes)
    members = organizations(orgs)
    cycle = open_cycle(framework, members)
    client = signed_in(secretariat_of(framework))
    return cycle, members, client


def _exported(client: Any, cycle: Any) -> Any:
    response = client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/export/?format=xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(client: Any, cycle: Any, workbook: Any) -> Any:
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    output.name = "consolidated.xlsx"
    return client.post(f"/monitoring/cycles/{cycle.pk}/dashboard/import/", {"workbook": output})


def _fill_every_cell(sheet: Any, orgs: int, nodes: int) -> None:
    for row in range(2, nodes + 2):
        for column in range(3, orgs + 3):
            sheet.cell(row=row, column=column, value=CODES[(row + column) % 4])


def test_one_bad_cell_among_hundreds_imports_nothing_and_the_fixed_matrix_imports_all() -> None:
    cycle, members, client = _setup(10, 30)
    workbook = _exported(client, cycle)
    sheet = workbook["Matrix"]
    _fill_every_cell(sheet, 10, 30)
    bad_cell = f"{get_column_letter(7)}12"
    sheet[bad_cell] = "0"

    response = _upload(client, cycle, workbook)
    text = response.content.decode()
    assert response.status_code == 400
    assert bad_cell in text
    assert "Did you mean O?" in text
    assert "1 cell rejected" in text
    assert not StatusReport.objects.filter(cycle=cycle).exclude(level=None).exists()
    assert not AuditEvent.objects.filter(action="monitoring.matrix.import").exists()

    sheet[bad_cell] = "O"
    response = _upload(client, cycle, workbook)
    assert response.status_code == 200, response.content.decode()[:3000]
    reports = StatusReport.objects.filter(cycle=cycle)
    assert reports.exclude(level=None).count() == 300
    first_organization = sorted(members, key=lambda o: o.acronym)[0]
    report = reports.get(node__ref_id="1.1", organization=first_organization)
    assert report.level is not None
    assert report.level.code == CODES[(2 + 3) % 4]
    assert report.state == ReportState.DRAFT  # the letters only; the state is the org's
    assert StatusReportVersion.objects.filter(action="consolidated_import").count() == 300
    event = AuditEvent.objects.get(action="monitoring.matrix.import")
    assert event.changes == {"changed": 300, "unchanged": 0}

    # The same workbook again changes nothing.
    response = _upload(client, cycle, workbook)
    assert response.status_code == 200
    assert "0 statuses changed, 300 unchanged" in response.content.decode()


def test_blank_cells_leave_reports_as_they_are() -> None:
    cycle, _members, client = _setup(2, 3)
    fill(cycle, "A", state=ReportState.DRAFT)
    workbook = _exported(client, cycle)
    sheet = workbook["Matrix"]
    for row in range(2, 5):
        for column in (3, 4):
            sheet.cell(row=row, column=column, value=None)
    sheet["C2"] = "N"
    response = _upload(client, cycle, workbook)
    assert response.status_code == 200
    levels = StatusReport.objects.filter(cycle=cycle).values_list("level__code", flat=True)
    assert sorted(levels) == ["A", "A", "A", "A", "A", "N"]


def test_validated_reports_are_locked_and_unknown_columns_and_rows_are_named() -> None:
    cycle, members, client = _setup(2, 3)
    first = sorted(members, key=lambda o: o.acronym)[0]
    fill(cycle, "A", state=ReportState.VALIDATED, organization=first)
    workbook = _exported(client, cycle)
    sheet = workbook["Matrix"]
    sheet["C2"] = "N"  # the validated organization's first action point
    sheet["E1"] = "NOSUCHORG"  # the completeness column is renamed to an unknown acronym
    sheet["A3"] = "9.99"
    sheet.append(["1.1", "again", "A", "A"])
    response = _upload(client, cycle, workbook)
    text = response.content.decode()
    assert response.status_code == 400
    assert "This report is validated and locked." in text
    assert "“NOSUCHORG” is not an organization reporting in this cycle." in text
    assert "“9.99” is not an action point" in text
    assert "The same action point is already on row 2." in text
    assert StatusReport.objects.filter(cycle=cycle, level__code="N").count() == 0


def test_only_the_cycles_secretariat_imports_and_bad_files_are_explained() -> None:
    cycle, members, client = _setup(2, 2)
    focal_point = signed_in(user_with_role(Role.FOCAL_POINT, organization=members[0]))
    assert focal_point.get(f"/monitoring/cycles/{cycle.pk}/dashboard/import/").status_code == 404
    assert client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/import/").status_code == 200
    not_a_workbook = io.BytesIO(b"ref,node\n1.1,x\n")
    not_a_workbook.name = "matrix.xlsx"
    response = client.post(
        f"/monitoring/cycles/{cycle.pk}/dashboard/import/", {"workbook": not_a_workbook}
    )
    assert response.status_code == 400
    assert "This is not an Excel workbook" in response.content.decode()
