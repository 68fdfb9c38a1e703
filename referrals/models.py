"""Closed-loop referrals between agencies (支援依頼・紹介).

One agency asks another to take on part of a case. The sender always learns
what happened: every move is a service (referrals.services) that records an
event and tells the other side at once. Until the receiving agency accepts,
it sees the anonymised label, the request and what the sender chose to share
(a scoped grant in cases.access); after accepting it joins the case team.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.retention import personal_data


class Status(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACKNOWLEDGED = "acknowledged", _("Receipt confirmed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("Support under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.REQUESTED, Status.ACKNOWLEDGED, Status.ACCEPTED, Status.IN_PROGRESS)
# The states in which a referral can be overdue (referrals.ledger.overdue_referrals):
# waiting for its receipt, or accepted and waiting for movement.
OVERDUE_STATUSES = (Status.REQUESTED, Status.ACCEPTED, Status.IN_PROGRESS)
WAITING_FOR_ANSWER = (Status.REQUESTED, Status.ACKNOWLEDGED)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class DeclineReason(models.TextChoices):
    CAPACITY = "capacity", _("No capacity at present")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the services we offer")
    ELIGIBILITY = "eligibility", _("Does not meet our eligibility (age, area)")
    ELSEWHERE = "elsewhere", _("Better served by another agency")
    MORE_INFORMATION = "more_information", _("We need more information first")
    OTHER = "other", _("Other")


class HelpOutcome(models.TextChoices):
    YES = "yes", _("Yes, they got the help")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


@personal_data(
    person="case__young_person",
    fields=[
        "request",
        "reason",
        "documents",
        "consent_override_reason",
        "agreed_role",
        "decline_text",
        "cancel_reason",
        "outcome_provided",
        "help_note",
    ],
)
class Referral(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    from_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referring agency"),
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referred by"),
    )
    to_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("receiving agency"),
    )
    to_service = models.ForeignKey(
        "agencies.Service",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("service"),
    )
    request = models.TextField(_("what is asked"), max_length=2000)
    reason = models.TextField(_("why"), max_length=2000)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    share_summary = models.BooleanField(_("share the case summary"), default=False)
    share_plan = models.BooleanField(_("share the support plan"), default=False)
    shared_notes = models.ManyToManyField(
        "cases.CaseNote", blank=True, related_name="+", verbose_name=_("shared notes")
    )
    documents = models.TextField(_("documents"), max_length=1000, blank=True)
    consent_override_reason = models.TextField(
        _("reason for referring without consent"), max_length=1000, blank=True
    )
    consent_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    follow_up_on = models.DateField(_("follow-up date"))
    agreed_role = models.TextField(_("agreed role"), max_length=1000, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_text = models.TextField(_("details"), max_length=1000, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=1000, blank=True)
    outcome_provided = models.TextField(_("what was provided"), max_length=2000, blank=True)
    outcome_got_help = models.CharField(
        _("did the young person get the help? (receiving agency)"),
        max_length=10,
        choices=HelpOutcome.choices,
        blank=True,
    )
    help_answer = models.CharField(
        _("did the young person get the help? (referring agency)"),
        max_length=10,
        choices=HelpOutcome.choices,
        blank=True,
    )
    help_note = models.TextField(_("comment"), max_length=1000, blank=True)
    help_answered_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    started_at = models.DateTimeField(_("support started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Every event moves it (a note too): the follow-up clocks count from here.
    last_activity_at = models.DateTimeField(_("last movement"), default=timezone.now)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_agency", "-requested_at"], name="referral_inbox"),
            models.Index(fields=["from_agency", "-requested_at"], name="referral_outbox"),
            models.Index(
                fields=["case"],
                name="referral_open_by_case",
                condition=Q(status__in=["requested", "acknowledged", "accepted", "in_progress"]),
            ),
            # The coordinators' overdue list, oldest first (referrals.ledger): the
            # page is read in index order and the count by an index-only scan,
            # instead of sorting every late referral joined to its case. The
            # query repeats this condition word for word: PostgreSQL does not
            # prove it from the OR of the two states on its own.
            models.Index(
                fields=["requested_at", "id"],
                name="referral_overdue",
                condition=Q(status__in=["requested", "accepted", "in_progress"]),
                include=["status", "last_activity_at"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="declined_referral_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.to_agency_id}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", kwargs={"pk": self.pk})

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.case_id}

    @property
    def scope(self) -> str:
        """The scope of the receiving agency's grant on the case (cases.access)."""
        return f"referral:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def days_since_movement(self) -> int:
        return (timezone.localdate() - timezone.localdate(self.last_activity_at)).days

    @property
    def requested_on(self) -> date:
        return timezone.localdate(self.requested_at)


@personal_data(person="referral__case__young_person", fields=["comment"])
class ReferralEvent(models.Model):
    """One line of a referral's timeline: who did what, when, with what comment."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Referral sent")
        ACKNOWLEDGED = "acknowledged", _("Receipt confirmed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        STARTED = "started", _("Support started")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        NOTE = "note", _("Follow-up note")
        HELP_ANSWERED = "help_answered", _("Referring agency answered whether help was received")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, related_name="+"
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self) -> str:
        return f"{self.referral_id} {self.kind}"

    def get_additional_data(self) -> dict[str, int]:
        return {"case_id": self.referral.case_id}
