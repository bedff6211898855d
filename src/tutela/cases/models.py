"""Reports from the confidential channel and the cases they become.

Nothing here records who sent a report or from where: no address, no browser, no account.
Every narrative, message, note, attachment and support detail is ciphertext under the
report's data key (see `tutela.cases.keys`); the reporter's identity is ciphertext under a
separate identity key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tutela.common.fields import EncryptedTextField


class Category(models.TextChoices):
    SEXUAL_HARASSMENT = "sexual_harassment", _("Sexual harassment")
    SEA = "sea", _("Sexual exploitation and abuse")
    FRAUD = "fraud", _("Fraud")
    ABUSE_OF_AUTHORITY = "abuse_of_authority", _("Abuse of authority")
    OTHER = "other", _("Other misconduct")


class Seriousness(models.TextChoices):
    SERIOUS = "serious", _("Serious misconduct (report onward within 24 hours)")
    OTHER = "other", _("Other misconduct (report onward within 7 days)")


class Channel(models.TextChoices):
    FORMAL = "formal", _("Formal report")
    INFORMAL = "informal", _("Informal resolution")


class Intake(models.TextChoices):
    WEB = "web", _("Web form")
    APP = "app", _("App")
    STAFF = "staff", _("Recorded by staff")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSED = "assessed", _("Assessed")
    REFERRED = "referred", _("Referred")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")
    RESOLVED_INFORMALLY = "resolved_informally", _("Resolved informally")
    REFERRED_EXTERNALLY = "referred_externally", _("Referred to another entity")
    WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")
    NO_JURISDICTION = "no_jurisdiction", _("Outside the organization's jurisdiction")


class CaseKey(models.Model):
    """An organization's case key or identity key, wrapped by the server key ring."""

    class Purpose(models.TextChoices):
        CONTENT = "content", _("Case content")
        IDENTITY = "identity", _("Reporter identity")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="case_keys"
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    # Encrypted fields, so `tutela rotate_keys` re-wraps them under a new server key; the
    # identity key sits under the separate identity key ring.
    wrapped_content = EncryptedTextField(null=True, blank=True)
    wrapped_identity = EncryptedTextField(key_ring="identity", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "purpose"], name="cases_one_key_per_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} key of organization {self.organization_id}"


class Questionnaire(models.Model):
    """What an organization's reporting form asks besides the fixed questions."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="case_questionnaire"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    categories = models.JSONField(_("categories offered"), default=list)
    support_options = models.JSONField(_("support options offered"), default=list)
    extra_questions = models.JSONField(_("additional questions"), default=list)
    is_open = models.BooleanField(_("accepting reports"), default=True)

    def __str__(self) -> str:
        return f"Questionnaire of organization {self.organization_id}"


class Report(models.Model):
    """A report and the case it becomes. `uid` is the non-guessable name bound into every
    ciphertext; `reference` is the short name handlers use."""

    uid = models.CharField(max_length=32, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="case_reports",
        verbose_name=_("organization"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    seriousness = models.CharField(
        _("seriousness"), max_length=10, choices=Seriousness.choices, default=Seriousness.OTHER
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.FORMAL
    )
    intake = models.CharField(_("received by"), max_length=10, choices=Intake.choices)
    status = models.CharField(
        _("status"), max_length=25, choices=Status.choices, default=Status.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=25, choices=Outcome.choices, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    received_at = models.DateTimeField(_("received"))
    onward_due_at = models.DateTimeField(_("onward report due"))
    onward_reported_at = models.DateTimeField(_("reported onward"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Ciphertext under the report's data key, itself wrapped by the organization case key.
    case_key = models.ForeignKey(CaseKey, on_delete=models.PROTECT, related_name="+")
    wrapped_data_key = models.TextField()
    answers = models.TextField()
    # The receipt: a lookup id in clear and an Argon2id hash of the secret part.
    receipt_lookup = models.CharField(max_length=8, unique=True)
    receipt_hash = models.CharField(max_length=200)
    # Idempotent retries: the digest of the client's token, and the receipt sealed under a
    # key derived from that token, wiped at the reporter's first login.
    client_token_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    receipt_copy = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed") | Q(outcome=""), name="cases_outcome_only_closed"
            )
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"Case {self.reference}"


class ReporterIdentity(models.Model):
    """A named reporter's identity, sealed under a per-report identity key."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="identity")
    identity_key = models.ForeignKey(CaseKey, on_delete=models.PROTECT, related_name="+")
    wrapped_identity_key = models.TextField()
    sealed = models.TextField()

    def __str__(self) -> str:
        return f"Sealed identity ({self.report_id})"


