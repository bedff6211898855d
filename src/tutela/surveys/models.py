"""Confidential surveys of organizations (definitions from XLSForm, rounds, invitations,
responses with their history), the data owners' consents and each survey's disclosure
policy; and the working group's restricted repository (folders, documents, versions)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tutela.common.fields import EncryptedJSONField
from tutela.common.models import TimeStampedModel


class Survey(TimeStampedModel):
    """A questionnaire addressed to organizations, owned by a body's secretariat."""

    body = models.ForeignKey(
        "organizations.Body",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("body"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("A shipped example, to copy and adapt.")
    )
    definition = models.JSONField(_("definition"), default=dict)
    import_report = models.JSONField(_("import report"), default=dict, blank=True)
    source_filename = models.CharField(_("source file"), max_length=200, blank=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class DisclosurePolicy(TimeStampedModel):
    """What each audience of a survey sees: aggregated results for all participants,
    attributable results only for the listed groups an organization consented to."""

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="disclosure_policy"
    )
    groups = models.ManyToManyField(
        "organizations.Group",
        blank=True,
        related_name="survey_policies",
        verbose_name=_("groups that may receive attributable results"),
    )
    threshold = models.PositiveSmallIntegerField(
        _("minimum frequency"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    dominance_n = models.PositiveSmallIntegerField(
        _("dominance: largest contributors (n)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    dominance_k = models.FloatField(
        _("dominance: share (k, %)"),
        default=85.0,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    protection = models.FloatField(
        _("protection width"), default=3.0, validators=[MinValueValidator(0)]
    )
    protection_percent = models.FloatField(
        _("protection width for magnitudes (% of the value)"),
        default=10.0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("disclosure policy")
        verbose_name_plural = _("disclosure policies")

    def __str__(self) -> str:
        return f"{self.survey}: disclosure policy"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(TimeStampedModel):
    """One round of a survey, e.g. the second round of the HLCM survey on Back to Office."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    organizations = models.ManyToManyField(
        "organizations.Organization",
        through="Invitation",
        related_name="survey_rounds",
        verbose_name=_("invited organizations"),
    )

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="survey_round_closes_after_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey.title} — {self.title}"


class Invitation(TimeStampedModel):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="survey_invitations"
    )
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        ordering = ["organization__acronym"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"], name="survey_invitation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.organization}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(TimeStampedModel):
    """An organization's answers in a round; encrypted, as they are attributable."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="survey_responses"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    answers: Any = EncryptedJSONField(_("answers"), default=dict)
    version = models.PositiveIntegerField(_("submitted version"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["round", "organization__acronym"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="survey_response_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.organization}"


class ResponseVersion(models.Model):
    """Each submission kept as it was: 003's "updates to information already submitted"."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    answers: Any = EncryptedJSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed = models.JSONField(_("changed questions"), default=list)

    class Meta:
        ordering = ["response", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "number"], name="survey_response_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response} v{self.number}"


class ConsentScope(models.TextChoices):
    ATTRIBUTED_RESULTS = "attributed_results", _("Results attributed to our organization")
    ANSWERS = "answers", _("Our full answers, including comments and best practices")


class Consent(TimeStampedModel):
    """A data owner's consent to share attributable survey data with a group.

    `survey` empty means every survey; a revoked consent is kept (revoked_at) for the record.
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="survey_consents"
    )
    group = models.ForeignKey(
        "organizations.Group", on_delete=models.PROTECT, related_name="survey_consents"
    )
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    scope = models.CharField(_("scope"), max_length=30, choices=ConsentScope.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization__acronym", "group__name", "-created_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "group", "survey", "scope"],
                condition=Q(revoked_at__isnull=True),
                name="survey_consent_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.group} ({self.scope})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# --- the restricted repository -----------------------------------------------------------------


class Folder(TimeStampedModel):
    """A folder of the restricted repository, open only to its groups (and the secretariat of
    the body that keeps it)."""

    body = models.ForeignKey(
        "organizations.Body", on_delete=models.PROTECT, related_name="repository_folders"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    groups = models.ManyToManyField(
        "organizations.Group", related_name="repository_folders", verbose_name=_("groups")
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")

    def __str__(self) -> str:
        return self.name


class Document(TimeStampedModel):
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    current_version = models.PositiveIntegerField(_("current version"), default=0)
    # The current version's words, for full-text search (SQLite FTS5 / PostgreSQL indexes).
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file; kept in the database and served only by the audited view."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    filename = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="repository_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
