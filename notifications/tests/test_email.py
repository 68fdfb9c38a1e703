"""Email delivery: Japanese, no personal data, retried with backoff, never lost."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from notifications.email import email_retry, emails_send_pending
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
    now = timezone.now()
    assert emails_send_pending(now=now).retried == 1
    pending_email.refresh_from_db()
    assert pending_email.email_next_attempt_at == now + timedelta(seconds=60)
    assert emails_send_pending(now=now + timedelta(seconds=30)).retried == 0  # not yet
    assert emails_send_pending(now=now + timedelta(seconds=61)).retried == 1
    pending_email.refresh_from_db()
    assert pending_email.email_next_attempt_at == now + timedelta(seconds=61 + 120)
    assert emails_send_pending(now=now + timedelta(seconds=200)).failed == 1
    pending_email.refresh_from_db()
    assert pending_email.email_status == Notification.Email.FAILED
    assert "connection refused" in pending_email.email_error
    monkeypatch.undo()
    email_retry(notification=pending_email)
    assert emails_send_pending().sent == 1
    assert len(mail.outbox) == 1


def test_a_sender_that_died_after_claiming_is_replaced_after_the_lease(pending_email, settings):
    """Fault injection: rows claimed, then the process dies before sending."""
    from notifications.email import _claim

    claimed_at = timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS + 1)
    assert _claim(claimed_at, 10) == [pending_email.pk]  # ...and nothing else happens
    assert emails_send_pending(now=claimed_at + timedelta(seconds=5)).sent == 0  # lease held
    assert emails_send_pending().sent == 1  # lease expired: sent, once
    assert len(mail.outbox) == 1


def test_in_app_only_preference_sends_no_email(personas):
    Preference.objects.create(
        user=personas.practitioner_a, kind="task_due", delivery=Delivery.IN_APP
    )
    _notify(personas.practitioner_a)
    assert Notification.objects.get().email_status == Notification.Email.NONE
    assert emails_send_pending().sent == 0
    assert mail.outbox == []
