"""Celery tasks: thin adapters over the services (ids in, rows in PostgreSQL).

Email goes out in tasks of its own, never inside the sweep: a mail server
that stalls delays email, not in-app notifications. Every task here has soft
and hard time limits (settings CELERY_TASK_*TIME_LIMIT, tighter for email),
so no pool process is held for ever and a warm shutdown ends.
"""

import logging
import math
import time

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from notifications.email import (
    NOTIFICATIONS,
    OUTBOXES,
    SEND_ERRORS,
    digests_send,
    emails_ready_count,
    emails_send_batch,
)
from notifications.services import reminders_send_due

logger = logging.getLogger(__name__)

# One message waits at most EMAIL_TIMEOUT per socket operation; a batch gives
# its untried claims back when the soft limit strikes. Both limits stay far
# below the claim lease (EMAIL_CLAIM_LEASE_SECONDS).
EMAIL_SOFT_LIMIT = max(30, settings.EMAIL_TIMEOUT * 4)
EMAIL_HARD_LIMIT = EMAIL_SOFT_LIMIT + 30


def kick_email_senders() -> None:
    """Ask the workers to send what waits now; the beat's minute run is the fallback.

    Never fails the caller: with the broker down the rows wait in the outbox.
    """
    try:
        send_pending_emails.apply_async(retry=False)
    except Exception:  # the broker is down or unreachable: the beat will catch up
        logger.warning("could not enqueue the email sender; the next beat run sends the mail")


@shared_task(ignore_result=True)
def sweep_reminders() -> int:
    """Every minute (beat): due reminders become notifications; email is handed on."""
    result = reminders_send_due(now=timezone.now())
    if result.notifications:
        kick_email_senders()
    return result.notifications


@shared_task(ignore_result=True, soft_time_limit=30, time_limit=60)
def send_pending_emails() -> int:
    """Every minute (beat) and after new notifications: start the sending chains.

    Starts up to EMAIL_FAN_OUT chains of batch tasks, so that every free
    worker process sends; a batch that was full starts the next one itself.
    A chain ends after CHAIN_SECONDS (the next beat run starts fresh ones),
    so the queue never holds more than a few chains' worth of batches and a
    reminder sweep never waits long behind email. Returns the chains started.
    """
    started = 0
    for name, outbox in OUTBOXES.items():
        ready = emails_ready_count(
            limit=settings.EMAIL_BATCH_SIZE * settings.EMAIL_FAN_OUT, outbox=outbox
        )
        chains = min(settings.EMAIL_FAN_OUT, math.ceil(ready / settings.EMAIL_BATCH_SIZE))
        for _chain in range(chains):
            send_email_batch.apply_async(args=(name, time.time()), retry=False)
        started += chains
    return started


# A chain of email batches hands on for at most this long: a little more than one
# beat interval, so the next run's chains start before these end.
CHAIN_SECONDS = 75


@shared_task(ignore_result=True, soft_time_limit=EMAIL_SOFT_LIMIT, time_limit=EMAIL_HARD_LIMIT)
def send_email_batch(outbox: str = NOTIFICATIONS.name, chain_started: float = 0.0) -> int:
    """Claim and send one batch of emails; a full batch hands on to the next."""
    result = emails_send_batch(outbox=OUTBOXES.get(outbox, NOTIFICATIONS))
    tried = result.sent + result.retried + result.failed + result.skipped
    young = time.time() - chain_started < CHAIN_SECONDS
    if tried >= settings.EMAIL_BATCH_SIZE and not result.given_back and young:
        send_email_batch.apply_async(args=(outbox, chain_started), retry=False)
    return result.sent


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
