"""Implementation monitoring: reporting cycles on a framework version, each organization's
status report on each reportable node, their history and evidence (DESIGN §3.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tutela.common.models import TimeStampedModel


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for reporting")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


class Participation(models.TextChoices):
    ALL = "all", _("All organizations report on every node")
    RESPONSIBLE = "responsible", _("The responsible entities of each node report on it")


class ReportingCycle(TimeStampedModel):
    framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        related_name="reporting_cycles",
        verbose_name=_("framework version"),
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("reports due by"))
    status = models.CharField(
        _("status"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    participation = models.CharField(
        _("who reports"), max_length=20, choices=Participation.choices, default=Participation.ALL
    )
    # The organizations that report in this cycle (their (organization, node) assignments are
    # the cycle's StatusReport rows, created when the cycle opens).
    organizations = models.ManyToManyField(
        "organizations.Organization",
        related_name="reporting_cycles",
        blank=True,
        verbose_name=_("reporting organizations"),
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="cycle_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="cycle_dates_in_order"
            ),
        ]
        indexes = [models.Index(fields=["framework", "period_start"])]

    def __str__(self) -> str:
        return self.title


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VALIDATED = "validated", _("Validated")


EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)


class StatusReport(models.Model):
    """One organization's status on one node in one cycle. `level` is empty until reported."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="status_reports"
    )
    node = models.ForeignKey(
        "frameworks.Node", on_delete=models.PROTECT, related_name="status_reports"
    )
    level = models.ForeignKey(
        "frameworks.StatusLevel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_reports",
        verbose_name=_("status"),
    )
    progress = models.TextField(_("progress made"), blank=True, max_length=10_000)
    constraints = models.TextField(_("constraints found"), blank=True, max_length=10_000)
    kpi_value = models.CharField(_("key performance indicator value"), max_length=200, blank=True)
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    returned_comment = models.TextField(_("comment on return"), blank=True, max_length=5_000)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organization", "node"], name="status_report_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "returned"]) | Q(level__isnull=False),
                name="status_report_submitted_has_level",
            ),
            models.CheckConstraint(
                condition=~Q(state="validated") | Q(validated_at__isnull=False),
                name="status_report_validated_when",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(returned_comment=""),
                name="status_report_returned_with_comment",
            ),
        ]
        indexes = [
            # The dashboard reads a cycle's cells by node; review lists filter by state.
            models.Index(fields=["cycle", "node", "organization"], name="status_report_matrix"),
            models.Index(fields=["cycle", "state"], name="status_report_state"),
            # Completeness per organization reads only this index.
            models.Index(
                fields=["cycle", "organization", "state"], name="status_report_completeness"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.organization_id}/{self.node_id}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def evidence_links_text(self) -> str:
        return "\n".join(self.evidence_links)


class StatusReportVersion(models.Model):
    """Every change to a status report, with who made it and what it was afterwards."""

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=30)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("status report version")
        verbose_name_plural = _("status report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="status_report_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class EvidenceFile(models.Model):
    """A file attached to a status report, kept in the database with the report it supports."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, related_name="evidence_files"
    )
    content = models.BinaryField(editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=EVIDENCE_MAX_BYTES), name="evidence_file_at_most_10_mb"
            )
        ]

    def __str__(self) -> str:
        return self.original_name
