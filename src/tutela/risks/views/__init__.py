"""Risk management pages, by concern: matrices, registers with their heat map, risks and
actions, visits, quarterly reports and the receiving body's consolidated view, health risk
assessments. Thin: parse, call a selector or a service, render. The views are re-exported
here so urls.py says `views.register_detail`."""

from tutela.risks.views.actions import action_add, action_edit, overdue_actions
from tutela.risks.views.health import health_create, health_detail, health_list
from tutela.risks.views.matrices import factor_list, matrix_create, matrix_detail, matrix_list
from tutela.risks.views.registers import register_create, register_detail, register_list
from tutela.risks.views.reports import (
    XLSX,
    consolidated,
    report_detail,
    report_edit,
    report_generate,
    report_list,
    report_pdf,
    report_submit,
    report_xlsx,
)
from tutela.risks.views.risks import RISK_FIELDS, risk_create, risk_detail, risk_edit, risk_import
from tutela.risks.views.visits import visit_create, visit_detail, visit_follow_up, visit_list

__all__ = [
    "RISK_FIELDS",
    "XLSX",
    "action_add",
    "action_edit",
    "consolidated",
    "factor_list",
    "health_create",
    "health_detail",
    "health_list",
    "matrix_create",
    "matrix_detail",
    "matrix_list",
    "overdue_actions",
    "register_create",
    "register_detail",
    "register_list",
    "report_detail",
    "report_edit",
    "report_generate",
    "report_list",
    "report_pdf",
    "report_submit",
    "report_xlsx",
    "risk_create",
    "risk_detail",
    "risk_edit",
    "risk_import",
    "visit_create",
    "visit_detail",
    "visit_follow_up",
    "visit_list",
]
