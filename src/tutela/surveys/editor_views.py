"""The web editor's pages: wording, translations and logic of the questions; their order,
groups, repeats and languages; and the choice lists. Each posts to itself and works without
JavaScript; what was typed is shown back when a change is refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tutela.surveys import editor, selectors
from tutela.surveys.forms import ContainerForm, LanguageForm
from tutela.surveys.xlsform import SELECT_TYPES, iter_nodes

COLUMN_LABELS = {
    "name": _lazy("Name"),
    "label": _lazy("Label"),
    "hint": _lazy("Hint"),
    "required_message": _lazy("Message when left unanswered"),
    "relevant": _lazy("Relevant (skip logic)"),
    "constraint": _lazy("Constraint"),
    "constraint_message": _lazy("Constraint message"),
}
QUESTION_TEXTS = ("label", "hint", "constraint_message", "required_message")
# What the editor offers for each kind of node (texts in every language, then logic).
TEXTS_OF = {"note": ("label", "hint"), "group": ("label", "hint"), "repeat": ("label", "hint")}
LOGIC_OF = {"note": ("relevant",), "group": ("relevant",), "repeat": ("relevant",)}
EDITED_KINDS = (*editor.EDITABLE_TYPES, *editor.CONTAINER_KINDS)


def _show_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            form.add_error(name if name in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


def _clean(value: object) -> str:
    """Typed text as the definition keeps it: no NUL (PostgreSQL's JSON refuses it), bounded."""
    return str(value).replace("\x00", "")[: editor.MAX_TEXT]


def _text_key(column: str, name: str, index: int) -> str:
    """The field of a text in the language at `index` (0, the default, keeps the bare key)."""
    return f"{column}__{name}" if index == 0 else f"{column}-{index}__{name}"


def _new_label_key(index: int) -> str:
    return "new_label" if index == 0 else f"new_label-{index}"


def _language_label(language: str) -> str:
    return _("no language given") if language == "default" else language


# --- wording, translations and logic -----------------------------------------------------------


def _edits_from_post(
    definition: dict[str, Any], languages: list[str], posted: QueryDict
) -> dict[str, dict[str, Any]]:
    edits: dict[str, dict[str, Any]] = {}
    for node in iter_nodes(definition["children"]):
        name, kind = node["name"], node["type"]
        fields: dict[str, Any] = {}
        for column in TEXTS_OF.get(kind, QUESTION_TEXTS):
            for index, language in enumerate(languages):
                key = _text_key(column, name, index)
                if key in posted:
                    fields[f"{column}::{language}"] = _clean(posted[key])
        for column in LOGIC_OF.get(kind, ("relevant", "constraint")):
            if f"{column}__{name}" in posted:
                fields[column] = _clean(posted[f"{column}__{name}"])
        if f"name__{name}" in posted and kind in editor.CONTAINER_KINDS:
            fields["name"] = _clean(posted[f"name__{name}"])
        if f"label__{name}" in posted and kind not in TEXTS_OF:
            # A checkbox is sent only when ticked: its row being in the form is the cue.
            fields["required"] = posted.get(f"required__{name}") == "on"
        if fields:
            edits[name] = fields
    return edits


def _edit_rows(
    definition: dict[str, Any],
    languages: list[str],
    posted: QueryDict | None,
    errors: dict[str, list[str]],
) -> list[dict[str, Any]]:
    def field(
        key: str, label: str, stored: str, multiline: bool, translated: bool = False
    ) -> dict[str, Any]:
        return {
            "key": key,
            "label": label,
            "value": posted.get(key, "") if posted is not None else stored,
            "multiline": multiline,
            "translated": translated,
            "errors": errors.get(key, []),
        }

    rows = []
    for node in iter_nodes(definition["children"]):
        kind, name = node["type"], node["name"]
        if kind not in EDITED_KINDS:
            continue
        columns = []
        if kind in editor.CONTAINER_KINDS:
            columns.append(field(f"name__{name}", str(COLUMN_LABELS["name"]), name, False))
        for column in TEXTS_OF.get(kind, QUESTION_TEXTS):
            for index, language in enumerate(languages):
                label = f"{COLUMN_LABELS[column]} — {_language_label(language)}"
                stored = node[column].get(language, "")
                key = _text_key(column, name, index)
                columns.append(field(key, label, stored, column == "label", translated=True))
        for column in LOGIC_OF.get(kind, ("relevant", "constraint")):
            key = f"{column}__{name}"
            columns.append(field(key, str(COLUMN_LABELS[column]), node[column], False))
        required = (
            posted.get(f"required__{name}") == "on" if posted is not None else node["required"]
        )
        rows.append(
            {
                "node": node,
                "columns": columns,
                "required": required,
                "answerable": kind not in TEXTS_OF,
            }
        )
    return rows


def _containers(definition: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (node["name"], f"{node['type']} {node['name']}")
        for node in iter_nodes(definition["children"])
        if node["type"] in editor.CONTAINER_KINDS
    ]


@login_required
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Wording (in every language the survey declares) and logic of every question, names of
    groups and repeats, and a new question at the end of the survey or of a group."""
    survey = selectors.survey_for_managing(user=request.user, survey_id=survey_id)
    definition = survey.definition
    languages = editor.declared_languages(definition)
    errors: dict[str, list[str]] = {}
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        new_question: dict[str, Any] | None = None
        if posted.get("new_name") or posted.get("new_label"):
            new_question = {
                key: _clean(posted.get(f"new_{key}", ""))
                for key in ("type", "name", "label", "choices", "parent")
            }
            new_question["required"] = posted.get("new_required") == "on"
        try:
            editor.survey_edit(
                actor=request.user,
                survey=survey,
                edits=_edits_from_post(definition, languages, posted),
                new_question=new_question,
            )
        except ValidationError as error:
            errors = error.message_dict
            messages.error(
                request, _("Some changes need attention (see below); nothing was saved.")
            )
        else:
            messages.success(request, _("The survey was saved."))
            return redirect("surveys:survey_detail", survey.pk)
    return render(
        request,
        "surveys/survey_edit.html",
        {
            "survey": survey,
            "rows": _edit_rows(definition, languages, posted, errors),
            "languages": [_language_label(language) for language in languages],
            "types": editor.EDITABLE_TYPES,
            "containers": _containers(definition),
            "new": {
                key: posted.get(f"new_{key}", "") if posted is not None else ""
                for key in ("type", "name", "label", "choices", "parent")
            },
            "new_required": posted is not None and posted.get("new_required") == "on",
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- order, groups, repeats and languages ------------------------------------------------------


def _outline(nodes: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    return [
        {
            "name": node["name"],
            "type": node["type"],
            "label": node["label"].get(language) or next(iter(node["label"].values()), ""),
            "first": index == 0,
            "last": index == len(nodes) - 1,
            "children": _outline(node["children"], language),
            "container": node["type"] in editor.CONTAINER_KINDS,
        }
        for index, node in enumerate(nodes)
    ]


def _to_confirm(definition: dict[str, Any], name: str) -> dict[str, str] | None:
    """The question whose deletion the secretariat asked for, to confirm it first."""
    siblings, index = editor.find_node(definition["children"], name) if name else (None, None)
    if siblings is None or index is None:
        return None
    node = siblings[index]
    language = editor.default_language(definition)
    label = node["label"].get(language) or next(iter(node["label"].values()), "")
    return {"name": node["name"], "label": label}


@login_required
def survey_outline(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The survey's structure: move and delete questions, add groups, repeats and languages."""
    survey = selectors.survey_for_managing(user=request.user, survey_id=survey_id)
    definition = survey.definition
    action = request.POST.get("action", "") if request.method == "POST" else ""
    container_form = ContainerForm(
        request.POST if action == "add_container" else None,
        containers=_containers(definition),
        prefix="container",
    )
    language_form = LanguageForm(
        request.POST if action == "add_language" else None, prefix="language"
    )
    status = 200
    if action in ("up", "down", "delete"):
        question = request.POST.get("question", "")[:64]
        try:
            if action == "delete":
                editor.question_delete(actor=request.user, survey=survey, name=question)
                messages.success(request, _("“%(name)s” was deleted.") % {"name": question})
            else:
                editor.question_move(
                    actor=request.user, survey=survey, name=question, direction=action
                )
                messages.success(request, _("“%(name)s” was moved.") % {"name": question})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(
            f"{reverse('surveys:survey_outline', args=[survey.pk])}#node-{quote(question)}"
        )
    if action == "add_container" and container_form.is_valid():
        data = container_form.cleaned_data
        try:
            editor.container_add(
                actor=request.user,
                survey=survey,
                kind=data["kind"],
                name=data["name"],
                label=_clean(data["label"]),
                relevant=_clean(data["relevant"]),
                parent=data["parent"],
            )
        except ValidationError as error:
            _show_errors(container_form, error)
        else:
            added = _("The repeat was added.") if data["kind"] == "repeat" else None
            messages.success(request, added or _("The group was added."))
            return redirect("surveys:survey_outline", survey.pk)
    if action == "add_language" and language_form.is_valid():
        try:
            editor.language_add(
                actor=request.user, survey=survey, language=language_form.cleaned_data["language"]
            )
        except ValidationError as error:
            _show_errors(language_form, error)
        else:
            messages.success(
                request, _("The language was added: write its texts in “Edit the questions”.")
            )
            return redirect("surveys:survey_outline", survey.pk)
    if request.method == "POST" and (container_form.errors or language_form.errors):
        status = 400
    elif request.method == "POST" and action not in ("add_container", "add_language"):
        messages.error(request, _("Choose what to change."))
    return render(
        request,
        "surveys/survey_outline.html",
        {
            "survey": survey,
            "outline": _outline(definition["children"], editor.default_language(definition)),
            "languages": [
                _language_label(language) for language in editor.declared_languages(definition)
            ],
            "container_form": container_form,
            "language_form": language_form,
            "in_use": editor.answers_in_use(survey=survey),
            "confirm": _to_confirm(definition, request.GET.get("delete", "")),
        },
        status=status,
    )


# --- choice lists ------------------------------------------------------------------------------


def _choice_edits(
    posted: QueryDict, items: list[dict[str, Any]], languages: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    choices = {
        choice["name"]: {
            "name": _clean(posted.get(f"name__{choice['name']}", choice["name"])),
            "label": {
                language: _clean(posted[key])
                for index, language in enumerate(languages)
                if (key := _text_key("label", choice["name"], index)) in posted
            },
        }
        for choice in items
    }
    new_choice = {
        "name": _clean(posted.get("new_name", "")),
        "label": {
            language: _clean(posted.get(_new_label_key(index), ""))
            for index, language in enumerate(languages)
        },
    }
    return choices, new_choice


def _choice_tables(
    definition: dict[str, Any],
    languages: list[str],
    posted: QueryDict | None,
    posted_list: str,
    errors: dict[str, list[str]],
) -> list[dict[str, Any]]:
    users: dict[str, list[str]] = {}
    for node in iter_nodes(definition["children"]):
        if node["type"] in SELECT_TYPES:
            users.setdefault(node["choices"], []).append(node["name"])
    tables = []
    for list_name, items in definition["choices"].items():
        typed = posted if posted is not None and posted_list == list_name else None
        shown_errors = errors if typed is not None else {}

        def cell(key: str, stored: str, typed: QueryDict | None = typed) -> str:
            return typed.get(key, "") if typed is not None else stored

        rows = [
            {
                "name": choice["name"],
                "name_value": cell(f"name__{choice['name']}", choice["name"]),
                "name_errors": shown_errors.get(f"name__{choice['name']}", []),
                "labels": [
                    {
                        "key": _text_key("label", choice["name"], index),
                        "language": _language_label(language),
                        "value": cell(
                            _text_key("label", choice["name"], index),
                            choice["label"].get(language, ""),
                        ),
                    }
                    for index, language in enumerate(languages)
                ],
                "label_errors": shown_errors.get(f"label__{choice['name']}", []),
                "first": position == 0,
                "last": position == len(items) - 1,
            }
            for position, choice in enumerate(items)
        ]
        tables.append(
            {
                "name": list_name,
                "questions": users.get(list_name, []),
                "rows": rows,
                "new_name": cell("new_name", ""),
                "new_labels": [
                    {
                        "key": _new_label_key(index),
                        "language": _language_label(language),
                        "value": cell(_new_label_key(index), ""),
                    }
                    for index, language in enumerate(languages)
                ],
                "new_errors": [
                    *shown_errors.get("new_name", []),
                    *shown_errors.get("new_label", []),
                ],
            }
        )
    return tables


@login_required
def survey_choices(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Every choice list: rename, relabel in every language, reorder, delete and add choices."""
    survey = selectors.survey_for_managing(user=request.user, survey_id=survey_id)
    definition = survey.definition
    languages = editor.declared_languages(definition)
    errors: dict[str, list[str]] = {}
    posted = request.POST if request.method == "POST" else None
    list_name = ""
    if posted is not None:
        list_name = posted.get("list", "")[:200]
        verb, _sep, choice = posted.get("action", "save").partition(":")
        anchor = f"{reverse('surveys:survey_choices', args=[survey.pk])}#list-{quote(list_name)}"
        try:
            if verb in ("up", "down"):
                editor.choice_move(
                    actor=request.user,
                    survey=survey,
                    list_name=list_name,
                    name=choice,
                    direction=verb,
                )
                messages.success(request, _("“%(name)s” was moved.") % {"name": choice})
                return redirect(anchor)
            if verb == "delete":
                editor.choice_delete(
                    actor=request.user, survey=survey, list_name=list_name, name=choice
                )
                messages.success(request, _("“%(name)s” was deleted.") % {"name": choice})
                return redirect(anchor)
            items = definition["choices"].get(list_name, [])
            choices, new_choice = _choice_edits(posted, items, languages)
            editor.choice_list_update(
                actor=request.user,
                survey=survey,
                list_name=list_name,
                choices=choices,
                new_choice=new_choice,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = error.message_dict
                messages.error(
                    request, _("Some changes need attention (see below); nothing was saved.")
                )
            else:
                messages.error(request, " ".join(error.messages))
                if verb != "save":
                    return redirect(anchor)
        else:
            messages.success(request, _("The choice list was saved."))
            return redirect(anchor)
    return render(
        request,
        "surveys/survey_choices.html",
        {
            "survey": survey,
            "tables": _choice_tables(definition, languages, posted, list_name, errors),
        },
        status=400 if errors else 200,
    )
