"""The shipped reference data of the risks module, as YAML: risk matrices, the risk factor
library and register templates. This module reads and checks it; services.py stores it."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DIRECTORY = Path(__file__).parent / "library"
MATRIX_DIRECTORY = DIRECTORY / "matrices"
FACTOR_FILE = DIRECTORY / "risk-factors.yaml"
TEMPLATE_DIRECTORY = DIRECTORY / "templates"

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_LEVELS = 10


def yaml_read(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValidationError(
            _("The text is not valid YAML: %(error)s") % {"error": error}
        ) from error


def _levels(data: dict[str, Any], axis: str, problems: list[str], *, colours: bool) -> list[Any]:
    levels = data.get(axis)
    if not isinstance(levels, list) or not 2 <= len(levels) <= MAX_LEVELS:
        problems.append(
            _("“%(axis)s” must list between 2 and %(most)s levels.")
            % {"axis": axis, "most": MAX_LEVELS}
        )
        return []
    cleaned = []
    for position, level in enumerate(levels, start=1):
        if not isinstance(level, dict):
            problems.append(
                _("%(axis)s level %(n)s is not a mapping.") % {"axis": axis, "n": position}
            )
            continue
        code, label = str(level.get("code", "")), str(level.get("label", "")).strip()
        if not _CODE.match(code):
            problems.append(
                _("%(axis)s level %(n)s needs a code of lower-case letters, digits, - or _.")
                % {"axis": axis, "n": position}
            )
        if not label:
            problems.append(
                _("%(axis)s level %(n)s needs a label.") % {"axis": axis, "n": position}
            )
        entry = {
            "code": code,
            "label": label,
            "description": str(level.get("description", "") or "").strip(),
        }
        if colours:
            colour = str(level.get("colour", ""))
            text_colour = str(level.get("text_colour", "#000000"))
            if not _COLOUR.match(colour) or not _COLOUR.match(text_colour):
                problems.append(
                    _("%(axis)s level %(n)s needs colours written as #rrggbb.")
                    % {"axis": axis, "n": position}
                )
            entry.update(colour=colour, text_colour=text_colour)
        cleaned.append(entry)
    codes = [entry["code"] for entry in cleaned]
    if len(set(codes)) != len(codes):
        problems.append(_("“%(axis)s” repeats a level code.") % {"axis": axis})
    return cleaned


def matrix_definition_clean(data: Any) -> dict[str, Any]:
    """The matrix as stored, or a ValidationError listing every problem found."""
    if not isinstance(data, dict):
        raise ValidationError(
            _("A matrix is a mapping with code, name, likelihood, impact, levels and grid.")
        )
    problems: list[str] = []
    code = str(data.get("code", ""))
    if not _CODE.match(code):
        problems.append(_("The matrix needs a code of lower-case letters, digits, - or _."))
    name = str(data.get("name", "") or "").strip()
    if not name:
        problems.append(_("The matrix needs a name."))
    likelihood = _levels(data, "likelihood", problems, colours=False)
    impact = _levels(data, "impact", problems, colours=False)
    levels = _levels(data, "levels", problems, colours=True)
    grid = data.get("grid")
    level_codes = {level["code"] for level in levels}
    if not isinstance(grid, list) or len(grid) != len(likelihood):
        problems.append(_("The grid needs one row per likelihood level."))
        grid = []
    cleaned_grid = []
    for number, row in enumerate(grid, start=1):
        if not isinstance(row, list) or len(row) != len(impact):
            problems.append(_("Grid row %(n)s needs one cell per impact level.") % {"n": number})
            continue
        problems.extend(
            _("Grid row %(n)s names “%(cell)s”, which is not a level.")
            % {"n": number, "cell": cell}
            for cell in row
            if str(cell) not in level_codes
        )
        cleaned_grid.append([str(cell) for cell in row])
    if problems:
        raise ValidationError(problems)
    return {
        "code": code,
        "name": name,
        "description": str(data.get("description", "") or "").strip(),
        "definition": {
            "likelihood": likelihood,
            "impact": impact,
            "levels": levels,
            "grid": cleaned_grid,
        },
    }


def definition_sha256(cleaned: dict[str, Any]) -> str:
    canonical = json.dumps(
        {key: cleaned[key] for key in ("name", "description", "definition")},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def shipped_matrices() -> list[dict[str, Any]]:
    found = []
    for path in sorted(MATRIX_DIRECTORY.glob("*.yaml")):
        try:
            found.append(matrix_definition_clean(yaml_read(path.read_text(encoding="utf-8"))))
        except ValidationError as error:
            raise ValidationError(
                [f"{path.name}: {message}" for message in error.messages]
            ) from error
    return found


def shipped_factors() -> list[dict[str, Any]]:
    data = yaml_read(FACTOR_FILE.read_text(encoding="utf-8"))
    factors = []
    for order, entry in enumerate(data["factors"]):
        factors.append(
            {
                "code": str(entry["code"]),
                "name": str(entry["name"]),
                "description": str(entry.get("description", "")),
                "kinds": list(entry.get("kinds", [])),
                "order": order,
            }
        )
    return factors


def register_template(code: str) -> dict[str, Any]:
    path = TEMPLATE_DIRECTORY / f"{code}.yaml"
    if not _CODE.match(code) or not path.is_file():
        raise ValidationError(
            {"template": _("There is no register template “%(code)s”.") % {"code": code}}
        )
    data: dict[str, Any] = yaml_read(path.read_text(encoding="utf-8"))
    return data


def register_templates() -> list[tuple[str, str]]:
    return [
        (path.stem, str(yaml_read(path.read_text(encoding="utf-8"))["name"]))
        for path in sorted(TEMPLATE_DIRECTORY.glob("*.yaml"))
    ]


HEALTH_FILE = DIRECTORY / "health-assessment.yaml"


def health_scheme() -> dict[str, Any]:
    """The six mandatory health support elements and the rating scale (lowest first)."""
    data: dict[str, Any] = yaml_read(HEALTH_FILE.read_text(encoding="utf-8"))
    return data
