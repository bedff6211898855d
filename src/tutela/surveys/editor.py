"""The web editor's services: wording and translations, logic, order, groups and repeats,
languages and choice lists of a survey definition. Each checks the edited definition, saves
it and writes an audit entry; the XLSForm export writes back exactly what is saved.

Changes that would orphan answers are refused: a question is not deleted (nor a repeat
renamed) while an open round holds responses or once a round is closed (its results stand),
and a choice that submitted answers picked is neither deleted nor renamed.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tutela.audit.services import audit_record
from tutela.surveys.expressions import ExpressionError, parse
from tutela.surveys.models import Response, ResponseVersion, Round, RoundStatus, Survey
from tutela.surveys.xlsform import SELECT_TYPES, iter_nodes, languages_of

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
# XLSForm choice names are free of spaces; "1", "2" … are common.
CHOICE_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
EDITABLE_TYPES = ("text", "integer", "decimal", "select_one", "select_multiple", "date", "note")
CONTAINER_KINDS = ("group", "repeat")
TEXT_COLUMNS = ("label", "hint", "constraint_message", "required_message")
# As XLSForm writes a translation column: "French (fr)" (the code is what readers match on).
LANGUAGE = re.compile(r"^[^\s:()\[\]][^:()\[\]]{0,39}\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})?)\)$")
MAX_TEXT = 5000

NAME_RULE = _lazy("Use letters, digits and underscores, starting with a letter.")
CHOICE_NAME_RULE = _lazy("Use letters, digits, underscores, dots or hyphens, without spaces.")


# --- reading a definition ------------------------------------------------------------------------


def declared_languages(definition: dict[str, Any]) -> list[str]:
    """The languages the texts use, and those added in the editor before any text."""
    found = set(languages_of(definition)) | set(definition.get("languages") or [])
    default = definition.get("default_language") or "default"
    return sorted(found or {default}, key=lambda language: (language != default, language))


def default_language(definition: dict[str, Any]) -> str:
    """The language new texts are written in: the declared default, else the first found."""
    languages = declared_languages(definition)
    default = str(definition.get("default_language") or "default")
    return default if default in languages else languages[0]


def find_node(
    nodes: list[dict[str, Any]], name: str
) -> tuple[list[dict[str, Any]], int] | tuple[None, None]:
    """The list holding the named node (its siblings) and its position there."""
    for index, node in enumerate(nodes):
        if node["name"] == name:
            return nodes, index
        siblings, position = find_node(node["children"], name)
        if siblings is not None and position is not None:
            return siblings, position
    return None, None


def _references(definition: dict[str, Any], name: str, *, besides: set[str]) -> list[str]:
    """Questions whose logic mentions ${name} (the ones in `besides` are not counted)."""
    pattern = re.compile(r"\$\{" + re.escape(name) + r"\}")
    return [
        node["name"]
        for node in iter_nodes(definition["children"])
        if node["name"] not in besides
        and any(
            pattern.search(node[column]) for column in ("relevant", "constraint", "calculation")
        )
    ]


def answers_in_use(*, survey: Survey) -> bool:
    """Whether an open round holds responses or a round is closed (its results stand)."""
    return (
        Response.objects.filter(round__survey=survey, round__status=RoundStatus.OPEN).exists()
        or Round.objects.filter(survey=survey, status=RoundStatus.CLOSED).exists()
    )


def _picked_values(answers: Any, questions: set[str], found: set[str]) -> None:
    if isinstance(answers, dict):
        for key, value in answers.items():
            if key in questions:
                if isinstance(value, list):
                    found.update(str(v) for v in value if not isinstance(v, dict))
                elif value not in (None, ""):
                    found.add(str(value))
            if isinstance(value, list):
                for instance in value:
                    _picked_values(instance, questions, found)


def submitted_choices(*, survey: Survey, list_name: str) -> set[str]:
    """The choices of a list that some submitted answers (any version) picked."""
    questions = {
        node["name"]
        for node in iter_nodes(survey.definition["children"])
        if node["type"] in SELECT_TYPES and node["choices"] == list_name
    }
    found: set[str] = set()
    if not questions:
        return found
    for version in ResponseVersion.objects.filter(response__round__survey=survey).only("answers"):
        _picked_values(version.answers, questions, found)
    return found


# --- saving --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return str(value).replace("\x00", "").strip()[:MAX_TEXT]


def _check_expression(errors: dict[str, list[str]], key: str, source: str) -> None:
    if not source:
        return
    try:
        parse(source)
    except ExpressionError as error:
        errors.setdefault(key, []).append(str(error))


def _save(
    *, actor: Any, survey: Survey, definition: dict[str, Any], action: str, changes: dict[str, Any]
) -> Survey:
    definition["languages"] = declared_languages(definition)
    with transaction.atomic():
        survey.definition = definition
        survey.save(update_fields=["definition", "updated_at"])
        audit_record(actor=actor, action=f"surveys.{action}", target=survey, changes=changes)
    return survey


def _set_text(texts: dict[str, str], language: str, value: Any) -> None:
    text = _text(value)
    if text:
        texts[language] = text
    else:
        texts.pop(language, None)


def _empty_node(kind: str, name: str) -> dict[str, Any]:
    return {
        "type": kind,
        "name": name,
        "label": {},
        "hint": {},
        "required": False,
        "required_message": {},
        "relevant": "",
        "constraint": "",
        "constraint_message": {},
        "calculation": "",
        "choices": "",
        "appearance": "",
        "children": [],
    }


# --- questions: wording, translations and logic --------------------------------------------------


def survey_edit(
    *,
    actor: Any,
    survey: Survey,
    edits: dict[str, dict[str, Any]],
    new_question: dict[str, Any] | None = None,
) -> Survey:
    """Change questions' wording (in every declared language) and logic, rename groups and
    repeats, and add a question at the end of the survey or of a group.

    `edits` maps a node's name to its changes: "label", "hint", "constraint_message",
    "required_message" in the default language or "<column>::<language>" in another one;
    "relevant", "constraint", "required"; "name" for a group or repeat.
    """
    definition = copy.deepcopy(survey.definition)
    default = default_language(definition)
    languages = declared_languages(definition)
    nodes = {node["name"]: node for node in iter_nodes(definition["children"])}
    errors: dict[str, list[str]] = {}
    changed: list[str] = []
    renames: dict[str, str] = {}
    for name, fields in edits.items():
        node = nodes.get(name)
        if node is None:
            continue
        before = copy.deepcopy(node)
        for key, value in fields.items():
            column, _sep, language = key.partition("::")
            if column in TEXT_COLUMNS and (language or default) in languages:
                _set_text(node[column], language or default, value)
        for column in ("relevant", "constraint"):
            if column in fields:
                node[column] = _text(fields[column])
                _check_expression(errors, f"{column}__{name}", node[column])
        if "required" in fields and node["type"] not in (*CONTAINER_KINDS, "note"):
            node["required"] = bool(fields["required"])
        new_name = _text(fields.get("name", name))
        if node["type"] in CONTAINER_KINDS and new_name != name:
            renames[name] = new_name
        if node != before:
            changed.append(name)
    if renames:
        _rename_containers(survey, definition, nodes, renames, errors)
        changed.extend(name for name in renames if name not in changed)
    if new_question:
        # A group renamed in the same change is found under its new name.
        nodes = {node["name"]: node for node in iter_nodes(definition["children"])}
        added = _new_question(definition, nodes, new_question, errors, default)
        if added:
            changed.append(added)
    if errors:
        raise ValidationError(errors)
    if not changed:
        return survey
    return _save(
        actor=actor,
        survey=survey,
        definition=definition,
        action="survey_edit",
        changes={"questions": changed},
    )


def _rename_containers(
    survey: Survey,
    definition: dict[str, Any],
    nodes: dict[str, dict[str, Any]],
    renames: dict[str, str],
    errors: dict[str, list[str]],
) -> None:
    taken = set(nodes) - set(renames)
    for old, new in renames.items():
        key = f"name__{old}"
        if not NAME.match(new):
            errors[key] = [str(NAME_RULE)]
        elif new in taken:
            errors[key] = [_("Another question or group already has this name.")]
        elif _references(definition, old, besides=set()):
            errors[key] = [_("The logic of other questions refers to this name.")]
        elif nodes[old]["type"] == "repeat" and answers_in_use(survey=survey):
            errors[key] = [_("Answers are filed under this repeat's name: it cannot change now.")]
        else:
            nodes[old]["name"] = new
            taken.add(new)


def _new_question(
    definition: dict[str, Any],
    nodes: dict[str, dict[str, Any]],
    new_question: dict[str, Any],
    errors: dict[str, list[str]],
    language: str,
) -> str:
    name = _text(new_question.get("name", ""))
    kind = str(new_question.get("type", ""))
    parent = str(new_question.get("parent", "") or "")
    if not NAME.match(name):
        errors["new_name"] = [str(NAME_RULE)]
    elif name in nodes:
        errors["new_name"] = [_("Another question already has this name.")]
    if kind not in EDITABLE_TYPES:
        errors["new_type"] = [_("Choose a question type.")]
    if parent and nodes.get(parent, {}).get("type") not in CONTAINER_KINDS:
        errors["new_parent"] = [_("Choose a group or repeat of this survey.")]
    label = _text(new_question.get("label", ""))
    if not label:
        errors["new_label"] = [_("Write the question.")]
    list_name = ""
    if kind in SELECT_TYPES:
        list_name = f"{name}_choices"
        options = []
        for line in str(new_question.get("choices", "")).splitlines():
            if not line.strip():
                continue
            option, _sep, option_label = line.strip().partition("=")
            option = option.strip()
            if not NAME.match(option):
                errors["new_choices"] = [
                    _("Write one option a line as name = label, e.g. yes = Yes.")
                ]
                break
            options.append({"name": option, "label": {language: option_label.strip() or option}})
        if len(options) < 2 and "new_choices" not in errors:
            errors["new_choices"] = [_("A choice question needs at least two options.")]
        elif len({option["name"] for option in options}) < len(options):
            errors["new_choices"] = [_("Each option needs its own name.")]
        elif list_name in definition["choices"] and "new_name" not in errors:
            errors["new_name"] = [_("A choice list is already named after this question.")]
        definition["choices"].setdefault(list_name, options)
    if errors:
        return ""
    node = _empty_node(kind, name)
    node["label"] = {language: label}
    node["required"] = bool(new_question.get("required")) and kind != "note"
    node["choices"] = list_name
    (nodes[parent]["children"] if parent else definition["children"]).append(node)
    return name


# --- structure: order, deletion, groups and repeats ----------------------------------------------


def question_move(*, actor: Any, survey: Survey, name: str, direction: str) -> Survey:
    """Move a question, group or repeat one place up or down among its siblings."""
    definition = copy.deepcopy(survey.definition)
    siblings, index = find_node(definition["children"], name)
    if siblings is None or index is None:
        raise ValidationError(_("This survey has no question named “%(name)s”.") % {"name": name})
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move up or down."))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        where = _("first") if direction == "up" else _("last")
        raise ValidationError(
            _("“%(name)s” is already %(where)s in its group.") % {"name": name, "where": where}
        )
    siblings[index], siblings[other] = siblings[other], siblings[index]
    return _save(
        actor=actor,
        survey=survey,
        definition=definition,
        action="question_move",
        changes={"question": name, "direction": direction},
    )


def question_delete(*, actor: Any, survey: Survey, name: str) -> Survey:
    """Delete a question (or an empty group or repeat) that no answers or logic depend on."""
    definition = copy.deepcopy(survey.definition)
    siblings, index = find_node(definition["children"], name)
    if siblings is None or index is None:
        raise ValidationError(_("This survey has no question named “%(name)s”.") % {"name": name})
    node = siblings[index]
    if node["children"]:
        raise ValidationError(
            _("“%(name)s” still holds questions: move or delete them first.") % {"name": name}
        )
    if answers_in_use(survey=survey):
        raise ValidationError(
            _(
                "Questions cannot be deleted while a round of this survey is open with "
                "responses, or once a round is closed: its answers and results would lose "
                "their question. Change the wording, or leave the question out by relevance."
            )
        )
    referring = _references(definition, name, besides={name})
    if referring:
        raise ValidationError(
            _("The logic of %(questions)s refers to “%(name)s”: change it first.")
            % {"questions": ", ".join(f"“{q}”" for q in referring), "name": name}
        )
    del siblings[index]
    return _save(
        actor=actor,
        survey=survey,
        definition=definition,
        action="question_delete",
        changes={"question": name, "type": node["type"]},
    )


def container_add(
    *,
    actor: Any,
    survey: Survey,
    kind: str,
    name: str,
    label: str,
    relevant: str = "",
    parent: str = "",
) -> Survey:
    """Add an empty group or repeat at the end of the survey or of a group."""
    definition = copy.deepcopy(survey.definition)
    nodes = {node["name"]: node for node in iter_nodes(definition["children"])}
    errors: dict[str, list[str]] = {}
    name = _text(name)
    if kind not in CONTAINER_KINDS:
        errors["kind"] = [_("Choose a group or a repeat.")]
    if not NAME.match(name):
        errors["name"] = [str(NAME_RULE)]
    elif name in nodes:
        errors["name"] = [_("Another question or group already has this name.")]
    if not _text(label):
        errors["label"] = [_("Write the heading respondents see.")]
    relevant = _text(relevant)
    _check_expression(errors, "relevant", relevant)
    if parent and nodes.get(parent, {}).get("type") not in CONTAINER_KINDS:
        errors["parent"] = [_("Choose a group or repeat of this survey.")]
    if errors:
        raise ValidationError(errors)
    node = _empty_node(kind, name)
    node["label"] = {default_language(definition): _text(label)}
    node["relevant"] = relevant
    (nodes[parent]["children"] if parent else definition["children"]).append(node)
    return _save(
        actor=actor,
        survey=survey,
        definition=definition,
        action="container_add",
        changes={"name": name, "type": kind, "parent": parent},
    )


def language_add(*, actor: Any, survey: Survey, language: str) -> Survey:
    """Declare a language; its texts are then written in the editor."""
    definition = copy.deepcopy(survey.definition)
    language = " ".join(_text(language).split())
    match = LANGUAGE.match(language)
    if match is None:
        raise ValidationError(
            {"language": _("Write the language as XLSForm does, with its code: French (fr).")}
        )
    languages = declared_languages(definition)
    code = match.group(1).lower()
    known_codes = {known.group(1).lower() for known in map(LANGUAGE.match, languages) if known}
    if code in known_codes:
        raise ValidationError({"language": _("The survey already has a language with this code.")})
    definition["languages"] = [*languages, language]
    return _save(
        actor=actor,
        survey=survey,
        definition=definition,
        action="language_add",
        changes={"language": language},
    )


# --- choice lists --------------------------------------------------------------------------------


def _choice_list(definition: dict[str, Any], list_name: str) -> list[dict[str, Any]]:
    if list_name not in definition["choices"]:
        raise ValidationError(
            _("This survey has no choice list named “%(name)s”.") % {"name": list_name}
        )
    choices: list[dict[str, Any]] = definition["choices"][list_name]
    return choices


def _choice_position(choices: list[dict[str, Any]], name: str) -> int:
    for index, choice in enumerate(choices):
        if choice["name"] == name:
            return index
    raise ValidationError(_("The list has no choice named “%(name)s”.") % {"name": name})


def choice_list_update(
    *,
    actor: Any,
    survey: Survey,
    list_name: str,
    choices: dict[str, dict[str, Any]],
    new_choice: dict[str, Any] | None = None,
) -> Survey:
    """Rename choices and change their labels in every language; add a choice at the end.

    `choices` maps a choice's current name to {"name": new name, "label": {language: text}};
    `new_choice` is {"name", "label": {language: text}}. Errors are keyed
    "name__<choice>" / "label__<choice>" and "new_name" / "new_label".
    """
    definition = copy.deepcopy(survey.definition)
    items = _choice_list(definition, list_name)
    languages = declared_languages(definition)
    default = default_language(definition)
    errors: dict[str, list[str]] = {}
    used: set[str] | None = None
    renamed: dict[str, str] = {}
    for choice in items:
        fields = choices.get(choice["name"])
        if fields is None:
            continue
        old = choice["name"]
        for language, text in (fields.get("label") or {}).items():
            if language in languages:
                _set_text(choice["label"], language, text)
        if not choice["label"].get(default):
            errors[f"label__{old}"] = [_("Write the label respondents see.")]
        new = _text(fields.get("name", old))
        if new != old:
            if used is None:
                used = submitted_choices(survey=survey, list_name=list_name)
            if not CHOICE_NAME.match(new):
                errors[f"name__{old}"] = [str(CHOICE_NAME_RULE)]
            elif old in used:
                errors[f"name__{old}"] = [
                    _("Submitted answers picked this choice: its name cannot change.")
                ]
            else:
                choice["name"] = new
                renamed[old] = new
    added = ""
    if new_choice and (new_choice.get("name") or any((new_choice.get("label") or {}).values())):
        name = _text(new_choice.get("name", ""))
        labels = {
            language: _text(text)
            for language, text in (new_choice.get("label") or {}).items()
            if language in languages and _text(text)
        }
        if not CHOICE_NAME.match(name):
            errors["new_name"] = [str(CHOICE_NAME_RULE)]
        if not labels.get(default):
            errors["new_label"] = [_("Write the label respondents see.")]
        if not errors:
            items.append({"name": name, "label": labels})
            added = name
    names = [choice["name"] for choice in items]
    # The name typed last is the one to change: a renamed choice, or the new one.
    typed = {new: f"name__{old}" for old, new in renamed.items()}
    if added:
        typed[added] = "new_name"
    for name in {name for name in names if names.count(name) > 1}:
        errors.setdefault(typed.get(name, f"name__{name}"), []).append(
            _("Two choices of the list cannot share a name.")
        )
    if errors:
        raise ValidationError(errors)
    if items == survey.definition["choices"][list_name]:
        return survey
    return _save(
        actor=actor,
        survey=survey,
        definition=definition,
        action="choice_list_update",
        changes={"list": list_name, "renamed": renamed, "added": added},
    )


def choice_move(*, actor: Any, survey: Survey, list_name: str, name: str, direction: str) -> Survey:
    definition = copy.deepcopy(survey.definition)
    items = _choice_list(definition, list_name)
    index = _choice_position(items, name)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        raise ValidationError(_("“%(name)s” cannot move further.") % {"name": name})
    items[index], items[other] = items[other], items[index]
    return _save(
        actor=actor,
        survey=survey,
        definition=definition,
        action="choice_move",
        changes={"list": list_name, "choice": name, "direction": direction},
    )


def choice_delete(*, actor: Any, survey: Survey, list_name: str, name: str) -> Survey:
    """Delete a choice no submitted answer picked (a list keeps at least one choice)."""
    definition = copy.deepcopy(survey.definition)
    items = _choice_list(definition, list_name)
    index = _choice_position(items, name)
    if name in submitted_choices(survey=survey, list_name=list_name):
        raise ValidationError(
            _(
                "Submitted answers picked “%(name)s”: it cannot be deleted. "
                "Change its label instead."
            )
            % {"name": name}
        )
    if len(items) == 1:
        raise ValidationError(_("A choice list keeps at least one choice."))
    del items[index]
    return _save(
        actor=actor,
        survey=survey,
        definition=definition,
        action="choice_delete",
        changes={"list": list_name, "choice": name},
    )
