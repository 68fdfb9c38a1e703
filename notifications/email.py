"""Email delivery of notifications: at least once, never twice by a late sender.

The notification row is the outbox. Sending is its own Celery task (never
inside the reminder sweep), so a stalled mail server can delay email but
never in-app notifications.

1. A sender claims a batch in a short transaction (`email_claim`, a fresh
   token, and `email_claimed_at`, the lease) with SKIP LOCKED.
2. Just before each message it renews the claim of that one row with a
   conditional UPDATE (token still its own, still pending), which proves it
   still owns the row and restarts the lease. A sender that woke after its
   lease expired finds the token replaced and skips the row, so it cannot
   send what another sender took over (and perhaps already sent).
3. After the SMTP server accepted the message, the row is marked sent on
   the same condition; a database error there is retried on a new
   connection, so a lost connection does not send the message again.

What remains at least once: a sender killed between the server's "250 OK"
and the mark (kill -9, the hard time limit) leaves the row claimed; after
the lease it is sent again with the same Message-ID, which mail systems can
fold. Every SMTP conversation has a socket timeout (EMAIL_TIMEOUT) and the
tasks have soft and hard time limits below the lease.

Failures: a 5xx answer is permanent and fails the row at once (shown to the
coordinators with the address to fix); a 4xx answer or a network error is
retried with a doubling delay. A server that does not answer at all ends
the batch: the rest of it is given back for later rather than each message
waiting for its own timeout.

Emails hold no personal data of young people: the anonymised label, a
title without names, and a link back into the app.
"""

import contextlib
import logging
import smtplib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import DigestRun, Notification, OutgoingEmail
from notifications.registry import attachments_for

logger = logging.getLogger(__name__)

SEND_ERRORS = (smtplib.SMTPException, OSError)
# Errors about one message: the session goes on with the next one. Anything
# else (a timeout, a dropped connection, a refused connection) is the server's.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused)


@dataclass
class EmailResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0  # claimed, but another sender owns it now
    given_back: int = 0  # never tried: the server failed earlier in the batch


@dataclass
class Claim:
    token: uuid.UUID
    ids: list[int] = field(default_factory=list)


def _message(notification: Notification) -> EmailMultiAlternatives:
    context = {
        "n": notification,
        "user": notification.recipient,
        "link": settings.SITE_URL + notification.url,
        "council": settings.COUNCIL_NAME,
    }
    subject = settings.EMAIL_SUBJECT_PREFIX + notification.subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/email/notification.txt", context),
        to=[notification.recipient.email],
        headers={"Message-ID": f"<{notification.idempotency_key}@tsunagu.invalid>"},
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    for file in attachments_for(notification.kind, notification.url):
        message.attach(file.filename, file.content, file.mimetype)
    return message


def _system_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


@dataclass(frozen=True)
class Outbox:
    """A table of emails to send: the rows share the `email_*` columns."""

    name: str
    model: type[Notification] | type[OutgoingEmail]
    build: Callable[[Any], EmailMultiAlternatives]
    related: tuple[str, ...] = ()
    # written with the final status: a password-reset link does not stay behind
    erase: tuple[str, ...] = ()


NOTIFICATIONS = Outbox("notifications", Notification, _message, related=("recipient",))
SYSTEM = Outbox("system", OutgoingEmail, _system_message, erase=("body", "html_body"))
# Account emails first: someone is waiting for a password-reset link.
OUTBOXES = {outbox.name: outbox for outbox in (SYSTEM, NOTIFICATIONS)}


def mail_enqueue(message: EmailMultiAlternatives, kind: str) -> OutgoingEmail:
    """Put an account email (password reset) in the outbox; a worker sends it after commit."""
    html = next((str(a[0]) for a in message.alternatives if a[1] == "text/html"), "")
    email = OutgoingEmail.objects.create(
        kind=kind,
        to=message.to[0],
        subject=str(message.subject)[:200],
        body=str(message.body),
        html_body=html,
        message_id=f"<{kind}-{uuid.uuid4()}@tsunagu.invalid>",
    )
    from notifications.tasks import kick_email_senders  # tasks import this module

    transaction.on_commit(kick_email_senders)
    return email


