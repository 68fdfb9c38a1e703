"""Sending a referral: bad input gets a clear message and nothing is written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory
from cases import services as case_services
from notifications.models import Notification
from referrals.models import Referral
from referrals.tests.factories import refer


def _error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


def test_a_referral_opens_a_label_grant_and_tells_the_receiving_agency(personas, case):
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    grant = case.grants.get(scope=referral.scope)
    assert (grant.agency, grant.level, grant.ended_at) == (personas.agency_b, 1, None)
    told = Notification.objects.get(recipient=personas.practitioner_b)
    assert told.kind == "referral_received"
    assert told.label == case.anonymised_label
    assert "就労" not in told.title  # the request stays behind the link


def test_referring_to_an_agency_already_on_the_team_is_refused(personas, case):
    case_services.team_member_add(case=case, agency=personas.agency_b, by=personas.coordinator)
    with pytest.raises(ValidationError) as excinfo:
        refer(case, personas.agency_b, personas.practitioner_a)
    assert _error_fields(excinfo) == {"to_agency"}
    assert "チーム" in excinfo.value.message_dict["to_agency"][0]


def test_a_closed_case_cannot_be_referred(personas, case):
    case_services.case_close(case=case, reason="moved_away", by=personas.coordinator)
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="終結"):
        refer(case, personas.agency_b, personas.practitioner_a)


def test_a_second_open_referral_to_the_same_agency_is_refused(personas, case):
    refer(case, personas.agency_b, personas.practitioner_a)
    with pytest.raises(ValidationError) as excinfo:
        refer(case, personas.agency_b, personas.practitioner_a)
    assert _error_fields(excinfo) == {"to_agency"}


def test_without_consent_only_a_coordinator_with_a_reason_may_refer(personas, case):
    person = case.young_person
    person.consent_to_share = False
    person.save(update_fields=["consent_to_share"])
    with pytest.raises(ValidationError) as excinfo:
        refer(case, personas.agency_b, personas.practitioner_a)
    assert _error_fields(excinfo) == {"consent_override_reason"}
    with pytest.raises(ValidationError):
        refer(case, personas.agency_b, personas.practitioner_a, consent_override_reason="急ぎ")
    referral = refer(
        case,
        personas.agency_b,
        personas.coordinator,
        consent_override_reason="生命の危険があるため",
    )
    assert referral.consent_overridden_by == personas.coordinator
    assert Referral.objects.count() == 1


def test_an_inactive_agency_or_a_foreign_service_is_refused(personas, case):
    closed = AgencyFactory.create(is_active=False)
    with pytest.raises(ValidationError):
        refer(case, closed, personas.practitioner_a)
    other = AgencyFactory.create()
    from agencies.models import Service

    service = Service.objects.create(agency=other, name="別機関の事業", approach="person")
    with pytest.raises(ValidationError) as excinfo:
        refer(case, personas.agency_b, personas.practitioner_a, to_service=service)
    assert _error_fields(excinfo) == {"to_service"}


def test_the_form_shows_errors_in_japanese_and_never_a_500(client, personas, case):
    client.force_login(personas.practitioner_a)
    url = reverse("referrals:create", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"to_agency": "abc", "follow_up_on": "2020-01-01"})
    assert response.status_code == 422
    text = response.text
    assert "依頼する内容を書いてください" in text
    assert "今日以降の日付" in text
    assert not Referral.objects.exists()


def test_the_form_sends_the_referral_and_shares_only_what_was_ticked(client, personas, case):
    note = case_services.note_add(
        case=case,
        author=personas.practitioner_a,
        contact_on=date.today(),
        kind="home_visit",
        text="自宅訪問。本人と話せた",
    )
    client.force_login(personas.practitioner_a)
    response = client.post(
        reverse("referrals:create", args=[case.pk]),
        {
            "to_agency": personas.agency_b.pk,
            "urgency": "urgent",
            "request": "個別相談",
            "reason": "就労に関心",
            "shared_notes": [note.pk],
            "follow_up_on": date.today().isoformat(),
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    assert (referral.share_summary, referral.share_plan) == (False, False)
    assert list(referral.shared_notes.all()) == [note]
    assert referral.urgency == "urgent"


def test_a_practitioner_outside_the_team_cannot_open_the_form(client, personas, case):
    outsider = UserFactory.create(agency=AgencyFactory.create())
    client.force_login(outsider)
    assert client.get(reverse("referrals:create", args=[case.pk])).status_code == 404
