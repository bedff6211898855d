"""Framework pages: the list, a framework's node tree and applicability, nodes, status scales;
for the owner body's secretariat, editing drafts, publishing, new versions and YAML."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutela.frameworks import selectors, services
from tutela.frameworks.access import can_create, can_edit
from tutela.frameworks.forms import (
    ApplicabilityForm,
    FrameworkCreateForm,
    FrameworkFilterForm,
    FrameworkForm,
    FrameworkImportForm,
    LevelEditForm,
    LevelForm,
    NodeAddForm,
    NodeForm,
    NodeMoveForm,
    ScaleForm,
    framework_form_initial,
)
from tutela.frameworks.library import LibraryError, framework_dump, framework_to_spec
from tutela.frameworks.models import Framework, FrameworkStatus
from tutela.frameworks.presentation import applicability_table, scale_stylesheet_text


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _published_refusal(request: HttpRequest, framework: Framework) -> HttpResponse | None:
    """Edit pages of a published version say why nothing can change there."""
    if framework.status == FrameworkStatus.DRAFT:
        return None
    messages.error(
        request,
        _("This version is published and can no longer be changed; make a new version."),
    )
    return redirect("frameworks:framework_detail", framework.pk)


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    form = FrameworkFilterForm(request.GET or None)
    kind, owner_body_id = "", None
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        body = form.cleaned_data["owner_body"]
        owner_body_id = body.pk if body else None
    frameworks = selectors.framework_list(user=request.user, kind=kind, owner_body_id=owner_body_id)
    page = Paginator(frameworks, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_create": can_create(request.user),
        },
    )


@login_required
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, framework_id=framework_id)
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "nodes": selectors.node_list(user=request.user, framework=framework),
            "versions": selectors.framework_versions(user=request.user, framework=framework),
            "may_edit": can_edit(request.user, framework),
            "is_draft": framework.status == FrameworkStatus.DRAFT,
        },
    )


@login_required
def framework_applicability(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, framework_id=framework_id)
    nodes = selectors.node_list(user=request.user, framework=framework)
    return render(
        request,
        "frameworks/framework_applicability.html",
        {"framework": framework, "table": applicability_table(list(nodes))},
    )


@login_required
def framework_export(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, framework_id=framework_id)
    text = framework_dump(framework_to_spec(framework))
    services.framework_exported(actor=request.user, framework=framework)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    filename = f"{framework.slug}-v{framework.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def node_detail(request: HttpRequest, node_id: int) -> HttpResponse:
    node = selectors.node_get(user=request.user, node_id=node_id)
    return render(
        request,
        "frameworks/node_detail.html",
        {
            "node": node,
            "framework": node.framework,
            "may_edit": can_edit(request.user, node.framework),
            "is_draft": node.framework.status == FrameworkStatus.DRAFT,
        },
    )


@login_required
def scale_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frameworks/scale_list.html",
        {"scales": selectors.scale_list(user=request.user), "may_create": can_create(request.user)},
    )


@login_required
def scale_detail(request: HttpRequest, scale_id: int) -> HttpResponse:
    scale = selectors.scale_get(user=request.user, scale_id=scale_id)
    return render(
        request,
        "frameworks/scale_detail.html",
        {"scale": scale, "may_edit": can_create(request.user)},
    )


@login_required
def scale_create(request: HttpRequest) -> HttpResponse:
    if not can_create(request.user):
        raise PermissionDenied
    form = ScaleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scale = services.scale_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                description=data["description"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Scale created: add its levels."))
            return redirect("frameworks:scale_detail", scale.pk)
    return render(
        request,
        "frameworks/scale_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def scale_level_add(request: HttpRequest, scale_id: int) -> HttpResponse:
    scale = selectors.scale_for_editing(user=request.user, scale_id=scale_id)
    form = LevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.scale_level_add(actor=request.user, scale=scale, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Level %(code)s added.") % {"code": data["code"]})
            return redirect("frameworks:scale_detail", scale.pk)
    return render(
        request,
        "frameworks/scale_level_form.html",
        {"form": form, "scale": scale, "level": None},
        status=400 if form.errors else 200,
    )


@login_required
def scale_level_edit(request: HttpRequest, scale_level_id: int) -> HttpResponse:
    level = selectors.scale_level_for_editing(user=request.user, scale_level_id=scale_level_id)
    initial = {
        "label": level.label,
        "colour": level.colour,
        "text_colour": level.text_colour,
        "description": level.description,
    }
    form = LevelEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scale_level_update(actor=request.user, level=level, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Level %(code)s saved.") % {"code": level.code})
            return redirect("frameworks:scale_detail", level.scale_id)
    return render(
        request,
        "frameworks/scale_level_form.html",
        {"form": form, "scale": level.scale, "level": level},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def scale_level_delete(request: HttpRequest, scale_level_id: int) -> HttpResponse:
    level = selectors.scale_level_for_editing(user=request.user, scale_level_id=scale_level_id)
    try:
        services.scale_level_delete(actor=request.user, level=level)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Level %(code)s deleted.") % {"code": level.code})
    return redirect("frameworks:scale_detail", level.scale_id)


@login_required
def scale_stylesheet(request: HttpRequest) -> HttpResponse:
    levels = selectors.all_scale_levels(user=request.user)
    return HttpResponse(scale_stylesheet_text(levels), content_type="text/css; charset=utf-8")


# --- editing (the owner body's secretariat) ---------------------------------------------------


@login_required
def framework_create(request: HttpRequest) -> HttpResponse:
    bodies = selectors.creatable_bodies(user=request.user)
    form = FrameworkCreateForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            framework = services.framework_create(
                actor=request.user,
                slug=data["slug"],
                title=data["title"],
                kind=data["kind"],
                owner_body=data["owner_body"],
                status_scale=data["status_scale"],
                source_citation=data["source_citation"],
                description=data["description"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Draft created: add its nodes, then publish it."))
            return redirect("frameworks:framework_detail", framework.pk)
    return render(request, "frameworks/framework_form.html", {"form": form, "framework": None})


@login_required
def framework_import(request: HttpRequest) -> HttpResponse:
    bodies = selectors.creatable_bodies(user=request.user)
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            problems = [f"{upload.name}: " + _("the file is not UTF-8 text")]
        else:
            try:
                framework = services.framework_import(
                    actor=request.user, text=text, filename=upload.name, allowed_bodies=bodies
                )
            except LibraryError as error:
                problems = error.errors
            except ValidationError as error:
                problems = [f"{upload.name}: {message}" for message in error.messages]
            else:
                messages.success(request, _("Imported as a new draft."))
                return redirect("frameworks:framework_detail", framework.pk)
    return render(request, "frameworks/framework_import.html", {"form": form, "problems": problems})


@login_required
@require_POST
def framework_new_version(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_for_editing(user=request.user, framework_id=framework_id)
    try:
        draft = services.framework_new_version(actor=request.user, framework=framework)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("frameworks:framework_detail", framework.pk)
    messages.success(
        request, _("Version %(version)s created as a draft.") % {"version": draft.version}
    )
    return redirect("frameworks:framework_detail", draft.pk)


@login_required
def draft_edit(request: HttpRequest, draft_id: int) -> HttpResponse:
    framework = selectors.framework_for_editing(user=request.user, framework_id=draft_id)
    if refusal := _published_refusal(request, framework):
        return refusal
    form = FrameworkForm(request.POST or None, initial=framework_form_initial(framework))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.framework_update(
                actor=request.user,
                framework=framework,
                title=data["title"],
                kind=data["kind"],
                status_scale=data["status_scale"],
                source_citation=data["source_citation"],
                description=data["description"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("frameworks:framework_detail", framework.pk)
    return render(request, "frameworks/framework_form.html", {"form": form, "framework": framework})


@login_required
@require_POST
def draft_publish(request: HttpRequest, draft_id: int) -> HttpResponse:
    framework = selectors.framework_for_editing(user=request.user, framework_id=draft_id)
    try:
        services.framework_publish(actor=request.user, framework=framework)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published: this version can no longer be changed."))
    return redirect("frameworks:framework_detail", framework.pk)


def _node_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": data["type"],
        "ref_id": data["ref_id"],
        "title": data["title"],
        "text": data["text"],
        "reportable": data["reportable"],
        "lead_organizations": data["lead_organizations"],
        "member_organizations": data["member_organizations"],
        "lead_bodies": data["lead_bodies"],
        "responsibility_note": data["responsibility_note"],
        "due_date": data["due_date"],
        "milestone": data["milestone"],
        "flags": data["flags"],
        "report_back_to": data["report_back_to"],
        "report_back_note": data["report_back_note"],
    }


@login_required
def node_add(request: HttpRequest, draft_id: int) -> HttpResponse:
    framework = selectors.framework_for_editing(user=request.user, framework_id=draft_id)
    if refusal := _published_refusal(request, framework):
        return refusal
    parents = selectors.parent_choices(framework=framework)
    initial = (
        {"parent": request.GET.get("parent")} if request.GET.get("parent", "").isdigit() else {}
    )
    form = NodeAddForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            node = services.node_add(
                actor=request.user,
                framework=framework,
                parent=form.cleaned_data["parent"],
                **_node_arguments(form.cleaned_data),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Node added."))
            return redirect(f"{framework_url(framework)}#node-{node.pk}")
    return render(
        request, "frameworks/node_form.html", {"form": form, "framework": framework, "node": None}
    )


def framework_url(framework: Framework) -> str:
    return reverse("frameworks:framework_detail", args=[framework.pk])


@login_required
def node_edit(request: HttpRequest, draft_node_id: int) -> HttpResponse:
    node = selectors.node_for_editing(user=request.user, node_id=draft_node_id)
    if refusal := _published_refusal(request, node.framework):
        return refusal
    form = NodeForm(request.POST or None, initial=NodeForm.initial_for(node))
    if request.method == "POST" and form.is_valid():
        try:
            services.node_update(
                actor=request.user, node=node, **_node_arguments(form.cleaned_data)
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Node saved."))
            return redirect(f"{framework_url(node.framework)}#node-{node.pk}")
    return render(
        request,
        "frameworks/node_form.html",
        {"form": form, "framework": node.framework, "node": node},
    )


@login_required
def node_move(request: HttpRequest, draft_node_id: int) -> HttpResponse:
    node = selectors.node_for_editing(user=request.user, node_id=draft_node_id)
    if refusal := _published_refusal(request, node.framework):
        return refusal
    parents = selectors.parent_choices(framework=node.framework, moving=node)
    form = NodeMoveForm(request.POST or None, parents=parents, initial={"parent": node.parent_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.node_move(
                actor=request.user, node=node, new_parent=form.cleaned_data["parent"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Node moved."))
            return redirect(f"{framework_url(node.framework)}#node-{node.pk}")
    return render(request, "frameworks/node_move.html", {"form": form, "node": node})


def _reorder(request: HttpRequest, draft_node_id: int, direction: str) -> HttpResponse:
    node = selectors.node_for_editing(user=request.user, node_id=draft_node_id)
    try:
        services.node_reorder(actor=request.user, node=node, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{framework_url(node.framework)}#node-{node.pk}")


@login_required
@require_POST
def node_move_up(request: HttpRequest, draft_node_id: int) -> HttpResponse:
    return _reorder(request, draft_node_id, "up")


@login_required
@require_POST
def node_move_down(request: HttpRequest, draft_node_id: int) -> HttpResponse:
    return _reorder(request, draft_node_id, "down")


@login_required
@require_POST
def node_delete(request: HttpRequest, draft_node_id: int) -> HttpResponse:
    node = selectors.node_for_editing(user=request.user, node_id=draft_node_id)
    framework = node.framework
    try:
        services.node_delete(actor=request.user, node=node)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Node deleted with everything under it."))
    return redirect("frameworks:framework_detail", framework.pk)


@login_required
def node_applicability(request: HttpRequest, draft_node_id: int) -> HttpResponse:
    node = selectors.node_for_editing(user=request.user, node_id=draft_node_id)
    if refusal := _published_refusal(request, node.framework):
        return refusal
    categories = list(selectors.personnel_categories())
    current = {a.personnel_category_id: a for a in node.applicability.all()}
    initial: dict[str, Any] = {}
    for category in categories:
        entry = current.get(category.pk)
        initial[f"level_{category.code}"] = entry.level if entry else ""
        initial[f"notes_{category.code}"] = entry.notes if entry else ""
    form = ApplicabilityForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        entries = [
            (
                category,
                form.cleaned_data[f"level_{category.code}"],
                form.cleaned_data[f"notes_{category.code}"],
            )
            for category in categories
        ]
        try:
            services.applicability_set_many(actor=request.user, node=node, entries=entries)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Applicability saved."))
            return redirect("frameworks:node_detail", node.pk)
    rows = [
        (category, form[f"level_{category.code}"], form[f"notes_{category.code}"])
        for category in categories
    ]
    return render(
        request,
        "frameworks/node_applicability.html",
        {"form": form, "node": node, "rows": rows},
    )