def _ready(now: datetime) -> "Q":
    """Pending emails whose retry time has come and whose claim is free or expired.

    A retry due within EMAIL_RETRY_TOLERANCE_SECONDS counts as due: the beat
    runs once a minute, and a retry scheduled for 60 s after a run would
    otherwise land a few milliseconds after the next run and wait for a third.
    """
    lease = now - timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS)
    soon = now + timedelta(seconds=settings.EMAIL_RETRY_TOLERANCE_SECONDS)
    return (
        Q(email_status=Notification.Email.PENDING)
        & (Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=soon))
        & (Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=lease))
    )


def emails_ready_count(
    *, now: datetime | None = None, limit: int = 100_000, outbox: Outbox = NOTIFICATIONS
) -> int:
    """How many emails a sender could claim now (at most `limit`, to stay cheap)."""
    now = now or timezone.now()
    ready = outbox.model.objects.filter(_ready(now))
    return len(ready.values_list("pk", flat=True)[:limit])


def _claim(now: datetime, batch: int, outbox: Outbox = NOTIFICATIONS) -> Claim:
    claim = Claim(token=uuid.uuid4())
    with transaction.atomic():
        claim.ids = list(
            outbox.model.objects.filter(_ready(now))
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        outbox.model.objects.filter(pk__in=claim.ids).update(
            email_claimed_at=now, email_claim=claim.token
        )
    return claim


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def _take(model: type[Notification] | type[OutgoingEmail], pk: int, token: uuid.UUID) -> int | None:
    """Prove the claim is still ours and renew its lease; the attempt number, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {model._meta.db_table} "  # noqa: S608 - fixed names
            "SET email_claimed_at = %s, email_attempts = email_attempts + 1 "
            "WHERE id = %s AND email_claim = %s AND email_status = %s "
            "RETURNING email_attempts",
            [timezone.now(), pk, token, Notification.Email.PENDING],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _with_reconnect(write: Callable[[], int], attempts: int = 3) -> int:
    """Run a short write, again on a fresh connection if the database dropped ours.

    After the SMTP server accepted a message, losing the mark would send it
    again; a terminated backend or a failover is worth a few tries.
    """
    for attempt in range(attempts):
        try:
            return write()
        except DatabaseError:
            if attempt == attempts - 1:
                raise
            logger.warning("marking an email failed; retrying on a new connection")
            connection.close()
            time.sleep(0.2 * (attempt + 1))
    return 0


def _permanent(error: Exception) -> bool:
    """A 5xx answer: trying again would get the same answer."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _error_text(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {text.decode(errors='replace')}"
            for address, (code, text) in error.recipients.items()
        )[:300]
    return (str(error) or type(error).__name__)[:300]


