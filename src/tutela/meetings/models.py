"""Meetings of a body (a committee's session): agenda, documents, participants, the conclusions
as a `decisions` framework, and the follow-up tracker of what the conclusions request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutela.common.models import TimeStampedModel


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CONCLUDED = "concluded", _("Conclusions issued")


class Meeting(TimeStampedModel):
    """A session of a body, e.g. the HLCM 40th session (29 September and 13 October 2020)."""

    body = models.ForeignKey(
        "organizations.Body",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("body"),
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("e.g. HLCM 40th session"))
    number = models.PositiveIntegerField(
        _("session number"), null=True, blank=True, help_text=_("e.g. 40")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    conclusions = models.OneToOneField(
        "frameworks.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting",
        limit_choices_to={"kind": "decisions"},
        verbose_name=_("conclusions"),
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="meeting_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=Q(number__isnull=False),
                name="meeting_unique_number_per_body",
            ),
        ]
        indexes = [models.Index(fields=["body", "-starts_on"])]

    def __str__(self) -> str:
        return self.title


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. II"))
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=~Q(number=""),
                name="agenda_item_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class DocumentType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word document")
    XLSX = "xlsx", _("Excel workbook")


class MeetingDocument(TimeStampedModel):
    """A document of the session: a link, or an uploaded PDF, Word or Excel file.

    Uploaded files are kept in the database (they are small, and so they are backed up and
    served only through an access-checked view, never from a public folder).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    symbol = models.CharField(
        _("document symbol"), max_length=80, blank=True, help_text=_("e.g. CEB/2020/HLCM/13")
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(
        _("file type"), max_length=10, choices=DocumentType.choices, blank=True
    )
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    content = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "agenda_item__order", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(link="") & ~Q(filename="") & ~Q(file_type=""))
                | (~Q(link="") & Q(filename="") & Q(file_type="")),
                name="meeting_document_link_or_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip()

    @property
    def is_file(self) -> bool:
        return bool(self.filename)


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-Chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    SECRETARIAT = "secretariat", _("Secretariat")


class Participant(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_participants",
        verbose_name=_("organization"),
    )
    organization_note = models.CharField(
        _("organization as written"),
        max_length=200,
        blank=True,
        help_text=_("e.g. UNODC/UNOV, or an entity that is not in the directory"),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER
    )

    class Meta:
        ordering = ["meeting", "organization__acronym", "name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "name", "organization"],
                name="participant_unique_in_meeting",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# A follow-up in one of these states can still fall overdue.
PENDING_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)


class FollowUp(TimeStampedModel):
    """What one owner does about one request (or decision) of a meeting's conclusions."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    node = models.ForeignKey(
        "frameworks.Node",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("request"),
    )
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner organization"),
    )
    owner_body = models.ForeignKey(
        "organizations.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner body"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("owner (person)"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    progress_note = models.TextField(_("progress"), blank=True)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_organization__isnull=False) | Q(owner_body__isnull=False),
                name="follow_up_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.DONE, done_at__isnull=False)
                | (~Q(status=FollowUpStatus.DONE) & Q(done_at__isnull=True)),
                name="follow_up_done_at_when_done",
            ),
            models.UniqueConstraint(
                fields=["node", "owner_organization", "owner_body"],
                name="follow_up_unique_owner_per_request",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["owner_organization", "status", "due_on"]),
            models.Index(fields=["meeting", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.node} — {self.owner_label}"

    @property
    def owner_label(self) -> str:
        owners = [str(owner) for owner in (self.owner_organization, self.owner_body) if owner]
        return ", ".join(owners)

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not done (a dropped request is not overdue either)."""
        return (
            self.due_on is not None
            and self.status in PENDING_STATUSES
            and self.due_on < timezone.localdate()
        )
