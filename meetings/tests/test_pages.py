"""The pages: privacy by level, the .ics and the feed, query budgets, retention."""

from datetime import date, timedelta

import pytest
import time_machine
import vobject
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.tests.factories import YoungPersonFactory, open_case
from meetings import minutes, services
from meetings.models import ActionItem, AgendaItem, Attendance, CalendarFeed, MinutesAmendment, Tier
from meetings.tests.factories import at, schedule
from meetings.tests.factories import kind as kind_of

NAME = "古川"


@pytest.fixture
def named_case(personas):
    person = YoungPersonFactory.create(family_name=NAME, given_name="陽太")
    return open_case(
        lead_agency=personas.agency_a,
        by=personas.coordinator,
        person=person,
        key_worker=personas.practitioner_a,
    )


def _meeting(personas, case, tier, agencies):
    start = timezone.now() - timedelta(hours=1)
    meeting = services.meeting_schedule(
        by=personas.coordinator,
        kind=kind_of(tier),
        title="会議",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="会議室",
        agencies=agencies,
    )
    services.item_add(
        meeting=meeting, by=personas.coordinator, kind="case", case=case, prepared_text="準備情報"
    )
    return meeting


def test_a_practitioners_meeting_never_shows_a_name_even_to_the_team(client, personas, named_case):
    meeting = _meeting(personas, named_case, Tier.PRACTITIONERS, [personas.agency_a])
    for user in (personas.coordinator, personas.practitioner_a, personas.representative):
        client.force_login(user)
        for name in (
            "meetings:detail",
            "meetings:minutes",
            "meetings:print-agenda",
            "meetings:print-minutes",
        ):
            page = client.get(reverse(name, args=[meeting.pk])).text
            assert NAME not in page, (user, name)
            assert "準備情報" in page and "A-" in page


def test_the_case_review_shows_the_name_to_the_team_and_to_invitees_while_granted(
    client, personas, named_case
):
    review = _meeting(
        personas, named_case, Tier.CASE_REVIEW, [personas.agency_a, personas.agency_b]
    )
    url = reverse("meetings:detail", args=[review.pk])
    for user in (personas.coordinator, personas.practitioner_a, personas.practitioner_b):
        client.force_login(user)
        assert NAME in client.get(url).text, user
    client.force_login(personas.representative)  # agency A invited, but no case role
    assert NAME not in client.get(url).text
    # the grant ends with the confirmed minutes: the invitee off the team sees the label only
    services.meeting_mark_held(meeting=review, by=personas.coordinator)
    minutes.minutes_confirm(meeting=review, by=personas.coordinator)
    client.force_login(personas.practitioner_b)
    page = client.get(url).text
    assert NAME not in page and "A-" in page


def test_the_ics_parses_with_a_second_parser_and_has_the_right_times(client, personas):
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        meeting = schedule(
            by=personas.coordinator, agencies=(personas.agency_a,), title="古川さんの件"
        )
    client.force_login(personas.practitioner_a)
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode())
    event = calendar.vevent
    assert event.dtstart.value == at(2026, 12, 3, 14)
    assert event.dtend.value == at(2026, 12, 3, 16)
    assert event.dtstart.params.get("X-VOBJ-ORIGINAL-TZID") == ["Asia/Tokyo"]  # TZID kept
    assert event.dtstart.value.utcoffset() == timedelta(hours=9)
    assert event.summary.value == "実務者会議"
    assert NAME not in response.content.decode()  # the typed title never leaves the app


def test_the_feed_lists_my_meetings_and_rejects_a_wrong_token(client, personas, case):
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        schedule(by=personas.coordinator, agencies=(personas.agency_a,))
        schedule(by=personas.coordinator, agencies=(personas.agency_b,), starts_at=at(2026, 12, 4))
    feed = CalendarFeed.objects.create(user=personas.practitioner_a)
    with time_machine.travel(at(2026, 11, 21, 10), tick=False):
        response = client.get(reverse("meetings:feed", args=[feed.token]))
        # one character changed (a token that ends in "x" already gets a "y")
        wrong = feed.token[:-1] + ("y" if feed.token.endswith("x") else "x")
        assert client.get(reverse("meetings:feed", args=[wrong])).status_code == 404
    events = list(vobject.readOne(response.content.decode()).vevent_list)
    assert [e.dtstart.value for e in events] == [at(2026, 12, 3, 14)]


