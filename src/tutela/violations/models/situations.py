"""Situations of concern and the tracking of engagement with Member States (seed 002, items 4.3,
7 and 13): one situation per country with its escalation level and history, its strategy
(analysis, priority objectives, actions by entity and level, capacities, review date), and
engagement strategies whose engagements record responses, impact, status and priority from
the ESF intervention vocabularies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.violations.models.records import MeasureStatus, Term


class EscalationLevel(models.TextChoices):
    QUARTERLY_REVIEW = "rqr", _("Regional quarterly review")
    TASK_FORCE = "itf", _("Inter-Agency Task Force")
    SENIOR_ACTION_GROUP = "sag", _("Senior Action Group")


class Situation(models.Model):
    country = models.CharField(_("country"), max_length=2, unique=True)
    level = models.CharField(
        _("coordination level"),
        max_length=3,
        choices=EscalationLevel.choices,
        default=EscalationLevel.QUARTERLY_REVIEW,
    )
    analysis = models.TextField(_("analysis of the situation"), blank=True)
    objectives = models.TextField(_("priority UN objectives"), blank=True)
    capacities = models.TextField(_("additional capacities required"), blank=True)
    next_review_on = models.DateField(_("next review of the strategy"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country"]

    def __str__(self) -> str:
        return self.country


class Escalation(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="escalations")
    from_level = models.CharField(max_length=3, choices=EscalationLevel.choices)
    to_level = models.CharField(max_length=3, choices=EscalationLevel.choices)
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_level} -> {self.to_level}"


class ActionLevel(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGIONAL = "regional", _("Regional")
    GLOBAL = "global", _("Global")


class SituationAction(models.Model):
    """An action of the strategy, by a UN entity at country, regional or global level."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="actions")
    entity = models.CharField(_("entity"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=ActionLevel.choices)
    text = models.TextField(_("action"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.AGREED
    )

    class Meta:
        ordering = ["level", "entity", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class EngagementStrategy(models.Model):
    situation = models.ForeignKey(
        Situation, on_delete=models.CASCADE, related_name="engagement_strategies"
    )
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"), blank=True)
    action_point = models.ForeignKey(
        "frameworks.Node",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action point it serves"),
    )

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter or note verbale")
    CALL = "call", _("Call")
    BRIEFING = "briefing", _("Briefing")
    VISIT = "visit", _("Visit")
    STATEMENT = "statement", _("Public statement")


class Engagement(models.Model):
    strategy = models.ForeignKey(
        EngagementStrategy, on_delete=models.CASCADE, related_name="engagements"
    )
    date = models.DateField(_("date"))
    counterpart = models.CharField(_("counterpart"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    message = models.TextField(_("message"))
    response = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    impact = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    priority = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.counterpart}"
