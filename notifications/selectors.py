from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.models import Notification, OutgoingEmail, Preference, Reminder
from notifications.registry import kind_label

# Why reminders were not sent, in the office's words (sources may add their own
# reasons; those are shown as they are).
DROPPED_REASONS = {
    "too late": _("Found too late to send (the workers were down too long)"),
    "source changed": _("Its task, case or referral changed"),
    "date moved": _("The date moved"),
    "task finished": _("The task was finished"),
    "case closed": _("The case was closed"),
    "no review date": _("No review date any more"),
    "source gone": _("What it was about no longer exists"),
    "unknown kind": _("A kind of reminder this installation no longer has"),
    "acknowledged": _("Receipt was confirmed"),
    "not accepted yet": _("The referral is not accepted yet"),
    "referral closed": _("The referral was closed"),
    "answered": _("The question was answered"),
}
# Reasons that mean a reminder someone should have had was lost.
LOST_REASONS = {"too late", "source gone", "unknown kind"}


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()


def preferences_of(user: User) -> dict[str, str]:
    return dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))


@dataclass
class DeliveryStatus:
    reminders_pending: int
    reminders_due: int
    oldest_due_at: datetime | None
    emails_pending: int
    emails_waiting_digest: int
    emails_failed: int

    @property
    def oldest_due_age_seconds(self) -> int | None:
        if self.oldest_due_at is None:
            return None
        return max(0, int((timezone.now() - self.oldest_due_at).total_seconds()))


def delivery_status(now: datetime | None = None) -> DeliveryStatus:
    """What waits to go out, for the coordinators' status page and the health check."""
    now = now or timezone.now()
    unsent = Reminder.objects.filter(sent_at__isnull=True)
    due = unsent.filter(due_at__lte=now)
    emails = Notification.objects
    return DeliveryStatus(
        reminders_pending=unsent.count(),
        reminders_due=due.count(),
        oldest_due_at=due.aggregate(oldest=Min("due_at"))["oldest"],
        emails_pending=emails.filter(email_status=Notification.Email.PENDING).count(),
        emails_waiting_digest=emails.filter(email_status=Notification.Email.DIGEST).count(),
        emails_failed=emails.filter(email_status=Notification.Email.FAILED).count(),
    )


@dataclass
class DroppedGroup:
    kind: str
    reason: str
    count: int
    last_due_at: datetime

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def reason_label(self) -> str:
        return str(DROPPED_REASONS.get(self.reason, self.reason))

    @property
    def lost(self) -> bool:
        return self.reason in LOST_REASONS


def dropped_reminders(now: datetime | None = None) -> list[DroppedGroup]:
    """Reminders not sent in the last DELIVERY_DROPPED_DAYS, by kind and reason."""
    since = (now or timezone.now()) - timedelta(days=settings.DELIVERY_DROPPED_DAYS)
    groups = (
        Reminder.objects.filter(sent_at__gte=since)
        .exclude(dropped_reason="")
        .values("kind", "dropped_reason")
        .annotate(count=Count("id"), last=Max("due_at"))
        .order_by("-last")
    )
    return [DroppedGroup(g["kind"], g["dropped_reason"], g["count"], g["last"]) for g in groups]


def failed_account_emails(limit: int = 20) -> QuerySet[OutgoingEmail]:
    """Account emails (password reset) that could not be delivered, newest first."""
    failed = OutgoingEmail.objects.filter(email_status=Notification.Email.FAILED)
    return failed.order_by("-created_at")[:limit]
