"""Filing a report (web form or app) and the reporter's follow-up with the receipt.

Reporter actions are audited with no actor (the log says "system") and never with anything
that could identify the reporter.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record
from tutela.cases import keys, receipts, reference
from tutela.cases.models import (
    Attachment,
    CaseKey,
    Channel,
    Message,
    ReceiptThrottle,
    Report,
    ReporterIdentity,
    Status,
    UsedChallenge,
)
from tutela.cases.services.report_keys import organization_key, report_box
from tutela.organizations.models import Organization


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass
class Submission:
    report: Report
    receipt: str
    repeated: bool = False


@dataclass
class ReportAnswers:
    category: str
    what_happened: str
    when: str = ""
    where: str = ""
    who_involved: str = ""
    reporter_is_affected: str = "prefer_not_to_say"
    support_wanted: list[str] = field(default_factory=list)
    channel: str = Channel.FORMAL
    extra: dict[str, str] = field(default_factory=dict)

    def sealed_part(self) -> dict[str, Any]:
        return {
            "what_happened": self.what_happened,
            "when": self.when,
            "where": self.where,
            "who_involved": self.who_involved,
            "reporter_is_affected": self.reporter_is_affected,
            "support_wanted": self.support_wanted,
            "extra": self.extra,
        }


@dataclass(frozen=True)
class ReporterContact:
    name: str
    email: str = ""
    phone: str = ""


def sniff_content_type(data: bytes) -> str | None:
    """The type a file really is, from its first bytes (the declared type is not trusted)."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if b"\x00" not in data else None


