"""Sign-in, two-factor enrolment and verification, the user's memberships and API tokens."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tutela.accounts import selectors, services
from tutela.accounts.forms import ApiTokenForm, CodeForm, LoginForm
from tutela.accounts.services import CodeCheck

ISSUED_TOKEN_SESSION_KEY = "tutela_issued_token"  # noqa: S105 — a session key name
CODE_ERRORS = {
    CodeCheck.WRONG: gettext_lazy(
        "That code is not right. Try the newest code in your app and check your phone's clock."
    ),
    CodeCheck.THROTTLED: gettext_lazy(
        "Too many wrong codes. Wait a minute, then try the newest code."
    ),
}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm


class LogoutView(auth_views.LogoutView):
    pass


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _qr_data_uri(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or (request.method == "GET" and "restart" in request.GET):
        device = services.totp_device_start(user=request.user)  # type: ignore[arg-type]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.totp_device_confirm(
            user=request.user,  # type: ignore[arg-type]
            device=device,
            code=form.cleaned_data["code"],
        )
        if result is CodeCheck.ACCEPTED:
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(_next_url(request))
        form.add_error("code", CODE_ERRORS[result])
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {"form": form, "qr": _qr_data_uri(device), "secret": secret, "next": _next_url(request)},
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:two_factor_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.totp_code_check(device=device, code=form.cleaned_data["code"])
        if result is CodeCheck.ACCEPTED:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", CODE_ERRORS[result])
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def memberships(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/memberships.html",
        {"memberships": selectors.my_memberships(user=request.user)},
    )


@login_required
def api_token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.api_token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        # Shown once, after a redirect, so reloading the page never issues another token.
        request.session[ISSUED_TOKEN_SESSION_KEY] = issued.plaintext
        return redirect("accounts:api_token_list")
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": selectors.my_api_tokens(user=request.user),
            "issued": request.session.pop(ISSUED_TOKEN_SESSION_KEY, None),
        },
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.my_api_token(user=request.user, token_id=token_id)
    services.api_token_revoke(user=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:api_token_list")