class Assignment(models.Model):
    class Kind(models.TextChoices):
        HANDLER = "handler", _("Case handler")
        SUPPORT = "support", _("Support officer")

    class Ended(models.TextChoices):
        HANDOVER = "handover", _("Handed over")
        RECUSAL = "recusal", _("Recused (conflict of interest)")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    assigned_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_because = models.CharField(max_length=10, choices=Ended.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user", "kind"],
                condition=Q(ended_at__isnull=True),
                name="cases_one_open_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user_id} on case {self.report_id}"


class Recusal(models.Model):
    """A handler who declared a conflict of interest may never be assigned the case again."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="cases_one_recusal")]

    def __str__(self) -> str:
        return f"Recusal of {self.user_id} from case {self.report_id}"


class Message(models.Model):
    """A message between handlers and the reporter (never an internal note)."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        QUESTION = "question", _("Question to the reporter")
        ANSWER = "answer", _("Answer")
        INFORMATION = "information", _("Additional information")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MESSAGE)
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    sealed = models.TextField()

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on case {self.report_id}"


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sealed_name = models.TextField()
    sealed_content = models.BinaryField()

    def __str__(self) -> str:
        return f"Attachment {self.pk} of case {self.report_id}"


class Note(models.Model):
    """An internal note of the handlers, never shown to the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    sealed = models.TextField()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"Note {self.pk} on case {self.report_id}"


class StatusChange(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=25, choices=Status.choices)
    to_status = models.CharField(max_length=25, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} ({self.report_id})"


class SupportPlan(models.Model):
    """Victim support, apart from the investigation: seen by the support officer and by
    those the affected person consented to."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="support_plan")
    retaliation_risk = models.BooleanField(_("risk of retaliation"), default=False)
    sealed_measures = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Support plan of case {self.report_id}"


class SupportConsent(models.Model):
    """The affected person consented that this user may see the support plan."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="cases_one_support_consent")
        ]

    def __str__(self) -> str:
        return f"Consent for {self.user_id} on plan {self.plan_id}"


class Referral(models.Model):
    class Kind(models.TextChoices):
        MEDICAL = "medical", _("Medical")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
        LEGAL = "legal", _("Legal")
        SECURITY = "security", _("Security")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        MADE = "made", _("Referral made")
        DECLINED = "declined", _("Declined by the affected person")

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    consent_given = models.BooleanField(_("the affected person consented to this referral"))
    consent_recorded_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    sealed_details = models.TextField(blank=True)

    class Meta:
        ordering = ["consent_recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="made") | Q(consent_given=True),
                name="cases_referral_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} referral ({self.get_state_display()})"


class DisclosureRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="disclosure_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    sealed_reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    sealed_decision_reason = models.TextField(blank=True)
    # The report identity key re-wrapped for the requester alone; written only on approval.
    wrapped_grant = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="approved") | Q(wrapped_grant=""),
                name="cases_grant_only_when_approved",
            )
        ]

    def __str__(self) -> str:
        return f"Disclosure request {self.pk} ({self.state})"


class RetentionRule(models.Model):
    category = models.CharField(max_length=30, choices=Category.choices, unique=True)
    keep_days_after_closure = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.category}: {self.keep_days_after_closure} days"


class DestroyedCaseCount(models.Model):
    """What remains of destroyed cases: anonymous counts for the statistics."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=30, choices=Category.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    quarter = models.CharField(max_length=7)
    outcome = models.CharField(max_length=25, choices=Outcome.choices, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "category", "channel", "quarter", "outcome"],
                name="cases_one_count_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.quarter}: {self.count}"


class UsedChallenge(models.Model):
    """A proof-of-work challenge already spent (its digest), so it cannot be replayed."""

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.digest[:12]


class ReceiptThrottle(models.Model):
    """Failed sign-ins per receipt lookup id (its digest), shared by every server process.

    Counting per receipt rather than per address keeps the limit without keeping addresses.
    """

    lookup_digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.lookup_digest[:12]}: {self.failures}"
