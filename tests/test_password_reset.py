"""Password reset mail goes through the outbox: retried, visible when it fails, and
the page tells nothing about whether the address exists (defect 8: with the mail
server down the page said "sent" and the message was dropped)."""

import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.home import home_items
from notifications.email import emails_send_pending
from notifications.models import Notification, OutgoingEmail


def _request_reset(client, email: str):
    return client.post(reverse("accounts:password-reset"), {"email": email})


def test_the_email_is_japanese_and_its_link_works(client, personas):
    response = _request_reset(client, personas.practitioner_a.email)
    assert response.status_code == 302
    assert not mail.outbox  # stored, not sent in the request
    assert emails_send_pending().sent == 1
    [message] = mail.outbox
    assert message.subject == "【つなぐ】パスワードの再設定"
    assert "パスワード再設定" in message.body
    assert "practitioner_a" in message.body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", str(message.body))
    assert link
    response = client.get(link.group(1), follow=True)
    assert "新しいパスワード" in response.text
    row = OutgoingEmail.objects.get()
    assert row.email_status == Notification.Email.SENT
    assert (row.body, row.html_body) == ("", "")  # the link does not stay in the database


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_queued(client, personas):
    known = _request_reset(client, personas.practitioner_a.email)
    unknown = _request_reset(client, "nobody@example.jp")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert OutgoingEmail.objects.filter(to="nobody@example.jp").count() == 0
    emails_send_pending()
    assert [m.to for m in mail.outbox] == [[personas.practitioner_a.email]]


def test_a_mail_server_that_is_down_delays_the_email_and_it_goes_out_later(
    client, personas, smtp_sink
):
    smtp_sink.behaviour.stall = True
    assert _request_reset(client, personas.practitioner_a.email).status_code == 302
    assert emails_send_pending().given_back == 1
    row = OutgoingEmail.objects.get()
    assert row.email_status == Notification.Email.PENDING
    assert "パスワード" in row.body  # kept until it is delivered
    smtp_sink.behaviour.stall = False
    OutgoingEmail.objects.update(email_next_attempt_at=None)  # the retry time has come
    assert emails_send_pending().sent == 1
    assert len(smtp_sink.received) == 1


def test_a_refused_address_fails_at_once_and_shows_on_the_delivery_page(
    client, personas, smtp_sink
):
    smtp_sink.behaviour.recipient_reply = lambda address: "550 5.1.1 mailbox unavailable"
    _request_reset(client, personas.practitioner_a.email)
    assert emails_send_pending().failed == 1
    row = OutgoingEmail.objects.get()
    assert row.email_status == Notification.Email.FAILED
    assert row.body == ""
    client.force_login(personas.coordinator)
    page = client.get(reverse("notifications:delivery")).text
    assert personas.practitioner_a.email in page
    assert "550 5.1.1 mailbox unavailable" in page
    # and the office's home page counts it among the emails that did not go out
    items = {item.key: item for item in home_items(personas.coordinator, timezone.localdate())}
    assert items["notifications-failed"].count == 1
