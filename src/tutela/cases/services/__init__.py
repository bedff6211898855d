"""Every write of the reporting channel and of case management, by concern; the names are
re-exported here so callers say `services.report_submit(...)`."""

from tutela.cases.services.disclosure import (
    disclosure_decide,
    disclosure_request,
    identity_reveal,
)
from tutela.cases.services.handling import (
    ASSIGNABLE_ROLES,
    case_assign,
    case_classify,
    case_message_send,
    case_note_add,
    case_onward_reported,
    case_recuse,
    case_status_change,
    case_unassign,
)
from tutela.cases.services.intake import (
    ReceiptRefusedError,
    ReceiptThrottledError,
    ReportAnswers,
    ReporterContact,
    Submission,
    Upload,
    attachments_check,
    questionnaire_of,
    report_submit,
    reporter_message_add,
    reporter_sign_in,
    sniff_content_type,
)
from tutela.cases.services.report_keys import organization_key, report_box, unwrap_case_key
from tutela.cases.services.retention import (
    quarter_of,
    retention_apply,
    retention_days,
    retention_rules_load,
)
from tutela.cases.services.support import (
    referral_add,
    support_consent_add,
    support_plan_update,
)

__all__ = [
    "ASSIGNABLE_ROLES",
    "ReceiptRefusedError",
    "ReceiptThrottledError",
    "ReportAnswers",
    "ReporterContact",
    "Submission",
    "Upload",
    "attachments_check",
    "case_assign",
    "case_classify",
    "case_message_send",
    "case_note_add",
    "case_onward_reported",
    "case_recuse",
    "case_status_change",
    "case_unassign",
    "disclosure_decide",
    "disclosure_request",
    "identity_reveal",
    "organization_key",
    "quarter_of",
    "questionnaire_of",
    "referral_add",
    "report_box",
    "report_submit",
    "reporter_message_add",
    "reporter_sign_in",
    "retention_apply",
    "retention_days",
    "retention_rules_load",
    "sniff_content_type",
    "support_consent_add",
    "support_plan_update",
    "unwrap_case_key",
]