def attachments_check(uploads: list[Upload]) -> list[tuple[Upload, str]]:
    limits = reference.attachment_limits()
    if len(uploads) > int(limits["max_files"]):
        raise ValidationError(
            {"attachments": _("At most %(n)d files.") % {"n": int(limits["max_files"])}}
        )
    checked = []
    for upload in uploads:
        if len(upload.data) > int(limits["max_bytes"]):
            raise ValidationError(
                {
                    "attachments": _("%(name)s is larger than %(mb)d MB.")
                    % {"name": upload.name, "mb": int(limits["max_bytes"]) // (1024 * 1024)}
                }
            )
        if not upload.data:
            raise ValidationError({"attachments": _("%(name)s is empty.") % {"name": upload.name}})
        content_type = sniff_content_type(upload.data)
        if content_type not in limits["types"]:
            raise ValidationError(
                {
                    "attachments": _("%(name)s is not a PDF, PNG, JPEG or plain-text file.")
                    % {"name": upload.name}
                }
            )
        checked.append((upload, str(content_type)))
    return checked


def _answers_check(organization: Organization, answers: ReportAnswers) -> None:
    questionnaire = questionnaire_of(organization)
    errors: dict[str, str] = {}
    if answers.category not in questionnaire["categories"]:
        errors["category"] = _("Choose one of the categories offered.")
    if not answers.what_happened.strip():
        errors["what_happened"] = _("Tell us what happened.")
    if answers.channel not in Channel.values:
        errors["channel"] = _("Choose a formal report or informal resolution.")
    if answers.reporter_is_affected not in {"yes", "no", "prefer_not_to_say"}:
        errors["reporter_is_affected"] = _("Answer yes, no or prefer not to say.")
    unknown = set(answers.support_wanted) - set(questionnaire["support_options"])
    if unknown:
        errors["support_wanted"] = _("Choose among the support offered.")
    asked = {question["key"] for question in questionnaire["extra_questions"]}
    if set(answers.extra) - asked:
        errors["extra_answers"] = _("Answer only the questions this organization asks.")
    if errors:
        raise ValidationError(errors)


def questionnaire_of(organization: Organization) -> dict[str, Any]:
    """The organization's questionnaire, or the shipped one if it has not set its own."""
    base = dict(reference.default_questionnaire())
    own = getattr(organization, "case_questionnaire", None)
    if own is not None:
        base["introduction"] = own.introduction or base["introduction"]
        base["categories"] = own.categories or base["categories"]
        base["support_options"] = own.support_options or base["support_options"]
        base["extra_questions"] = own.extra_questions or base["extra_questions"]
        base["is_open"] = own.is_open
    else:
        base["is_open"] = True
    return base


def _unique_reference() -> str:
    while True:
        candidate = "C-" + "".join(secrets.choice(receipts.ALPHABET) for _ in range(7))
        if not Report.objects.filter(reference=candidate).exists():
            return candidate


def _existing_submission(organization_id: int, client_token: str) -> Submission | None:
    digest = receipts.client_token_digest(organization_id, client_token)
    found = Report.objects.filter(client_token_digest=digest).first()
    if found is None:
        return None
    if not found.receipt_copy:
        # The reporter has already used the receipt: the copy is gone, the report stays one.
        return Submission(report=found, receipt="", repeated=True)
    key = receipts.receipt_key_from_client_token(client_token)
    receipt = keys.open_text(key, found.receipt_copy, context=f"{found.uid}:receipt_copy")
    return Submission(report=found, receipt=receipt, repeated=True)


def report_submit(
    *,
    organization: Organization,
    answers: ReportAnswers,
    intake: str,
    client_token: str,
    challenge: str,
    nonce: str,
    contact: ReporterContact | None = None,
    uploads: list[Upload] | None = None,
) -> Submission:
    """File a report. A retry with the same client token returns the first report and its
    receipt; the proof of work is checked first, and spent only by a new report."""
    try:
        challenge_digest = receipts.proof_check(challenge, nonce)
    except receipts.ProofError as error:
        raise ValidationError({"proof_of_work": str(error)}) from error
    existing = _existing_submission(organization.pk, client_token)
    if existing is not None:
        return existing
    if not questionnaire_of(organization)["is_open"]:
        raise ValidationError(_("This organization does not accept reports here."))
    _answers_check(organization, answers)
    checked_uploads = attachments_check(uploads or [])
    receipt = receipts.receipt_new()
    receipt_hash = receipts.receipt_hash(receipt)
    now = timezone.now()
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    UsedChallenge.objects.create(
                        digest=challenge_digest,
                        expires_at=now + timedelta(seconds=receipts.POW_LIFETIME_SECONDS * 2),
                    )
            except IntegrityError as error:
                raise ValidationError(
                    {"proof_of_work": _("This proof of work was already used; ask a new one.")}
                ) from error
            report = _report_create(
                organization=organization,
                answers=answers,
                intake=intake,
                client_token=client_token,
                receipt=receipt,
                receipt_hash=receipt_hash,
                now=now,
            )
            box = report_box(report)
            for upload, content_type in checked_uploads:
                _attachment_create(report=report, box=box, upload=upload, content_type=content_type)
            if contact is not None and contact.name.strip():
                _identity_create(report=report, contact=contact)
            audit_record(
                actor=None,
                action="cases.report_receive",
                target=report,
                changes={
                    "category": report.category,
                    "intake": report.intake,
                    "attachments": len(checked_uploads),
                    "named": contact is not None and bool(contact.name.strip()),
                },
            )
    except IntegrityError:
        # A concurrent retry with the same client token won the race: answer with its report.
        existing = _existing_submission(organization.pk, client_token)
        if existing is None:
            raise
        return existing
    return Submission(report=report, receipt=receipt.text)


def _report_create(
    *,
    organization: Organization,
    answers: ReportAnswers,
    intake: str,
    client_token: str,
    receipt: receipts.Receipt,
    receipt_hash: str,
    now: datetime,
) -> Report:
    case_key, organization_key_bytes = organization_key(
        organization_id=organization.pk, purpose=CaseKey.Purpose.CONTENT
    )
    uid = secrets.token_hex(16)
    data_key = keys.new_key()
    box = keys.ReportBox(key=data_key, report_uid=uid)
    seriousness = reference.default_seriousness(answers.category)
    copy_key = receipts.receipt_key_from_client_token(client_token)
    return Report.objects.create(
        uid=uid,
        reference=_unique_reference(),
        organization=organization,
        category=answers.category,
        seriousness=seriousness,
        channel=answers.channel,
        intake=intake,
        received_at=now,
        onward_due_at=now + reference.onward_delay(seriousness),
        case_key=case_key,
        wrapped_data_key=keys.wrap_key(organization_key_bytes, data_key, context=f"report:{uid}"),
        answers=box.seal(json.dumps(answers.sealed_part()), field="answers"),
        receipt_lookup=receipt.lookup,
        receipt_hash=receipt_hash,
        client_token_digest=receipts.client_token_digest(organization.pk, client_token),
        receipt_copy=keys.seal_text(copy_key, receipt.text, context=f"{uid}:receipt_copy"),
    )


def _attachment_create(
    *,
    report: Report,
    box: keys.ReportBox,
    upload: Upload,
    content_type: str,
    message: Message | None = None,
) -> Attachment:
    return Attachment.objects.create(
        report=report,
        message=message,
        content_type=content_type,
        size=len(upload.data),
        sealed_name=box.seal(upload.name[:200], field="attachment_name"),
        sealed_content=box.seal_bytes(upload.data, field="attachment"),
    )


def _identity_create(*, report: Report, contact: ReporterContact) -> ReporterIdentity:
    identity_key, identity_org_key = organization_key(
        organization_id=report.organization_id, purpose=CaseKey.Purpose.IDENTITY
    )
    report_identity_key = keys.new_key()
    sealed = keys.seal_text(
        report_identity_key,
        json.dumps({"name": contact.name, "email": contact.email, "phone": contact.phone}),
        context=f"{report.uid}:identity",
    )
    report.is_anonymous = False
    report.save(update_fields=["is_anonymous"])
    return ReporterIdentity.objects.create(
        report=report,
        identity_key=identity_key,
        wrapped_identity_key=keys.wrap_key(
            identity_org_key, report_identity_key, context=f"identity:{report.uid}"
        ),
        sealed=sealed,
    )


# --- the reporter's follow-up ----------------------------------------------------------------


class ReceiptRefusedError(Exception):
    """Wrong, expired or destroyed: the reporter is told the same in every case."""


class ReceiptThrottledError(Exception):
    """Too many failed attempts for this receipt's lookup id."""


def _sign_in_blocked(digest: str, now: datetime) -> bool:
    return ReceiptThrottle.objects.filter(
        lookup_digest=digest,
        failures__gte=receipts.FAILED_LOGINS_ALLOWED,
        window_started_at__gt=now - timedelta(seconds=receipts.FAILED_LOGIN_WINDOW_SECONDS),
    ).exists()


def _sign_in_failed(digest: str, now: datetime) -> None:
    window_start = now - timedelta(seconds=receipts.FAILED_LOGIN_WINDOW_SECONDS)
    with transaction.atomic():
        counter, created = ReceiptThrottle.objects.get_or_create(
            lookup_digest=digest, defaults={"failures": 1, "window_started_at": now}
        )
        if created:
            return
        if counter.window_started_at <= window_start:
            ReceiptThrottle.objects.filter(pk=counter.pk).update(failures=1, window_started_at=now)
        else:
            ReceiptThrottle.objects.filter(pk=counter.pk).update(failures=F("failures") + 1)


def reporter_sign_in(*, receipt_text: str) -> Report:
    """The report a receipt opens. Failed attempts are counted per lookup id in the
    database (so every server process shares the count), never per address."""
    receipt = receipts.receipt_parse(receipt_text)
    if receipt is None:
        raise ReceiptRefusedError
    now = timezone.now()
    digest = receipts.lookup_digest(receipt.lookup)
    if _sign_in_blocked(digest, now):
        raise ReceiptThrottledError
    report = Report.objects.filter(receipt_lookup=receipt.lookup).first()
    if report is None:
        receipts.dummy_verify(receipt)
        _sign_in_failed(digest, now)
        raise ReceiptRefusedError
    if not receipts.receipt_verify(report.receipt_hash, receipt):
        _sign_in_failed(digest, now)
        raise ReceiptRefusedError
    if report.receipt_copy:
        Report.objects.filter(pk=report.pk).update(receipt_copy="")
        report.receipt_copy = ""
    return report


@transaction.atomic
def reporter_message_add(
    *,
    report: Report,
    body: str,
    kind: str = Message.Kind.INFORMATION,
    in_reply_to_id: int | None = None,
    uploads: list[Upload] | None = None,
) -> Message:
    if not body.strip():
        raise ValidationError({"body": _("Write your message.")})
    if kind not in {Message.Kind.INFORMATION, Message.Kind.ANSWER, Message.Kind.MESSAGE}:
        raise ValidationError({"kind": _("Not a kind of message a reporter sends.")})
    if report.status == Status.CLOSED:
        raise ValidationError(_("This case is closed; it no longer takes messages."))
    question = None
    if in_reply_to_id is not None:
        question = report.messages.filter(pk=in_reply_to_id, from_reporter=False).first()
        if question is None:
            raise ValidationError({"in_reply_to": _("No such question on your report.")})
        kind = Message.Kind.ANSWER
    checked = attachments_check(uploads or [])
    box = report_box(report)
    message = Message.objects.create(
        report=report,
        from_reporter=True,
        kind=kind,
        in_reply_to=question,
        sent_at=timezone.now(),
        sealed=box.seal(body, field="message"),
    )
    for upload, content_type in checked:
        _attachment_create(
            report=report, box=box, upload=upload, content_type=content_type, message=message
        )
    audit_record(
        actor=None,
        action="cases.reporter_message",
        target=report,
        changes={"kind": kind, "attachments": len(checked)},
    )
    return message
