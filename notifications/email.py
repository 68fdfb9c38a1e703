"""Email delivery of notifications: at least once, retried with backoff.

The notification row is the outbox. A sender claims a batch (a lease:
`email_claimed_at`, attempts + 1) in a short transaction, sends, then marks
each row sent only if its claim is still its own. A sender that dies after
the SMTP server accepted a message but before marking it leaves the claim
to expire, and the message is sent again: at least once, never lost. The
Message-ID is derived from the notification's idempotency key, so a repeat
carries the same Message-ID and mail systems can fold it.

Emails hold no personal data of young people: the anonymised label, a
title without names, and a link back into the app.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import DigestRun, Notification

logger = logging.getLogger(__name__)

SEND_ERRORS = (smtplib.SMTPException, OSError)


@dataclass
class EmailResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _message(notification: Notification) -> EmailMultiAlternatives:
    context = {
        "n": notification,
        "user": notification.recipient,
        "link": settings.SITE_URL + notification.url,
        "council": settings.COUNCIL_NAME,
    }
    subject = settings.EMAIL_SUBJECT_PREFIX + notification.title
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/email/notification.txt", context),
        to=[notification.recipient.email],
        headers={"Message-ID": f"<{notification.idempotency_key}@tsunagu.invalid>"},
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    return message


def _claim(now: datetime, batch: int) -> list[int]:
    lease = now - timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(email_status=Notification.Email.PENDING)
            .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now))
            .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=lease))
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        Notification.objects.filter(pk__in=ids).update(
            email_claimed_at=now, email_attempts=F("email_attempts") + 1
        )
    return ids


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def emails_send_pending(*, now: datetime | None = None, batch: int = 200) -> EmailResult:
    """Send the pending emails of notifications (claim, send, mark)."""
    now = now or timezone.now()
    result = EmailResult()
    ids = _claim(now, batch)
    if not ids:
        return result
    notifications = Notification.objects.filter(pk__in=ids).select_related("recipient")
    with translation.override(settings.LANGUAGE_CODE):
        connection = get_connection()
        for notification in notifications:
            mine = Notification.objects.filter(pk=notification.pk, email_claimed_at=now)
            try:
                connection.send_messages([_message(notification)])
            except SEND_ERRORS as error:
                logger.warning("email of notification %s failed: %s", notification.pk, error)
                if notification.email_attempts >= settings.EMAIL_MAX_ATTEMPTS:
                    mine.update(
                        email_status=Notification.Email.FAILED, email_error=str(error)[:300]
                    )
                    result.failed += 1
                else:
                    mine.update(
                        email_claimed_at=None,
                        email_next_attempt_at=now + _backoff(notification.email_attempts),
                        email_error=str(error)[:300],
                    )
                    result.retried += 1
            else:
                mine.update(
                    email_status=Notification.Email.SENT,
                    emailed_at=timezone.now(),
                    email_error="",
                )
                result.sent += 1
    return result


def email_retry(*, notification: Notification) -> Notification:
    """A coordinator sends a failed email again (from the delivery status page)."""
    Notification.objects.filter(pk=notification.pk, email_status=Notification.Email.FAILED).update(
        email_status=Notification.Email.PENDING,
        email_attempts=0,
        email_next_attempt_at=None,
        email_claimed_at=None,
    )
    notification.refresh_from_db()
    return notification


def digests_send(*, now: datetime | None = None) -> int:
    """One digest email per user with digest notifications waiting; once a day.

    Each user's digest is its own transaction: the day's DigestRun row is
    locked, the waiting notifications are marked sent with it, and an SMTP
    error rolls both back so that the Celery retry (or tomorrow) sends it.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    waiting = Notification.objects.filter(email_status=Notification.Email.DIGEST)
    sent = 0
    for user in User.objects.filter(pk__in=waiting.values("recipient_id")).exclude(email=""):
        with transaction.atomic():
            created, _new = DigestRun.objects.get_or_create(user=user, day=day)
            run = (
                DigestRun.objects.select_for_update(skip_locked=True)
                .filter(pk=created.pk, sent_at__isnull=True)
                .first()
            )
            if run is None:
                continue  # another worker has it, or today's digest went out
            items = list(
                waiting.filter(recipient=user).select_for_update().order_by("created_at", "pk")
            )
            if not items:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                context = {"user": user, "items": items, "site": settings.SITE_URL}
                message = EmailMultiAlternatives(
                    subject=settings.EMAIL_SUBJECT_PREFIX
                    + _("Your daily summary: %(count)d notifications") % {"count": len(items)},
                    body=render_to_string("notifications/email/digest.txt", context),
                    to=[user.email],
                    headers={"Message-ID": f"<digest-{user.pk}-{day:%Y%m%d}@tsunagu.invalid>"},
                )
                message.attach_alternative(
                    render_to_string("notifications/email/digest.html", context), "text/html"
                )
                message.send()
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                email_status=Notification.Email.SENT, emailed_at=now
            )
            run.sent_at = now
            run.notification_count = len(items)
            run.save(update_fields=["sent_at", "notification_count"])
            sent += 1
    return sent
