"""Celery tasks: thin adapters over the services (ids in, rows in PostgreSQL)."""

from celery import shared_task
from django.utils import timezone

from notifications.email import SEND_ERRORS, digests_send, emails_send_pending
from notifications.services import reminders_send_due


@shared_task(ignore_result=True)
def sweep_reminders() -> int:
    """Every minute (beat): due reminders become notifications, then emails go out."""
    result = reminders_send_due(now=timezone.now())
    if result.notifications:
        emails_send_pending()
    return result.notifications


@shared_task(ignore_result=True)
def send_pending_emails() -> int:
    """Every minute (beat): retries due, claims expired, new emails sent."""
    return emails_send_pending().sent


@shared_task(
    ignore_result=True,
    autoretry_for=SEND_ERRORS,
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_digests() -> int:
    """Daily at NOTIFICATION_DIGEST_TIME: one summary email per user who chose it."""
    return digests_send()
