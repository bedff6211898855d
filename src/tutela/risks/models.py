"""Risk management (seed 004's toolkit, 000's Duty of Care risk framework, 001's guidance):
matrices as data, registers of a unit or an organization, risks with their factors and
mitigating actions, visits, and the quarterly reports a unit submits to a receiving body."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutela.common.models import TimeStampedModel


class RiskMatrix(TimeStampedModel):
    """Likelihood levels x impact levels -> risk level, with colours and descriptions.

    `definition` holds the YAML's content: `likelihood` and `impact` (lowest first, each a list
    of {code, label, description}), `levels` ({code, label, colour, text_colour, description},
    lowest first) and `grid` (one row per likelihood, one column per impact, of level codes).
    A matrix that a register uses is never changed: a new definition becomes a new version.
    """

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    definition = models.JSONField(_("definition"))
    definition_sha256 = models.CharField(max_length=64, editable=False)
    is_shipped = models.BooleanField(_("shipped with Tutela"), default=False)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="risk_matrix_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def likelihood_levels(self) -> list[dict[str, Any]]:
        return list(self.definition["likelihood"])

    @property
    def impact_levels(self) -> list[dict[str, Any]]:
        return list(self.definition["impact"])

    @property
    def risk_levels(self) -> list[dict[str, Any]]:
        return list(self.definition["levels"])

    @property
    def shape(self) -> str:
        return f"{len(self.likelihood_levels)}\u00d7{len(self.impact_levels)}"

    def level_for(self, likelihood: str, impact: str) -> str:
        """The risk level code the grid gives; KeyError for a code the matrix does not have."""
        row = [level["code"] for level in self.likelihood_levels].index(likelihood)
        column = [level["code"] for level in self.impact_levels].index(impact)
        return str(self.definition["grid"][row][column])

    def level(self, code: str) -> dict[str, Any]:
        for level in self.risk_levels:
            if level["code"] == code:
                return dict(level)
        return {"code": code, "label": code, "colour": "#ffffff", "text_colour": "#000000"}

    def label_of(self, axis: str, code: str) -> str:
        for level in self.definition[axis]:
            if level["code"] == code:
                return str(level["label"])
        return code


class RegisterKind(models.TextChoices):
    MISCONDUCT_SEA = "misconduct_sea", _("Misconduct and sexual exploitation and abuse")
    DUTY_OF_CARE = "duty_of_care", _("Duty of care")
    FRAUD = "fraud", _("Fraud")
    FIELD_SECURITY = "field_security", _("Field and security")
    HEALTH = "health", _("Health")


class Register(TimeStampedModel):
    """A risk register owned by an organization, or by one of its units when `unit` is set."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=RegisterKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="risk_registers",
        verbose_name=_("organization"),
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_registers",
        verbose_name=_("unit"),
    )
    # Chosen when the register is created and kept: its risks' levels come from it.
    matrix = models.ForeignKey(
        RiskMatrix, on_delete=models.PROTECT, related_name="registers", verbose_name=_("matrix")
    )
    description = models.TextField(_("description"), blank=True)
    template = models.CharField(_("started from template"), max_length=60, blank=True)

    class Meta:
        ordering = ["organization__acronym", "unit__name", "name"]
        verbose_name = _("risk register")
        verbose_name_plural = _("risk registers")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "unit", "name"],
                name="risk_register_unique_name",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["unit", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_label(self) -> str:
        if self.unit is not None:
            return self.unit.name
        return self.organization.acronym


class RiskFactor(TimeStampedModel):
    """A factor that makes a risk more likely, from the editable library (not an official list)."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kinds = models.JSONField(_("register kinds"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("risk factor")
        verbose_name_plural = _("risk factors")

    def __str__(self) -> str:
        return self.name


class Prong(models.TextChoices):
    """The three-pronged strategy (seed 004)."""

    PREVENTION = "prevention", _("Prevention")
    ENFORCEMENT = "enforcement", _("Enforcement")
    REMEDIAL_ACTION = "remedial_action", _("Remedial action")


class Treatment(models.TextChoices):
    AVOID = "avoid", _("Avoid")
    REDUCE = "reduce", _("Reduce")
    SHARE = "share", _("Share")
    ACCEPT = "accept", _("Accept")


class Risk(TimeStampedModel):
    register = models.ForeignKey(
        Register, on_delete=models.CASCADE, related_name="risks", verbose_name=_("register")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    prong = models.CharField(_("prong"), max_length=20, choices=Prong.choices)
    framework_nodes = models.ManyToManyField(
        "frameworks.Node", blank=True, related_name="risks", verbose_name=_("framework nodes")
    )
    factors = models.ManyToManyField(
        RiskFactor, blank=True, related_name="risks", verbose_name=_("risk factors")
    )
    sources = models.TextField(_("risk sources"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_risks",
        verbose_name=_("owner"),
    )
    inherent_likelihood = models.CharField(_("inherent likelihood"), max_length=40)
    inherent_impact = models.CharField(_("inherent impact"), max_length=40)
    # The level the register's matrix gave when the assessment was recorded; kept as recorded.
    inherent_level = models.CharField(_("inherent level"), max_length=40, editable=False)
    residual_likelihood = models.CharField(_("residual likelihood"), max_length=40)
    residual_impact = models.CharField(_("residual impact"), max_length=40)
    residual_level = models.CharField(_("residual level"), max_length=40, editable=False)
    treatment = models.CharField(_("treatment"), max_length=10, choices=Treatment.choices)
    rationale = models.TextField(_("rationale"), blank=True)
    accepted_by = models.CharField(_("accepted by (name)"), max_length=200, blank=True)
    acceptance_review_on = models.DateField(_("acceptance review date"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["register", "number"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="risk_unique_number"),
            models.CheckConstraint(
                condition=~Q(treatment="accept")
                | (~Q(accepted_by="") & Q(acceptance_review_on__isnull=False)),
                name="risk_acceptance_named_and_reviewed",
            ),
        ]
        indexes = [models.Index(fields=["register", "residual_level"])]

    def __str__(self) -> str:
        return f"R{self.number} {self.title}"

    @property
    def reference(self) -> str:
        return f"R{self.number}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


PENDING_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class VisitKind(models.TextChoices):
    ASSESSMENT = "assessment", _("Risk assessment visit")
    PATROL = "patrol", _("Patrol")
    FOLLOW_UP = "follow_up", _("Follow-up visit")


class Visit(TimeStampedModel):
    """A risk assessment visit, a patrol or a follow-up visit of an earlier one (seed 004)."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="risk_visits"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField(_("date"))
    location = models.CharField(_("place visited"), max_length=200, blank=True)
    team = models.TextField(_("team"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    risks = models.ManyToManyField(
        Risk, blank=True, related_name="visits", verbose_name=_("risks touched")
    )
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("follows the visit"),
    )
    # {action id: "closed" | "reopened" | "unchanged"} as the follow-up visit found them.
    outcomes = models.JSONField(_("outcomes"), default=dict, blank=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="follow_up", follows__isnull=False)
                | (~Q(kind="follow_up") & Q(follows__isnull=True)),
                name="risk_visit_follow_up_follows",
            )
        ]
        indexes = [models.Index(fields=["unit", "-visited_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visited_on:%d %b %Y}"


class MitigatingAction(TimeStampedModel):
    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, related_name="actions", verbose_name=_("risk")
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    evidence = models.TextField(_("evidence"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    raised_by_visit = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_raised",
        verbose_name=_("raised by visit"),
    )
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("mitigating action")
        verbose_name_plural = _("mitigating actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="risk_action_done_on_when_done",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_on is not None
            and self.status in PENDING_ACTION_STATUSES
            and self.due_on < timezone.localdate()
        )


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class QuarterlyReport(TimeStampedModel):
    """A unit's quarter, generated from its registers; frozen once submitted.

    `snapshot` is what the receiving body reads; on submission its SHA-256 goes to the audit
    log, so a later edit of the stored snapshot is detectable.
    """

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="risk_reports"
    )
    year = models.PositiveIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    receiving_body = models.ForeignKey(
        "organizations.Body",
        on_delete=models.PROTECT,
        related_name="risk_reports",
        verbose_name=_("submitted to"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.TextField(_("narrative"), blank=True)
    # Level counts and heat-map cells of the snapshot, small enough for the consolidated view
    # to read across all units and quarters without loading the snapshots.
    summary = models.JSONField(_("summary"), default=dict)
    generated_at = models.DateTimeField(_("generated"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    snapshot_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    # Last, so that SQLite reads the other columns without walking the snapshot's overflow pages.
    snapshot = models.JSONField(_("snapshot"), default=dict)

    class Meta:
        ordering = ["-year", "-quarter", "unit__name"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"], name="risk_report_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="risk_report_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False) & ~Q(snapshot_sha256=""),
                name="risk_report_frozen_when_submitted",
            ),
        ]
        indexes = [models.Index(fields=["receiving_body", "status", "year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} Q{self.quarter}"

    @property
    def period(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class HealthAssessment(TimeStampedModel):
    """A duty station's rating of the six mandatory health support elements (see
    library/health-assessment.yaml for the scale and the rule giving the overall indicator)."""

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="health_assessments",
        verbose_name=_("duty station"),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.CharField(_("assessor"), max_length=200)
    # {element code: rating code}
    ratings = models.JSONField(_("ratings"))
    indicator = models.CharField(_("overall indicator"), max_length=40)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("health risk assessment")
        verbose_name_plural = _("health risk assessments")
        indexes = [models.Index(fields=["unit", "-assessed_on"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.assessed_on:%d %b %Y}"
