"""Excel and CSV: the matrix export, the reporting workbook an organization fills offline, and
reading that workbook back (every rejected cell named, nothing guessed)."""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from tutela.monitoring.dashboard import Matrix, percent
from tutela.monitoring.models import ReportingCycle, StatusReport
from tutela.organizations.models import Organization

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REPORT_SHEET = "Status reports"
CODES_SHEET = "Codes"
MATRIX_SHEET = "Matrix"
HEADERS = ["Node id", "Ref", "Text", "Status", "Progress made", "Constraints found", "KPI value"]
MAX_TEXT = 10_000
MAX_KPI = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralised(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restored(text: str) -> str:
    """The inverse of `neutralised` for text read back from our own workbook."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


# --- matrix -------------------------------------------------------------------------------------


def _matrix_table(m: Matrix) -> tuple[list[str], list[list[Any]]]:
    header = [_("Ref"), _("Node"), *[o.acronym for o in m.organizations], _("Completeness %")]
    rows: list[list[Any]] = []
    for node in m.nodes:
        share = percent(m.completeness_by_node.get(node.id, (0, 0)))
        rows.append(
            [
                node.ref_id,
                node.label,
                *[m.code(node.id, o.id) for o in m.organizations],
                "" if share is None else share,
            ]
        )
    completeness = [
        percent(m.completeness_by_organization.get(o.id, (0, 0))) for o in m.organizations
    ]
    rows.append(["", _("Completeness %"), *["" if c is None else c for c in completeness], ""])
    return header, rows


def matrix_csv(m: Matrix) -> bytes:
    header, rows = _matrix_table(m)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralised(value) for value in header])
    for row in rows:
        writer.writerow([neutralised(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def matrix_xlsx(m: Matrix) -> bytes:
    header, rows = _matrix_table(m)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 — a new workbook has one sheet
    sheet.title = MATRIX_SHEET
    sheet.append([neutralised(value) for value in header])
    # One named style per level, registered once: far cheaper than a fill and a font per cell.
    styles: dict[str, str] = {}
    for level in m.levels:
        style = NamedStyle(name=f"Status {level.code}")
        style.fill = PatternFill("solid", fgColor=level.colour.lstrip("#"))
        style.font = Font(color=level.text_colour.lstrip("#"), bold=True)
        style.alignment = Alignment(horizontal="center")
        workbook.add_named_style(style)
        styles[level.code] = style.name
    for row in rows:
        sheet.append([neutralised(value) for value in row])
    first_org_column = 3
    for row_cells in sheet.iter_rows(
        min_row=2, max_row=len(rows), min_col=first_org_column, max_col=2 + len(m.organizations)
    ):
        for cell in row_cells:
            name = styles.get(str(cell.value or ""))
            if name:
                cell.style = name
    sheet.freeze_panes = "C2"
    legend = workbook.create_sheet("Legend")
    legend.append([_("Code"), _("Status")])
    for level in m.levels:
        legend.append([neutralised(level.code), neutralised(level.label)])
    legend.append([])
    legend.append([neutralised(m.cycle.title)])
    if m.published_only:
        legend.append([_("Validated reports only.")])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- the reporting workbook ---------------------------------------------------------------------


def reporting_workbook(
    *,
    cycle: ReportingCycle,
    organization: Organization,
    reports: Iterable[StatusReport],
    codes: list[tuple[str, str]],
    prefilled: bool,
) -> bytes:
    """One row per node: ref, text, status code, narrative, constraints, KPI value."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 — a new workbook has one sheet
    sheet.title = REPORT_SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for report in reports:
        count += 1
        node = report.node
        row: list[Any] = [node.pk, node.ref_id, node.title or node.text]
        if prefilled:
            row += [
                report.level.code if report.level is not None else "",
                report.progress,
                report.constraints,
                report.kpi_value,
            ]
        sheet.append([neutralised(value) for value in row])
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["C"].width = 70
    for column in "EF":
        sheet.column_dimensions[column].width = 50
    sheet.freeze_panes = "D2"

    codes_sheet = workbook.create_sheet(CODES_SHEET)
    codes_sheet.append(["Code", "Status", "", "cycle", cycle.pk])
    codes_sheet.append(["", "", "", "organization", organization.acronym])
    for index, (code, label) in enumerate(codes, start=2):
        codes_sheet.cell(row=index, column=1, value=neutralised(code))
        codes_sheet.cell(row=index, column=2, value=neutralised(label))
    codes_sheet.sheet_state = "hidden"
    codes_sheet.protection.sheet = True
    validation = DataValidation(
        type="list",
        formula1=f"={CODES_SHEET}!$A$2:$A${len(codes) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Unknown status"),
        error=_("Choose one of the scale's codes."),
    )
    sheet.add_data_validation(validation)
    if count:
        validation.add(f"D2:D{count + 1}")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@dataclass(frozen=True)
