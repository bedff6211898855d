"""API authentication: a personal token (`Authorization: Bearer tut_…`) or the browser session.

A request that carries an Authorization header is judged by it alone: a wrong token never
falls back to the session cookie.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from tutela.accounts.models import ApiToken
from tutela.accounts.services import TOKEN_PREFIX, api_token_touch, hash_token_secret
from tutela.accounts.two_factor import is_verified, requires_two_factor


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" not in request.META:
            return None
        result = super().__call__(request)
        if result is None:
            raise AuthenticationError
        return result

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        kind, _, rest = token.partition("_")
        prefix, _, secret = rest.partition("_")
        if kind != TOKEN_PREFIX or not prefix or not secret:
            raise AuthenticationError
        found = ApiToken.objects.select_related("user").filter(prefix=prefix[:12]).first()
        if (
            found is None
            or not hmac.compare_digest(found.secret_hash, hash_token_secret(secret))
            or not found.is_usable
            or not found.user.is_active
        ):
            raise AuthenticationError
        api_token_touch(token=found)
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser's session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if requires_two_factor(user) and not is_verified(user):
            return None
        return user


API_AUTH = [TokenAuth(), SessionAuth()]


def acting_user(request: HttpRequest) -> Any:
    """The user an API request acts for (set by whichever authentication succeeded)."""
    return request.auth  # type: ignore[attr-defined]
