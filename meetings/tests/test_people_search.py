"""Inviting a person: the matches for a typed name or reading, not every person."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from meetings import services
from meetings.forms import ActionForm
from meetings.models import Attendance
from meetings.tests.factories import schedule


def _search(client, meeting, query: str) -> str:
    response = client.get(reverse("meetings:people", args=[meeting.pk]), {"person_q": query})
    assert response.status_code == 200
    return response.text


def test_the_meeting_page_lists_nobody_until_a_name_is_typed(client, personas):
    meeting = schedule(by=personas.coordinator)
    client.force_login(personas.coordinator)
    page = client.get(meeting.get_absolute_url()).text
    assert personas.practitioner_b.get_full_name() not in page
    assert f'hx-get="{reverse("meetings:people", args=[meeting.pk])}"' in page


def test_a_name_or_its_reading_in_either_kana_finds_the_person(client, personas):
    meeting = schedule(by=personas.coordinator)
    found = UserFactory.create(family_name="鈴木", given_name="一郎", family_name_kana="スズキ")
    UserFactory.create(family_name="佐藤", given_name="二郎", family_name_kana="サトウ")
    gone = UserFactory.create(family_name="鈴木", given_name="三郎", is_active=False)
    client.force_login(personas.coordinator)
    for query in ("鈴木", "すずき", "ｽｽﾞｷ", "鈴木 一郎"):
        options = _search(client, meeting, query)
        assert f'<option value="{found.pk}">鈴木 一郎（{found.agency}）</option>' in options
        assert "佐藤" not in options
        assert str(gone.pk) not in options
    assert "該当する人はいません" in _search(client, meeting, "存在しない名前")
    assert "上の欄に名前を入力してください" in _search(client, meeting, " ")


def test_a_typed_name_is_escaped(client, personas):
    meeting = schedule(by=personas.coordinator)
    client.force_login(personas.coordinator)
    options = _search(client, meeting, "<script>")
    assert "<script>" not in options and "&lt;script&gt;" in options


def test_the_invite_posts_the_chosen_person(client, personas):
    meeting = schedule(by=personas.coordinator)
    other = personas.practitioner_b
    client.force_login(personas.coordinator)
    client.post(reverse("meetings:invite", args=[meeting.pk]), {"user": other.pk})
    assert meeting.invitations.filter(user=other).exists()


def test_who_attended_may_find_practitioners_for_an_action_item(client, personas):
    meeting = schedule(
        by=personas.coordinator,
        starts_at=timezone.now() - timedelta(hours=3),
        agencies=(personas.agency_a,),
    )
    url = reverse("meetings:people", args=[meeting.pk])
    worker = UserFactory.create(family_name="鈴木", given_name="一郎", agency=personas.agency_b)
    office = UserFactory.create(family_name="鈴木", given_name="二郎", role=Role.COORDINATOR)
    client.force_login(personas.practitioner_a)
    assert client.get(url, {"person_q": "鈴木"}).status_code == 403  # invited, not yet there
    services.attendance_record(
        meeting=meeting,
        by=personas.coordinator,
        entries=[services.Presence(meeting.invitations.get().pk, Attendance.Presence.PRESENT)],
    )
    options = client.get(url, {"person_q": "鈴木", "practitioners": "1"}).text
    assert f'value="{worker.pk}"' in options
    assert f'value="{office.pk}"' not in options  # an action item goes to a practitioner


def test_a_chosen_person_stays_chosen_when_the_form_comes_back(client, personas):
    meeting = schedule(by=personas.coordinator)
    worker = personas.practitioner_a
    form = ActionForm({"assignee": worker.pk, "what": ""}, meeting=meeting)
    assert not form.is_valid()
    html = str(form["assignee"])
    assert (
        f'<option value="{worker.pk}" selected>{worker.get_full_name()}（{worker.agency}）' in html
    )


def test_who_only_attended_finds_practitioners_only(client, personas):
    meeting = schedule(
        by=personas.coordinator,
        starts_at=timezone.now() - timedelta(hours=3),
        agencies=(personas.agency_a,),
    )
    services.attendance_record(
        meeting=meeting,
        by=personas.coordinator,
        entries=[services.Presence(meeting.invitations.get().pk, Attendance.Presence.PRESENT)],
    )
    office = UserFactory.create(family_name="鈴木", given_name="二郎", role=Role.COORDINATOR)
    client.force_login(personas.practitioner_a)
    options = _search(client, meeting, "鈴木")  # without asking for practitioners
    assert f'value="{office.pk}"' not in options
