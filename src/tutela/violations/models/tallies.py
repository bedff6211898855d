"""Counts kept beside the records so the analysis reads a few hundred rows, not millions of acts.

One row per country, month, verification state and slice: the events themselves
(`dimension="event"`, no term), or the events having a type of act, or a type of perpetrator
(one row per term). The services recompute every month an event change touches, in the same
transaction and under a lock on that month (`violations.tallies`), so the counts stay exact.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tutela.violations.models.records import Term, Verification


class TallyDimension(models.TextChoices):
    EVENT = "event", _("events")
    ACT_TYPE = "act_type", _("type of act")
    PERPETRATOR_TYPE = "perpetrator_type", _("type of perpetrator")


class Tally(models.Model):
    country = models.CharField(_("country"), max_length=2)
    month = models.DateField(_("month"))  # its first day
    verification = models.CharField(_("verification"), max_length=20, choices=Verification.choices)
    dimension = models.CharField(_("slice"), max_length=20, choices=TallyDimension.choices)
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+", null=True)
    events = models.PositiveIntegerField(default=0)
    acts = models.PositiveIntegerField(default=0)
    killed_min = models.PositiveBigIntegerField(default=0)
    killed_max = models.PositiveBigIntegerField(default=0)
    injured_min = models.PositiveBigIntegerField(default=0)
    injured_max = models.PositiveBigIntegerField(default=0)
    children_killed_min = models.PositiveBigIntegerField(default=0)
    children_killed_max = models.PositiveBigIntegerField(default=0)
    # Events verified by the task force in a later quarter than the one they happened in.
    late_verifications = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["country", "dimension", "month"])]

    def __str__(self) -> str:
        return f"{self.country} {self.month:%Y-%m} {self.verification} {self.dimension}"


class TallyMonth(models.Model):
    """One row per country and month that has tallies: the row a recount locks."""

    country = models.CharField(max_length=2)
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "month"], name="violations_tally_month")
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.month:%Y-%m}"
