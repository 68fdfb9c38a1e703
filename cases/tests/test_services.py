from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Case, CaseNote
from cases.services import IllegalTransition
from cases.tests.factories import YoungPersonFactory, open_case
from core.dates import fiscal_year_of


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 4, 1), 2026), (date(2027, 3, 31), 2026), (date(2026, 3, 31), 2025)],
)
def test_fiscal_year_starts_in_april(day, year):
    assert fiscal_year_of(day) == year


def test_case_numbers_count_up_within_a_fiscal_year_and_restart(personas):
    by, lead = personas.coordinator, personas.agency_a
    first = open_case(lead_agency=lead, by=by, opened_on=date(2027, 3, 30))
    second = open_case(lead_agency=lead, by=by, opened_on=date(2027, 3, 31))
    third = open_case(lead_agency=lead, by=by, opened_on=date(2027, 4, 1))
    assert [first.number, second.number, third.number] == ["2026-0001", "2026-0002", "2027-0001"]


def test_opening_puts_the_lead_on_the_team_with_an_empty_plan(case, personas):
    member = case.team.get()
    assert member.agency == personas.agency_a
    assert list(member.practitioners.all()) == [personas.practitioner_a]
    assert case.plan.goals.count() == 0


@time_machine.travel(date(2026, 11, 28))
def test_anonymised_label_has_number_age_and_gender_only(personas):
    person = YoungPersonFactory.create(date_of_birth=date(2009, 5, 1), gender="male")
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=person)
    assert case.anonymised_label == f"A-{case.number} / 17歳 / 男性"
    assert person.family_name not in case.anonymised_label


def test_key_worker_must_belong_to_the_lead_agency(personas):
    with pytest.raises(ValidationError) as error:
        open_case(
            lead_agency=personas.agency_a,
            by=personas.coordinator,
            key_worker=personas.practitioner_b,
        )
    assert "key_worker" in error.value.message_dict


def test_lifecycle_allows_forward_moves_and_refuses_skips(case, personas):
    by = personas.coordinator
    with pytest.raises(IllegalTransition) as error:
        services.case_transition(case=case, to_status=Case.Status.MONITORING, by=by)
    assert "「受付」から「見守り」" in error.value.messages[0]
    for status in (Case.Status.ASSESSMENT, Case.Status.ACTIVE, Case.Status.MONITORING):
        case = services.case_transition(case=case, to_status=status, by=by)
    case = services.case_transition(case=case, to_status=Case.Status.ACTIVE, by=by)
    assert case.status == Case.Status.ACTIVE
    with pytest.raises(IllegalTransition):
        services.case_transition(case=case, to_status=Case.Status.CLOSED, by=by)


def test_closing_needs_a_reason_and_other_needs_words(case, personas):
    by = personas.coordinator
    with pytest.raises(ValidationError):
        services.case_close(case=case, reason="", by=by)
    with pytest.raises(ValidationError):
        services.case_close(case=case, reason=Case.ClosureReason.OTHER, note=" ", by=by)
    case = services.case_close(case=case, reason=Case.ClosureReason.MOVED_AWAY, by=by)
    assert case.status == Case.Status.CLOSED
    assert case.closed_on is not None


def test_reopen_goes_back_to_assessment(case, personas):
    by = personas.coordinator
    services.case_close(case=case, reason=Case.ClosureReason.NO_CONTACT, by=by)
    case = services.case_reopen(case=case, by=by)
    assert case.status == Case.Status.ASSESSMENT
    assert case.closure_reason == ""
    with pytest.raises(IllegalTransition):
        services.case_reopen(case=case, by=by)


def test_lead_agency_cannot_leave_the_team(case, personas):
    with pytest.raises(ValidationError):
        services.team_member_remove(member=case.team.get(), by=personas.coordinator)


def test_removed_membership_is_kept_as_history(case, personas):
    member = services.team_member_add(case=case, agency=personas.agency_b, by=personas.coordinator)
    services.team_member_remove(member=member, by=personas.coordinator)
    member.refresh_from_db()
    assert member.removed_at is not None
    assert member.removed_by == personas.coordinator
    again = services.team_member_add(case=case, agency=personas.agency_b, by=personas.coordinator)
    assert case.team.filter(agency=personas.agency_b).count() == 2
    assert again.removed_at is None


def test_agency_cannot_join_twice(case, personas):
    with pytest.raises(ValidationError):
        services.team_member_add(case=case, agency=personas.agency_a, by=personas.coordinator)


def test_lead_can_move_only_to_a_team_agency(case, personas):
    by = personas.coordinator
    with pytest.raises(ValidationError):
        services.case_set_lead(case=case, lead_agency=personas.agency_b, key_worker=None, by=by)
    services.team_member_add(case=case, agency=personas.agency_b, by=by)
    case = services.case_set_lead(
        case=case, lead_agency=personas.agency_b, key_worker=personas.practitioner_b, by=by
    )
    assert case.lead_agency == personas.agency_b


def test_task_cannot_be_due_before_the_case_opened(case, personas):
    with pytest.raises(ValidationError) as error:
        services.task_add(
            plan=case.plan,
            description="訪問",
            agency=personas.agency_a,
            due_on=case.opened_on - timedelta(days=1),
            by=personas.coordinator,
        )
    assert "due_on" in error.value.message_dict


def test_task_must_go_to_a_team_agency(case, personas):
    with pytest.raises(ValidationError) as error:
        services.task_add(
            plan=case.plan,
            description="訪問",
            agency=personas.agency_b,
            due_on=case.opened_on,
            by=personas.coordinator,
        )
    assert "agency" in error.value.message_dict


def test_amending_a_note_keeps_the_original(case, personas):
    author = personas.practitioner_a
    note = services.note_add(
        case=case, author=author, contact_on=date.today(), kind="home_visit", text="自宅を訪問。"
    )
    fix = services.note_amend(
        amend_reason="日付の誤り", note=note, author=author, text="自宅を訪問。本人と会えた。"
    )
    again = services.note_amend(amend_reason="日付の誤り", note=fix, author=author, text="三度目")
    note.refresh_from_db()
    assert note.text == "自宅を訪問。"
    assert fix.amends == note
    assert again.amends == note  # corrections always hang off the original
    assert CaseNote.objects.filter(case=case).count() == 3


def test_notes_refuse_future_dates_and_empty_text(case, personas):
    author = personas.practitioner_a
    with pytest.raises(ValidationError):
        services.note_add(
            case=case,
            author=author,
            contact_on=date.today() + timedelta(days=1),
            kind="phone",
            text="x",
        )
    with pytest.raises(ValidationError):
        services.note_add(
            case=case, author=author, contact_on=date.today(), kind="phone", text="  "
        )
