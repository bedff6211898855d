"""People: users (e-mail login), their memberships (role over a scope) and API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutela.accounts.roles import SCOPE_OF_ROLE, Role, ScopeKind
from tutela.common.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Users need an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("may use the account administration"),
        default=False,
        help_text=_("Administrators manage accounts and reference data, never content."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


def _scope_condition() -> Q:
    """Each role is held over exactly the one kind of scope `SCOPE_OF_ROLE` gives it."""
    columns = {
        ScopeKind.ORGANIZATION: "organization",
        ScopeKind.UNIT: "unit",
        ScopeKind.BODY: "body",
        ScopeKind.GROUP: "group",
    }
    condition = Q()
    for role, kind in SCOPE_OF_ROLE.items():
        fits = Q(role=role.value)
        for scope_kind, column in columns.items():
            fits &= Q(**{f"{column}__isnull": scope_kind != kind})
        fits &= ~Q(country="") if kind == ScopeKind.COUNTRY else Q(country="")
        condition |= fits
    return condition


class Membership(TimeStampedModel):
    """A user holds a role over one scope: an organization, unit, body, group or country."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    body = models.ForeignKey(
        "organizations.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    group = models.ForeignKey(
        "organizations.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    country = models.CharField(_("country (ISO 3166 code)"), max_length=2, blank=True)

    class Meta:
        ordering = ["user__email", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_fits_role",
                condition=_scope_condition(),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization", "unit", "body", "group", "country"],
                name="membership_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.scope_label}"

    @property
    def scope_kind(self) -> ScopeKind:
        return SCOPE_OF_ROLE[Role(self.role)]

    @property
    def scope_label(self) -> str:
        scope = {
            ScopeKind.ORGANIZATION: self.organization,
            ScopeKind.UNIT: self.unit,
            ScopeKind.BODY: self.body,
            ScopeKind.GROUP: self.group,
        }.get(self.scope_kind)
        if scope is not None:
            return str(scope)
        if self.scope_kind == ScopeKind.COUNTRY:
            return self.country
        return str(_("Platform"))


class ApiToken(TimeStampedModel):
    """A personal API token: shown once, stored as a SHA-256 hash, expiring, revocable."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