class _Sender:
    """One claimed batch on one SMTP connection."""

    def __init__(self, claim: Claim, result: EmailResult, outbox: Outbox = NOTIFICATIONS) -> None:
        self.claim = claim
        self.result = result
        self.outbox = outbox
        self.connection = get_connection()
        self.done: set[int] = set()

    def mine(self, pk: int) -> QuerySet[Any]:
        return self.outbox.model.objects.filter(pk=pk, email_claim=self.claim.token)

    def erased(self) -> dict[str, str]:
        return dict.fromkeys(self.outbox.erase, "")

    def give_back(self, error: Exception, attempts: int) -> None:
        """Free the claims not yet tried, to be tried after the same delay."""
        rest = [pk for pk in self.claim.ids if pk not in self.done]
        if not rest:
            return
        self.result.given_back += self.outbox.model.objects.filter(
            pk__in=rest, email_claim=self.claim.token, email_status=Notification.Email.PENDING
        ).update(
            email_claimed_at=None,
            email_claim=None,
            email_next_attempt_at=timezone.now() + _backoff(max(attempts, 1)),
            email_error=_error_text(error),
        )

    def failed(self, pk: int, attempts: int, error: Exception) -> None:
        text = _error_text(error)
        logger.warning("email of notification %s failed: %s", pk, text)
        if _permanent(error) or attempts >= settings.EMAIL_MAX_ATTEMPTS:
            self.mine(pk).update(
                email_status=Notification.Email.FAILED,
                email_claim=None,
                email_error=text,
                **self.erased(),
            )
            self.result.failed += 1
        else:
            self.mine(pk).update(
                email_claimed_at=None,
                email_claim=None,
                email_next_attempt_at=timezone.now() + _backoff(attempts),
                email_error=text,
            )
            self.result.retried += 1

    def sent(self, pk: int) -> None:
        marked = _with_reconnect(
            lambda: (
                self.mine(pk)
                .filter(email_status=Notification.Email.PENDING)
                .update(
                    email_status=Notification.Email.SENT,
                    emailed_at=timezone.now(),
                    email_claim=None,
                    email_error="",
                    **self.erased(),
                )
            )
        )
        self.result.sent += marked

    def run(self) -> None:
        rows = self.outbox.model.objects.filter(pk__in=self.claim.ids).select_related(
            *self.outbox.related
        )
        attempts = 0
        try:
            try:
                self.connection.open()
            except SEND_ERRORS as error:
                self.give_back(error, 1)
                return
            for row in rows.order_by("pk"):
                self.done.add(row.pk)
                taken = _take(self.outbox.model, row.pk, self.claim.token)
                if taken is None:
                    self.result.skipped += 1
                    continue
                attempts = taken
                try:
                    self.connection.send_messages([self.outbox.build(row)])
                except MESSAGE_ERRORS as error:
                    self.failed(row.pk, attempts, error)
                except SEND_ERRORS as error:
                    self.failed(row.pk, attempts, error)
                    self.give_back(error, attempts)
                    return
                else:
                    self.sent(row.pk)
        except SoftTimeLimitExceeded as error:
            # The task ran out of time mid-batch (a crawling server): what
            # was not tried goes back; the message in flight retries.
            self.give_back(error, max(attempts, 1))
            raise
        finally:
            with contextlib.suppress(*SEND_ERRORS):  # the server may be gone already
                self.connection.close()


def emails_send_batch(
    *, now: datetime | None = None, batch: int | None = None, outbox: Outbox = NOTIFICATIONS
) -> EmailResult:
    """Claim up to `batch` pending emails of one outbox and send them on one connection."""
    now = now or timezone.now()
    result = EmailResult()
    claim = _claim(now, batch or settings.EMAIL_BATCH_SIZE, outbox)
    if claim.ids:
        with translation.override(settings.LANGUAGE_CODE):
            _Sender(claim, result, outbox).run()
    return result


def emails_send_pending(*, now: datetime | None = None, batch: int | None = None) -> EmailResult:
    """Send every email ready now, batch after batch, in this process (tests, shell)."""
    total = EmailResult()
    for outbox in OUTBOXES.values():
        while True:
            result = emails_send_batch(now=now, batch=batch, outbox=outbox)
            for name in ("sent", "retried", "failed", "skipped", "given_back"):
                setattr(total, name, getattr(total, name) + getattr(result, name))
            if not (result.sent or result.retried or result.failed):
                break
    return total


def email_retry(*, notification: Notification) -> Notification:
    """A coordinator sends a failed email again (from the delivery status page)."""
    Notification.objects.filter(pk=notification.pk, email_status=Notification.Email.FAILED).update(
        email_status=Notification.Email.PENDING,
        email_attempts=0,
        email_next_attempt_at=None,
        email_claimed_at=None,
        email_claim=None,
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
