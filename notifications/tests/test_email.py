"""Email delivery: Japanese, no personal data, retried with backoff, never lost."""

import smtplib
import time
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications.email import (
    EmailResult,
    _claim,
    _Sender,
    email_retry,
    emails_send_batch,
    emails_send_pending,
)
from notifications.models import Delivery, Notification, Preference
from notifications.registry import Message
from notifications.services import notify

LABEL = "A-2026-0042 / 17歳 / 男性"


def _notify(user, kind="task_due", key="event:1") -> int:
    return notify(
        recipients=[user],
        kind=kind,
        message=Message(title="タスクの期限が近づいています", label=LABEL, url="/cases/42/#task-7"),
        idempotency_key=key,
    )


@pytest.fixture
def pending_email(personas) -> Notification:
    _notify(personas.practitioner_a)
    notification = Notification.objects.get()
    assert notification.email_status == Notification.Email.PENDING
    return notification


def test_email_is_japanese_with_the_label_and_the_link(pending_email, settings):
    settings.SITE_URL = "https://tsunagu.example.jp"
    assert emails_send_pending().sent == 1
    [message] = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    assert message.subject == "[つなぐ] タスクの期限が近づいています"
    html = str(message.alternatives[0][0])
    for text in (str(message.body), html):
        assert LABEL in text
        assert "https://tsunagu.example.jp/cases/42/#task-7" in text
    assert (
        message.extra_headers["Message-ID"] == f"<{pending_email.idempotency_key}@tsunagu.invalid>"
    )
    pending_email.refresh_from_db()
    assert pending_email.email_status == Notification.Email.SENT
    assert emails_send_pending().sent == 0
    assert len(mail.outbox) == 1


def _smtp_down(monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)


def test_smtp_errors_are_retried_with_backoff_then_shown_as_failed(
    pending_email, monkeypatch, settings
):
    settings.EMAIL_MAX_ATTEMPTS = 3
    settings.EMAIL_RETRY_SECONDS = 60
    _smtp_down(monkeypatch)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert emails_send_pending().retried == 1
    pending_email.refresh_from_db()
    assert pending_email.email_next_attempt_at == start + timedelta(seconds=60)
    with time_machine.travel(start + timedelta(seconds=20), tick=False):
        assert emails_send_pending().retried == 0  # not yet
    # The next minute's run comes a moment before the retry time: it is taken
    # now, not a minute later (defect 6: every retry landed one tick late).
    second = start + timedelta(seconds=59, microseconds=990_000)
    with time_machine.travel(second, tick=False):
        assert emails_send_pending().retried == 1
    pending_email.refresh_from_db()
    assert pending_email.email_next_attempt_at == second + timedelta(seconds=120)
    with time_machine.travel(second + timedelta(seconds=119), tick=False):
        assert emails_send_pending().failed == 1
    pending_email.refresh_from_db()
    assert pending_email.email_status == Notification.Email.FAILED
    assert "connection refused" in pending_email.email_error
    monkeypatch.undo()
    email_retry(notification=pending_email)
    assert emails_send_pending().sent == 1
    assert len(mail.outbox) == 1


def test_a_sender_that_died_after_claiming_is_replaced_after_the_lease(pending_email, settings):
    """Fault injection: rows claimed, then the process dies before sending."""
    claimed_at = timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS + 1)
    assert _claim(claimed_at, 10).ids == [pending_email.pk]  # ...and nothing else happens
    assert emails_send_pending(now=claimed_at + timedelta(seconds=5)).sent == 0  # lease held
    assert emails_send_pending().sent == 1  # lease expired: sent, once
    assert len(mail.outbox) == 1


def test_a_sender_that_outlived_its_lease_does_not_send_what_another_sent(pending_email, settings):
    """Defect 2: two senders race on an expired lease; the message goes out once.

    Sender A claims, then stalls past its lease (a paused process, a slow
    server). Sender B claims the expired row and sends it. A wakes up and goes
    on with its batch: its claim is no longer its own, so it sends nothing.
    """
    lease = timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS)
    late = _claim(timezone.now() - lease - timedelta(seconds=1), 10)
    assert late.ids == [pending_email.pk]
    assert emails_send_batch().sent == 1  # sender B
    result = EmailResult()
    _Sender(late, result).run()  # sender A wakes up
    assert (result.sent, result.skipped) == (0, 1)
    assert len(mail.outbox) == 1
    pending_email.refresh_from_db()
    assert pending_email.email_status == Notification.Email.SENT
    assert pending_email.email_attempts == 1


