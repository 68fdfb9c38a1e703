"""The agenda builder finds a case by a typed number (or, on a case review, a name)
and a presenter by a typed name: a prefecture has 60,000 open cases and 5,000 people."""

from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.models import CouncilRole
from agencies.tests.factories import AgencyFactory
from cases import services as case_services
from cases.models import Case
from cases.tests.factories import YoungPersonFactory, open_case
from meetings import services
from meetings.models import AgendaItem, Tier
from meetings.selectors import agenda_case_matches
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


def test_the_search_keeps_to_the_cases_the_organiser_may_put_on_the_agenda(personas):
    """An organiser who is a practitioner (the role changed after scheduling, say):
    by number, only their own ledger's cases on an anonymised meeting; by name,
    only their team's on a case review. A designated body's whole ledger is
    searched by number, never by name."""
    mine = _case(personas, "高橋")
    theirs = open_case(
        lead_agency=personas.agency_b,
        by=personas.coordinator,
        person=YoungPersonFactory.create(family_name="高橋", family_name_kana="タカハシ"),
    )
    worker = personas.practitioner_a
    anonymised = schedule(by=worker, tier=Tier.PRACTITIONERS)
    review = schedule(by=worker, tier=Tier.CASE_REVIEW)
    for number in (mine.number, theirs.number):
        assert agenda_case_matches(worker, anonymised, number, 30) == (
            [mine] if number == mine.number else []
        )
    assert agenda_case_matches(worker, review, "高橋", 30) == [mine]

    designated = UserFactory.create(
        agency=AgencyFactory.create(council_role=CouncilRole.DESIGNATED)
    )
    ledger_wide = schedule(by=designated, tier=Tier.PRACTITIONERS)
    assert agenda_case_matches(designated, ledger_wide, theirs.number, 30) == [theirs]
    assert agenda_case_matches(designated, ledger_wide, "高橋", 30) == []
    review_by_designated = schedule(by=designated, tier=Tier.CASE_REVIEW)
    assert agenda_case_matches(designated, review_by_designated, "高橋", 30) == []


def test_a_case_already_on_the_agenda_is_not_offered_again(client, personas):
    case = _case(personas, "高橋")
    other = _case(personas, "渡辺", "ワタナベ")
    meeting = schedule(by=personas.coordinator)
    office = personas.coordinator
    services.item_add(meeting=meeting, by=office, kind=AgendaItem.Kind.CASE, case=case)
    services.item_add(meeting=meeting, by=office, kind=AgendaItem.Kind.TOPIC, title="報告")
    client.force_login(office)
    assert f'value="{case.pk}"' not in _search(client, meeting, case.number)
    # a topic (no case) on the agenda hides no other case
    assert f'value="{other.pk}"' in _search(client, meeting, other.number)


def test_a_meeting_without_case_items_has_no_case_search(client, personas):
    meeting = schedule(by=personas.coordinator, tier=Tier.REPRESENTATIVES)
    client.force_login(personas.coordinator)
    page = client.get(reverse("meetings:agenda", args=[meeting.pk])).text
    assert 'name="case_q"' not in page
    response = client.get(reverse("meetings:cases", args=[meeting.pk]), {"case_q": "2026"})
    assert response.status_code == 404


def test_a_case_review_asks_for_a_number_or_a_name(client, personas):
    meeting = schedule(by=personas.coordinator, tier=Tier.CASE_REVIEW)
    client.force_login(personas.coordinator)
    page = client.get(reverse("meetings:agenda", args=[meeting.pk])).text
    assert "上の欄にケース番号または氏名を入力してください" in page
    assert "上の欄にケース番号または氏名を入力してください" in _search(client, meeting, "")
