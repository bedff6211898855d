"""Privileged roles cannot act before they enrol and use two-factor authentication."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from tutela.accounts.two_factor import has_confirmed_device, is_verified, requires_two_factor

OPEN_PREFIXES = (
    "/static/",
    "/i18n/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/api/v1/health",
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not is_verified(user)
            and requires_two_factor(user)
        ):
            if request.path.startswith("/api/") and "HTTP_AUTHORIZATION" not in request.META:
                return JsonResponse(
                    {
                        "code": "two_factor_required",
                        "message": "Verify your two-factor code in the web application first.",
                        "details": None,
                    },
                    status=403,
                )
            if not request.path.startswith("/api/"):
                name = (
                    "accounts:two_factor_verify"
                    if has_confirmed_device(user)
                    else ("accounts:two_factor_enrol")
                )
                return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)
