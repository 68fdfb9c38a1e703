"""The email tasks: the dispatcher fans out, a full batch hands on, chains end."""

import time

import pytest

from notifications import tasks
from notifications.models import Notification
from notifications.registry import Message
from notifications.services import notify


@pytest.fixture
def enqueued(monkeypatch):
    """The batch tasks that would go to the broker (the broker is outside the process)."""
    calls: list[tuple] = []
    monkeypatch.setattr(
        tasks.send_email_batch, "apply_async", lambda args, retry: calls.append(args)
    )
    return calls


@pytest.fixture
def pending(personas):
    def make(count: int) -> None:
        for n in range(count):
            notify(
                recipients=[personas.practitioner_a],
                kind="task_due",
                message=Message(title="期限", url="/cases/"),
                idempotency_key=f"fan-out:{n}",
            )

    return make


def test_the_dispatcher_starts_a_chain_per_batch_up_to_the_fan_out(pending, enqueued, settings):
    settings.EMAIL_BATCH_SIZE, settings.EMAIL_FAN_OUT = 2, 3
    pending(5)
    assert tasks.send_pending_emails() == 3
    assert [args[0] for args in enqueued] == ["notifications"] * 3
    enqueued.clear()
    pending(15)  # 20 waiting: still three chains; each hands on while its batches are full
    assert tasks.send_pending_emails() == 3


def test_a_full_batch_hands_on_and_an_old_chain_ends(pending, enqueued, settings):
    settings.EMAIL_BATCH_SIZE = 2
    pending(5)
    now = time.time()
    assert tasks.send_email_batch("notifications", now) == 2
    assert enqueued == [("notifications", now)]
    old = now - tasks.CHAIN_SECONDS - 1
    assert tasks.send_email_batch("notifications", old) == 2
    assert len(enqueued) == 1  # the next beat run starts a fresh chain
    assert tasks.send_email_batch("notifications", now) == 1  # not full: the chain ends
    assert len(enqueued) == 1  # one hand-on in all
    assert not Notification.objects.filter(email_status=Notification.Email.PENDING).exists()