def test_the_feed_reset_makes_a_new_secret(client, personas):
    client.force_login(personas.practitioner_a)
    client.get(reverse("meetings:feed-settings"))
    old = CalendarFeed.objects.get(user=personas.practitioner_a).token
    client.post(reverse("meetings:feed-reset"))
    assert CalendarFeed.objects.get(user=personas.practitioner_a).token != old
    assert client.get(reverse("meetings:feed", args=[old])).status_code == 404


def _busy_meeting(personas, n):
    start = timezone.now() - timedelta(hours=1)
    meeting = services.meeting_schedule(
        by=personas.coordinator,
        kind=kind_of(Tier.PRACTITIONERS),
        title="定例",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="会議室",
        agencies=[personas.agency_a, personas.agency_b],
    )
    for _ in range(n):
        case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
        item = services.item_add(meeting=meeting, by=personas.coordinator, kind="case", case=case)
        minutes.action_add(
            meeting=meeting,
            by=personas.coordinator,
            what="確認",
            agency=personas.agency_a,
            due_on=date.today() + timedelta(days=7),
            item=item,
        )
    return meeting


@pytest.mark.parametrize("name", ["meetings:detail", "meetings:minutes", "meetings:agenda"])
def test_the_meeting_pages_with_30_case_items_keep_a_query_budget(
    client, personas, django_assert_max_num_queries, name
):
    meeting = _busy_meeting(personas, 30)
    client.force_login(personas.coordinator)
    with django_assert_max_num_queries(30):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 200


def test_the_list_keeps_a_query_budget(client, personas, django_assert_max_num_queries):
    for day in range(1, 26):
        schedule(by=personas.coordinator, starts_at=at(2027, 1, day), agencies=(personas.agency_a,))
    client.force_login(personas.practitioner_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:index")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:month") + "?month=2027-01").status_code == 200


SECRET = "古川さんの母親が入院中のため"


def test_retention_covers_minutes_notes_records_actions_and_amendments(personas):
    with time_machine.travel(date(2018, 5, 1)):
        person = YoungPersonFactory.create(family_name=NAME)
        case = open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=person)
        meeting = services.meeting_schedule(
            by=personas.coordinator,
            kind=kind_of(Tier.CASE_REVIEW),
            title="検討",
            starts_at=timezone.now() - timedelta(hours=2),
            ends_at=timezone.now() - timedelta(hours=1),
            place="会議室",
            agencies=[personas.agency_a],
        )
        item = services.item_add(
            meeting=meeting, by=personas.coordinator, kind="case", case=case, prepared_text=SECRET
        )
        services.attendance_record(
            meeting=meeting,
            by=personas.coordinator,
            entries=[services.Presence(meeting.invitations.get().pk, Attendance.Presence.PRESENT)],
        )
        minutes.minutes_save_item(
            item=item, by=personas.coordinator, discussion=SECRET, decisions=SECRET
        )
        minutes.action_add(
            meeting=meeting,
            by=personas.coordinator,
            what=SECRET,
            agency=personas.agency_a,
            due_on=date(2018, 6, 1),
            item=item,
        )
        minutes.case_note_log(item=item, by=personas.practitioner_a, text=SECRET)
        minutes.record_save(
            item=item,
            by=personas.coordinator,
            situation=SECRET,
            policy=SECRET,
            roles=[(personas.agency_a, SECRET)],
        )
        minutes.minutes_confirm(meeting=meeting, by=personas.coordinator)
        minutes.minutes_amend(
            meeting=meeting, item=item, by=personas.coordinator, text=SECRET, reason=SECRET
        )
        case_services.case_close(case=case, reason="goal_reached", by=personas.coordinator)
    with time_machine.travel(date(2026, 11, 28)):
        call_command("anonymise_closed_cases")
    item = AgendaItem.objects.get(pk=item.pk)
    assert SECRET not in f"{item.prepared_text}{item.discussion}{item.decisions}"
    assert not ActionItem.objects.filter(what__contains=SECRET).exists()
    assert not MinutesAmendment.objects.filter(text__contains=SECRET).exists()
    record = item.record
    assert SECRET not in f"{record.situation}{record.policy}"
    assert not record.roles.filter(role_text__contains=SECRET).exists()
    assert SECRET not in item.case_notes.get().note.text


