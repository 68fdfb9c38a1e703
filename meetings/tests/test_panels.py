"""Participation per agency (factor 2), on the agency page and in collaboration health;
the case page lists the meetings that discussed the case with their outcomes."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from meetings import minutes, services
from meetings.models import Attendance, Tier
from meetings.selectors import participation
from meetings.tests.factories import kind as kind_of
from reports.health import collaboration_health


def _held(personas, tier, attended_b: bool, case=None):
    start = timezone.now() - timedelta(days=3)
    meeting = services.meeting_schedule(
        by=personas.coordinator,
        kind=kind_of(tier),
        title="会議",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="会議室",
        agencies=[personas.agency_a, personas.agency_b],
    )
    item = None
    if case is not None:
        item = services.item_add(meeting=meeting, by=personas.coordinator, kind="case", case=case)
    presence = {
        personas.agency_a.pk: Attendance.Presence.PRESENT,
        personas.agency_b.pk: Attendance.Presence.DEPUTY
        if attended_b
        else Attendance.Presence.ABSENT,
    }
    services.attendance_record(
        meeting=meeting,
        by=personas.coordinator,
        entries=[
            services.Presence(i.pk, presence[i.agency_id], "代理 太郎")
            for i in meeting.invitations.all()
        ],
    )
    return meeting, item


def test_participation_counts_invitations_and_attendance_per_agency_and_tier(personas):
    _held(personas, Tier.PRACTITIONERS, attended_b=True)
    _held(personas, Tier.PRACTITIONERS, attended_b=False)
    _held(personas, Tier.REPRESENTATIVES, attended_b=False)
    today = timezone.localdate()
    figures = participation(since=today - timedelta(days=365), until=today)
    b = figures[personas.agency_b.pk]
    assert (b.invited, b.attended, b.rate) == (3, 1, 33)
    assert b.by_tier == {"practitioners": (2, 1), "representatives": (1, 0)}
    assert figures[personas.agency_a.pk].rate == 100
    health = collaboration_health(since=today - timedelta(days=365), until=today, today=today)
    row = next(r for r in health.agencies if r.agency == personas.agency_b)
    assert row.attendance.attended == 1 and health.attendance == 67


def test_the_agency_page_shows_participation(client, personas):
    _held(personas, Tier.PRACTITIONERS, attended_b=False)
    client.force_login(personas.practitioner_a)
    page = client.get(personas.agency_b.get_absolute_url()).text
    assert "招待された1回のうち0回出席（0%）" in page


def test_the_case_page_lists_the_meetings_and_their_outcomes(client, personas, case):
    meeting, item = _held(personas, Tier.CASE_REVIEW, attended_b=True, case=case)
    minutes.minutes_save_item(
        item=item, by=personas.coordinator, discussion="", decisions="月2回の訪問を継続"
    )
    minutes.action_add(
        meeting=meeting,
        by=personas.coordinator,
        what="家族面談の設定",
        agency=personas.agency_a,
        due_on=date.today() + timedelta(days=10),
        item=item,
    )
    client.force_login(personas.practitioner_a)
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert "月2回の訪問を継続" in page and "家族面談の設定" in page
    assert meeting.get_absolute_url() in page
