"""Status scales are reference data administrators keep; framework content is not theirs."""

from django.contrib import admin

from tutela.common.admin import AuditedAdmin
from tutela.frameworks.models import StatusLevel, StatusScale


class StatusLevelInline(admin.TabularInline):  # type: ignore[type-arg]
    model = StatusLevel
    extra = 0
    fields = ("order", "code", "label", "colour", "text_colour", "description")


@admin.register(StatusScale)
class StatusScaleAdmin(AuditedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [StatusLevelInline]


@admin.register(StatusLevel)
class StatusLevelAdmin(AuditedAdmin):
    list_display = ("scale", "code", "label", "colour", "text_colour", "order")
    list_filter = ("scale",)
    search_fields = ("code", "label")