def test_a_late_sender_that_renews_first_sends_and_the_other_finds_nothing(pending_email, settings):
    lease = timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS)
    late = _claim(timezone.now() - lease - timedelta(seconds=1), 10)
    result = EmailResult()
    _Sender(late, result).run()  # A renews its expired claim before anyone took it
    assert result.sent == 1
    assert emails_send_batch().sent == 0  # B finds the row sent
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_error_after_the_server_accepted_does_not_send_again(pending_email, monkeypatch):
    """Defect 2: the sender's connection is cut right after SMTP said 250."""
    accept = EmailBackend.send_messages

    def accept_then_lose_the_database(self, messages):
        count = accept(self, messages)
        pid = connection.connection.info.backend_pid
        with psycopg.connect(_dsn(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return count

    monkeypatch.setattr(EmailBackend, "send_messages", accept_then_lose_the_database)
    assert emails_send_batch().sent == 1
    monkeypatch.undo()
    assert emails_send_pending().sent == 0
    assert len(mail.outbox) == 1
    pending_email.refresh_from_db()
    assert pending_email.email_status == Notification.Email.SENT


def _dsn() -> str:
    params = connection.get_connection_params()
    return psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")}
    )


def test_a_permanent_refusal_fails_at_once_and_shows_the_address(personas, smtp_sink, client):
    """Defect 6: a 550 was retried six times over 37 minutes."""
    bad = personas.practitioner_b
    bad.email = "no-such-user@example.jp"
    bad.save(update_fields=["email"])
    smtp_sink.behaviour.recipient_reply = lambda address: (
        "550 5.1.1 user unknown" if address == bad.email else "250 OK"
    )
    _notify(personas.practitioner_a, key="a")
    _notify(bad, key="b")
    result = emails_send_pending()
    assert (result.sent, result.failed, result.retried) == (1, 1, 0)
    failed = Notification.objects.get(recipient=bad)
    assert failed.email_status == Notification.Email.FAILED
    assert failed.email_attempts == 1
    assert "550" in failed.email_error
    client.force_login(personas.coordinator)
    page = client.get(reverse("notifications:delivery")).text
    assert "no-such-user@example.jp" in page
    assert "550 5.1.1 user unknown" in page


def test_a_temporary_refusal_backs_off(personas, smtp_sink, settings):
    smtp_sink.behaviour.data_reply = "451 4.7.1 greylisted, try again later"
    _notify(personas.practitioner_a)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert emails_send_pending().retried == 1
    row = Notification.objects.get()
    assert row.email_status == Notification.Email.PENDING
    assert row.email_next_attempt_at == start + timedelta(seconds=settings.EMAIL_RETRY_SECONDS)
    assert "451" in row.email_error
    smtp_sink.behaviour.data_reply = "250 OK"
    with time_machine.travel(row.email_next_attempt_at, tick=False):
        assert emails_send_pending().sent == 1
    assert len(smtp_sink.received) == 1


def test_a_server_that_never_answers_costs_one_timeout_and_the_batch_waits(personas, smtp_sink):
    """Defect 1: without a socket timeout every sender blocked for ever."""
    smtp_sink.behaviour.stall = True
    for n in range(5):
        _notify(personas.practitioner_a, key=f"k{n}")
    started = time.monotonic()
    result = emails_send_batch()
    assert time.monotonic() - started < 5
    assert result.given_back == 5
    rows = Notification.objects.all()
    assert all(r.email_status == Notification.Email.PENDING for r in rows)
    assert all(r.email_next_attempt_at and r.email_claim is None for r in rows)
    assert emails_send_batch().given_back == 0  # nothing hammers the dead server


def test_in_app_only_preference_sends_no_email(personas):
    Preference.objects.create(
        user=personas.practitioner_a, kind="task_due", delivery=Delivery.IN_APP
    )
    _notify(personas.practitioner_a)
    assert Notification.objects.get().email_status == Notification.Email.NONE
    assert emails_send_pending().sent == 0
    assert mail.outbox == []
