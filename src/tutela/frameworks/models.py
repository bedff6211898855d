"""Frameworks: every list of commitments in the seeds (principles, action plans, workplans,
committee decisions, strategies) as versioned trees of nodes, with status scales as data."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tutela.common.models import TimeStampedModel


class StatusScale(TimeStampedModel):
    """A scale organizations report on, e.g. A/L/O/N of seed 000 or a progress scale."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("status scale")
        verbose_name_plural = _("status scales")

    def __str__(self) -> str:
        return self.name


COLOUR_VALIDATOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))


class StatusLevel(models.Model):
    scale = models.ForeignKey(StatusScale, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("code"), max_length=10)
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, help_text=_("e.g. #d73027"), validators=[COLOUR_VALIDATOR]
    )
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#000000", validators=[COLOUR_VALIDATOR]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["scale", "order"]
        verbose_name = _("status level")
        verbose_name_plural = _("status levels")
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="status_level_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"

    @property
    def css_class(self) -> str:
        """The class `frameworks:scale_stylesheet` colours, e.g. "status-alon-a" (load the
        scale with the level)."""
        return f"status-{slugify(self.scale.code)}-{slugify(self.code)}"


class FrameworkKind(models.TextChoices):
    PRINCIPLES = "principles", _("Principles")
    ACTION_PLAN = "action_plan", _("Action plan")
    WORKPLAN = "workplan", _("Workplan")
    DECISIONS = "decisions", _("Decisions")
    STRATEGY = "strategy", _("Strategy")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Framework(TimeStampedModel):
    """One version of a framework. A published version is immutable; editing makes a new one."""

    slug = models.SlugField(_("identifier"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=FrameworkKind.choices)
    owner_body = models.ForeignKey(
        "organizations.Body",
        on_delete=models.PROTECT,
        related_name="frameworks",
        verbose_name=_("owner body"),
    )
    status_scale = models.ForeignKey(
        StatusScale,
        on_delete=models.PROTECT,
        related_name="frameworks",
        verbose_name=_("status scale"),
    )
    source_citation = models.TextField(_("source"), blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    previous_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )
    # {"fr": {"title": "...", "description": "..."}}: the framework's own words in other languages.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.status != FrameworkStatus.DRAFT


class NodeType(models.TextChoices):
    HEADING = "heading", _("Heading")
    AREA = "area", _("Area")
    PRINCIPLE = "principle", _("Guiding principle")
    MINIMUM_STANDARD = "minimum_standard", _("Minimum standard")
    ACTION = "action", _("Associated action")
    ACTION_POINT = "action_point", _("Action point")
    KPI = "kpi", _("Key performance indicator")
    PRIORITY_AREA = "priority_area", _("Priority area")
    SUB_GROUP = "sub_group", _("Thematic sub-group")
    INITIATIVE = "initiative", _("Initiative")
    DECISION = "decision", _("Decision")
    REQUEST = "request", _("Request")
    PRONG = "prong", _("Prong")
    CHECKLIST_STAGE = "checklist_stage", _("Checklist stage")
    CHECKLIST_ITEM = "checklist_item", _("Checklist item")


class NodeFlag(models.TextChoices):
    NO_CONSENSUS = "no_consensus", _("No consensus")
    ENDORSED = "endorsed", _("Endorsed by HLCM")


class Node(TimeStampedModel):
    """One commitment (or heading) in a framework's tree."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # Zero-padded positions from the root ("0003.0012"), so one ORDER BY gives tree order.
    sort_key = models.CharField(max_length=255, db_index=True, editable=False, default="")
    ref_id = models.CharField(_("reference"), max_length=30, blank=True, help_text=_("e.g. 16.2"))
    type = models.CharField(_("type"), max_length=30, choices=NodeType.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    reportable = models.BooleanField(
        _("organizations report on it"),
        default=False,
        help_text=_("Action points, actions, requests: a status is reported per cycle."),
    )
    lead_organizations = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="led_nodes",
        verbose_name=_("lead entities"),
    )
    member_organizations = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="member_nodes",
        verbose_name=_("other responsible entities"),
    )
    lead_bodies = models.ManyToManyField(
        "organizations.Body",
        blank=True,
        related_name="led_nodes",
        verbose_name=_("responsible bodies"),
    )
    responsibility_note = models.TextField(
        _("responsibility as written"),
        blank=True,
        help_text=_("The responsible entities as the source text names them."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    milestone = models.CharField(
        _("milestone"), max_length=200, blank=True, help_text=_("e.g. by December 2020")
    )
    flags = models.JSONField(_("flags"), default=list, blank=True)
    report_back_to = models.ForeignKey(
        "organizations.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_back_nodes",
        verbose_name=_("reports back to"),
    )
    report_back_note = models.CharField(_("report back"), max_length=300, blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["framework", "sort_key"]
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "ref_id"],
                condition=~Q(ref_id=""),
                name="node_unique_ref_in_framework",
            ),
        ]
        indexes = [models.Index(fields=["framework", "sort_key"])]

    def __str__(self) -> str:
        return f"{self.ref_id} {self.title or self.text[:60]}".strip()

    @property
    def depth(self) -> int:
        return self.sort_key.count(".")


class ApplicabilityLevel(models.TextChoices):
    DIRECTLY_APPLICABLE = "directly_applicable", _("Directly applicable")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NEEDS_DISCUSSION = "needs_discussion", _("Needs further discussion")


class Applicability(models.Model):
    """Whether a node applies to a personnel category (seed 000's HRN table)."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="applicability")
    personnel_category = models.ForeignKey(
        "organizations.PersonnelCategory", on_delete=models.PROTECT, related_name="applicability"
    )
    level = models.CharField(_("applicability"), max_length=30, choices=ApplicabilityLevel.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("applicability")
        verbose_name_plural = _("applicability")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "personnel_category"], name="applicability_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node} x {self.personnel_category}: {self.get_level_display()}"
