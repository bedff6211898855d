"""Importing an existing risk register from Excel: the user maps the workbook's columns to the
risk's fields; every row is checked first, and one bad row imports nothing (the report names
each rejected row and column)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tutela.audit.services import audit_record
from tutela.risks import services
from tutela.risks.models import Prong, Register, RiskFactor, Treatment

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000

# Risk field -> (label, default column header, required)
IMPORT_FIELDS: dict[str, tuple[Any, str, bool]] = {
    "title": (gettext_lazy("Title"), "Title", True),
    "description": (gettext_lazy("Description"), "Description", False),
    "category": (gettext_lazy("Category"), "Category", False),
    "prong": (gettext_lazy("Prong"), "Prong", True),
    "factors": (gettext_lazy("Risk factors"), "Risk factors", False),
    "sources": (gettext_lazy("Risk sources"), "Risk sources", False),
    "inherent_likelihood": (gettext_lazy("Inherent likelihood"), "Inherent likelihood", True),
    "inherent_impact": (gettext_lazy("Inherent impact"), "Inherent impact", True),
    "residual_likelihood": (gettext_lazy("Residual likelihood"), "Residual likelihood", True),
    "residual_impact": (gettext_lazy("Residual impact"), "Residual impact", True),
    "treatment": (gettext_lazy("Treatment"), "Treatment", True),
    "rationale": (gettext_lazy("Rationale"), "Rationale", False),
    "accepted_by": (gettext_lazy("Accepted by"), "Accepted by", False),
    "acceptance_review_on": (gettext_lazy("Acceptance review date"), "Review date", False),
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class ImportRejectedError(ValidationError):
    """Nothing was imported; `rows` says which row and column each problem is in."""

    def __init__(self, rows: list[RowError]) -> None:
        super().__init__([f"{e.row} / {e.column}: {e.message}" for e in rows])
        self.rows = rows


def workbook_rows(upload: UploadedFile[bytes]) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """(headers, [(sheet row number, cells)]) of the workbook's first sheet."""
    from openpyxl import load_workbook

    name = (upload.name or "").lower()
    if not name.endswith(".xlsx"):
        raise ValidationError({"upload": _("Choose an Excel workbook (.xlsx).")})
    if not upload.size or upload.size > MAX_IMPORT_BYTES:
        raise ValidationError({"upload": _("The workbook is empty or larger than 5 MB.")})
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ValidationError(
            {"upload": _("The file is not a readable Excel workbook.")}
        ) from error
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True, max_row=MAX_IMPORT_ROWS + 2))
    if not rows:
        raise ValidationError({"upload": _("The workbook's first sheet is empty.")})
    headers = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    body = [
        (number, list(cells))
        for number, cells in enumerate(rows[1:], start=2)
        if any(cell not in (None, "") for cell in cells)
    ]
    if len(body) > MAX_IMPORT_ROWS:
        raise ValidationError(
            {"upload": _("At most %(n)s rows can be imported at once.") % {"n": MAX_IMPORT_ROWS}}
        )
    return headers, body


def _choice(value: str, choices: list[tuple[str, str]]) -> str | None:
    wanted = value.strip().casefold()
    for code, label in choices:
        if wanted in (code.casefold(), str(label).casefold()):
            return code
    return None


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def risks_import(
    *,
    actor: Any,
    register: Register,
    headers: list[str],
    rows: list[tuple[int, list[Any]]],
    mapping: dict[str, str],
) -> int:
    """Check every row against the register's matrix, then create all risks or none."""
    errors: list[RowError] = []
    position: dict[str, int] = {}
    for field, (_label, _default, required) in IMPORT_FIELDS.items():
        header = mapping.get(field, "").strip()
        if not header:
            if required:
                errors.append(RowError(1, str(_label), _("Map this field to a column.")))
            continue
        if header not in headers:
            errors.append(RowError(1, header, _("The workbook has no column with this header.")))
            continue
        position[field] = headers.index(header)
    if errors:
        raise ImportRejectedError(errors)
    matrix = register.matrix
    axes = {
        "inherent_likelihood": [(lv["code"], lv["label"]) for lv in matrix.likelihood_levels],
        "residual_likelihood": [(lv["code"], lv["label"]) for lv in matrix.likelihood_levels],
        "inherent_impact": [(lv["code"], lv["label"]) for lv in matrix.impact_levels],
        "residual_impact": [(lv["code"], lv["label"]) for lv in matrix.impact_levels],
        "prong": [(code, str(label)) for code, label in Prong.choices],
        "treatment": [(code, str(label)) for code, label in Treatment.choices],
    }
    factors = list(RiskFactor.objects.all())
    parsed: list[dict[str, Any]] = []
    for number, cells in rows:
        values: dict[str, Any] = {}
        for field, index in position.items():
            header = headers[index]
            cell = cells[index] if index < len(cells) else None
            text = _text(cell)
            if field in axes:
                code = _choice(text, axes[field])
                if code is None:
                    errors.append(
                        RowError(
                            number,
                            header,
                            _("“%(v)s” is not one of: %(ok)s.")
                            % {"v": text, "ok": ", ".join(label for _c, label in axes[field])},
                        )
                    )
                values[field] = code
            elif field == "factors":
                chosen = []
                for name in filter(None, (part.strip() for part in text.split(";"))):
                    match = next(
                        (
                            f
                            for f in factors
                            if name.casefold() in (f.code.casefold(), f.name.casefold())
                        ),
                        None,
                    )
                    if match is None:
                        errors.append(
                            RowError(
                                number,
                                header,
                                _("“%(v)s” is not a risk factor of the library.") % {"v": name},
                            )
                        )
                    else:
                        chosen.append(match)
                values["factors"] = chosen
            elif field == "acceptance_review_on":
                if isinstance(cell, datetime):
                    values[field] = cell.date()
                elif isinstance(cell, date):
                    values[field] = cell
                elif text:
                    try:
                        values[field] = date.fromisoformat(text)
                    except ValueError:
                        errors.append(RowError(number, header, _("Write the date as YYYY-MM-DD.")))
                else:
                    values[field] = None
            else:
                values[field] = text
        if not values.get("title"):
            errors.append(RowError(number, headers[position["title"]], _("A risk needs a title.")))
        elif len(values["title"]) > 300:
            errors.append(
                RowError(number, headers[position["title"]], _("At most 300 characters."))
            )
        if values.get("treatment") == Treatment.ACCEPT and (
            not values.get("accepted_by") or not values.get("acceptance_review_on")
        ):
            errors.append(
                RowError(
                    number,
                    headers[position["treatment"]],
                    _("Accepting a risk needs a named approver and a review date."),
                )
            )
        parsed.append(values)
    if errors:
        raise ImportRejectedError(errors)
    with transaction.atomic():
        for values in parsed:
            services.risk_create(actor=actor, register=register, **values)
        audit_record(
            actor=actor,
            action="risks.register_import",
            target=register,
            changes={"rows": len(parsed)},
        )
    return len(parsed)
