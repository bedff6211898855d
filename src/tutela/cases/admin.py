"""Reporting-channel reference data administrators keep: each organization's questionnaire
and the retention per category. Reports and cases are never in the admin."""

from django.contrib import admin

from tutela.cases.models import Questionnaire, RetentionRule
from tutela.common.admin import AuditedAdmin


@admin.register(Questionnaire)
class QuestionnaireAdmin(AuditedAdmin):
    list_display = ("organization", "is_open")
    list_filter = ("is_open",)
    fields = (
        "organization",
        "is_open",
        "introduction",
        "categories",
        "support_options",
        "extra_questions",
    )


@admin.register(RetentionRule)
class RetentionRuleAdmin(AuditedAdmin):
    list_display = ("category", "keep_days_after_closure")
