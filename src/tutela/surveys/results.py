"""A round's results: aggregated tables under disclosure control, rankings of the areas most
in need of improvement, server-side SVG charts, the attributable view where allowed, and the
exports (published cells only, suppressed cells marked)."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tutela.common.charts import Series, stacked_bars
from tutela.organizations.models import OrganizationType
from tutela.surveys.answering import display_answer
from tutela.surveys.disclosure import Kind, ProtectedTable, Rules, Status, Table, protect
from tutela.surveys.models import DisclosurePolicy, Response
from tutela.surveys.xlsform import NUMBER_TYPES, SELECT_TYPES, pick, top_level_questions

SUPPRESSED_MARK = "x"
# In place of a free-text answer the organization shares only as results, not in full.
NOT_SHARED = "—"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PALETTE = ["#1b5e20", "#66bb6a", "#ffb74d", "#b71c1c", "#0d47a1", "#6a1b9a", "#37474f"]
TEXT_ON = ["#ffffff", "#000000", "#000000", "#ffffff", "#ffffff", "#ffffff", "#ffffff"]


def rules_of(policy: DisclosurePolicy) -> Rules:
    return Rules(
        threshold=policy.threshold,
        dominance_n=policy.dominance_n,
        dominance_k=policy.dominance_k,
        protection=policy.protection,
        protection_percent=policy.protection_percent,
    )


@dataclass
class ResultTable:
    key: str
    protected: ProtectedTable
    row_heading: str
    chart: SafeString | None = None

    @property
    def title(self) -> str:
        return self.protected.title

    @property
    def column_labels(self) -> list[str]:
        return [*self.protected.column_labels, _("Total")]

    def rows(self) -> list[dict[str, Any]]:
        """Each row with its cells as published (margins last)."""
        labels = [*self.protected.row_labels, _("Total")]
        shown = []
        for r, label in enumerate(labels):
            cells = []
            for c in range(len(self.protected.column_labels) + 1):
                value = self.protected.published_value(r, c)
                cells.append(
                    {
                        "value": _format(value),
                        "suppressed": value is None,
                        "primary": self.protected.status[r, c] == Status.PRIMARY.value,
                    }
                )
            shown.append({"label": label, "cells": cells, "is_total": r == len(labels) - 1})
        return shown


@dataclass
class Ranking:
    key: str
    title: str
    entries: list[tuple[str, str]]
    chart: SafeString | None = None


@dataclass
class RoundResults:
    respondents: int
    rules: Rules
    tables: list[ResultTable] = field(default_factory=list)
    rankings: list[Ranking] = field(default_factory=list)
    attributable_columns: list[str] = field(default_factory=list)
    attributable_rows: list[tuple[str, list[str]]] = field(default_factory=list)
    attributable_allowed: bool = False


def _format(value: float | None) -> str:
    if value is None:
        return SUPPRESSED_MARK
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "table"


def _type_label(value: str) -> str:
    try:
        return str(OrganizationType(value).label)
    except ValueError:
        return value


def _groups_of_questions(nodes: list[dict[str, Any]], path: str = "") -> list[tuple[str, Any]]:
    """(group label key, [questions]) for the top level and each group, repeats left out."""
    found: list[tuple[str, Any]] = []
    own = [n for n in nodes if n["type"] not in ("group", "repeat")]
    found.append((path, {"node": None, "questions": own}))
    for node in nodes:
        if node["type"] == "group":
            inner = _groups_of_questions(node["children"], node["name"])
            inner[0] = (node["name"], {"node": node, "questions": inner[0][1]["questions"]})
            found.extend(inner)
    return found


def round_results(
    *,
    definition: dict[str, Any],
    responses: Iterable[Response],
    policy_rules: Rules,
    language: str,
    attributable: dict[int, bool] | None,
) -> RoundResults:
    """Aggregate submitted responses by organization type, under disclosure control.

    `attributable` says whose answers are also shown attributed (None: everyone's, in full)
    and whether in full: free-text answers only where the consent covers the full answers.
    """
    responses = list(responses)
    default_language = definition.get("default_language", "default")
    choices = definition.get("choices", {})
    types = sorted({response.organization.type for response in responses})
    type_index = {value: i for i, value in enumerate(types)}
    type_labels = [_type_label(value) for value in types]
    results = RoundResults(respondents=len(responses), rules=policy_rules)
    if not responses:
        return results

    def label(node: dict[str, Any]) -> str:
        return pick(node["label"], language, default_language) or node["name"]

    def choice_labels(list_name: str) -> list[str]:
        return [
            pick(choice["label"], language, default_language) or choice["name"]
            for choice in choices.get(list_name, [])
        ]

    in_matrix: set[str] = set()
    for _key, entry in _groups_of_questions(definition["children"]):
        questions = entry["questions"]
        by_list: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node in questions:
            if node["type"] == "select_one":
                by_list[node["choices"]].append(node)
        for list_name, nodes in by_list.items():
            if len(nodes) < 2:
                continue
            names = [choice["name"] for choice in choices.get(list_name, [])]
            values = np.zeros((len(nodes), len(names)))
            for r, node in enumerate(nodes):
                for response in responses:
                    answer = response.answers.get(node["name"])
                    if answer in names:
                        values[r, names.index(answer)] += 1
                in_matrix.add(node["name"])
            group_node = entry["node"]
            title = label(group_node) if group_node else _("Ratings")
            table = protect(
                Table(title, [label(n) for n in nodes], choice_labels(list_name), values),
                policy_rules,
            )
            chart = _stacked_chart(table, f"chart-{_slug(title)}", title)
            results.tables.append(ResultTable(_slug(title), table, _("Area"), chart))
    for node in top_level_questions(definition["children"]):
        if node["type"] not in SELECT_TYPES or node["name"] in in_matrix:
            continue
        names = [choice["name"] for choice in choices.get(node["choices"], [])]
        values = np.zeros((len(names), len(types)))
        for response in responses:
            answer = response.answers.get(node["name"])
            picked = answer if isinstance(answer, list) else [answer]
            for name in picked:
                if name in names:
                    values[names.index(name), type_index[response.organization.type]] += 1
        table = protect(
            Table(label(node), choice_labels(node["choices"]), type_labels, values), policy_rules
        )
        results.tables.append(ResultTable(node["name"], table, _("Answer")))
        if node["type"] == "select_multiple":
            results.rankings.append(_ranking(node["name"], table))
    for _key, entry in _groups_of_questions(definition["children"]):
        numbers = [n for n in entry["questions"] if n["type"] in NUMBER_TYPES]
        if not numbers:
            continue
        values = np.zeros((len(types), len(numbers)))
        contributions: list[list[list[float]]] = [[[] for _ in numbers] for _ in types]
        for response in responses:
            row = type_index[response.organization.type]
            for c, node in enumerate(numbers):
                answer = response.answers.get(node["name"])
                if isinstance(answer, int | float) and not isinstance(answer, bool):
                    values[row, c] += float(answer)
                    contributions[row][c].append(float(answer))
        group_node = entry["node"]
        title = label(group_node) if group_node else _("Numbers reported")
        table = protect(
            Table(
                title,
                type_labels,
                [label(n) for n in numbers],
                values,
                kind=Kind.MAGNITUDE,
                contributions=contributions,
            ),
            policy_rules,
        )
        results.tables.append(ResultTable(f"{_slug(title)}-numbers", table, _("Organization type")))
    if attributable is None or attributable:
        results.attributable_allowed = True
        questions = top_level_questions(definition["children"])
        results.attributable_columns = [label(node) for node in questions]
        for response in sorted(responses, key=lambda item: item.organization.acronym):
            if attributable is not None and response.organization_id not in attributable:
                continue
            in_full = attributable is None or attributable[response.organization_id]
            results.attributable_rows.append(
                (
                    response.organization.acronym,
                    [
                        display_answer(
                            node, response.answers.get(node["name"]), definition, language
                        )
                        if in_full or node["type"] != "text"
                        else NOT_SHARED
                        for node in questions
                    ],
                )
            )
    return results


def _ranking(key: str, table: ProtectedTable) -> Ranking:
    """Choices ordered by how many organizations picked them (published totals only)."""
    total_column = len(table.column_labels)
    published = []
    hidden = []
    for r, label in enumerate(table.row_labels):
        value = table.published_value(r, total_column)
        if value is None:
            hidden.append((label, SUPPRESSED_MARK))
        else:
            published.append((label, value))
    published.sort(key=lambda entry: (-entry[1], entry[0]))
    entries = [(label, _format(value)) for label, value in published] + hidden
    chart = stacked_bars(
        categories=[label[:14] for label, _value in published],
        series=[Series(_("Organizations"), PALETTE[4], [int(v) for _l, v in published], "#fff")],
        title=table.title,
        description=_(
            "Bars: how many organizations chose each area, most chosen first; areas whose "
            "count is suppressed are not drawn."
        ),
        chart_id=f"ranking-{_slug(key)}",
    )
    return Ranking(key, table.title, entries, chart)


def _stacked_chart(table: ProtectedTable, chart_id: str, title: str) -> SafeString:
    rows = len(table.row_labels)
    series = []
    for c, label in enumerate(table.column_labels):
        values = [int(table.published_value(r, c) or 0) for r in range(rows)]
        series.append(Series(label, PALETTE[c % len(PALETTE)], values, TEXT_ON[c % len(PALETTE)]))
    return stacked_bars(
        categories=[label[:14] for label in table.row_labels],
        series=series,
        title=title,
        description=_(
            "Stacked bars per area: the published counts of each rating; suppressed cells are "
            "not drawn. The table below gives the same numbers."
        ),
        chart_id=chart_id,
    )


# --- exports ------------------------------------------------------------------------------------


def _neutralised(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _legend(rules: Rules) -> list[str]:
    return [
        _("Published tables only. “%(mark)s” marks a suppressed cell.") % {"mark": SUPPRESSED_MARK},
        _(
            "Disclosure control: counts below %(threshold)s suppressed; magnitudes dominated "
            "by %(n)s contributors over %(k)s%% suppressed; other cells suppressed so that "
            "none of these can be recomputed from the totals."
        )
        % {"threshold": rules.threshold, "n": rules.dominance_n, "k": rules.dominance_k},
    ]


def export_csv(results: RoundResults, title: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title])
    for line in _legend(results.rules):
        writer.writerow([line])
    for table in results.tables:
        writer.writerow([])
        writer.writerow([_neutralised(table.title)])
        writer.writerow([_neutralised(text) for text in (table.row_heading, *table.column_labels)])
        for row in table.rows():
            writer.writerow([_neutralised(row["label"]), *[cell["value"] for cell in row["cells"]]])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(results: RoundResults, title: str) -> bytes:
    workbook = Workbook()
    about = workbook.active
    assert about is not None  # noqa: S101 — a new workbook has one sheet
    about.title = "About"
    about.append([title])
    for line in _legend(results.rules):
        about.append([line])
    used: set[str] = {"About"}
    for index, table in enumerate(results.tables, start=1):
        name = re.sub(r"[\[\]\*\?/\\:]", " ", table.title)[:26].strip() or "Table"
        if name in used:
            name = f"{name[:22]} {index}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append([_neutralised(table.title)])
        sheet.append([_neutralised(text) for text in (table.row_heading, *table.column_labels)])
        for row in table.rows():
            sheet.append(
                [
                    _neutralised(row["label"]),
                    *[
                        SUPPRESSED_MARK if cell["suppressed"] else float(cell["value"])
                        for cell in row["cells"]
                    ],
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
