"""Every write to surveys, rounds, responses, consents and the repository; each is audited."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.accounts.models import Membership
from tutela.accounts.roles import Role
from tutela.audit.services import audit_record, changes_between
from tutela.organizations.models import Body, Group, Organization
from tutela.surveys import answering, search
from tutela.surveys.editor import EDITABLE_TYPES, survey_edit
from tutela.surveys.models import (
    Consent,
    DisclosurePolicy,
    Document,
    DocumentVersion,
    Folder,
    Invitation,
    Response,
    ResponseStatus,
    ResponseVersion,
    Round,
    RoundStatus,
    Survey,
)
from tutela.surveys.xlsform import (
    XLSFormError,
    read_xlsform,
    write_xlsform,
)

LIBRARY = Path(__file__).parent / "library"
# The web editor's services live in editor.py; these names stay importable from here.
__all__ = ["EDITABLE_TYPES", "survey_edit"]


# --- surveys -------------------------------------------------------------------------------------


def survey_import(
    *,
    actor: Any,
    body: Body,
    content: bytes,
    filename: str = "",
    title: str = "",
    description: str = "",
    is_example: bool = False,
) -> Survey:
    """Create a survey from an XLSForm workbook; what it cannot use is in its import report."""
    try:
        definition, report = read_xlsform(content)
    except XLSFormError as error:
        raise ValidationError({"file": str(error)}) from error
    if not definition["children"]:
        raise ValidationError({"file": _("The form has no question Tutela supports.")})
    with transaction.atomic():
        survey = Survey(
            body=body,
            title=(title or definition["title"] or filename or _("Untitled survey"))[:300],
            description=description,
            is_example=is_example,
            definition=definition,
            import_report=report.as_dict(),
            source_filename=filename[:200],
        )
        survey.full_clean()
        survey.save()
        DisclosurePolicy.objects.create(survey=survey)
        audit_record(
            actor=actor,
            action="surveys.survey_import",
            target=survey,
            changes={
                "title": survey.title,
                "file": filename,
                "unsupported": report.unsupported,
            },
        )
    return survey


def survey_export(*, actor: Any, survey: Survey) -> bytes:
    content = write_xlsform(survey.definition)
    audit_record(actor=actor, action="surveys.survey_export", target=survey)
    return content


def examples_load(*, actor: Any = None) -> list[Survey]:
    """Load (or refresh) the shipped example surveys of library/examples.yaml."""
    entries = yaml.safe_load((LIBRARY / "examples.yaml").read_text(encoding="utf-8"))
    loaded = []
    for entry in entries:
        body = Body.objects.filter(acronym=entry["body"]).first()
        if body is None:
            raise ValidationError(
                _("The body %(acronym)s is missing: load the reference data first.")
                % {"acronym": entry["body"]}
            )
        content = (LIBRARY / entry["file"]).read_bytes()
        existing = Survey.objects.filter(is_example=True, source_filename=entry["file"]).first()
        if existing is not None:
            definition, report = read_xlsform(content)
            if existing.definition != definition:
                existing.definition = definition
                existing.import_report = report.as_dict()
                existing.save(update_fields=["definition", "import_report", "updated_at"])
                audit_record(actor=actor, action="surveys.example_refresh", target=existing)
            loaded.append(existing)
            continue
        loaded.append(
            survey_import(
                actor=actor,
                body=body,
                content=content,
                filename=entry["file"],
                title=entry["title"],
                description=entry.get("description", ""),
                is_example=True,
            )
        )
    return loaded


def policy_update(
    *,
    actor: Any,
    policy: DisclosurePolicy,
    threshold: int,
    dominance_n: int,
    dominance_k: float,
    protection: float,
    protection_percent: float,
    groups: list[Group],
) -> DisclosurePolicy:
    fields = ("threshold", "dominance_n", "dominance_k", "protection", "protection_percent")
    before = {name: getattr(policy, name) for name in fields}
    before["groups"] = sorted(group.code for group in policy.groups.all())
    policy.threshold = threshold
    policy.dominance_n = dominance_n
    policy.dominance_k = dominance_k
    policy.protection = protection
    policy.protection_percent = protection_percent
    policy.full_clean()
    with transaction.atomic():
        policy.save()
        policy.groups.set(groups)
        after = {name: getattr(policy, name) for name in fields}
        after["groups"] = sorted(group.code for group in groups)
        audit_record(
            actor=actor,
            action="surveys.policy_update",
            target=policy.survey,
            changes=changes_between(before, after),
        )
    return policy


# --- rounds --------------------------------------------------------------------------------------


def round_create(
    *,
    actor: Any,
    survey: Survey,
    title: str,
    opens_on: date,
    closes_on: date,
    organizations: list[Organization],
    status: str = RoundStatus.DRAFT,
) -> Round:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The round cannot close before it opens.")})
    if not organizations:
        raise ValidationError({"organizations": _("Invite at least one organization.")})
    round_ = Round(
        survey=survey, title=title.strip(), opens_on=opens_on, closes_on=closes_on, status=status
    )
    round_.full_clean()
    with transaction.atomic():
        round_.save()
        Invitation.objects.bulk_create(
            Invitation(round=round_, organization=organization) for organization in organizations
        )
        audit_record(
            actor=actor,
            action="surveys.round_create",
            target=round_,
            changes={
                "title": round_.title,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "organizations": sorted(o.acronym for o in organizations),
            },
        )
    return round_


def round_invite(*, actor: Any, round_: Round, organizations: list[Organization]) -> int:
    """Invite more organizations to a round; those already invited are left as they are."""
    invited = set(round_.invitations.values_list("organization_id", flat=True))
    new = [organization for organization in organizations if organization.pk not in invited]
    if not new:
        return 0
    with transaction.atomic():
        Invitation.objects.bulk_create(
            Invitation(round=round_, organization=organization) for organization in new
        )
        audit_record(
            actor=actor,
            action="surveys.round_invite",
            target=round_,
            changes={"organizations": sorted(o.acronym for o in new)},
        )
    return len(new)


def round_set_status(*, actor: Any, round_: Round, status: str) -> Round:
    if status not in RoundStatus.values:
        raise ValidationError({"status": _("Choose open or closed.")})
    if status == round_.status:
        return round_
    before = round_.status
    round_.status = status
    round_.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="surveys.round_status",
        target=round_,
        changes={"status": [before, status]},
    )
    return round_


def round_remind(*, actor: Any, round_: Round) -> list[Organization]:
    """E-mail the focal points of invited organizations that have not submitted yet."""
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Reminders go out only while the round is open."))
    answered = set(
        Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).values_list(
            "organization_id", flat=True
        )
    )
    invitations = list(
        Invitation.objects.filter(round=round_)
        .exclude(organization_id__in=answered)
        .select_related("organization")
    )
    now = timezone.now()
    recipients: dict[int, list[str]] = {}
    for email, organization_id in Membership.objects.filter(
        role=Role.FOCAL_POINT.value,
        organization_id__in=[invitation.organization_id for invitation in invitations],
        user__is_active=True,
    ).values_list("user__email", "organization_id"):
        recipients.setdefault(organization_id, []).append(email)
    with transaction.atomic():
        for invitation in invitations:
            invitation.reminders_sent += 1
            invitation.last_reminded_at = now
        Invitation.objects.bulk_update(invitations, ["reminders_sent", "last_reminded_at"])
        audit_record(
            actor=actor,
            action="surveys.round_remind",
            target=round_,
            changes={"organizations": sorted(i.organization.acronym for i in invitations)},
        )
        subject = _("Reminder: %(survey)s — %(round)s closes on %(date)s") % {
            "survey": round_.survey.title,
            "round": round_.title,
            "date": round_.closes_on.isoformat(),
        }
        body = _(
            "Your organization has not yet submitted its answers to %(survey)s (%(round)s). "
            "Please sign in to Tutela to answer before %(date)s."
        ) % {
            "survey": round_.survey.title,
            "round": round_.title,
            "date": round_.closes_on.isoformat(),
        }
        for invitation in invitations:
            addresses = recipients.get(invitation.organization_id, [])
            if addresses:
                transaction.on_commit(
                    partial(
                        send_mail,
                        subject,
                        body,
                        settings.DEFAULT_FROM_EMAIL,
                        addresses,
                        fail_silently=True,
                    )
                )
    return [invitation.organization for invitation in invitations]


# --- responses -----------------------------------------------------------------------------------


@dataclass
class SaveResult:
    response: Response
    errors: dict[str, list[str]]
    relevant: dict[str, bool]
    submitted: bool


def response_save(
    *,
    actor: Any,
    round_: Round,
    organization: Organization,
    answers: dict[str, Any],
    submit: bool,
    language: str = "en",
) -> SaveResult:
    """Save a draft (always, with what was typed) or submit (only when every answer passes).

    A submission after an earlier one is a resubmission: the earlier answers stay in the
    response's history with the questions that changed.
    """
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open for answers."))
    if not Invitation.objects.filter(round=round_, organization=organization).exists():
        raise ValidationError(_("This organization is not invited to the round."))
    definition = round_.survey.definition
    checked = answering.check(definition, answers, complete=submit, language=language)
    with transaction.atomic():
        response, _created = Response.objects.select_for_update().get_or_create(
            round=round_, organization=organization
        )
        if submit and checked.valid:
            previous = response.answers if response.version else {}
            response.answers = checked.answers
            response.status = ResponseStatus.SUBMITTED
            response.version += 1
            response.submitted_at = timezone.now()
            response.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
            response.save()
            changed = answering.changed_questions(previous, checked.answers)
            version = ResponseVersion(
                response=response,
                number=response.version,
                submitted_at=response.submitted_at,
                submitted_by=response.submitted_by,
                changed=changed,
            )
            version.answers = checked.answers
            version.save()
            audit_record(
                actor=actor,
                action="surveys.response_submit",
                target=response,
                changes={"version": response.version, "changed": changed},
            )
            return SaveResult(response, {}, checked.relevant, True)
        # A draft keeps everything typed; a submitted response stays submitted until the
        # update is submitted in turn (the draft then holds the pending changes).
        draft = answering.check(definition, answers, complete=False, language=language)
        response.answers = draft.answers
        if response.version == 0:
            response.status = ResponseStatus.DRAFT
        response.save()
        audit_record(
            actor=actor,
            action="surveys.response_save_draft",
            target=response,
            changes={"questions": len(draft.answers)},
        )
    errors = checked.errors if submit else draft.errors
    return SaveResult(response, errors, checked.relevant, False)


# --- consents ------------------------------------------------------------------------------------


def consent_give(
    *,
    actor: Any,
    organization: Organization,
    group: Group,
    scope: str,
    survey: Survey | None = None,
) -> Consent:
    existing = Consent.objects.filter(
        organization=organization, group=group, survey=survey, scope=scope, revoked_at=None
    ).first()
    if existing is not None:
        return existing
    consent = Consent(
        organization=organization,
        group=group,
        survey=survey,
        scope=scope,
        given_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    consent.full_clean()
    with transaction.atomic():
        consent.save()
        audit_record(
            actor=actor,
            action="surveys.consent_give",
            target=consent,
            changes={
                "organization": organization.acronym,
                "group": group.code,
                "survey": survey.title if survey else None,
                "scope": scope,
            },
        )
    return consent


def consent_revoke(*, actor: Any, consent: Consent) -> Consent:
    if consent.revoked_at is not None:
        return consent
    with transaction.atomic():
        consent.revoked_at = timezone.now()
        consent.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        consent.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(
            actor=actor,
            action="surveys.consent_revoke",
            target=consent,
            changes={"revoked_at": consent.revoked_at.isoformat()},
        )
    return consent


# --- the repository -----------------------------------------------------------------------------

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pptx": "pptx",
    ".txt": "txt",
    ".csv": "csv",
    ".md": "md",
}
_OFFICE_TEXT_PART = {
    "docx": ("word/document.xml",),
    "xlsx": ("xl/sharedStrings.xml",),
    "pptx": ("ppt/slides/",),
}
_TAG = re.compile(rb"<[^>]+>")


def folder_create(
    *, actor: Any, body: Body, name: str, groups: list[Group], description: str = ""
) -> Folder:
    if not groups:
        raise ValidationError({"groups": _("A folder is open to at least one group.")})
    folder = Folder(body=body, name=name.strip(), description=description.strip())
    folder.full_clean()
    with transaction.atomic():
        folder.save()
        folder.groups.set(groups)
        audit_record(
            actor=actor,
            action="surveys.folder_create",
            target=folder,
            changes={"name": folder.name, "groups": sorted(g.code for g in groups)},
        )
    return folder


def _file_type(filename: str, content: bytes) -> str:
    suffix = Path(filename).suffix.lower()
    file_type = ALLOWED_TYPES.get(suffix)
    if file_type is None:
        raise ValidationError(
            {
                "file": _(
                    "Upload a PDF, Word, Excel, PowerPoint, text, CSV or Markdown file; "
                    "“%(suffix)s” files are not accepted."
                )
                % {"suffix": suffix or filename}
            }
        )
    if file_type == "pdf" and not content.startswith(b"%PDF-"):
        raise ValidationError({"file": _("The file is not a PDF document.")})
    if file_type in _OFFICE_TEXT_PART:
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            raise ValidationError(
                {"file": _("The file is not a valid %(type)s document.") % {"type": suffix}}
            ) from None
        marker = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}[file_type]
        if not any(name.startswith(marker) for name in names):
            raise ValidationError(
                {"file": _("The file is not a valid %(type)s document.") % {"type": suffix}}
            )
    if file_type in ("txt", "csv", "md"):
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError({"file": _("Text files must be encoded in UTF-8.")}) from None
    return file_type


def extract_text(file_type: str, content: bytes) -> str:
    """The words of a document, for search (PDF text is not extracted: its title is used)."""
    if file_type in ("txt", "csv", "md"):
        return content.decode("utf-8", errors="replace")
    parts = _OFFICE_TEXT_PART.get(file_type)
    if not parts:
        return ""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        words = [
            _TAG.sub(b" ", archive.read(info))
            for info in archive.infolist()
            if any(info.filename.startswith(part) for part in parts) and info.file_size < 20e6
        ]
    return b" ".join(words).decode("utf-8", errors="replace")[:1_000_000]


def document_upload(
    *,
    actor: Any,
    folder: Folder,
    filename: str,
    content: bytes,
    title: str = "",
    document: Document | None = None,
    note: str = "",
) -> DocumentVersion:
    """Add a document to a folder, or a new version of one of its documents."""
    if len(content) == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    if document is not None and document.folder_id != folder.pk:
        raise ValidationError({"document": _("The document is in another folder.")})
    file_type = _file_type(filename, content)
    text = extract_text(file_type, content)
    with transaction.atomic():
        if document is None:
            document = Document(folder=folder, title=(title or Path(filename).stem)[:300])
            document.full_clean()
            document.save()
        elif title:
            document.title = title[:300]
        number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = DocumentVersion.objects.create(
            document=document,
            number=number,
            filename=Path(filename).name[:200],
            file_type=file_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            note=note[:300],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        document.current_version = number
        document.search_text = text
        document.save()
        search.index_document(document)
        audit_record(
            actor=actor,
            action="surveys.document_upload",
            target=document,
            changes={"version": number, "filename": version.filename, "size": version.size},
        )
    return version


def document_download_record(*, actor: Any, version: DocumentVersion) -> None:
    audit_record(
        actor=actor,
        action="surveys.document_download",
        target=version.document,
        changes={"version": version.number, "filename": version.filename},
    )
