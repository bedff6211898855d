"""The reporting channel over the API: anonymous intake and follow-up for smartphone apps,
and the case handlers' operations.

For app developers (no account, no token):

1. `GET /api/v1/cases/intake/challenge` gives `{"challenge": "16.1767…", "bits": 16}`.
   Find a nonce (a decimal counter) such that SHA-256 of `challenge + ":" + nonce` starts
   with `bits` zero bits; it takes a phone about a second.
2. `GET /api/v1/cases/intake/{organization_id}` gives the organization's questionnaire.
3. `POST /api/v1/cases/intake/{organization_id}/reports` with the answers, a client token
   (at least 22 random URL-safe characters, made once per report and kept until an answer
   arrives) and the solved challenge. The answer (201) holds the receipt: show it once and
   let the reporter copy or save it. If the connection drops, send the very same request
   again: the same client token returns the same report and receipt (200), never a second
   report.
4. `POST /api/v1/cases/reporter/status` with `{"receipt": "…"}` gives the status, the
   messages and the open questions; `POST /api/v1/cases/reporter/messages` answers a question
   or adds information. A wrong receipt and an expired one get the same 404; after 5 failed
   attempts on one receipt its lookups answer 429 for 15 minutes.

The server records no address or device for these calls; do not add identifying headers.
"""

import base64
import binascii
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja import Status as Answer
from ninja.errors import HttpError
from ninja.params.functions import Path
from ninja.throttling import BaseThrottle

from tutela.accounts.access import has_role
from tutela.accounts.api_auth import acting_user
from tutela.cases import receipts, selectors, services
from tutela.cases.models import Category, Channel, Intake, Message, Status
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL
from tutela.organizations.models import Organization

API_PREFIX = "/cases"
router = Router(tags=["cases"])


class NoAddressThrottle(BaseThrottle):
    """Replaces the API's per-address throttle on the anonymous endpoints: limiting by
    address would mean keeping the address. Abuse is bounded by the proof of work and the
    per-receipt counters instead."""

    def allow_request(self, request: HttpRequest) -> bool:
        return True


NO_ADDRESS: list[BaseThrottle] = [NoAddressThrottle()]


class ChallengeOut(Schema):
    challenge: str
    bits: int


@router.get(
    "/intake/challenge",
    response={200: ChallengeOut, **ERROR_RESPONSES},
    auth=None,
    throttle=NO_ADDRESS,
    description=(
        "No account. A proof-of-work challenge for one report: find a decimal nonce such "
        "that SHA-256 of `challenge + ':' + nonce` starts with `bits` zero bits. Valid 30 "
        "minutes, accepted once."
    ),
)
def case_intake_challenge(request: HttpRequest) -> object:
    return {"challenge": receipts.challenge_new(), "bits": receipts.pow_bits()}


class QuestionOut(Schema):
    key: str
    label: str


class QuestionnaireOut(Schema):
    organization: str
    introduction: str
    categories: list[str]
    support_options: list[str]
    extra_questions: list[QuestionOut]
    is_open: bool


