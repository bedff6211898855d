"""The screening database: listings (keyed encodings of people an organization has found to have
committed sexual harassment or sexual exploitation and abuse, or who left with allegations
pending) and the audited checks other organizations run against them. No name or birth date is
ever stored: only the 1024-bit encodings made with a key the server never sees."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tutela.common.models import TimeStampedModel

ENCODING_BYTES = 128


class ListingCategory(models.TextChoices):
    SEXUAL_HARASSMENT = "sexual_harassment", _("Sexual harassment")
    SEXUAL_EXPLOITATION_ABUSE = "sexual_exploitation_abuse", _("Sexual exploitation and abuse")
    OTHER_SERIOUS_MISCONDUCT = "other_serious_misconduct", _("Other serious misconduct")


class ListingBasis(models.TextChoices):
    FINDING = "finding", _("Finalised finding")
    PENDING = "pending", _("Separated with allegations pending")


class ListingStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REMOVED = "removed", _("Removed")


class RemovalReason(models.TextChoices):
    APPEAL = "appeal", _("Overturned on appeal")
    EXPIRY = "expiry", _("Expired")
    ERROR = "error", _("Listed in error")
    OTHER = "other", _("Other")


class Listing(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="screening_listings",
        verbose_name=_("listing organization"),
    )
    reference = models.CharField(
        _("listing reference"),
        max_length=100,
        help_text=_("Your own reference for this listing, given to organizations that match it."),
    )
    # The keyed Bloom filter; emptied when the listing is removed.
    encoding = models.BinaryField(_("encoding"), max_length=ENCODING_BYTES, blank=True)
    popcount = models.PositiveSmallIntegerField(_("bits set"), default=0)
    category = models.CharField(_("category"), max_length=40, choices=ListingCategory.choices)
    basis = models.CharField(_("basis"), max_length=20, choices=ListingBasis.choices)
    decided_on = models.DateField(_("date of finding or separation"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    contact_point = models.CharField(
        _("contact point"),
        max_length=200,
        help_text=_("Whom an organization with a match should contact, e.g. an office's address."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.ACTIVE
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removal_reason = models.CharField(
        _("removal reason"), max_length=20, choices=RemovalReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reference"], name="screening_listing_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("decided_on")),
                name="screening_listing_expires_after_decision",
                violation_error_message=_(
                    "The expiry date must come after the date of the finding."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.organization} {self.reference}"

    def is_live(self, today: datetime.date) -> bool:
        return self.status == ListingStatus.ACTIVE and (
            self.expires_on is None or self.expires_on > today
        )


class ListingVersion(models.Model):
    """One row counting changes to the listings: the matching engine rebuilds its in-memory
    index when the stamp it was built at is no longer the current one. The stamp is random, so a
    restored or recreated database never passes for the one an index was built from."""

    number = models.PositiveBigIntegerField(default=0)
    stamp = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("listing version")

    def __str__(self) -> str:
        return f"{self.number}:{self.stamp}"


class CheckKind(models.TextChoices):
    SINGLE = "single", _("Single candidate")
    BATCH = "batch", _("Batch")


class ScreeningCheck(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="screening_checks",
        verbose_name=_("checking organization"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CheckKind.choices)
    candidate_count = models.PositiveIntegerField(_("candidates checked"))
    match_count = models.PositiveIntegerField(_("possible matches"))
    threshold = models.FloatField(_("similarity threshold"))

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        indexes = [models.Index(fields=["organization", "-checked_at"])]

    def __str__(self) -> str:
        return f"{self.organization} {self.checked_at:%Y-%m-%d %H:%M}"


class CheckMatch(models.Model):
    """A possible match: the checker's own reference for the candidate and the listing it
    resembles. Only the listing's organization, contact point and reference are shown."""

    check_run = models.ForeignKey(ScreeningCheck, on_delete=models.CASCADE, related_name="matches")
    candidate_reference = models.CharField(_("candidate reference"), max_length=100)
    listing = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("listing")
    )
    listing_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    listing_reference = models.CharField(_("listing reference"), max_length=100)
    contact_point = models.CharField(_("contact point"), max_length=200)
    score = models.FloatField(_("similarity"))

    class Meta:
        ordering = ["candidate_reference", "-score", "pk"]
        verbose_name = _("possible match")
        verbose_name_plural = _("possible matches")

    def __str__(self) -> str:
        return f"{self.candidate_reference} ~ {self.listing_reference}"
