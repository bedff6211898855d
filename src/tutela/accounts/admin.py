"""Account administration: users, memberships, API tokens. Administrators see no content here."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group as AuthGroup
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tutela.accounts.models import ApiToken, Membership, User
from tutela.common.admin import AuditedAdmin

# Tutela's groups are organizations' working groups (organizations.Group); Django's
# permission groups are not used, roles come from memberships.
admin.site.unregister(AuthGroup)
admin.site.site_header = _("Tutela — account administration")
admin.site.site_title = _("Tutela administration")


class MembershipInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    raw_id_fields = ("organization", "unit", "body", "group")


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff", "last_login")
    search_fields = ("email", "full_name")
    list_filter = ("is_active", "is_staff", "memberships__role")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password", "preferred_language")}),
        (
            "Status",
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "role", "organization", "unit", "body", "group", "country")
    list_filter = ("role",)
    search_fields = ("user__email", "organization__acronym")
    raw_id_fields = ("user", "organization", "unit", "body", "group")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("user", "name", "prefix", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "secret_hash", "expires_at", "last_used_at")
    search_fields = ("user__email", "name", "prefix")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are created by their owner, never for them
