"""XLSForm in and out: pyxform reads the workbook to a dictionary, which is narrowed to the
definition Tutela renders and validates; the definition is written back as an XLSForm.

The definition is plain JSON: `{"title", "form_id", "version", "default_language",
"languages", "children": [node...], "choices": {list: [{"name", "label"}]}}` where a node is
`{"type", "name", "label", "hint", "required", "required_message", "relevant",
"constraint", "constraint_message", "calculation", "choices", "appearance", "children"}` and
every label-like value is a `{language: text}` dictionary ("default" when untranslated).
Whatever the workbook uses that Tutela does not support is named in the import report.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from pyxform.errors import PyXFormError
from pyxform.xls2json import parse_file_to_json

from tutela.surveys.expressions import ExpressionError, parse

QUESTION_TYPES = {
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "date": "date",
    "note": "note",
    "calculate": "calculate",
}
CONTAINER_TYPES = {"group": "group", "repeat": "repeat"}
SUPPORTED_TYPES = frozenset([*QUESTION_TYPES.values(), *CONTAINER_TYPES.values()])
SELECT_TYPES = frozenset({"select_one", "select_multiple"})
NUMBER_TYPES = frozenset({"integer", "decimal"})
ANSWERED_TYPES = frozenset({"text", "integer", "decimal", "select_one", "select_multiple", "date"})

_KNOWN_KEYS = frozenset(
    {
        "type",
        "name",
        "label",
        "hint",
        "bind",
        "children",
        "choices",
        "itemset",
        "list_name",
        "parameters",
        "control",
        "default_language",
    }
)
_KNOWN_BINDS = frozenset(
    {"required", "relevant", "constraint", "jr:constraintMsg", "jr:requiredMsg", "calculate"}
)
_KNOWN_SETTINGS = frozenset(
    {"type", "name", "title", "id_string", "sms_keyword", "default_language", "version"}
)
_TRUE = frozenset({"yes", "true", "true()", "1"})
_FALSE = frozenset({"", "no", "false", "false()", "0"})
MAX_XLSFORM_BYTES = 5 * 1024 * 1024


class XLSFormError(ValueError):
    """The workbook cannot be read as an XLSForm."""


@dataclass
class ImportReport:
    unsupported: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {"unsupported": self.unsupported, "warnings": self.warnings}


def _texts(value: Any) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, dict):
        return {str(language): str(text) for language, text in value.items() if text}
    return {"default": str(value)}


def _convert_node(raw: dict[str, Any], report: ImportReport) -> dict[str, Any] | None:
    name = str(raw.get("name", ""))
    raw_type = str(raw.get("type", ""))
    if raw_type == "group" and name == "meta" and raw.get("control", {}).get("bodyless"):
        # pyxform adds its own instance id group; questions a form puts there are named.
        children = [child for child in raw.get("children", []) if child.get("name") != "instanceID"]
        for child in children:
            report.unsupported.append(
                f"question type “{child.get('type')}” (question “{child.get('name')}”)"
            )
        return None
    kind = QUESTION_TYPES.get(raw_type) or CONTAINER_TYPES.get(raw_type)
    if kind is None:
        report.unsupported.append(f"question type “{raw_type}” (question “{name}”)")
        return None
    for key in sorted(set(raw) - _KNOWN_KEYS):
        report.unsupported.append(f"column “{key}” (question “{name}”)")
    if raw.get("parameters"):
        report.unsupported.append(f"column “parameters” (question “{name}”)")
    control = dict(raw.get("control", {}))
    appearance = str(control.pop("appearance", ""))
    for key in sorted(control):
        report.unsupported.append(f"column “{key}” (question “{name}”)")
    bind = dict(raw.get("bind", {}))
    for key in sorted(set(bind) - _KNOWN_BINDS):
        report.unsupported.append(f"column “{key}” (question “{name}”)")
    required_text = str(bind.get("required", "")).strip().lower()
    if required_text not in _TRUE | _FALSE:
        report.unsupported.append(f"a required expression (question “{name}”)")
    node: dict[str, Any] = {
        "type": kind,
        "name": name,
        "label": _texts(raw.get("label")),
        "hint": _texts(raw.get("hint")),
        "required": required_text in _TRUE,
        "required_message": _texts(bind.get("jr:requiredMsg")),
        "relevant": str(bind.get("relevant", "")).strip(),
        "constraint": str(bind.get("constraint", "")).strip(),
        "constraint_message": _texts(bind.get("jr:constraintMsg")),
        "calculation": str(bind.get("calculate", "")).strip(),
        "choices": str(raw.get("list_name") or raw.get("itemset") or ""),
        "appearance": appearance,
        "children": [],
    }
    for column in ("relevant", "constraint", "calculation"):
        if node[column]:
            try:
                parse(node[column])
            except ExpressionError as error:
                report.unsupported.append(f"{column} of question “{name}”: {error}")
                node[column] = ""
    if kind in CONTAINER_TYPES.values():
        for child in raw.get("children", []):
            converted = _convert_node(child, report)
            if converted is not None:
                node["children"].append(converted)
    return node


def languages_of(definition: dict[str, Any]) -> list[str]:
    found: set[str] = set()

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            for column in ("label", "hint", "constraint_message", "required_message"):
                found.update(node[column])
            walk(node["children"])

    walk(definition["children"])
    for choices in definition["choices"].values():
        for choice in choices:
            found.update(choice["label"])
    default = definition["default_language"]
    return sorted(found, key=lambda language: (language != default, language))


def definition_from_pyxform(raw: dict[str, Any]) -> tuple[dict[str, Any], ImportReport]:
    report = ImportReport()
    for key in sorted(set(raw) - _KNOWN_SETTINGS - {"children", "choices"}):
        report.unsupported.append(f"setting “{key}”")
    children = []
    for child in raw.get("children", []):
        converted = _convert_node(child, report)
        if converted is not None:
            children.append(converted)
    choices = {
        str(list_name): [
            {"name": str(choice["name"]), "label": _texts(choice.get("label"))} for choice in items
        ]
        for list_name, items in (raw.get("choices") or {}).items()
    }
    definition: dict[str, Any] = {
        "title": str(raw.get("title", "")),
        "form_id": str(raw.get("id_string", "")),
        "version": str(raw.get("version", "")),
        "default_language": str(raw.get("default_language", "default")),
        "children": children,
        "choices": choices,
    }
    definition["languages"] = languages_of(definition)
    if not children:
        report.warnings.append("The form has no supported question.")
    return definition, report


def read_xlsform(content: bytes) -> tuple[dict[str, Any], ImportReport]:
    """Parse an uploaded XLSForm workbook; raises XLSFormError with pyxform's explanation."""
    if len(content) > MAX_XLSFORM_BYTES:
        raise XLSFormError("The workbook is larger than 5 MB.")
    if not content.startswith(b"PK\x03\x04"):
        raise XLSFormError("The file is not an Excel workbook (.xlsx).")
    warnings: list[str] = []
    try:
        raw = parse_file_to_json(
            None,  # read from file_object
            warnings=warnings,
            file_object=io.BytesIO(content),
        )
    except PyXFormError as error:
        raise XLSFormError(str(error)) from error
    except Exception as error:
        raise XLSFormError(f"The workbook cannot be read: {error}") from error
    definition, report = definition_from_pyxform(raw)
    report.warnings.extend(str(warning) for warning in warnings)
    return definition, report


