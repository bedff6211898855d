"""Reads of a user's own account: memberships and API tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tutela.accounts.models import ApiToken, Membership


def my_memberships(*, user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organization", "unit__organization", "body", "group")
        .order_by("role")
    )


def my_api_tokens(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def my_api_token(*, user: Any, token_id: int) -> ApiToken:
    """One of the user's own tokens; anybody else's answers like a missing one."""
    return get_object_or_404(ApiToken, pk=token_id, user=user)
