"""Which users must use two-factor authentication, and whether they have enrolled."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tutela.accounts.access import memberships_of


def requires_two_factor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    required = set(settings.TUTELA_TWO_FACTOR_ROLES)
    if bool(user.is_superuser):
        return True
    return any(membership.role in required for membership in memberships_of(user))


def has_confirmed_device(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def is_verified(user: Any) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())
