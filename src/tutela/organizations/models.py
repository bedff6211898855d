"""The UN system's organizations, their units, the bodies that receive reports and groups."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.common.models import TimeStampedModel


class OrganizationType(models.TextChoices):
    AGENCY = "agency", _("Agency")
    FUND = "fund", _("Fund")
    PROGRAMME = "programme", _("Programme")
    SPECIALIZED_AGENCY = "specialized_agency", _("Specialized agency")
    RELATED_ORGANIZATION = "related_organization", _("Related organization")
    SECRETARIAT_ENTITY = "secretariat_entity", _("Secretariat entity")
    OTHER = "other", _("Other")


class Organization(TimeStampedModel):
    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=OrganizationType.choices)
    aliases = models.JSONField(_("other spellings"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.acronym


class UnitType(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    REGIONAL_OFFICE = "regional_office", _("Regional office")
    MISSION = "mission", _("Mission")
    COUNTRY_OFFICE = "country_office", _("Country office")
    DUTY_STATION = "duty_station", _("Duty station")


class Unit(TimeStampedModel):
    """A part of an organization: department, regional office, mission, country office…"""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="units", verbose_name=_("organization")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=UnitType.choices)
    country = models.CharField(
        _("country (ISO 3166 code)"), max_length=2, blank=True, help_text=_("e.g. CD, SS, CH")
    )
    # Materialised path of ids ("/3/17/42/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")

    class Meta:
        ordering = ["organization__acronym", "path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "name"],
                name="unit_unique_name_under_parent",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization_id and self.organization.acronym})"

    @property
    def depth(self) -> int:
        return self.path.strip("/").count("/")


class BodyKind(models.TextChoices):
    BOARD = "board", _("Board")
    COMMITTEE = "committee", _("Committee")
    NETWORK = "network", _("Network")
    TASK_FORCE = "task_force", _("Task force")
    WORKING_GROUP = "working_group", _("Working group")
    SERVICE = "service", _("Service")


class Body(TimeStampedModel):
    """A committee, network or service that defines frameworks or receives reports."""

    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("reports to"),
    )
    host_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_bodies",
        verbose_name=_("hosted by"),
    )

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.acronym


class GroupKind(models.TextChoices):
    TASK_FORCE = "task_force", _("Task force")
    WORKING_GROUP = "working_group", _("Working group")
    THEMATIC_SUB_GROUP = "thematic_sub_group", _("Thematic sub-group")


class Group(TimeStampedModel):
    """A task force, working group or thematic sub-group with lead and member organizations.

    Its member users are the holders of a `group_member` membership scoped to it.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=GroupKind.choices)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="groups"
    )
    lead_organizations = models.ManyToManyField(
        Organization, related_name="led_groups", blank=True, verbose_name=_("lead organizations")
    )
    member_organizations = models.ManyToManyField(
        Organization,
        related_name="member_of_groups",
        blank=True,
        verbose_name=_("member organizations"),
    )
    initiatives = models.JSONField(_("initiatives"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name


class PersonnelCategory(TimeStampedModel):
    """Staff and the non-staff categories duty of care action points apply to (seed 000)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("personnel category")
        verbose_name_plural = _("personnel categories")

    def __str__(self) -> str:
        return self.name
