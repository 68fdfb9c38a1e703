"""notify(): an event told at once, exactly once per key, by each person's preferences."""

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from accounts.tests.factories import UserFactory
from notifications.models import Delivery, Notification, Preference
from notifications.registry import Message, register_kind
from notifications.services import notify

KIND = "task_assigned"


def _message() -> Message:
    return Message(title="タスクが割り当てられました", label="A-2026-0001 / 17歳", url="/cases/1/")


def test_each_recipient_is_told_once_per_key(personas):
    people = [personas.practitioner_a, personas.practitioner_b]
    key = "task_assigned:7"
    assert notify(recipients=people, kind=KIND, message=_message(), idempotency_key=key) == 2
    assert notify(recipients=people, kind=KIND, message=_message(), idempotency_key=key) == 0
    assert Notification.objects.count() == 2
    assert set(Notification.objects.values_list("recipient", flat=True)) == {p.pk for p in people}


def test_the_person_who_did_it_and_inactive_users_are_not_told(personas):
    gone = UserFactory.create(agency=personas.agency_a, is_active=False)
    created = notify(
        recipients=[personas.practitioner_a, personas.practitioner_b, gone],
        kind=KIND,
        message=_message(),
        idempotency_key="k",
        exclude=personas.practitioner_b,
    )
    assert created == 1
    assert Notification.objects.get().recipient == personas.practitioner_a


def test_email_follows_each_persons_preference(personas):
    Preference.objects.create(user=personas.practitioner_a, kind=KIND, delivery=Delivery.DIGEST)
    Preference.objects.create(user=personas.practitioner_b, kind=KIND, delivery=Delivery.IN_APP)
    no_address = UserFactory.create(agency=personas.agency_a, email="")
    notify(
        recipients=[
            personas.practitioner_a,
            personas.practitioner_b,
            personas.coordinator,
            no_address,
        ],
        kind=KIND,
        message=_message(),
        idempotency_key="k",
    )
    status = dict(Notification.objects.values_list("recipient", "email_status"))
    assert status == {
        personas.practitioner_a.pk: Notification.Email.DIGEST,
        personas.practitioner_b.pk: Notification.Email.NONE,
        personas.coordinator.pk: Notification.Email.PENDING,
        no_address.pk: Notification.Email.NONE,
    }


def test_a_rolled_back_change_tells_no_one(personas):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(
            recipients=[personas.practitioner_a], kind=KIND, message=_message(), idempotency_key="k"
        )
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()


def test_a_message_builder_runs_in_the_sites_language(personas):
    """The title goes into emails as stored: Japanese, whatever the actor's UI language."""
    with translation.override("en"):
        notify(
            recipients=[personas.practitioner_a],
            kind=KIND,
            message=lambda: Message(title=gettext("Notifications"), url="/notifications/"),
            idempotency_key="k",
        )
    assert Notification.objects.get().title == "通知"


def test_a_kind_cannot_be_registered_twice_with_another_meaning():
    register_kind("test_kind", "テスト")
    register_kind("test_kind", "テスト")  # the same declaration again is harmless
    with pytest.raises(ValueError, match="registered twice"):
        register_kind("test_kind", "別の意味")
