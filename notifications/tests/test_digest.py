from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.email import digests_send
from notifications.models import DigestRun, Notification

TOKYO = ZoneInfo("Asia/Tokyo")


def _notify(user, n, status=Notification.Email.DIGEST):
    return Notification.objects.create(
        recipient=user,
        kind="task_due",
        title=f"タスクの期限 {n}",
        label=f"A-2026-{n:04d} / 17歳",
        url="/cases/1/",
        idempotency_key=f"test:{user.pk}:{n}",
        email_status=status,
    )


@time_machine.travel(datetime(2026, 11, 30, 8, 30, tzinfo=TOKYO))
def test_digest_groups_each_users_notifications_into_one_email(personas):
    a, b = personas.practitioner_a, personas.practitioner_b
    for n in range(3):
        _notify(a, n)
    _notify(b, 10)
    _notify(b, 11, status=Notification.Email.NONE)  # in-app only: not in the digest
    assert digests_send() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {a.email, b.email}
    assert "3 件" in by_recipient[a.email].subject
    assert all(f"A-2026-{n:04d}" in by_recipient[a.email].body for n in range(3))
    assert "A-2026-0011" not in by_recipient[b.email].body
    assert not Notification.objects.filter(email_status=Notification.Email.DIGEST).exists()


@time_machine.travel(datetime(2026, 11, 30, 8, 30, tzinfo=TOKYO))
def test_digest_goes_once_a_day_and_next_day_holds_what_came_since(personas):
    user = personas.practitioner_a
    _notify(user, 1)
    assert digests_send() == 1
    _notify(user, 2)
    assert digests_send() == 0  # today's digest went out already
    assert len(mail.outbox) == 1
    with time_machine.travel(datetime(2026, 12, 1, 8, 30, tzinfo=TOKYO)):
        assert digests_send() == 1
    assert "A-2026-0002" in mail.outbox[1].body
    assert "A-2026-0001" not in mail.outbox[1].body
    assert DigestRun.objects.filter(user=user).count() == 2


def test_users_without_email_get_no_digest(db):
    user = UserFactory.create(email="")
    _notify(user, 1)
    assert digests_send(now=timezone.now() + timedelta(hours=1)) == 0
    assert mail.outbox == []
