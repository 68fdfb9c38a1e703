"""The agenda builder finds a case by a typed number (or, on a case review, a name)
and a presenter by a typed name: a prefecture has 60,000 open cases and 5,000 people."""

from django.urls import reverse

from cases import services as case_services
from cases.models import Case
from cases.tests.factories import YoungPersonFactory, open_case
from meetings.models import AgendaItem, Tier
from meetings.tests.factories import schedule


def _case(personas, family_name: str, kana: str = "タカハシ") -> Case:
    person = YoungPersonFactory.create(family_name=family_name, family_name_kana=kana)
    return open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=person)


def _search(client, meeting, query: str) -> str:
    response = client.get(reverse("meetings:cases", args=[meeting.pk]), {"case_q": query})
    assert response.status_code == 200
    return response.text


def test_the_builder_lists_no_case_and_no_person_until_one_is_typed(client, personas):
    case = _case(personas, "高橋")
    meeting = schedule(by=personas.coordinator)
    client.force_login(personas.coordinator)
    page = client.get(reverse("meetings:agenda", args=[meeting.pk])).text
    assert case.anonymised_label not in page
    assert personas.practitioner_b.get_full_name() not in page
    assert f'hx-get="{reverse("meetings:cases", args=[meeting.pk])}"' in page
    assert f'hx-get="{reverse("meetings:people", args=[meeting.pk])}"' in page


def test_an_anonymised_meeting_finds_cases_by_number_only(client, personas):
    case = _case(personas, "高橋")
    other = _case(personas, "渡辺", "ワタナベ")
    meeting = schedule(by=personas.coordinator, tier=Tier.PRACTITIONERS)
    client.force_login(personas.coordinator)
    options = _search(client, meeting, case.number)
    assert f'<option value="{case.pk}">{case.anonymised_label}</option>' in options
    assert f'value="{other.pk}"' not in options
    assert "高橋" not in options
    # a name is not looked up where the agenda shows none
    assert f'value="{case.pk}"' not in _search(client, meeting, "高橋")
    assert "該当する対応中のケースはありません" in _search(client, meeting, "高橋")
    assert "上の欄にケース番号を入力してください" in _search(client, meeting, "")


def test_a_case_review_finds_cases_by_name_too_but_not_closed_ones(client, personas):
    case = _case(personas, "高橋")
    closed = _case(personas, "高橋")
    case_services.case_close(
        case=closed, reason=Case.ClosureReason.GOAL_REACHED, by=personas.coordinator
    )
    meeting = schedule(by=personas.coordinator, tier=Tier.CASE_REVIEW)
    client.force_login(personas.coordinator)
    for query in ("高橋", "たかはし"):
        options = _search(client, meeting, query)
        assert f'value="{case.pk}"' in options
        assert f'value="{closed.pk}"' not in options


def test_the_chosen_case_and_presenter_are_posted_and_shown_again(client, personas):
    case = _case(personas, "高橋")
    meeting = schedule(by=personas.coordinator)
    presenter = personas.practitioner_a
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("meetings:agenda", args=[meeting.pk]),
        {"kind": AgendaItem.Kind.CASE, "case": case.pk, "presenter": presenter.pk},
    )
    assert response.status_code == 302
    item = meeting.items.get()
    assert (item.case, item.presenter) == (case, presenter)
    edit = client.get(reverse("meetings:item-edit", args=[item.pk])).text
    assert f'<option value="{presenter.pk}" selected>{presenter.get_full_name()}' in edit


def test_a_case_outside_the_agenda_is_refused_and_not_labelled(client, personas):
    closed = _case(personas, "高橋")
    case_services.case_close(
        case=closed, reason=Case.ClosureReason.GOAL_REACHED, by=personas.coordinator
    )
    meeting = schedule(by=personas.coordinator)
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("meetings:agenda", args=[meeting.pk]),
        {"kind": AgendaItem.Kind.CASE, "case": closed.pk},
    )
    assert response.status_code == 422
    assert "正しく選択してください" in response.text
    assert closed.anonymised_label not in response.text
    assert not meeting.items.exists()
