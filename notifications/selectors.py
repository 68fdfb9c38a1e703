from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min, QuerySet
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification, Preference, Reminder


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
