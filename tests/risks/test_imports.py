"""Importing a register from Excel: column mapping, labels or codes, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.support.clients import signed_in
from tests.support.factories import user_with_role
from tests.support.risks_factories import register_for
from tutela.accounts.roles import Role
from tutela.risks.models import Risk

pytestmark = pytest.mark.django_db

HEADERS = ["Risk", "Prong", "Factors", "L (inherent)", "I (inherent)", "L", "I", "Treatment"]
GOOD = [
    [
        "Bars near the camp",
        "Prevention",
        "Power imbalance; alcohol-curfew",
        "Likely",
        "Severe",
        "unlikely",
        "severe",
        "Reduce",
    ],
    [
        "Hotline not staffed",
        "enforcement",
        "",
        "Very likely",
        "Moderate",
        "Likely",
        "Minor",
        "reduce",
    ],
]
MAPPING = {
    "column_title": "Risk",
    "column_prong": "Prong",
    "column_factors": "Factors",
    "column_inherent_likelihood": "L (inherent)",
    "column_inherent_impact": "I (inherent)",
    "column_residual_likelihood": "L",
    "column_residual_impact": "I",
    "column_treatment": "Treatment",
    "column_description": "",
    "column_category": "",
    "column_sources": "",
    "column_rationale": "",
    "column_accepted_by": "",
    "column_acceptance_review_on": "",
}


def _workbook(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("register.xlsx", buffer.getvalue())


def _post(rows: list[list[Any]]) -> tuple[Any, Any]:
    register = register_for()
    client = signed_in(user_with_role(Role.RISK_OFFICER, unit=register.unit))
    response = client.post(
        f"/risks/registers/{register.pk}/import/", {**MAPPING, "upload": _workbook(rows)}
    )
    return register, response


def test_a_mapped_workbook_imports_every_row_with_levels_from_the_matrix() -> None:
    register, response = _post(GOOD)
    assert response.status_code == 302
    first, second = Risk.objects.filter(register=register).order_by("number")
    assert (first.inherent_level, first.residual_level) == ("very_high", "high")
    assert sorted(f.code for f in first.factors.all()) == ["alcohol-curfew", "power-imbalance"]
    assert second.prong == "enforcement"


def test_one_bad_row_imports_nothing_and_names_the_row_and_column() -> None:
    bad = [
        *GOOD,
        ["Fuel theft", "Prevention", "", "Certain", "Severe", "Likely", "Severe", "Reduce"],
    ]
    register, response = _post(bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Risk.objects.filter(register=register).exists()
    assert "<td>4</td><td>L (inherent)</td>" in page
    assert "“Certain” is not one of" in page


def test_an_unmapped_required_field_and_a_wrong_file_are_explained() -> None:
    register = register_for()
    client = signed_in(user_with_role(Role.RISK_OFFICER, unit=register.unit))
    page = client.post(
        f"/risks/registers/{register.pk}/import/",
        {**MAPPING, "column_prong": "No such column", "upload": _workbook(GOOD)},
    ).content.decode()
    assert "The workbook has no column with this header." in page
    page = client.post(
        f"/risks/registers/{register.pk}/import/",
        {**MAPPING, "upload": SimpleUploadedFile("register.xlsx", b"not a zip")},
    ).content.decode()
    assert "not a readable Excel workbook" in page