class RejectedCell:
    sheet: str
    cell: str
    value: str
    reason: str


@dataclass
class WorkbookRow:
    row: int
    node_id: int
    status: str
    progress: str
    constraints: str
    kpi_value: str


@dataclass
class ParsedWorkbook:
    rows: list[WorkbookRow] = field(default_factory=list)
    rejected: list[RejectedCell] = field(default_factory=list)


def suggestion(value: str, codes: dict[str, str]) -> str | None:
    """A code the user probably meant, to be shown, never applied."""
    if value.upper() in codes:
        return value.upper()
    lookalikes = {"0": "O", "1": "L", "I": "L", "5": "S", "8": "B"}
    if lookalikes.get(value.upper()) in codes:
        return lookalikes[value.upper()]
    by_label = {label.casefold(): code for code, label in codes.items()}
    if value.casefold() in by_label:
        return by_label[value.casefold()]
    close = difflib.get_close_matches(value, list(codes), n=1, cutoff=0.6)
    return close[0] if close else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restored(str(value).strip())


def parse_workbook(
    upload: BinaryIO, *, cycle: ReportingCycle, organization: Organization, codes: dict[str, str]
) -> ParsedWorkbook:
    parsed = ParsedWorkbook()

    def reject(sheet: str, cell: str, value: Any, reason: str) -> None:
        parsed.rejected.append(
            RejectedCell(sheet, cell, "" if value is None else str(value)[:80], reason)
        )

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError) as error:
        reject("", "", "", _("This is not an Excel workbook (.xlsx): %(error)s") % {"error": error})
        return parsed
    try:
        if REPORT_SHEET not in workbook.sheetnames:
            reject(
                REPORT_SHEET,
                "",
                "",
                _("The workbook has no “%(sheet)s” sheet.") % {"sheet": REPORT_SHEET},
            )
            return parsed
        if CODES_SHEET in workbook.sheetnames:
            codes_sheet = workbook[CODES_SHEET]
            cycle_value = codes_sheet["E1"].value
            organization_value = codes_sheet["E2"].value
            if str(cycle_value) != str(cycle.pk):
                reject(CODES_SHEET, "E1", cycle_value, _("This workbook belongs to another cycle."))
            if str(organization_value) != organization.acronym:
                reject(
                    CODES_SHEET,
                    "E2",
                    organization_value,
                    _("This workbook belongs to another organization (%(acronym)s expected).")
                    % {"acronym": organization.acronym},
                )
        sheet = workbook[REPORT_SHEET]
        for number, values in enumerate(
            sheet.iter_rows(min_row=2, max_col=7, values_only=True), start=2
        ):
            cells = list(values) + [None] * (7 - len(values))
            node_value, _ref, _node_text, status, progress, constraints, kpi = cells
            if all(value in (None, "") for value in cells):
                continue
            node_id: int | None = None
            if isinstance(node_value, int | float) and float(node_value).is_integer():
                node_id = int(node_value)
            elif isinstance(node_value, str) and node_value.strip().isdigit():
                node_id = int(node_value.strip())
            if node_id is None:
                reject(REPORT_SHEET, f"A{number}", node_value, _("This row names no node."))
                continue
            code = _text(status)
            if code and code not in codes:
                guess = suggestion(code, codes)
                reason = _("“%(value)s” is not a status on this scale (%(codes)s).") % {
                    "value": code,
                    "codes": ", ".join(codes),
                }
                if guess:
                    reason += " " + _("Did you mean %(code)s?") % {"code": guess}
                reject(REPORT_SHEET, f"D{number}", status, reason)
            texts = {"E": _text(progress), "F": _text(constraints), "G": _text(kpi)}
            for column, text in texts.items():
                limit = MAX_KPI if column == "G" else MAX_TEXT
                if len(text) > limit:
                    reject(
                        REPORT_SHEET,
                        f"{column}{number}",
                        text,
                        _("At most %(limit)d characters.") % {"limit": limit},
                    )
                if "\x00" in text:
                    reject(REPORT_SHEET, f"{column}{number}", "", _("Contains a NUL character."))
            parsed.rows.append(
                WorkbookRow(number, node_id, code, texts["E"], texts["F"], texts["G"])
            )
    finally:
        workbook.close()
    return parsed
