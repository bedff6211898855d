"""Every write to meetings, their agenda, documents, participants, conclusions and follow-ups;
each is audited."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tutela.audit.services import audit_record, changes_between
from tutela.frameworks.models import Framework, FrameworkKind, Node, NodeType
from tutela.meetings.models import (
    AgendaItem,
    DocumentType,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingDocument,
    Participant,
    ParticipantRole,
)
from tutela.meetings.selectors import organizations_by_code
from tutela.organizations.models import Body, Organization

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 2000

# What each accepted type must look like inside, not only by its name.
_ZIP_MAGIC = b"PK\x03\x04"
_OFFICE_PART = {DocumentType.DOCX: "word/document.xml", DocumentType.XLSX: "xl/workbook.xml"}


def _meeting_fields(meeting: Meeting) -> dict[str, Any]:
    return {
        "body": meeting.body.acronym,
        "title": meeting.title,
        "number": meeting.number,
        "starts_on": meeting.starts_on.isoformat(),
        "ends_on": meeting.ends_on.isoformat(),
        "location": meeting.location,
        "format": meeting.format,
        "status": meeting.status,
    }


def meeting_create(
    *,
    actor: Any,
    body: Body,
    title: str,
    starts_on: date,
    ends_on: date,
    number: int | None = None,
    location: str = "",
    format: str = "in_person",
    status: str = "planned",
) -> Meeting:
    meeting = Meeting(
        body=body,
        title=title.strip(),
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        location=location.strip(),
        format=format,
        status=status,
    )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The meeting cannot end before it starts.")})
    with transaction.atomic():
        meeting.full_clean()
        meeting.save()
        audit_record(
            actor=actor, action="meeting.create", target=meeting, changes=_meeting_fields(meeting)
        )
    return meeting


def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    starts_on: date,
    ends_on: date,
    number: int | None = None,
    location: str = "",
    format: str = "in_person",
    status: str = "planned",
) -> Meeting:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The meeting cannot end before it starts.")})
    before = _meeting_fields(meeting)
    meeting.title = title.strip()
    meeting.number = number
    meeting.starts_on = starts_on
    meeting.ends_on = ends_on
    meeting.location = location.strip()
    meeting.format = format
    meeting.status = status
    with transaction.atomic():
        meeting.full_clean()
        meeting.save()
        audit_record(
            actor=actor,
            action="meeting.update",
            target=meeting,
            changes=changes_between(before, _meeting_fields(meeting)),
        )
    return meeting


def agenda_item_add(*, actor: Any, meeting: Meeting, title: str, number: str = "") -> AgendaItem:
    with transaction.atomic():
        last = meeting.agenda_items.aggregate(last=Max("order"))["last"]
        item = AgendaItem(
            meeting=meeting,
            number=number.strip(),
            title=title.strip(),
            order=0 if last is None else last + 1,
        )
        item.full_clean()
        item.save()
        audit_record(
            actor=actor,
            action="meeting.agenda_item_add",
            target=item,
            changes={"meeting": meeting.pk, "number": item.number, "title": item.title},
        )
    return item


def agenda_item_reorder(*, actor: Any, meeting: Meeting, item_ids: list[int]) -> None:
    """Put the meeting's agenda in the order given; the list must name each item once."""
    with transaction.atomic():
        items = {item.pk: item for item in meeting.agenda_items.select_for_update()}
        if sorted(item_ids) != sorted(items):
            raise ValidationError(_("The new order must list every agenda item exactly once."))
        before = [item.pk for item in sorted(items.values(), key=lambda i: (i.order, i.pk))]
        for position, item_id in enumerate(item_ids):
            items[item_id].order = position
        AgendaItem.objects.bulk_update(items.values(), ["order"])
        audit_record(
            actor=actor,
            action="meeting.agenda_reorder",
            target=meeting,
            changes={"order": [before, item_ids]},
        )


