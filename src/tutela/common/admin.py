"""The admin is for administrators' account and reference-data work; every change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from tutela.audit.services import audit_record


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Writes Tutela's audit events for every addition, change and deletion made in the admin."""

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        audit_record(actor=request.user, action=f"admin.{obj._meta.model_name}.add", target=obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        audit_record(
            actor=request.user,
            action=f"admin.{obj._meta.model_name}.change",
            target=obj,
            changes={"message": str(message)},
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            audit_record(
                actor=request.user, action=f"admin.{obj._meta.model_name}.delete", target=obj
            )
        return super().log_deletions(request, queryset)