@router.get(
    "/intake/{organization_id}",
    response={200: QuestionnaireOut, **ERROR_RESPONSES},
    auth=None,
    throttle=NO_ADDRESS,
)
def case_intake_questionnaire(
    request: HttpRequest, organization_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    organization = get_object_or_404(Organization, pk=organization_id)
    return {"organization": organization.acronym, **services.questionnaire_of(organization)}


class AttachmentIn(Schema):
    filename: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    content_base64: str = Field(..., max_length=7_000_000)


class ContactIn(Schema):
    name: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    email: str = Field("", max_length=254, pattern=NO_NUL)
    phone: str = Field("", max_length=50, pattern=NO_NUL)


class ReportIn(Schema):
    client_token: str = Field(..., min_length=22, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")
    challenge: str = Field(..., max_length=200, pattern=NO_NUL)
    nonce: str = Field(..., max_length=40, pattern=NO_NUL)
    category: Category
    what_happened: str = Field(..., min_length=1, max_length=20_000, pattern=NO_NUL)
    when: str = Field("", max_length=300, pattern=NO_NUL)
    where: str = Field("", max_length=300, pattern=NO_NUL)
    who_involved: str = Field("", max_length=2000, pattern=NO_NUL)
    reporter_is_affected: str = Field("prefer_not_to_say", pattern=r"^(yes|no|prefer_not_to_say)$")
    support_wanted: list[str] = Field(default_factory=list, max_length=10)
    channel: Channel = Channel.FORMAL
    contact: ContactIn | None = None
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=5)
    extra_answers: dict[str, str] = Field(
        default_factory=dict,
        max_length=20,
        description="Answers to the organization's additional questions, by question key.",
    )


class SubmissionOut(Schema):
    receipt: str = Field(
        ..., description="Show once; empty if the reporter already signed in with it."
    )
    status: str
    received_at: datetime.datetime
    repeated: bool


def _decode(attachments: list[AttachmentIn]) -> list[services.Upload]:
    uploads = []
    for attachment in attachments:
        try:
            data = base64.b64decode(attachment.content_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValidationError(
                {"attachments": f"{attachment.filename} is not valid base64."}
            ) from error
        uploads.append(services.Upload(name=attachment.filename, data=data))
    return uploads


@router.post(
    "/intake/{organization_id}/reports",
    response={200: SubmissionOut, 201: SubmissionOut, **ERROR_RESPONSES},
    auth=None,
    throttle=NO_ADDRESS,
    description=(
        "No account; no address or device is recorded. 201 with the receipt (show it once). "
        "Re-sending the same body with the same `client_token` after a network error answers "
        "200 with the same report and receipt, never a second report. Example body: "
        '`{"client_token": "mZ1q7uP0c3Yx9L2bTt8sKw4R", "challenge": "16.1796288000.x3k", '
        '"nonce": "48213", "category": "sexual_harassment", "what_happened": "…", '
        '"reporter_is_affected": "yes", "channel": "formal"}`. See docs/cases.md.'
    ),
)
def case_report_submit(
    request: HttpRequest, payload: ReportIn, organization_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    organization = get_object_or_404(Organization, pk=organization_id)
    contact = None
    if payload.contact is not None:
        contact = services.ReporterContact(
            name=payload.contact.name, email=payload.contact.email, phone=payload.contact.phone
        )
    submission = services.report_submit(
        organization=organization,
        answers=services.ReportAnswers(
            category=payload.category.value,
            what_happened=payload.what_happened,
            when=payload.when,
            where=payload.where,
            who_involved=payload.who_involved,
            reporter_is_affected=payload.reporter_is_affected,
            support_wanted=payload.support_wanted,
            channel=payload.channel.value,
            extra={key[:100]: value[:2000] for key, value in payload.extra_answers.items()},
        ),
        intake=Intake.APP,
        client_token=payload.client_token,
        challenge=payload.challenge,
        nonce=payload.nonce,
        contact=contact,
        uploads=_decode(payload.attachments),
    )
    body = {
        "receipt": submission.receipt,
        "status": submission.report.status,
        "received_at": submission.report.received_at,
        "repeated": submission.repeated,
    }
    return Answer(200 if submission.repeated else 201, body)


class ReceiptIn(Schema):
    receipt: str = Field(..., min_length=1, max_length=60, pattern=NO_NUL)


class ReporterMessageOut(Schema):
    id: int
    from_reporter: bool
    kind: str
    sent_at: datetime.datetime
    body: str
    in_reply_to: int | None


class ReporterStatusOut(Schema):
    status: str
    status_label: str
    received_at: datetime.datetime
    messages: list[ReporterMessageOut]
    open_questions: list[int]


def _reporter(receipt: str) -> object:
    try:
        return services.reporter_sign_in(receipt_text=receipt)
    except services.ReceiptThrottledError as error:
        raise HttpError(429, "Too many attempts with this receipt; wait 15 minutes.") from error
    except services.ReceiptRefusedError as error:
        raise HttpError(404, "This receipt is not valid, or its case no longer exists.") from error


def _status(report_id: int) -> dict[str, object]:
    view = selectors.reporter_view(report_id=report_id)
    return {
        "status": view.report.status,
        "status_label": str(Status(view.report.status).label),
        "received_at": view.report.received_at,
        "messages": [
            {
                "id": m.pk,
                "from_reporter": m.from_reporter,
                "kind": m.kind,
                "sent_at": m.sent_at,
                "body": m.body,
                "in_reply_to": m.in_reply_to_id,
            }
            for m in view.messages
        ],
        "open_questions": [m.pk for m in view.open_questions],
    }


@router.post(
    "/reporter/status",
    response={200: ReporterStatusOut, **ERROR_RESPONSES},
    auth=None,
    throttle=NO_ADDRESS,
    description=(
        "The reporter's view with the receipt: status, messages, open questions. A wrong or "
        "expired receipt: 404; 5 failures on one receipt: 429 for 15 minutes."
    ),
)
def case_reporter_status(request: HttpRequest, payload: ReceiptIn) -> object:
    report = _reporter(payload.receipt)
    return _status(report.pk)  # type: ignore[attr-defined]


class ReporterReplyIn(ReceiptIn):
    body: str = Field(..., min_length=1, max_length=20_000, pattern=NO_NUL)
    in_reply_to: int | None = Field(None, ge=1, le=MAX_ID)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=5)


@router.post(
    "/reporter/messages",
    response={200: ReporterStatusOut, **ERROR_RESPONSES},
    auth=None,
    throttle=NO_ADDRESS,
    description=("Answer a question (`in_reply_to`) or add information, with the receipt."),
)
def case_reporter_reply(request: HttpRequest, payload: ReporterReplyIn) -> object:
    report = _reporter(payload.receipt)
    services.reporter_message_add(
        report=report,  # type: ignore[arg-type]
        body=payload.body,
        kind=Message.Kind.INFORMATION,
        in_reply_to_id=payload.in_reply_to,
        uploads=_decode(payload.attachments),
    )
    return _status(report.pk)  # type: ignore[attr-defined]


# --- case handlers ---------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    reference: str
    organization: str
    category: str
    seriousness: str
    channel: str
    status: str
    outcome: str
    received_at: datetime.datetime
    onward_due_at: datetime.datetime
    onward_reported_at: datetime.datetime | None
    is_anonymous: bool

    @staticmethod
    def resolve_organization(obj: object) -> str:
        if isinstance(obj, dict):  # a case detail, already flattened
            return str(obj["organization"])
        return obj.organization.acronym  # type: ignore[attr-defined,no-any-return]


class CaseMessageOut(Schema):
    id: int
    from_reporter: bool
    kind: str
    sent_at: datetime.datetime
    body: str
    author: str


class CaseDetailOut(CaseOut):
    what_happened: str
    when: str
    where: str
    who_involved: str
    reporter_is_affected: str
    support_wanted: list[str]
    messages: list[CaseMessageOut]


@router.get("", response={200: list[CaseOut], **ERROR_RESPONSES})
def case_list(request: HttpRequest) -> object:
    user = acting_user(request)
    if not selectors.may_see_case_list(user=user):
        raise PermissionDenied
    return list(selectors.handled_cases(user=user)[:500])


class StatisticsRowOut(Schema):
    organization: str
    category: str
    channel: str
    quarter: str
    outcome: str
    count: int | None = Field(..., description="null: fewer than 3 cases (suppressed)")


@router.get("/statistics", response={200: list[StatisticsRowOut], **ERROR_RESPONSES})
def case_statistics(request: HttpRequest) -> object:
    user = acting_user(request)
    if not has_role(user, *selectors.STATISTICS_ROLES):
        raise PermissionDenied
    return selectors.statistics(user=user)


@router.get("/{case_id}", response={200: CaseDetailOut, **ERROR_RESPONSES})
def case_detail(request: HttpRequest, case_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    detail = selectors.case_detail(user=acting_user(request), case_id=case_id)
    report = detail.report
    return {
        **{name: getattr(report, name) for name in CaseOut.model_fields if name != "organization"},
        "organization": report.organization.acronym,
        **{
            name: detail.answers.get(name, "")
            for name in ("what_happened", "when", "where", "who_involved", "reporter_is_affected")
        },
        "support_wanted": detail.answers.get("support_wanted", []),
        "messages": [
            {
                "id": m.pk,
                "from_reporter": m.from_reporter,
                "kind": m.kind,
                "sent_at": m.sent_at,
                "body": m.body,
                "author": m.author,
            }
            for m in detail.messages
        ],
    }


class CaseMessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=20_000, pattern=NO_NUL)
    kind: str = Field("message", pattern=r"^(message|question)$")


@router.post("/{case_id}/messages", response={200: CaseMessageOut, **ERROR_RESPONSES})
def case_message_send(
    request: HttpRequest, payload: CaseMessageIn, case_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    report = selectors.case_for_handler(user=user, case_id=case_id)
    message = services.case_message_send(
        actor=user, report=report, body=payload.body, kind=payload.kind
    )
    return {
        "id": message.pk,
        "from_reporter": False,
        "kind": message.kind,
        "sent_at": message.sent_at,
        "body": payload.body,
        "author": user.email,
    }
