"""Parsing the secretariat's consolidated matrix: the organizations x action points workbook
that the dashboard exports, filled in offline (as today's hand-consolidated Excel); the import
itself is `tutela.monitoring.imports.matrix_import`.

Rows are action points (by their ref), columns organizations (by acronym), cells status codes.
Only the letters are read; narratives stay with the organizations' own reports, and a blank
cell leaves the report as it is (a filtered export must not clear what it did not show). All or
nothing: every rejected cell is named and nothing is saved unless every cell is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from tutela.monitoring.workbooks import MATRIX_SHEET, RejectedCell, restored, suggestion

# The export's first two columns (ref, node text) and its last (completeness) are not data.
LEADING_COLUMNS = 2


@dataclass
class MatrixCell:
    cell: str
    node_id: int
    organization_id: int
    code: str


@dataclass
class ParsedMatrix:
    cells: list[MatrixCell] = field(default_factory=list)
    rejected: list[RejectedCell] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restored(str(value).strip())


def parse_matrix(
    upload: BinaryIO,
    *,
    node_by_ref: dict[str, int],
    organization_by_acronym: dict[str, int],
    codes: dict[str, str],
) -> ParsedMatrix:
    parsed = ParsedMatrix()

    def reject(cell: str, value: Any, reason: str) -> None:
        parsed.rejected.append(RejectedCell(MATRIX_SHEET, cell, _text(value)[:80], reason))

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError) as error:
        parsed.rejected.append(
            RejectedCell(
                "", "", "", _("This is not an Excel workbook (.xlsx): %(error)s") % {"error": error}
            )
        )
        return parsed
    try:
        if MATRIX_SHEET not in workbook.sheetnames:
            parsed.rejected.append(
                RejectedCell(
                    MATRIX_SHEET,
                    "",
                    "",
                    _("The workbook has no “%(sheet)s” sheet.") % {"sheet": MATRIX_SHEET},
                )
            )
            return parsed
        rows = workbook[MATRIX_SHEET].iter_rows(values_only=True)
        header = list(next(rows, ()))
        columns: dict[int, int] = {}
        seen_organizations: dict[int, str] = {}
        for index, value in enumerate(header[LEADING_COLUMNS:], start=LEADING_COLUMNS):
            acronym = _text(value)
            letter = get_column_letter(index + 1)
            if not acronym:
                continue
            organization_id = organization_by_acronym.get(acronym)
            if organization_id is None:
                if acronym == _("Completeness %"):
                    continue  # the completeness column
                reject(
                    f"{letter}1",
                    value,
                    _("“%(acronym)s” is not an organization reporting in this cycle.")
                    % {"acronym": acronym},
                )
                continue
            if organization_id in seen_organizations:
                reject(
                    f"{letter}1",
                    value,
                    _("%(acronym)s already has column %(column)s.")
                    % {"acronym": acronym, "column": seen_organizations[organization_id]},
                )
                continue
            seen_organizations[organization_id] = letter
            columns[index] = organization_id
        seen_nodes: dict[int, int] = {}
        for number, values in enumerate(rows, start=2):
            cells = list(values)
            if all(_text(value) == "" for value in cells):
                continue
            ref = _text(cells[0])
            if not ref and len(cells) > 1 and _text(cells[1]) == _("Completeness %"):
                continue  # the completeness row
            node_id = node_by_ref.get(ref)
            if node_id is None:
                reject(
                    f"A{number}",
                    cells[0],
                    _("“%(ref)s” is not an action point of this cycle's framework.") % {"ref": ref},
                )
                continue
            if node_id in seen_nodes:
                reject(
                    f"A{number}",
                    cells[0],
                    _("The same action point is already on row %(row)d.")
                    % {"row": seen_nodes[node_id]},
                )
                continue
            seen_nodes[node_id] = number
            for index, organization_id in columns.items():
                value = cells[index] if index < len(cells) else None
                code = _text(value)
                cell = f"{get_column_letter(index + 1)}{number}"
                if code and code not in codes:
                    reason = _("“%(value)s” is not a status on this scale (%(codes)s).") % {
                        "value": code,
                        "codes": ", ".join(codes),
                    }
                    guess = suggestion(code, codes)
                    if guess:
                        reason += " " + _("Did you mean %(code)s?") % {"code": guess}
                    reject(cell, value, reason)
                    continue
                parsed.cells.append(MatrixCell(cell, node_id, organization_id, code))
    finally:
        workbook.close()
    return parsed
