"""Reference data administration: organizations, units, bodies, groups, personnel categories."""

from django.contrib import admin

from tutela.common.admin import AuditedAdmin
from tutela.organizations.models import Body, Group, Organization, PersonnelCategory, Unit


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ("acronym", "name", "type", "is_active")
    list_filter = ("type", "is_active")
    search_fields = ("acronym", "name")


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "organization", "type", "country", "parent")
    list_filter = ("type",)
    search_fields = ("name", "organization__acronym")
    raw_id_fields = ("organization", "parent")
    readonly_fields = ("path",)


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    list_display = ("acronym", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("acronym", "name")
    raw_id_fields = ("parent", "host_organization")


@admin.register(Group)
class GroupAdmin(AuditedAdmin):
    list_display = ("name", "kind", "body")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    raw_id_fields = ("body",)
    filter_horizontal = ("lead_organizations", "member_organizations")


@admin.register(PersonnelCategory)
class PersonnelCategoryAdmin(AuditedAdmin):
    list_display = ("name", "code", "parent")
    raw_id_fields = ("parent",)