def test_pages_that_show_a_case_review_record_the_read(client, personas, named_case):
    from auditlog.models import LogEntry

    review = _meeting(personas, named_case, Tier.CASE_REVIEW, [personas.agency_a])
    item = review.items.get()
    client.force_login(personas.practitioner_a)
    urls = [
        reverse("meetings:detail", args=[review.pk]),
        reverse("meetings:minutes", args=[review.pk]),
        reverse("meetings:print-agenda", args=[review.pk]),
        reverse("meetings:print-record", args=[item.pk]),
    ]
    for url in urls:
        last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        assert client.get(url).status_code == 200
        reads = LogEntry.objects.filter(pk__gt=last, action=LogEntry.Action.ACCESS)
        assert reads.filter(object_id=named_case.pk, actor=personas.practitioner_a).exists(), url


@pytest.mark.parametrize(("tier", "shown"), [(Tier.PRACTITIONERS, False), (Tier.CASE_REVIEW, True)])
def test_the_minutes_read_case_meeting_notes_only_where_they_are_shown(
    client, personas, named_case, tier, shown
):
    """An anonymised meeting's minutes never read the young people or the notes the
    team logged: what a page does not show, it does not load."""
    meeting = _meeting(personas, named_case, tier, [personas.agency_a])
    item = meeting.items.get()
    services.attendance_record(
        meeting=meeting,
        by=personas.coordinator,
        entries=[services.Presence(meeting.invitations.get().pk, Attendance.Presence.PRESENT)],
    )
    minutes.case_note_log(item=item, by=personas.practitioner_a, text="家族面談を行う")
    client.force_login(personas.practitioner_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("meetings:minutes", args=[meeting.pk])).text
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert ("家族面談を行う" in page, NAME in page) == (shown, shown)
    assert ("meetings_meetingcasenote" in read) == shown
    assert ('"cases_youngperson"' in read) == shown


def test_an_action_item_says_who_by_when_and_whether_it_is_late_or_done(client, personas):
    with time_machine.travel(date(2026, 11, 10)):
        meeting = _busy_meeting(personas, 1)
        late = minutes.action_add(
            meeting=meeting,
            by=personas.coordinator,
            what="家庭訪問の日程を調整する",
            agency=personas.agency_b,
            assignee=personas.practitioner_b,
            due_on=date(2026, 11, 20),
        )
        done = ActionItem.objects.get(meeting=meeting, what="確認")
        minutes.action_set_done(action=done, by=personas.coordinator, done=True)
    client.force_login(personas.coordinator)
    with time_machine.travel(date(2026, 11, 28)):
        for name in ("meetings:detail", "meetings:minutes"):
            page = client.get(reverse(name, args=[meeting.pk])).text
            row = page[page.index(f'id="action-{late.pk}"') :]
            row = row[: row.index("</li>")]
            who = f"{personas.practitioner_b.get_full_name()}（{personas.agency_b.name}）"
            assert f"{who} ・ 期限：2026年11月20日" in row
            assert "期限切れ" in row and "完了にする" in row
            assert reverse("meetings:action-done", args=[late.pk]) in row
            row = page[page.index(f'id="action-{done.pk}"') :]
            row = row[: row.index("</li>")]
            assert "text-decoration-line-through" in row and "未完了に戻す" in row
            assert f"{personas.agency_a.name} ・ 期限" in row
