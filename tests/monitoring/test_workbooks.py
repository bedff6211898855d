"""Excel and CSV: the reporting workbook's round trip (all or nothing, every rejected cell
named, nothing guessed), the matrix exports and formula neutralisation."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, user_with_role
from tests.support.monitoring_factories import (
    fill,
    framework_with_nodes,
    open_cycle,
    secretariat_of,
)
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.monitoring.models import ReportState, StatusReport

pytestmark = pytest.mark.django_db


def _setup(nodes: int = 300) -> tuple[object, object, object, object]:
    framework = framework_with_nodes(nodes)
    organization = OrganizationFactory(acronym="UNHCR")
    cycle = open_cycle(framework, [organization])
    client = signed_in(user_with_role(Role.FOCAL_POINT, organization=organization))
    return framework, organization, cycle, client


def _upload(client: object, cycle: object, content: bytes) -> object:
    workbook = io.BytesIO(content)
    workbook.name = "filled.xlsx"
    return client.post(  # type: ignore[attr-defined]
        f"/monitoring/cycles/{cycle.pk}/workbook/import/",  # type: ignore[attr-defined]
        {"workbook": workbook},
    )


def test_one_bad_cell_among_hundreds_imports_nothing_and_the_fixed_workbook_imports_all() -> None:
    _framework, organization, cycle, client = _setup(300)
    response = client.get(f"/monitoring/cycles/{cycle.pk}/workbook/?prefilled=1")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Status reports"]
    assert sheet["D1"].value == "Status"
    assert workbook["Codes"].sheet_state == "hidden"
    assert sheet.data_validations.dataValidation[0].sqref is not None
    codes = ["A", "L", "O", "N"]
    for row in range(2, 302):
        sheet[f"D{row}"] = codes[row % 4]
        sheet[f"E{row}"] = f"Progress on row {row}"
    sheet["D17"] = "0"  # a zero where the scale has the letter O
    output = io.BytesIO()
    workbook.save(output)

    response = _upload(client, cycle, output.getvalue())
    text = response.content.decode()
    assert response.status_code == 400
    assert "D17" in text
    assert "Did you mean O?" in text
    assert "1 cell rejected" in text
    assert not StatusReport.objects.filter(cycle=cycle).exclude(level=None).exists()

    sheet["D17"] = "O"
    output = io.BytesIO()
    workbook.save(output)
    response = _upload(client, cycle, output.getvalue())
    assert response.status_code == 200, response.content.decode()[:2000]
    reports = StatusReport.objects.filter(cycle=cycle, organization=organization)
    assert reports.exclude(level=None).count() == 300
    assert reports.get(node__ref_id="1.16").level.code == "O"
    assert reports.get(node__ref_id="1.16").progress == "Progress on row 17"
    assert AuditEvent.objects.filter(action="monitoring.report.import").count() == 1
    assert AuditEvent.objects.filter(action="monitoring.export.workbook").count() == 1


def test_unknown_codes_are_never_guessed_and_locked_reports_refuse_changes() -> None:
    _framework, _organization, cycle, client = _setup(3)
    fill(cycle, "A", state=ReportState.VALIDATED)
    content = client.get(f"/monitoring/cycles/{cycle.pk}/workbook/?prefilled=1").content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Status reports"]
    sheet["D2"] = "O"  # validated: locked
    sheet["D3"] = "Action required"  # a label, not a code
    sheet["A4"] = 999999  # a node this organization does not report on
    output = io.BytesIO()
    workbook.save(output)
    response = _upload(client, cycle, output.getvalue())
    text = response.content.decode()
    assert "validated and locked" in text
    assert "Did you mean A?" in text
    assert "A4" in text
    assert set(StatusReport.objects.values_list("level__code", flat=True)) == {"A"}


def test_another_organizations_workbook_is_refused() -> None:
    framework = framework_with_nodes(2)
    own, other = OrganizationFactory(acronym="WFP"), OrganizationFactory(acronym="UNDP")
    cycle = open_cycle(framework, [own, other])
    secretariat = signed_in(secretariat_of(framework))
    content = secretariat.get(
        f"/monitoring/cycles/{cycle.pk}/workbook/?organization={other.pk}"
    ).content
    client = signed_in(user_with_role(Role.FOCAL_POINT, organization=own))
    response = _upload(client, cycle, content)
    assert "belongs to another organization" in response.content.decode()
    assert (
        client.get(f"/monitoring/cycles/{cycle.pk}/workbook/?organization={other.pk}").status_code
        == 404
    )


def test_formulas_are_neutralised_in_every_export_and_restored_on_import() -> None:
    framework, organization, cycle, client = _setup(2)
    dangerous = '=HYPERLINK("http://evil.example","click")'
    StatusReport.objects.filter(cycle=cycle).update(progress=dangerous, constraints="@SUM(1)")
    content = client.get(f"/monitoring/cycles/{cycle.pk}/workbook/?prefilled=1").content
    sheet = load_workbook(io.BytesIO(content))["Status reports"]
    assert sheet["E2"].value == "'" + dangerous
    assert sheet["F2"].value == "'@SUM(1)"
    response = _upload(client, cycle, content)
    assert response.status_code == 200
    assert set(StatusReport.objects.values_list("progress", flat=True)) == {dangerous}

    organization.acronym = "-cmd|calc"
    organization.save()
    secretariat = signed_in(secretariat_of(framework))
    response = secretariat.get(f"/monitoring/cycles/{cycle.pk}/dashboard/export/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][2] == "'-cmd|calc"
    response = secretariat.get(f"/monitoring/cycles/{cycle.pk}/dashboard/export/?format=xlsx")
    matrix = load_workbook(io.BytesIO(response.content))["Matrix"]
    assert matrix["C1"].value == "'-cmd|calc"
    assert AuditEvent.objects.filter(action__startswith="monitoring.export.matrix").count() == 2


def test_the_matrix_export_has_a_code_in_every_cell() -> None:
    framework = framework_with_nodes(4)
    organizations = [OrganizationFactory(acronym=a) for a in ("FAO", "ILO", "WHO")]
    cycle = open_cycle(framework, organizations)
    fill(cycle, "O")
    fill(cycle, "L", organization=organizations[2])
    client = signed_in(secretariat_of(framework))
    response = client.get(f"/monitoring/cycles/{cycle.pk}/dashboard/export/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Ref", "Node", "FAO", "ILO", "WHO"]
    assert rows[1][2:5] == ["O", "O", "L"]
    assert rows[-1][2:5] == ["100", "100", "100"]


def test_a_file_that_is_not_a_workbook_is_explained_not_an_error() -> None:
    _framework, _organization, cycle, client = _setup(2)
    response = _upload(client, cycle, b"Node id,Status\n1,A\n")
    assert response.status_code == 400
    assert "This is not an Excel workbook" in response.content.decode()
