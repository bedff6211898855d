"""The monitoring pages: cycles, my reporting, the secretariat's review, the dashboard and its
exports. Thin: parse, call a selector or a service, render."""

from tutela.monitoring.views.cycles import (
    cycle_close,
    cycle_create,
    cycle_detail,
    cycle_list,
    cycle_open,
    cycle_publish,
)
from tutela.monitoring.views.dashboard import (
    committee_pack,
    dashboard,
    dashboard_node,
    dashboard_organization,
    matrix_export,
    matrix_import,
)
from tutela.monitoring.views.reporting import (
    evidence_download,
    my_reporting,
    report_detail,
    report_form,
    report_return,
    report_save,
    report_validate,
    reports_submit,
    reports_validate,
    review,
    workbook_export,
    workbook_import,
)

__all__ = [
    "committee_pack",
    "cycle_close",
    "cycle_create",
    "cycle_detail",
    "cycle_list",
    "cycle_open",
    "cycle_publish",
    "dashboard",
    "dashboard_node",
    "dashboard_organization",
    "evidence_download",
    "matrix_export",
    "matrix_import",
    "my_reporting",
    "report_detail",
    "report_form",
    "report_return",
    "report_save",
    "report_validate",
    "reports_submit",
    "reports_validate",
    "review",
    "workbook_export",
    "workbook_import",
]
