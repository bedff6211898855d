"""The auditor's page: the audit log with filters."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tutela.audit import selectors
from tutela.audit.forms import EventFilterForm


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = selectors.EventFilters()
    if form.is_valid():
        filters = selectors.EventFilters(**form.cleaned_data)
    events = selectors.audit_event_list(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "actions": selectors.audit_actions(user=request.user),
        },
    )
