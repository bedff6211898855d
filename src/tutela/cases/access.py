"""Who may do what in the reporting channel.

Reporters need no account: the intake form, the receipt and the follow-up are open to anyone
(the receipt is the credential). Case content is need-to-know: only handlers assigned to the
case read it — the organization's intake officers see the queue's metadata and assign; the
support plan is for the assigned support officer and whom the affected person consented to;
the identity only for the handler whose disclosure a custodian approved. Administrators,
auditors and conduct reviewers read no case content. The matrix world assigns its own case
to the investigator (handler) and the support officer (support).
"""

from __future__ import annotations

from tutela.accounts.access import ANYONE, EndpointRule, declare, roles
from tutela.accounts.roles import Role

CASE_STAFF = roles(Role.INTAKE_OFFICER, Role.INVESTIGATOR, Role.SUPPORT_OFFICER)
ASSIGNED_HANDLER = roles(Role.INVESTIGATOR)
INTAKE = roles(Role.INTAKE_OFFICER)
SUPPORT = roles(Role.SUPPORT_OFFICER)
CUSTODIAN = roles(Role.CUSTODIAN)
STATISTICS = roles(Role.SECRETARIAT, Role.FOCAL_POINT, Role.CONDUCT_REVIEWER, Role.INTAKE_OFFICER)


def _handler_post(name: str) -> EndpointRule:
    return EndpointRule(
        f"cases:{name}", own=ASSIGNED_HANDLER, subject="case", method="POST", answers=302
    )


declare(
    # The reporter's side: no account, no address recorded.
    EndpointRule("cases:report_start", own=ANYONE),
    EndpointRule("cases:report_form", own=ANYONE, foreign=ANYONE, subject="organization"),
    EndpointRule("cases:receipt_download", own=ANYONE, method="POST"),
    EndpointRule("cases:follow_up_sign_in", own=ANYONE),
    # Without a receipt in the session the follow-up page sends the reporter to sign in.
    EndpointRule("cases:follow_up", own=ANYONE, answers=302),
    EndpointRule("cases:follow_up_sign_out", own=ANYONE, method="POST", answers=302),
    # Case staff.
    EndpointRule("cases:case_list", own=CASE_STAFF),
    EndpointRule("cases:case_detail", own=ASSIGNED_HANDLER, subject="case"),
    _handler_post("case_note_add"),
    _handler_post("case_message_send"),
    _handler_post("case_status_change"),
    _handler_post("case_classify"),
    _handler_post("case_onward_reported"),
    _handler_post("case_recuse"),
    EndpointRule("cases:case_assign", own=INTAKE, subject="case"),
    EndpointRule("cases:attachment_download", own=ASSIGNED_HANDLER, subject="case_attachment"),
    EndpointRule("cases:disclosure_request", own=ASSIGNED_HANDLER, subject="case"),
    EndpointRule("cases:identity_view", own=ASSIGNED_HANDLER, subject="case_disclosure"),
    EndpointRule("cases:disclosure_list", own=CUSTODIAN),
    EndpointRule("cases:disclosure_decide", own=CUSTODIAN, subject="case_disclosure"),
    EndpointRule("cases:support_plan", own=SUPPORT, subject="case"),
    EndpointRule("cases:referral_add", own=SUPPORT, subject="case", method="POST", answers=302),
    EndpointRule(
        "cases:support_consent_add", own=SUPPORT, subject="case", method="POST", answers=302
    ),
    EndpointRule("cases:statistics", own=STATISTICS),
    # The API: anonymous intake for apps (an empty body is refused 422), handlers' operations.
    EndpointRule("api:case_intake_challenge", own=ANYONE),
    EndpointRule(
        "api:case_intake_questionnaire", own=ANYONE, foreign=ANYONE, subject="organization"
    ),
    EndpointRule(
        "api:case_report_submit",
        own=ANYONE,
        foreign=ANYONE,
        subject="organization",
        method="POST",
        answers=422,
    ),
    EndpointRule("api:case_reporter_status", own=ANYONE, method="POST", answers=422),
    EndpointRule("api:case_reporter_reply", own=ANYONE, method="POST", answers=422),
    EndpointRule("api:case_list", own=CASE_STAFF),
    EndpointRule("api:case_detail", own=ASSIGNED_HANDLER, subject="case"),
    EndpointRule(
        "api:case_message_send", own=ASSIGNED_HANDLER, subject="case", method="POST", answers=200
    ),
    EndpointRule("api:case_statistics", own=STATISTICS),
)