def _document_type(upload: UploadedFile[bytes]) -> str:
    """The checked type of an upload: its name, its size and its content must all agree."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DocumentType.values:
        raise ValidationError(
            {"upload": _("Only PDF, Word (.docx) and Excel (.xlsx) files are accepted.")}
        )
    if upload.size is None or upload.size == 0:
        raise ValidationError({"upload": _("The file is empty.")})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"upload": _("The file is larger than %(limit)s MB.") % {"limit": 10}}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == DocumentType.PDF:
        if not head.startswith(b"%PDF-"):
            raise ValidationError({"upload": _("The file is not a PDF document.")})
        return extension
    if not head.startswith(_ZIP_MAGIC):
        raise ValidationError(
            {"upload": _("The file is not a valid .%(ext)s file.") % {"ext": extension}}
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise ValidationError(
            {"upload": _("The file is not a valid .%(ext)s file.") % {"ext": extension}}
        ) from error
    finally:
        upload.seek(0)
    if _OFFICE_PART[DocumentType(extension)] not in names:
        raise ValidationError(
            {"upload": _("The file is not a valid .%(ext)s file.") % {"ext": extension}}
        )
    return extension


def document_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    agenda_item: AgendaItem | None = None,
    symbol: str = "",
    link: str = "",
    upload: UploadedFile[bytes] | None = None,
) -> MeetingDocument:
    """Attach a document to the meeting (or one agenda item): a link or a checked file."""
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("This agenda item is of another meeting.")})
    if bool(link.strip()) == (upload is not None):
        raise ValidationError(_("Give either a link or a file, not both and not neither."))
    document = MeetingDocument(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip(),
        symbol=symbol.strip(),
        link=link.strip(),
    )
    if upload is not None:
        document.file_type = _document_type(upload)
        document.filename = (upload.name or "").replace("/", "_").replace("\\", "_")[-200:]
        document.size = upload.size or 0
        document.content = upload.read()
    with transaction.atomic():
        document.full_clean()
        document.save()
        audit_record(
            actor=actor,
            action="meeting.document_add",
            target=document,
            changes={
                "meeting": meeting.pk,
                "agenda_item": agenda_item.pk if agenda_item else None,
                "title": document.title,
                "link": document.link,
                "filename": document.filename,
                "size": document.size,
            },
        )
    return document


def participant_add(
    *,
    actor: Any,
    meeting: Meeting,
    name: str,
    organization: Organization | None = None,
    organization_note: str = "",
    title: str = "",
    role: str = ParticipantRole.MEMBER,
) -> Participant:
    participant = Participant(
        meeting=meeting,
        name=name.strip(),
        organization=organization,
        organization_note=organization_note.strip(),
        title=title.strip(),
        role=role,
    )
    with transaction.atomic():
        participant.full_clean()
        participant.save()
        audit_record(
            actor=actor,
            action="meeting.participant_add",
            target=participant,
            changes={
                "meeting": meeting.pk,
                "name": participant.name,
                "organization": organization.acronym if organization else "",
                "title": participant.title,
                "role": role,
            },
        )
    return participant


@dataclass(frozen=True)
class RejectedRow:
    line: int
    message: str


class ParticipantImportError(Exception):
    """Nothing was imported; `rows` names every rejected line and why."""

    def __init__(self, rows: list[RejectedRow]) -> None:
        super().__init__(f"{len(rows)} rejected rows")
        self.rows = rows


IMPORT_COLUMNS = ("name", "organization", "title")


def _read_csv(content: bytes) -> list[dict[str, str]]:
    if len(content) > MAX_IMPORT_BYTES:
        raise ParticipantImportError([RejectedRow(0, _("The file is larger than 1 MB."))])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParticipantImportError(
            [RejectedRow(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8”."))]
        ) from error
    reader = csv.DictReader(io.StringIO(text))
    header = [column.strip().lower() for column in reader.fieldnames or []]
    missing = [column for column in IMPORT_COLUMNS if column not in header]
    if missing:
        raise ParticipantImportError(
            [
                RejectedRow(
                    1,
                    _("The first line must name the columns %(wanted)s; missing: %(missing)s.")
                    % {"wanted": ", ".join(IMPORT_COLUMNS), "missing": ", ".join(missing)},
                )
            ]
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        rows.append({key: (value or "").strip() for key, value in row.items() if key})
        if len(rows) > MAX_IMPORT_ROWS:
            raise ParticipantImportError(
                [RejectedRow(0, _("The file has more than %(n)s rows.") % {"n": MAX_IMPORT_ROWS})]
            )
    if not rows:
        raise ParticipantImportError([RejectedRow(2, _("The file has no participant."))])
    return rows


def participant_import(*, actor: Any, meeting: Meeting, content: bytes) -> list[Participant]:
    """Add participants from a CSV (name, organization acronym, title[, role]): all or nothing,
    with every rejected row reported."""
    rows = _read_csv(content)
    organizations = organizations_by_code()
    existing: set[tuple[str, int | None]] = {
        (name.casefold(), organization_id)
        for name, organization_id in meeting.participants.values_list("name", "organization_id")
    }
    rejected: list[RejectedRow] = []
    accepted: list[Participant] = []
    for line, row in enumerate(rows, start=2):
        name, code, role = row.get("name", ""), row.get("organization", ""), row.get("role", "")
        problems = []
        if not name:
            problems.append(_("the name is empty"))
        elif len(name) > 200:
            problems.append(_("the name is longer than 200 characters"))
        organization = organizations.get(code.casefold()) if code else None
        if not code:
            problems.append(_("the organization is empty"))
        elif organization is None:
            problems.append(
                _("“%(code)s” is not the acronym of an organization in the directory")
                % {"code": code}
            )
        if len(row.get("title", "")) > 300:
            problems.append(_("the title is longer than 300 characters"))
        role = role.lower().replace("-", "_").replace(" ", "_") or ParticipantRole.MEMBER
        if role not in ParticipantRole.values:
            problems.append(
                _("“%(role)s” is not a role (%(roles)s)")
                % {"role": row.get("role", ""), "roles": ", ".join(ParticipantRole.values)}
            )
        key = (name.casefold(), organization.pk if organization else None)
        if name and organization is not None and key in existing:
            problems.append(_("this participant is already listed"))
        if problems:
            rejected.append(RejectedRow(line, "; ".join(problems)))
            continue
        existing.add(key)
        accepted.append(
            Participant(
                meeting=meeting,
                name=name,
                organization=organization,
                organization_note=""
                if organization is None or code.casefold() == organization.acronym.casefold()
                else code,
                title=row.get("title", ""),
                role=role,
            )
        )
    if rejected:
        raise ParticipantImportError(rejected)
    with transaction.atomic():
        created = Participant.objects.bulk_create(accepted)
        audit_record(
            actor=actor,
            action="meeting.participant_import",
            target=meeting,
            changes={"participants": len(created)},
        )
    return created


def conclusions_link(*, actor: Any, meeting: Meeting, framework: Framework) -> Meeting:
    """Record a decisions framework of the meeting's body as the meeting's conclusions."""
    if framework.kind != FrameworkKind.DECISIONS:
        raise ValidationError({"framework": _("Conclusions must be a decisions framework.")})
    if framework.owner_body_id != meeting.body_id:
        raise ValidationError(
            {"framework": _("The conclusions must be a framework of the meeting's own body.")}
        )
    if Meeting.objects.filter(conclusions=framework).exclude(pk=meeting.pk).exists():
        raise ValidationError(
            {"framework": _("This framework is already the conclusions of another meeting.")}
        )
    if meeting.follow_ups.exists() and meeting.conclusions_id != framework.pk:
        raise ValidationError(
            {"framework": _("Follow-ups were generated from the current conclusions.")}
        )
    before = meeting.conclusions_id
    with transaction.atomic():
        meeting.conclusions = framework
        meeting.full_clean()
        meeting.save(update_fields=["conclusions", "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.conclusions_link",
            target=meeting,
            changes={"conclusions": [before, framework.pk], "framework": str(framework)},
        )
    return meeting


def follow_ups_generate(*, actor: Any, meeting: Meeting) -> list[FollowUp]:
    """One follow-up per request of the conclusions and owner (each lead organization, else each
    lead body, else the meeting's body), due on the request's due date. Running it again adds
    only what is missing."""
    if meeting.conclusions_id is None:
        raise ValidationError(_("Link the meeting's conclusions first."))
    requests = (
        Node.objects.filter(framework_id=meeting.conclusions_id, type=NodeType.REQUEST)
        .prefetch_related("lead_organizations", "lead_bodies")
        .order_by("sort_key")
    )
    existing: set[tuple[int, int | None, int | None]] = set(
        meeting.follow_ups.values_list("node_id", "owner_organization_id", "owner_body_id")
    )
    planned: list[FollowUp] = []
    for node in requests:
        organizations = list(node.lead_organizations.all())
        bodies = list(node.lead_bodies.all())
        owners: list[tuple[Organization | None, Body | None]]
        if organizations:
            owners = [
                (organization, bodies[0] if bodies else None) for organization in organizations
            ]
        elif bodies:
            owners = [(None, body) for body in bodies]
        else:
            owners = [(None, meeting.body)]
        for organization, body in owners:
            key = (node.pk, organization.pk if organization else None, body.pk if body else None)
            if key in existing:
                continue
            existing.add(key)
            planned.append(
                FollowUp(
                    meeting=meeting,
                    node=node,
                    owner_organization=organization,
                    owner_body=body,
                    due_on=node.due_date,
                )
            )
    with transaction.atomic():
        for follow_up in planned:
            follow_up.full_clean(validate_unique=False)
        created = FollowUp.objects.bulk_create(planned)
        audit_record(
            actor=actor,
            action="meeting.follow_ups_generate",
            target=meeting,
            changes={
                "created": [
                    [f.node.ref_id, f.owner_label, f.due_on.isoformat() if f.due_on else None]
                    for f in created
                ]
            },
        )
    return created


def follow_up_update(
    *, actor: Any, follow_up: FollowUp, status: str, progress_note: str
) -> FollowUp:
    before = {"status": follow_up.status, "progress_note": follow_up.progress_note}
    follow_up.status = status
    follow_up.progress_note = progress_note.strip()
    if status == FollowUpStatus.DONE:
        follow_up.done_at = follow_up.done_at or timezone.now()
    else:
        follow_up.done_at = None
    with transaction.atomic():
        follow_up.full_clean()
        follow_up.save()
        audit_record(
            actor=actor,
            action="meeting.follow_up_update",
            target=follow_up,
            changes=changes_between(
                before, {"status": follow_up.status, "progress_note": follow_up.progress_note}
            ),
        )
    return follow_up


def follow_up_assign(
    *,
    actor: Any,
    follow_up: FollowUp,
    owner_organization: Organization | None,
    due_on: date | None,
) -> FollowUp:
    """The secretariat names the organization that leads a follow-up (e.g. the organization
    chairing the task force a request is addressed to) and sets its due date."""
    before = {
        "owner_organization": follow_up.owner_organization.acronym
        if follow_up.owner_organization
        else None,
        "due_on": follow_up.due_on.isoformat() if follow_up.due_on else None,
    }
    follow_up.owner_organization = owner_organization
    follow_up.due_on = due_on
    after = {
        "owner_organization": owner_organization.acronym if owner_organization else None,
        "due_on": due_on.isoformat() if due_on else None,
    }
    with transaction.atomic():
        follow_up.full_clean()
        follow_up.save()
        audit_record(
            actor=actor,
            action="meeting.follow_up_assign",
            target=follow_up,
            changes=changes_between(before, after),
        )
    return follow_up
