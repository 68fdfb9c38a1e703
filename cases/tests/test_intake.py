"""The intake flow: register a young person and open a case, warning of duplicates."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases.models import Case, PresentingIssue, YoungPerson
from cases.tests.factories import YoungPersonFactory, open_case


def intake_data(personas, **overrides):
    data = {
        "person-family_name": "佐々木",
        "person-given_name": "陽向",
        "person-family_name_kana": "ささき",
        "person-given_name_kana": "ひなた",
        "person-date_of_birth": "2010-07-07",
        "person-gender": "female",
        "person-daily_status": "not_attending",
        "person-consent_to_share": "on",
        "person-consent_date": "2026-11-01",
        "case-presenting_issues": [PresentingIssue.objects.get_or_create(name="不登校")[0].pk],
        "case-referral_source": "school",
        "case-risk_level": "medium",
        "case-lead_agency": personas.agency_a.pk,
        "case-key_worker": personas.practitioner_a.pk,
        "case-lead_role_text": "家庭訪問と本人面談",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def coordinator_client(client, personas):
    client.force_login(personas.coordinator)
    return client


def test_intake_registers_the_person_and_opens_a_case(coordinator_client, personas):
    response = coordinator_client.post(reverse("cases:intake"), intake_data(personas))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    person = case.young_person
    assert (person.family_name_kana, person.given_name_kana) == ("ササキ", "ヒナタ")
    assert person.consent_recorded_by == personas.coordinator
    assert case.lead_agency == personas.agency_a
    assert case.key_worker == personas.practitioner_a
    assert list(case.presenting_issues.values_list("name", flat=True)) == ["不登校"]
    assert case.team.get().role_text == "家庭訪問と本人面談"


def test_intake_warns_of_a_likely_duplicate_and_opens_for_the_existing_person(
    coordinator_client, personas
):
    existing = YoungPersonFactory.create(
        family_name="佐々木",
        given_name="陽向",
        family_name_kana="ササキ",
        given_name_kana="ヒナタ",
        date_of_birth=date(2010, 7, 7),
    )
    # typed in half-width katakana: still the same reading
    data = intake_data(
        personas, **{"person-family_name": "佐々木", "person-family_name_kana": "ｻｻｷ"}
    )
    response = coordinator_client.post(reverse("cases:intake"), data)
    assert response.status_code == 200
    assert "既に登録されている可能性があります" in response.text
    assert not Case.objects.exists()
    response = coordinator_client.post(
        reverse("cases:intake"), {**data, "existing_person": existing.pk}
    )
    assert response.status_code == 302
    assert YoungPerson.objects.count() == 1
    assert Case.objects.get().young_person == existing


def test_intake_registers_a_namesake_when_confirmed(coordinator_client, personas):
    YoungPersonFactory.create(
        family_name="佐々木",
        given_name="陽向",
        family_name_kana="ササキ",
        given_name_kana="ヒナタ",
        date_of_birth=date(2010, 7, 7),
    )
    data = {**intake_data(personas), "confirm_new_person": "1"}
    assert coordinator_client.post(reverse("cases:intake"), data).status_code == 302
    assert YoungPerson.objects.count() == 2


def test_a_birth_date_one_day_off_is_still_warned_of(coordinator_client, personas):
    """A typo in the date is the commonest way to register someone twice."""
    YoungPersonFactory.create(
        family_name="佐々木",
        given_name="陽向",
        family_name_kana="ササキ",
        given_name_kana="ヒナタ",
        date_of_birth=date(2010, 7, 8),
    )
    response = coordinator_client.post(reverse("cases:intake"), intake_data(personas))
    assert response.status_code == 200
    assert "既に登録されている可能性があります" in response.text
    assert "生年月日が異なる" in response.text
    assert not Case.objects.exists()


def test_a_person_with_an_open_case_is_flagged(coordinator_client, personas):
    person = YoungPersonFactory.create(
        family_name="佐々木",
        given_name="陽向",
        family_name_kana="ササキ",
        given_name_kana="ヒナタ",
        date_of_birth=date(2010, 7, 7),
    )
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=person)
    response = coordinator_client.post(reverse("cases:intake"), intake_data(personas))
    assert "この方には対応中のケースがあります" in response.text
    assert case.number in response.text


def test_the_referral_source_has_no_silent_default(coordinator_client, personas):
    page = coordinator_client.get(reverse("cases:intake")).text
    assert 'value="self" selected' not in page
    response = coordinator_client.post(
        reverse("cases:intake"), intake_data(personas, **{"case-referral_source": ""})
    )
    assert response.status_code == 422
    assert "相談経路を選んでください" in response.text


def test_merging_two_records_keeps_both_histories_and_is_audited(client, personas):
    from auditlog.models import LogEntry

    from cases.audit import case_history

    keep = YoungPersonFactory.create(family_name="佐々木", given_name="陽向")
    twin = YoungPersonFactory.create(family_name="佐々木", given_name="陽向")
    first = open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=keep)
    second = open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=twin)
    client.force_login(personas.coordinator)
    page = client.get(keep.get_absolute_url()).text
    merge_url = reverse("cases:person-merge", args=[keep.pk, twin.pk])
    assert merge_url in page  # offered as a possible duplicate
    assert client.get(merge_url).status_code == 200  # a confirmation first
    client.post(merge_url)
    twin.refresh_from_db()
    second.refresh_from_db()
    assert twin.merged_into == keep
    assert second.young_person == keep
    assert {c.pk for c in keep.cases.all()} == {first.pk, second.pk}
    # the merged record's own history is still found from the moved case
    models = {e.content_type.model for e in case_history(second)}
    assert "youngperson" in models
    changes = LogEntry.objects.filter(
        content_type__model="youngperson",
        object_pk=str(twin.pk),
        action=LogEntry.Action.UPDATE,
        changes__has_key="merged_into",
    )
    assert changes.get().actor == personas.coordinator
    assert "統合されました" in client.get(twin.get_absolute_url()).text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"person-date_of_birth": (date.today() + timedelta(days=1)).isoformat()},
            "生年月日に未来の日付",
        ),
        ({"case-lead_agency": ""}, "主担当機関を選んでください"),
        ({"person-family_name_kana": "佐々木"}, "ひらがなかカタカナ"),
        ({"person-consent_date": ""}, "同意を得た日を入力してください"),
    ],
)
def test_bad_intake_input_gets_a_clear_message_and_saves_nothing(
    coordinator_client, personas, overrides, message
):
    response = coordinator_client.post(reverse("cases:intake"), intake_data(personas, **overrides))
    assert response.status_code == 422
    assert message in response.text
    assert not YoungPerson.objects.exists()
    assert not Case.objects.exists()


def test_key_worker_of_another_agency_is_refused(coordinator_client, personas):
    data = intake_data(personas, **{"case-key_worker": personas.practitioner_b.pk})
    response = coordinator_client.post(reverse("cases:intake"), data)
    assert response.status_code == 422
    assert "主担当機関の職員" in response.text


def test_key_worker_options_follow_the_lead_agency(coordinator_client, personas):
    response = coordinator_client.get(
        reverse("cases:key-worker-options"), {"case-lead_agency": personas.agency_b.pk}
    )
    assert personas.practitioner_b.get_full_name() in response.text
    assert personas.practitioner_a.get_full_name() not in response.text


def test_intake_page_renders_for_coordinators(coordinator_client, personas):
    PresentingIssue.objects.get_or_create(name="不登校")
    open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    response = coordinator_client.get(reverse("cases:intake"))
    assert response.status_code == 200
    assert "不登校" in response.text
