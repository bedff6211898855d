"""Every write to accounts: users, memberships, API tokens, two-factor devices."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tutela.accounts.models import ApiToken, Membership, User
from tutela.accounts.roles import Role
from tutela.audit.services import audit_record

TOKEN_PREFIX = "tut"  # noqa: S105 — a label, not a secret


def user_create(*, actor: Any, email: str, full_name: str, password: str | None = None) -> User:
    with transaction.atomic():
        user = User(email=email.strip().lower(), full_name=full_name.strip())
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(actor=actor, action="user.create", target=user, changes={"email": user.email})
    return user


def membership_grant(
    *,
    actor: Any,
    user: User,
    role: Role,
    organization: Any = None,
    unit: Any = None,
    body: Any = None,
    group: Any = None,
    country: str = "",
) -> Membership:
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user,
            role=role.value,
            organization=organization,
            unit=unit,
            body=body,
            group=group,
            country=country.upper(),
        )
        if created:
            audit_record(
                actor=actor,
                action="membership.grant",
                target=membership,
                changes={"user": user.email, "role": role.value, "scope": membership.scope_label},
            )
    return membership


def membership_revoke(*, actor: Any, membership: Membership) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="membership.revoke",
            target=membership,
            changes={"user": membership.user.email, "role": membership.role},
        )
        membership.delete()


def hash_token_secret(secret: str) -> str:
    # The secret is 256 random bits, so a fast hash is enough; it is never stored in clear.
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str


def api_token_create(*, user: User, name: str, days: int | None = None) -> IssuedToken:
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, such as the script that uses it.")}
        )
    lifetime = days if days is not None else settings.TUTELA_API_TOKEN_DAYS
    if not 1 <= lifetime <= 366:
        raise ValidationError({"days": _("A token lives between 1 and 366 days.")})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=user,
            name=name[:100],
            prefix=prefix,
            secret_hash=hash_token_secret(secret),
            expires_at=timezone.now() + timedelta(days=lifetime),
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=user, action="api_token.create", target=token, changes={"days": lifetime}
        )
    return IssuedToken(token=token, plaintext=f"{TOKEN_PREFIX}_{prefix}_{secret}")


def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=user, action="api_token.revoke", target=token)


def api_token_touch(*, token: ApiToken) -> None:
    """Remember when a token was last used, at most once a minute (not audited: not a change)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for enrolment; an earlier unconfirmed one is replaced."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


class CodeCheck(Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    THROTTLED = "throttled"


def totp_code_check(*, device: TOTPDevice, code: str) -> CodeCheck:
    """Ask the throttle before trying the code, so only repeated failures are refused."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return CodeCheck.THROTTLED
    return CodeCheck.ACCEPTED if device.verify_token(code.strip()) else CodeCheck.WRONG


def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> CodeCheck:
    result = totp_code_check(device=device, code=code)
    if result is CodeCheck.ACCEPTED:
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit_record(actor=user, action="two_factor.enrol", target=user)
    return result


def preferred_language_set(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
