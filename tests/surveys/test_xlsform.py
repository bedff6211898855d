"""XLSForm import (through pyxform) and export: the shapes Kobo and ODK users write."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from tests.support.surveys_factories import EXAMPLE
from tutela.surveys.xlsform import (
    XLSFormError,
    iter_nodes,
    pick,
    read_xlsform,
    top_level_questions,
    write_xlsform,
)


def workbook(survey: list[list[Any]], choices: list[list[Any]], settings: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for name, rows in (("choices", choices), ("settings", settings)):
        extra = book.create_sheet(name)
        for row in rows:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


KOBO_FORM = workbook(
    [
        [
            "type",
            "name",
            "label::English (en)",
            "label::French (fr)",
            "required",
            "relevant",
            "constraint",
            "constraint_message::English (en)",
            "calculation",
            "choice_filter",
        ],
        ["start", "start", "", "", "", "", "", "", "", ""],
        ["begin_group", "org", "Organization", "Organisation", "", "", "", "", "", ""],
        ["select_one yn", "has_policy", "Policy?", "Politique ?", "yes", "", "", "", "", ""],
        [
            "integer",
            "staff",
            "Staff",
            "Personnel",
            "",
            "${has_policy} = 'yes'",
            ". > 0",
            "More than zero",
            "",
            "",
        ],
        ["decimal", "share", "Share", "Part", "", "", ". <= 100", "At most 100", "", ""],
        ["date", "since", "Since", "Depuis", "", "", "", "", "", ""],
        ["select_multiple topics", "topics", "Topics", "Sujets", "", "", "", "", "", ""],
        ["note", "n1", "Read this", "Lisez ceci", "", "", "", "", "", ""],
        ["end_group", "", "", "", "", "", "", "", "", ""],
        ["begin_repeat", "cases", "Cases", "Cas", "", "", "", "", "", ""],
        ["text", "what", "What", "Quoi", "yes", "", "", "", "", ""],
        ["select_one yn", "closed", "Closed?", "Clos ?", "", "", "", "", "", "name != ''"],
        ["end_repeat", "", "", "", "", "", "", "", "", ""],
        ["calculate", "double", "", "", "", "", "", "", "${staff} * 2", ""],
        ["geopoint", "where", "Where", "Où", "", "", "", "", "", ""],
        ["text", "lookup", "Lookup", "Lookup", "", "", "", "", "pulldata('a','b','c','d')", ""],
    ],
    [
        ["list_name", "name", "label::English (en)", "label::French (fr)"],
        ["yn", "yes", "Yes", "Oui"],
        ["yn", "no", "No", "Non"],
        ["topics", "a", "Alpha", "Alpha"],
        ["topics", "b", "Beta", "Bêta"],
    ],
    [
        ["form_title", "form_id", "default_language", "instance_name"],
        ["Kobo form", "kobo", "English (en)", "concat(${has_policy})"],
    ],
)


def test_a_kobo_shaped_form_imports_with_groups_repeats_logic_and_translations() -> None:
    definition, report = read_xlsform(KOBO_FORM)
    names = {node["name"]: node for node in iter_nodes(definition["children"])}
    assert definition["title"] == "Kobo form"
    assert definition["languages"] == ["English (en)", "French (fr)"]
    assert names["org"]["type"] == "group"
    assert names["cases"]["type"] == "repeat"
    assert [child["name"] for child in names["cases"]["children"]] == ["what", "closed"]
    assert names["has_policy"]["required"] is True
    assert names["staff"]["relevant"] == "${has_policy} = 'yes'"
    assert names["staff"]["constraint_message"] == {"English (en)": "More than zero"}
    assert names["topics"]["type"] == "select_multiple"
    assert names["double"]["calculation"] == "${staff} * 2"
    assert pick(names["has_policy"]["label"], "fr", "English (en)") == "Politique ?"
    assert pick(names["has_policy"]["label"], "es", "English (en)") == "Policy?"
    assert [q["name"] for q in top_level_questions(definition["children"])] == [
        "has_policy",
        "staff",
        "share",
        "since",
        "topics",
        "lookup",
    ]
    unsupported = " | ".join(report.unsupported)
    assert "question type “start”" in unsupported
    assert "question type “geopoint” (question “where”)" in unsupported
    assert "column “choice_filter” (question “closed”)" in unsupported
    assert "pulldata()" in unsupported
    assert "setting “instance_name”" in unsupported
    assert "where" not in names


def test_export_writes_an_xlsform_that_reimports_the_same() -> None:
    definition, _report = read_xlsform(KOBO_FORM)
    again, report = read_xlsform(write_xlsform(definition))
    assert again == definition
    assert report.unsupported == []


@pytest.mark.parametrize(
    "filename", ["sexual_harassment_policy_and_case_reporting.xlsx", "hlcm_back_to_office.xlsx"]
)
def test_every_shipped_example_imports_cleanly_in_two_languages(filename: str) -> None:
    definition, report = read_xlsform((EXAMPLE.parent / filename).read_bytes())
    assert report.as_dict() == {"unsupported": [], "warnings": []}
    assert definition["languages"] == ["English (en)", "French (fr)"]
    assert "(example)" in definition["title"]
    assert read_xlsform(write_xlsform(definition))[0] == definition


def test_the_shipped_example_imports_cleanly_and_round_trips() -> None:
    definition, report = read_xlsform(EXAMPLE.read_bytes())
    assert report.unsupported == []
    names = {node["name"] for node in iter_nodes(definition["children"])}
    assert {
        "has_policy",
        "improvement_areas",
        "formal_reports",
        "informal_reports",
        "channels",
        "definitions",
        "guidance",
    } <= names
    assert read_xlsform(write_xlsform(definition))[0] == definition


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a workbook", "not an Excel workbook"),
        (
            workbook(
                [["type", "name", "label"], ["integer", "n", "N"], ["text", "x", "${nope}"]],
                [["list_name", "name", "label"], ["yn", "y", "Y"]],
                [["form_title"], ["T"]],
            ),
            "nope",
        ),
        (
            workbook(
                [["type", "name", "label"], ["select_one missing", "s", "S"]],
                [["list_name", "name", "label"], ["other", "a", "A"]],
                [["form_title"], ["T"]],
            ),
            "missing",
        ),
    ],
    ids=["not-a-workbook", "unknown-reference", "missing-choice-list"],
)
def test_broken_workbooks_are_refused_with_pyxform_explanation(
    content: bytes, message: str
) -> None:
    with pytest.raises(XLSFormError, match=message):
        read_xlsform(content)