# --- walking a definition --------------------------------------------------------------------


def iter_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every node in document order, containers included."""
    found: list[dict[str, Any]] = []
    for node in nodes:
        found.append(node)
        found.extend(iter_nodes(node["children"]))
    return found


def top_level_questions(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Answerable questions outside repeats (those that aggregate across organizations)."""
    found: list[dict[str, Any]] = []
    for node in nodes:
        if node["type"] == "group":
            found.extend(top_level_questions(node["children"]))
        elif node["type"] in ANSWERED_TYPES:
            found.append(node)
    return found


_LANGUAGE_CODE = re.compile(r"\(([A-Za-z\-]+)\)\s*$")


def pick(texts: dict[str, str], language: str, default_language: str = "default") -> str:
    """The text in the reader's language (matched on the "(fr)" code), else the default."""
    if not texts:
        return ""
    for key, text in texts.items():
        match = _LANGUAGE_CODE.search(key)
        if match and match.group(1).lower() == language.lower()[:2]:
            return text
    return texts.get(default_language) or texts.get("default") or next(iter(texts.values()))


# --- writing XLSForm back ----------------------------------------------------------------------

_XLS_TYPE = {"select_one": "select_one", "select_multiple": "select_multiple"}


def _column(base: str, language: str) -> str:
    return base if language == "default" else f"{base}::{language}"


def write_xlsform(definition: dict[str, Any]) -> bytes:
    """The definition as an XLSForm workbook (survey, choices and settings sheets)."""
    languages = definition.get("languages") or ["default"]
    text_columns = [
        (base, key, language)
        for base, key in (
            ("label", "label"),
            ("hint", "hint"),
            ("constraint_message", "constraint_message"),
            ("required_message", "required_message"),
        )
        for language in languages
    ]
    header = [
        "type",
        "name",
        *[_column(base, language) for base, _, language in text_columns],
        "required",
        "relevant",
        "constraint",
        "calculation",
        "appearance",
    ]
    workbook = Workbook()
    survey = workbook.active
    assert survey is not None  # noqa: S101 — a new workbook has one sheet
    survey.title = "survey"
    survey.append(header)

    def row(node: dict[str, Any], type_text: str) -> list[Any]:
        return [
            type_text,
            node["name"],
            *[node[key].get(language, "") for _, key, language in text_columns],
            "yes" if node["required"] else "",
            node["relevant"],
            node["constraint"],
            node["calculation"],
            node["appearance"],
        ]

    def write(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            kind = node["type"]
            if kind in ("group", "repeat"):
                survey.append(row(node, f"begin_{kind}"))
                write(node["children"])
                survey.append([f"end_{kind}", *[""] * (len(header) - 1)])
            elif kind in _XLS_TYPE:
                survey.append(row(node, f"{_XLS_TYPE[kind]} {node['choices']}"))
            else:
                survey.append(row(node, kind))

    write(definition["children"])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", *[_column("label", lang) for lang in languages]])
    for list_name, items in definition["choices"].items():
        for choice in items:
            choices.append(
                [list_name, choice["name"], *[choice["label"].get(lang, "") for lang in languages]]
            )
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(
        [
            definition.get("title", ""),
            definition.get("form_id", ""),
            definition.get("version", ""),
            definition.get("default_language", "default"),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
