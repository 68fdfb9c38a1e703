"""The meeting's rules: times, attendance after the start, the agenda's cases,
read-only confirmed minutes with amendments, the case review record and its grant."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from cases.access import Disclosure, case_for
from cases.models import CaseGrant, CaseNote
from cases.tests.factories import YoungPersonFactory, open_case
from meetings import minutes, services
from meetings.models import AgendaItem, Attendance, MeetingCaseNote, MinutesStatus, Status, Tier
from meetings.tests.factories import at, kind, schedule

BEFORE = datetime(2026, 11, 20, 9, 0).astimezone()
AFTER = at(2026, 12, 3, 17)


@pytest.fixture
def meeting(personas):
    with time_machine.travel(BEFORE, tick=False):
        return schedule(by=personas.coordinator, agencies=(personas.agency_a, personas.agency_b))


def test_a_meeting_that_ends_before_it_starts_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(
            by=personas.coordinator,
            kind=kind(Tier.PRACTITIONERS),
            title="定例",
            starts_at=at(2026, 12, 3, 14),
            ends_at=at(2026, 12, 3, 13),
        )
    assert "終了" in str(error.value) or "end" in str(error.value)


def test_attendance_waits_for_the_start_and_marks_the_meeting_held(personas, meeting):
    invitation = meeting.invitations.get(agency=personas.agency_a)
    entry = services.Presence(invitation.pk, Attendance.Presence.PRESENT)
    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, by=personas.coordinator, entries=[entry])
    with time_machine.travel(AFTER, tick=False):
        deputy = services.Presence(
            meeting.invitations.get(agency=personas.agency_b).pk, Attendance.Presence.DEPUTY
        )
        with pytest.raises(ValidationError):  # a deputy needs a name
            services.attendance_record(meeting=meeting, by=personas.coordinator, entries=[deputy])
        services.attendance_record(meeting=meeting, by=personas.coordinator, entries=[entry])
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD
    assert invitation.attendance.presence == Attendance.Presence.PRESENT


def test_a_case_item_needs_a_case_the_organiser_may_see(personas, case):
    with time_machine.travel(BEFORE, tick=False):
        review = schedule(by=personas.practitioner_b, tier=Tier.CASE_REVIEW)
        with pytest.raises(ValidationError) as error:
            services.item_add(meeting=review, by=personas.practitioner_b, kind="case", case=case)
        assert "case" in error.value.message_dict
        board = schedule(by=personas.coordinator, tier=Tier.REPRESENTATIVES)
        with pytest.raises(ValidationError):
            services.item_add(meeting=board, by=personas.coordinator, kind="case", case=case)


def test_case_items_keep_the_label_of_preparation_time(personas, case, meeting):
    with time_machine.travel(BEFORE, tick=False):
        item = services.item_add(
            meeting=meeting, by=personas.coordinator, kind="case", case=case, prepared_text="経過"
        )
    assert item.label.startswith("A-") and case.young_person.family_name not in item.label
    with pytest.raises(ValidationError):  # once only
        services.item_add(meeting=meeting, by=personas.coordinator, kind="case", case=case)


def test_items_move_up_and_down(personas, meeting):
    with time_machine.travel(BEFORE, tick=False):
        a, _b, c = (
            services.item_add(meeting=meeting, by=personas.coordinator, kind="topic", title=t)
            for t in "ABC"
        )
        services.item_move(item=c, by=personas.coordinator, up=True)
        services.item_move(item=a, by=personas.coordinator, up=False)
        services.item_move(item=a, by=personas.coordinator, up=False)  # already last
    assert [i.title for i in meeting.items.all()] == ["C", "B", "A"]


def _held(meeting, personas):
    with time_machine.travel(AFTER, tick=False):
        services.meeting_mark_held(meeting=meeting, by=personas.coordinator)


def test_confirmed_minutes_are_read_only_and_corrected_by_amendment(personas, meeting):
    with time_machine.travel(BEFORE, tick=False):
        item = services.item_add(
            meeting=meeting, by=personas.coordinator, kind="topic", title="報告"
        )
    _held(meeting, personas)
    with time_machine.travel(AFTER, tick=False):
        minutes.minutes_save_item(
            item=item, by=personas.coordinator, discussion="議論", decisions="決定"
        )
        minutes.minutes_confirm(meeting=meeting, by=personas.coordinator)
        with pytest.raises(services.IllegalTransition):
            minutes.minutes_save_item(
                item=item, by=personas.coordinator, discussion="x", decisions=""
            )
        with pytest.raises(services.IllegalTransition):
            minutes.minutes_confirm(meeting=meeting, by=personas.coordinator)
        with pytest.raises(services.IllegalTransition):  # not even its time
            services.meeting_update(
                meeting=meeting,
                by=personas.coordinator,
                title="変更",
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
            )
        amendment = minutes.minutes_amend(
            meeting=meeting, item=item, by=personas.coordinator, text="訂正", reason="誤記"
        )
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.discussion == "議論" and amendment.text == "訂正"
    assert meeting.minutes_status == MinutesStatus.CONFIRMED


def test_a_case_meeting_note_becomes_a_case_note_with_review_and_tasks(personas, case, meeting):
    with time_machine.travel(BEFORE, tick=False):
        item = services.item_add(meeting=meeting, by=personas.coordinator, kind="case", case=case)
    with time_machine.travel(AFTER, tick=False):
        invitation = meeting.invitations.get(agency=personas.agency_a)
        with pytest.raises(ValidationError):  # not recorded as present yet
            minutes.case_note_log(item=item, by=personas.practitioner_a, text="会議で共有")
        services.attendance_record(
            meeting=meeting,
            by=personas.coordinator,
            entries=[services.Presence(invitation.pk, Attendance.Presence.PRESENT)],
        )
        minutes.case_note_log(
            item=item,
            by=personas.practitioner_a,
            text="本人の外出が増えている。次回は家族面談。",
            next_review_on=date(2027, 1, 14),
            tasks=[minutes.NewTask("家族面談の日程調整", personas.agency_a, date(2026, 12, 20))],
        )
        with pytest.raises(ValidationError):  # agency B attended nothing about this case
            minutes.case_note_log(item=item, by=personas.practitioner_b, text="x")
    case.refresh_from_db()
    note = CaseNote.objects.get(case=case, kind=CaseNote.Kind.MEETING)
    assert note.contact_on == date(2026, 12, 3)
    assert MeetingCaseNote.objects.get(note=note).item == item
    assert case.next_review_on == date(2027, 1, 14)
    assert case.plan.tasks.filter(description="家族面談の日程調整").exists()


def _review(personas, case, invite=()):
    with time_machine.travel(BEFORE, tick=False):
        review = schedule(
            by=personas.coordinator,
            tier=Tier.CASE_REVIEW,
            agencies=(personas.agency_a, *invite),
        )
        item = services.item_add(meeting=review, by=personas.coordinator, kind="case", case=case)
    return review, item


def test_invitees_off_the_team_see_the_case_only_on_the_meeting_until_confirmed(personas, case):
    review, _item = _review(personas, case, invite=(personas.agency_b,))
    pb = personas.practitioner_b
    grant = CaseGrant.objects.get(scope=review.scope, agency=personas.agency_b)
    assert grant.expires_at == review.ends_at + timedelta(days=14)
    assert case_for(pb, case.pk, need=Disclosure.PERSONAL, within=review.scope)
    with pytest.raises(Http404):  # never beyond the meeting's pages
        case_for(pb, case.pk, need=Disclosure.PERSONAL)
    _held(review, personas)
    with time_machine.travel(AFTER, tick=False):
        minutes.minutes_confirm(meeting=review, by=personas.coordinator)
    grant.refresh_from_db()
    assert grant.ended_at is not None
    with pytest.raises(Http404):
        case_for(pb, case.pk, need=Disclosure.PERSONAL, within=review.scope)


def test_the_grant_ends_by_itself_days_after_the_meeting(personas, case):
    review, _item = _review(personas, case, invite=(personas.agency_b,))
    later = review.ends_at + timedelta(days=15)
    with time_machine.travel(later, tick=False), pytest.raises(Http404):
        case_for(personas.practitioner_b, case.pk, need=Disclosure.LABEL, within=review.scope)


def test_cancelling_ends_the_grants(personas, case):
    review, _item = _review(personas, case, invite=(personas.agency_b,))
    with time_machine.travel(BEFORE, tick=False):
        services.meeting_cancel(meeting=review, by=personas.coordinator, reason="台風のため")
    assert not CaseGrant.objects.filter(scope=review.scope, ended_at__isnull=True).exists()


def test_confirming_a_record_updates_roles_lead_and_plan(personas, case):
    review, item = _review(personas, case, invite=(personas.agency_b,))
    _held(review, personas)
    with time_machine.travel(AFTER, tick=False):
        minutes.record_save(
            item=item,
            by=personas.coordinator,
            situation="昼夜逆転",
            progress="週1回の面談が定着",
            policy="家族支援と本人の居場所づくりを並行する",
            lead_agency=personas.agency_b,
            key_worker=personas.practitioner_b,
            plan_text="月2回の訪問",
            next_review_on=date(2027, 2, 1),
            roles=[(personas.agency_a, "家族面談"), (personas.agency_b, "訪問支援")],
        )
        minutes.minutes_confirm(meeting=review, by=personas.coordinator)
    case.refresh_from_db()
    assert case.lead_agency == personas.agency_b and case.key_worker == personas.practitioner_b
    assert case.plan.policy == "家族支援と本人の居場所づくりを並行する"
    assert case.next_review_on == date(2027, 2, 1)
    roles = dict(case.team.filter(removed_at=None).values_list("agency_id", "role_text"))
    assert roles == {personas.agency_a.pk: "家族面談", personas.agency_b.pk: "訪問支援"}


def test_confirming_respects_the_consent_rule(personas):
    person = YoungPersonFactory.create(consent_to_share=False)
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=person)
    review, item = _review(personas, case, invite=(personas.agency_b,))
    _held(review, personas)
    with time_machine.travel(AFTER, tick=False):
        minutes.record_save(
            item=item, by=personas.coordinator, roles=[(personas.agency_b, "訪問支援")]
        )
        with pytest.raises(ValidationError) as error:
            minutes.minutes_confirm(meeting=review, by=personas.coordinator)
    assert "同意" in str(error.value) or "consent" in str(error.value)
    review.refresh_from_db()
    assert review.minutes_status == MinutesStatus.DRAFT
    assert AgendaItem.objects.get(pk=item.pk).record.applied_at is None


def test_the_grant_is_in_the_audit_log_when_opened_and_ended(personas, case):
    from auditlog.models import LogEntry

    review, _item = _review(personas, case, invite=(personas.agency_b,))
    grant = CaseGrant.objects.get(scope=review.scope)
    entries = LogEntry.objects.get_for_object(grant)
    assert entries.filter(action=LogEntry.Action.CREATE, actor=personas.coordinator).exists()
    with time_machine.travel(BEFORE, tick=False):
        services.meeting_cancel(meeting=review, by=personas.coordinator, reason="延期")
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()
    assert entries.first().additional_data == {"case_id": case.pk}
