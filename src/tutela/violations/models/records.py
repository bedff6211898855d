"""Violation records after the HURIDOCS Events Standard Formats (ESF): who did what to whom.

An Event holds Acts; each Act has a victim (a Person, an individual or a group) and the
Involvements of perpetrators (also Persons). Information records where the knowledge comes from,
Interventions what was done about it. Controlled values are Terms of the HURIDOCS micro-thesauri
(see vocabularies/). Casualties are ranges with a certainty; verification runs in two tiers.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tutela.common.fields import EncryptedTextField


class Vocabulary(models.Model):
    """A controlled list: a HURIDOCS micro-thesaurus, or a Tutela list (grave violations)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    huridocs_list = models.PositiveSmallIntegerField(_("HURIDOCS list"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")

    def __str__(self) -> str:
        return str(self.translations.get(translation.get_language() or "en", self.name))


class Term(models.Model):
    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=300)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["vocabulary", "order"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="violations_term_unique")
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        language = (translation.get_language() or "en")[:2]
        return str(self.translations.get(language) or self.label)

    @property
    def indented_label(self) -> str:
        return "\u2003" * self.level + self.display_label


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("Restricted to the country team")
    CONFIDENTIAL = "confidential", _("Confidential")


class LocationPrecision(models.TextChoices):
    """As ACLED's geo_precision: 1 the place itself, 2 near it, 3 only the province."""

    EXACT = "1", _("Exact place")
    NEAR = "2", _("Near the place / part of a region")
    PROVINCE = "3", _("Only the province (admin 1) is known")


class Verification(models.TextChoices):
    REPORTED = "reported", _("Reported")
    PENDING = "pending", _("Pending verification (first tier verified)")
    VERIFIED = "verified", _("Verified")
    NOT_OCCURRED = "not_occurred", _("Found not to have occurred")


class Event(models.Model):
    title = models.CharField(_("title"), max_length=300)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    admin1 = models.CharField(_("province / state (admin 1)"), max_length=120, blank=True)
    admin2 = models.CharField(_("territory / district (admin 2)"), max_length=120, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    location_precision = models.CharField(
        _("location precision"),
        max_length=1,
        choices=LocationPrecision.choices,
        default=LocationPrecision.EXACT,
    )
    start_date = models.DateField(_("start date"))
    start_date_type = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("start date precision")
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = EncryptedTextField(_("description"), blank=True)
    impact = models.TextField(_("impact"), blank=True)
    violation_status = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("violation status"),
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.RESTRICTED,
    )
    verification = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.REPORTED,
        db_index=True,
    )
    tier1_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tier1_verified_on = models.DateField(_("first-tier verification date"), null=True, blank=True)
    tier2_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tier2_verified_on = models.DateField(_("task force verification date"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["country", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="violations_event_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"{self.country}{self.pk}"

    @property
    def late_verification(self) -> bool:
        """Verified in a later quarter than the one the event happened in."""
        verified_on = self.tier2_verified_on
        return verified_on is not None and quarter_of(verified_on) > quarter_of(self.start_date)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


class ChainLink(models.Model):
    """Chains of events (ESF chain-of-events format): `from_event` is `type` of `to_event`."""

    from_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="chain_links")
    to_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="chained_from")
    type = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "to_event"], name="violations_chain_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_event=F("to_event")), name="violations_chain_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_event_id} -> {self.to_event_id}"


class PersonKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class AgeBand(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    UNDER_5 = "0-4", _("0 to 4 (child)")
    CHILD_5_11 = "5-11", _("5 to 11 (child)")
    CHILD_12_17 = "12-17", _("12 to 17 (child)")
    ADULT = "18-59", _("18 to 59")
    OLDER = "60+", _("60 and over")
    MIXED = "mixed", _("Mixed ages (group)")


CHILD_AGE_BANDS = (AgeBand.UNDER_5, AgeBand.CHILD_5_11, AgeBand.CHILD_12_17)


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    PERPETRATOR = "perpetrator", _("Perpetrator")


class Person(models.Model):
    """A victim or perpetrator: pseudonymous by default; a name is encrypted at rest."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("role in the event"), max_length=12, choices=PersonRole.choices)
    kind = models.CharField(
        _("individual or group"),
        max_length=12,
        choices=PersonKind.choices,
        default=PersonKind.INDIVIDUAL,
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=120)
    name = EncryptedTextField(_("name (encrypted)"), blank=True)
    counting_unit = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("counting unit"),
    )
    number = models.PositiveIntegerField(_("number of persons"), null=True, blank=True)
    age_band = models.CharField(
        _("age"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    sex = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sex"),
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def is_child(self) -> bool:
        return self.age_band in CHILD_AGE_BANDS


class Act(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="acts")
    type = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("type of act")
    )
    victim = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="acts_suffered", verbose_name=_("victim")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    consequences = models.TextField(_("physical consequences"), blank=True)
    status_at_end = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("victim status at the end of the act"),
    )
    grave_violation = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("grave violation against children"),
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["type", "event"])]

    def __str__(self) -> str:
        return str(self.type)


class Involvement(models.Model):
    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="involvements")
    perpetrator = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    degree = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("degree of involvement"),
    )
    perpetrator_type = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("type of perpetrator")
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.perpetrator_type)


class Information(models.Model):
    """Where a piece of knowledge about the event comes from (ESF information format)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="information")
    source = models.CharField(_("source (pseudonym or publication)"), max_length=200)
    source_name = EncryptedTextField(_("source's name (encrypted)"), blank=True)
    connection = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("connection to the information"),
    )
    reliability = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("reliability"),
    )
    received_on = models.DateField(_("date of the information"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.source


class Intervention(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interventions")
    party = models.CharField(_("intervening party"), max_length=200)
    type = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("type of intervention")
    )
    date = models.DateField(_("date"))
    response = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    impact = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    priority = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.party


class CasualtyOutcome(models.TextChoices):
    KILLED = "killed", _("Killed")
    INJURED = "injured", _("Injured")


class CasualtyPopulation(models.TextChoices):
    """Who the range counts (Every Casualty: record each category separately, never guess)."""

    ALL = "all", _("All persons")
    CIVILIANS = "civilians", _("Civilians")
    CHILDREN = "children", _("Children")


class Certainty(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Casualty(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="casualties")
    outcome = models.CharField(_("outcome"), max_length=10, choices=CasualtyOutcome.choices)
    population = models.CharField(
        _("who"), max_length=10, choices=CasualtyPopulation.choices, default="all"
    )
    minimum = models.PositiveIntegerField(_("minimum"))
    maximum = models.PositiveIntegerField(_("maximum"))
    certainty = models.CharField(
        _("certainty"), max_length=10, choices=Certainty.choices, default=Certainty.MEDIUM
    )

    class Meta:
        ordering = ["outcome", "population"]
        verbose_name_plural = _("casualties")
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum__gte=F("minimum")), name="violations_casualty_range"
            ),
            models.UniqueConstraint(
                fields=["event", "outcome", "population"], name="violations_casualty_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} {self.population}: {self.minimum}-{self.maximum}"


class RiskLevel(models.IntegerChoices):
    ABSENT = 0, _("Not present")
    LOW = 1, _("Low")
    MODERATE = 2, _("Moderate")
    HIGH = 3, _("High")


class RiskRating(models.Model):
    """An analyst's rating of one risk factor of the Framework of Analysis for Atrocity Crimes,
    for one country and quarter (the latest rating of a factor in the quarter counts)."""

    country = models.CharField(_("country"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    factor = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("risk factor")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=RiskLevel.choices)
    note = models.TextField(_("evidence and reasoning"), blank=True)
    # The factor's indicators (its narrower terms) observed for the country in the quarter;
    # risk_ratings_save refuses an indicator of another factor.
    indicators = models.ManyToManyField(
        Term, blank=True, related_name="+", verbose_name=_("indicators observed")
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "year", "quarter", "factor__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "quarter", "factor"], name="violations_rating_unique"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="violations_rating_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year}-Q{self.quarter} {self.factor.code}: {self.level}"


class MeasureStatus(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ReviewMeasure(models.Model):
    """A preventive or responsive measure agreed at a regional quarterly review (seed 002, 12.1),
    followed up at the next reviews."""

    region = models.CharField(_("region"), max_length=40)
    country = models.CharField(_("country"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    text = models.TextField(_("measure"))
    owner = models.CharField(_("responsible entity"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.AGREED
    )
    progress_note = models.TextField(_("progress"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "quarter", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="violations_measure_quarter"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]
