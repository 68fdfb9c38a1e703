"""The demo's year of meetings: every tier, agendas, attendance, confirmed minutes,
one draft, open action items, and an upcoming meeting for every demo login."""

from collections.abc import Iterator
from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cases.models import CaseNote, YoungPerson
from meetings.access import meetings_visible_to
from meetings.models import ActionItem, Attendance, Meeting, MinutesStatus, Status, Tier

SEEDED_AT = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
LOGINS = ["coordinator", "practitioner", "outreach", "teacher", "hoken", "welfare", "saposute"]


@pytest.fixture(scope="module")
def demo_council(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(SEEDED_AT, tick=False):
            call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_a_year_of_meetings_of_every_tier(demo_council: None, db: None) -> None:
    tiers = set(Meeting.objects.values_list("kind__tier", flat=True))
    assert {Tier.REPRESENTATIVES, Tier.PRACTITIONERS, Tier.CASE_REVIEW} <= tiers
    held = Meeting.objects.filter(status=Status.HELD)
    assert held.count() >= 12
    assert held.filter(minutes_status=MinutesStatus.DRAFT).count() == 1
    assert Attendance.objects.filter(presence=Attendance.Presence.DEPUTY).exists()
    assert Attendance.objects.filter(presence=Attendance.Presence.ABSENT).exists()
    assert ActionItem.objects.filter(done_on__isnull=True).exists()
    assert CaseNote.objects.filter(kind=CaseNote.Kind.MEETING).exists()


def test_every_demo_login_has_an_upcoming_meeting(demo_council: None, db: None) -> None:
    with time_machine.travel(SEEDED_AT, tick=False):
        for login in [*LOGINS, "representative"]:
            user = User.objects.get(username=login)
            upcoming = meetings_visible_to(user).filter(
                status=Status.SCHEDULED, starts_at__gt=SEEDED_AT
            )
            assert upcoming.exists(), login
        rep = User.objects.get(username="representative")
        assert (
            meetings_visible_to(rep)
            .filter(kind__tier=Tier.REPRESENTATIVES, starts_at__gt=SEEDED_AT)
            .exists()
        )


def test_a_practitioners_meeting_page_names_no_young_person(demo_council: None, db: None) -> None:
    names = set(YoungPerson.objects.values_list("family_name", "given_name"))
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    meeting = Meeting.objects.filter(kind__tier=Tier.PRACTITIONERS, status=Status.HELD).first()
    assert meeting is not None
    for name in ("meetings:detail", "meetings:minutes"):
        page = client.get(reverse(name, args=[meeting.pk])).text
        assert not any(f"{family} {given}" in page for family, given in names)


def test_seeding_again_adds_no_meeting(demo_council: None, db: None) -> None:
    before = (Meeting.objects.count(), ActionItem.objects.count())
    with time_machine.travel(SEEDED_AT, tick=False):
        call_command("seed_demo", stdout=StringIO())
    assert (Meeting.objects.count(), ActionItem.objects.count()) == before
