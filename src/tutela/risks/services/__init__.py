"""Every write of the risks module, by concern; each is audited. The names are re-exported here
so callers say `services.risk_create(...)`."""

from tutela.risks.services.actions import (
    REMINDER_DAYS,
    action_create,
    action_reminders_send,
    action_update,
)
from tutela.risks.services.health import health_assessment_record, health_indicator
from tutela.risks.services.matrices import LoadSummary, library_load, matrix_save
from tutela.risks.services.registers import register_create
from tutela.risks.services.reports import (
    report_export_record,
    report_generate,
    report_snapshot_intact,
    report_submit,
)
from tutela.risks.services.risks import RISK_TEXT_FIELDS, risk_create, risk_update
from tutela.risks.services.visits import OUTCOMES, visit_create

__all__ = [
    "OUTCOMES",
    "REMINDER_DAYS",
    "RISK_TEXT_FIELDS",
    "LoadSummary",
    "action_create",
    "action_reminders_send",
    "action_update",
    "health_assessment_record",
    "health_indicator",
    "library_load",
    "matrix_save",
    "register_create",
    "report_export_record",
    "report_generate",
    "report_snapshot_intact",
    "report_submit",
    "risk_create",
    "risk_update",
    "visit_create",
]
