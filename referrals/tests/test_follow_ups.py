"""The follow-ups fire once, on the right business day, and not when the referral moved on."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases.tests.factories import open_case
from conftest import reminders_of
from notifications.models import Notification
from notifications.services import reminders_send_due
from referrals import services
from referrals.tests.factories import refer

TOKYO = ZoneInfo("Asia/Tokyo")
FRIDAY = datetime(2026, 11, 27, 16, 0, tzinfo=TOKYO)  # sent late on a Friday


def _at(day: date, hour: int = 9, minute: int = 1) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


def _sweep() -> None:
    reminders_send_due(now=timezone.now())


def _told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


@pytest.fixture
def sent(personas):
    with time_machine.travel(FRIDAY, tick=False):
        case = open_case(
            lead_agency=personas.agency_a,
            by=personas.coordinator,
            key_worker=personas.practitioner_a,
        )
        return refer(case, personas.agency_b, personas.practitioner_a)


def test_unacknowledged_reminders_count_business_days(sent):
    due = {r.kind: r.due_at for r in reminders_of(sent).filter(sent_at=None)}
    # Friday + 2 business days = Tuesday; + 5 = the next Friday
    assert due["referral_unacknowledged"] == _at(date(2026, 12, 1), minute=0)
    assert due["referral_unacknowledged_late"] == _at(date(2026, 12, 4), minute=0)
    # the follow-up date, 30 calendar days on, is a Sunday: it fires on Monday
    assert due["referral_follow_up"] == _at(date(2026, 12, 28), minute=0)


def test_the_receiver_is_reminded_once_then_the_office_too(sent, personas):
    with time_machine.travel(_at(date(2026, 11, 30)), tick=False):  # Monday: not yet
        _sweep()
    assert not _told("referral_unacknowledged")
    with time_machine.travel(_at(date(2026, 12, 1)), tick=False):
        _sweep()
        _sweep()
    assert Notification.objects.filter(kind="referral_unacknowledged").count() == 1
    assert _told("referral_unacknowledged") == {personas.practitioner_b.pk}
    with time_machine.travel(_at(date(2026, 12, 4)), tick=False):
        _sweep()
    assert _told("referral_unacknowledged_late") == {
        personas.practitioner_b.pk,
        personas.coordinator.pk,
    }


def test_no_reminder_when_receipt_was_confirmed_in_time(sent, personas):
    with time_machine.travel(_at(date(2026, 11, 30), hour=10), tick=False):
        services.referral_acknowledge(referral_id=sent.pk, by=personas.practitioner_b)
    for day in (date(2026, 12, 1), date(2026, 12, 4)):
        with time_machine.travel(_at(day), tick=False):
            _sweep()
    assert not Notification.objects.filter(kind__startswith="referral_unack").exists()


def test_an_accepted_referral_without_news_reminds_both_sides_and_a_note_resets_it(sent, personas):
    accepted_on = date(2026, 12, 1)
    with time_machine.travel(_at(accepted_on, hour=11), tick=False):
        services.referral_accept(
            referral_id=sent.pk, by=personas.practitioner_b, agreed_role="相談"
        )
    with time_machine.travel(_at(accepted_on + timedelta(days=10), hour=11), tick=False):
        services.referral_add_note(
            referral_id=sent.pk, by=personas.practitioner_a, comment="様子は？"
        )
    with time_machine.travel(_at(accepted_on + timedelta(days=14)), tick=False):
        _sweep()
    assert not _told("referral_no_progress")  # the note restarted the clock
    with time_machine.travel(_at(accepted_on + timedelta(days=24)), tick=False):
        _sweep()
        _sweep()
    assert _told("referral_no_progress") == {personas.practitioner_b.pk}
    assert _told("referral_check_in") == {personas.practitioner_a.pk}
    assert Notification.objects.filter(kind="referral_no_progress").count() == 1


def test_the_sender_is_asked_at_the_follow_up_date_unless_already_answered(sent, personas):
    with time_machine.travel(_at(date(2026, 12, 2)), tick=False):
        services.referral_accept(
            referral_id=sent.pk, by=personas.practitioner_b, agreed_role="相談"
        )
        services.referral_complete(
            referral_id=sent.pk, by=personas.practitioner_b, provided="面談", got_help="yes"
        )
    with time_machine.travel(_at(date(2026, 12, 28)), tick=False):
        _sweep()
    assert _told("referral_follow_up") == {personas.practitioner_a.pk}


def test_no_follow_up_question_once_answered(sent, personas):
    with time_machine.travel(_at(date(2026, 12, 2)), tick=False):
        services.referral_accept(
            referral_id=sent.pk, by=personas.practitioner_b, agreed_role="相談"
        )
        services.referral_answer_help(referral_id=sent.pk, by=personas.practitioner_a, answer="yes")
    with time_machine.travel(_at(date(2026, 12, 28)), tick=False):
        _sweep()
    assert not _told("referral_follow_up")


def test_a_practitioner_who_left_the_receiving_agency_is_not_reminded(sent, personas):
    colleague = UserFactory.create(agency=personas.agency_b)
    personas.practitioner_b.agency = UserFactory.create().agency
    personas.practitioner_b.save(update_fields=["agency"])
    with time_machine.travel(_at(date(2026, 12, 1)), tick=False):
        _sweep()
    assert _told("referral_unacknowledged") == {colleague.pk}


def test_offsets_are_settings(personas, settings):
    settings.REFERRAL_RULES = {**settings.REFERRAL_RULES, "acknowledge_business_days": 1}
    with time_machine.travel(FRIDAY, tick=False):
        case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
        referral = refer(case, personas.agency_b, personas.coordinator)
    due = reminders_of(referral).get(kind="referral_unacknowledged").due_at
    assert due == _at(date(2026, 11, 30), minute=0)  # Monday
