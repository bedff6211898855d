"""Answering a survey: reading the posted form into answers, checking them against the
definition (types, choices, `required`, `relevant`, `constraint`, `calculation`) exactly as the
browser does, and laying the form out for the template.

Answers are a dictionary by question name (groups do not nest it); a repeat's answer is a
list of such dictionaries, one per instance. A draft keeps what was typed even when it does
not pass; a submission keeps only relevant, valid answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from tutela.surveys.expressions import ExpressionError, as_text, evaluate, is_true
from tutela.surveys.xlsform import ANSWERED_TYPES, pick

PREFIX = "q"
MAX_REPEATS = 50
MAX_TEXT = 5000
_INTEGER = re.compile(r"^[+-]?\d{1,15}$")
_DECIMAL = re.compile(r"^[+-]?(\d{1,15}(\.\d*)?|\.\d+)$")


def field_key(name: str, repeat: str = "", index: int = 0) -> str:
    return f"{PREFIX}__{repeat}__{index}__{name}" if repeat else f"{PREFIX}__{name}"


def error_key(name: str, repeat: str = "", index: int = 0) -> str:
    return f"{repeat}.{index}.{name}" if repeat else name


def _post_value(post: Any, key: str, multiple: bool) -> Any:
    if multiple:
        values = post.getlist(key) if hasattr(post, "getlist") else post.get(key, [])
        return [str(value)[:200] for value in values if str(value)]
    return str(post.get(key, ""))[:MAX_TEXT]


def _read_nodes(
    nodes: list[dict[str, Any]], post: Any, repeat: str, index: int, into: dict[str, Any]
) -> None:
    for node in nodes:
        kind = node["type"]
        if kind == "group":
            _read_nodes(node["children"], post, repeat, index, into)
        elif kind == "repeat" and not repeat:
            count = _repeat_count(post, node["name"])
            instances = []
            for position in range(count):
                instance: dict[str, Any] = {}
                _read_nodes(node["children"], post, node["name"], position, instance)
                instances.append(instance)
            into[node["name"]] = instances
        elif kind in ANSWERED_TYPES:
            into[node["name"]] = _post_value(
                post, field_key(node["name"], repeat, index), kind == "select_multiple"
            )


def _repeat_count(post: Any, name: str) -> int:
    try:
        count = int(str(post.get(f"{PREFIX}_count__{name}", "0")))
    except ValueError:
        count = 0
    if post.get("add") == name:
        count += 1
    return max(0, min(count, MAX_REPEATS))


def answers_from_post(definition: dict[str, Any], post: Any) -> dict[str, Any]:
    """The answers as typed in the posted form (nothing dropped)."""
    answers: dict[str, Any] = {}
    _read_nodes(definition["children"], post, "", 0, answers)
    removed = str(post.get("remove", ""))
    if "__" in removed:
        name, _sep, position = removed.rpartition("__")
        if isinstance(answers.get(name), list) and position.isdigit():
            instances = answers[name]
            if int(position) < len(instances):
                del instances[int(position)]
    return answers


@dataclass
class Checked:
    answers: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)
    relevant: dict[str, bool] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def _typed(node: dict[str, Any], raw: Any, choices: Mapping[str, list[dict[str, Any]]]) -> Any:
    """The answer in its type, or raise ValueError with the message for the respondent."""
    kind = node["type"]
    if kind == "select_multiple":
        values = raw if isinstance(raw, list) else as_text(raw).split()
        allowed = {choice["name"] for choice in choices.get(node["choices"], [])}
        unknown = [value for value in values if value not in allowed]
        if unknown:
            raise ValueError(_("Choose among the options listed."))
        return [str(value) for value in values]
    text = as_text(raw).strip()
    if text == "":
        return ""
    if kind == "integer":
        if not _INTEGER.match(text):
            raise ValueError(_("Enter a whole number."))
        return int(text)
    if kind == "decimal":
        if not _DECIMAL.match(text):
            raise ValueError(_("Enter a number."))
        number = float(text)
        if math.isinf(number):
            raise ValueError(_("Enter a number."))
        return number
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    if kind == "select_one":
        allowed = {choice["name"] for choice in choices.get(node["choices"], [])}
        if text not in allowed:
            raise ValueError(_("Choose one of the options listed."))
        return text
    return text


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def check(
    definition: dict[str, Any], answers: dict[str, Any], *, complete: bool, language: str = "en"
) -> Checked:
    """Check answers against the definition.

    With `complete` (a submission), required questions must be answered; the cleaned answers
    then hold only relevant questions, typed, with calculations filled in. Errors are keyed
    by question name (`repeat.index.name` inside a repeat).
    """
    choices = definition.get("choices", {})
    default_language = definition.get("default_language", "default")
    result = Checked(answers={})
    top: dict[str, Any] = {}

    def message(node: dict[str, Any], column: str, fallback: str) -> str:
        return pick(node[column], language, default_language) or fallback

    def walk(
        nodes: list[dict[str, Any]],
        source: dict[str, Any],
        out: dict[str, Any],
        scope: dict[str, Any],
        repeat: str,
        index: int,
        parent_relevant: bool,
    ) -> None:
        def lookup(name: str) -> Any:
            if name in scope:
                return scope[name]
            return top.get(name, "")

        for node in nodes:
            name, kind = node["name"], node["type"]
            key = error_key(name, repeat, index)
            relevant = parent_relevant
            if relevant and node["relevant"]:
                try:
                    relevant = is_true(node["relevant"], lookup)
                except ExpressionError:
                    relevant = True
            result.relevant[key] = relevant
            if kind == "group":
                walk(node["children"], source, out, scope, repeat, index, relevant)
                continue
            if kind == "repeat":
                instances = source.get(name) if isinstance(source.get(name), list) else []
                cleaned_instances: list[dict[str, Any]] = []
                for position, instance in enumerate(instances or []):
                    instance_out: dict[str, Any] = {}
                    local: dict[str, Any] = {}
                    walk(
                        node["children"],
                        instance if isinstance(instance, dict) else {},
                        instance_out,
                        local,
                        name,
                        position,
                        relevant,
                    )
                    cleaned_instances.append(instance_out)
                if relevant or not complete:
                    out[name] = cleaned_instances
                continue
            if kind == "calculate":
                try:
                    value = as_text(evaluate(node["calculation"], lookup)) if relevant else ""
                except ExpressionError:
                    value = ""
                scope[name] = value
                if relevant:
                    out[name] = value
                continue
            if kind == "note":
                continue
            raw = source.get(name, [] if kind == "select_multiple" else "")
            try:
                value = _typed(node, raw, choices)
            except ValueError as error:
                scope[name] = raw
                if relevant or not complete:
                    out[name] = raw
                if relevant:
                    result.errors.setdefault(key, []).append(str(error))
                continue
            scope[name] = value
            if not relevant:
                if not complete and not _empty(value):
                    out[name] = value  # a draft keeps what was typed
                continue
            if not _empty(value):
                out[name] = value
            if _empty(value):
                if complete and node["required"]:
                    result.errors.setdefault(key, []).append(
                        message(node, "required_message", _("This question needs an answer."))
                    )
                continue
            if node["constraint"]:
                try:
                    passed = is_true(node["constraint"], lookup, value)
                except ExpressionError:
                    passed = True
                if not passed:
                    result.errors.setdefault(key, []).append(
                        message(node, "constraint_message", _("This answer is not accepted."))
                    )

    walk(definition["children"], answers, result.answers, top, "", 0, True)
    return result


def changed_questions(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


# --- laying the form out ---------------------------------------------------------------------


@dataclass
class Field:
    """One node of the form as the template draws it."""

    kind: str
    name: str
    key: str
    label: str
    hint: str = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""
    calculation: str = ""
    appearance: str = ""
    value: Any = ""
    errors: list[str] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)
    instances: list[list[Field]] = field(default_factory=list)
    hidden: bool = False
    repeat: str = ""
    index: int = 0

    @property
    def html_id(self) -> str:
        return "f-" + self.key.replace("__", "-")


def layout(
    definition: dict[str, Any],
    answers: dict[str, Any],
    errors: Mapping[str, list[str]],
    *,
    language: str,
    relevant: Mapping[str, bool] | None = None,
) -> list[Field]:
    choices = definition.get("choices", {})
    default_language = definition.get("default_language", "default")
    relevant = relevant or {}

    def text(node: dict[str, Any], column: str) -> str:
        return pick(node[column], language, default_language)

    def build(
        nodes: list[dict[str, Any]], source: dict[str, Any], repeat: str, index: int
    ) -> list[Field]:
        built: list[Field] = []
        for node in nodes:
            kind, name = node["type"], node["name"]
            ekey = error_key(name, repeat, index)
            item = Field(
                kind=kind,
                name=name,
                key=field_key(name, repeat, index),
                label=text(node, "label") or name,
                hint=text(node, "hint"),
                required=node["required"],
                relevant=node["relevant"],
                constraint=node["constraint"],
                constraint_message=text(node, "constraint_message"),
                calculation=node["calculation"],
                appearance=node["appearance"],
                errors=list(errors.get(ekey, [])),
                hidden=not relevant.get(ekey, True),
                repeat=repeat,
                index=index,
            )
            if kind == "group":
                item.children = build(node["children"], source, repeat, index)
            elif kind == "repeat":
                instances = source.get(name) if isinstance(source.get(name), list) else []
                item.instances = [
                    build(node["children"], instance, name, position)
                    for position, instance in enumerate(instances or [])
                    if isinstance(instance, dict)
                ]
            else:
                value = source.get(name, [] if kind == "select_multiple" else "")
                item.value = value
                if kind in ("select_one", "select_multiple"):
                    selected = set(value) if isinstance(value, list) else {as_text(value)}
                    item.options = [
                        {
                            "name": choice["name"],
                            "label": pick(choice["label"], language, default_language)
                            or choice["name"],
                            "checked": choice["name"] in selected,
                            "id": f"{item.html_id}-{position}",
                        }
                        for position, choice in enumerate(choices.get(node["choices"], []))
                    ]
                else:
                    item.value = as_text(value)
            built.append(item)
        return built

    return build(definition["children"], answers, "", 0)


def display_answer(
    node: dict[str, Any], value: Any, definition: dict[str, Any], language: str
) -> str:
    """An answer as words (choice labels rather than names)."""
    if _empty(value):
        return ""
    choices = {
        choice["name"]: pick(choice["label"], language, definition.get("default_language", ""))
        for choice in definition.get("choices", {}).get(node.get("choices", ""), [])
    }
    if isinstance(value, list):
        return "; ".join(choices.get(str(item), str(item)) for item in value)
    if node["type"] == "select_one":
        return choices.get(str(value), str(value))
    return as_text(value)
