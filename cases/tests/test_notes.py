"""Structured visit notes: when, how long, where, who was met, next contact; a task done
from the note; corrections with a reason."""

from datetime import date, timedelta

from django.urls import reverse

from cases import services
from conftest import reminders_of


def test_a_home_visit_records_its_details_and_shows_them(client, personas, case):
    client.force_login(personas.practitioner_a)
    today = date.today()
    response = client.post(
        reverse("cases:note-add", args=[case.pk]),
        {
            "contact_on": today.isoformat(),
            "contact_time": "14:30",
            "duration_minutes": "45",
            "kind": "home_visit",
            "met": "family_only",
            "place": "自宅（玄関先）",
            "text": "母親と玄関先で話す。本人は2階にいる様子。",
            "next_contact_on": (today + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    note = case.notes.get()
    assert (note.met, note.duration_minutes, note.place) == ("family_only", 45, "自宅（玄関先）")
    page = client.get(case.get_absolute_url()).text
    assert "14:30" in page and "家族のみ" in page and "45分" in page


def test_the_note_form_says_whose_case_it_is(client, personas, case):
    client.force_login(personas.practitioner_a)
    page = client.get(reverse("cases:note-add", args=[case.pk])).text
    assert case.young_person.full_name in page and case.number in page


def test_a_task_done_from_the_note_form_settles_its_reminders(client, personas, case, task):
    assert reminders_of(task).filter(sent_at=None).exists()
    client.force_login(personas.practitioner_a)
    client.post(
        reverse("cases:note-add", args=[case.pk]),
        {
            "contact_on": date.today().isoformat(),
            "kind": "home_visit",
            "text": "訪問し、外出に誘った。",
            "complete_task": task.pk,
        },
    )
    task.refresh_from_db()
    assert task.status == "done"
    assert not reminders_of(task).filter(sent_at=None).exists()


def test_a_task_another_agency_owns_cannot_be_ticked_from_the_note(client, personas, case):
    services.team_member_add(case=case, agency=personas.agency_b, by=personas.coordinator)
    theirs = services.task_add(
        plan=case.plan,
        description="A機関の仕事",
        agency=personas.agency_a,
        due_on=date.today() + timedelta(days=3),
        by=personas.coordinator,
    )
    client.force_login(personas.practitioner_b)
    page = client.get(reverse("cases:note-add", args=[case.pk])).text
    assert "A機関の仕事" not in page
    response = client.post(
        reverse("cases:note-add", args=[case.pk]),
        {
            "contact_on": date.today().isoformat(),
            "kind": "phone",
            "text": "電話",
            "complete_task": theirs.pk,
        },
    )
    assert response.status_code == 422
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_a_correction_asks_for_its_reason(client, personas, case):
    note = services.note_add(
        case=case, author=personas.practitioner_a, contact_on=date.today(), kind="phone", text="元"
    )
    client.force_login(personas.practitioner_a)
    url = reverse("cases:note-amend", args=[case.pk, note.pk])
    data = {"contact_on": date.today().isoformat(), "kind": "phone", "text": "訂正後"}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "訂正の理由を書いてください" in response.text
    client.post(url, {**data, "amend_reason": "通話の相手を取り違えた"})
    assert note.amendments.get().amend_reason == "通話の相手を取り違えた"
    assert "通話の相手を取り違えた" in client.get(case.get_absolute_url()).text
