"""Rules that hold on every path (issue 14): inactive agencies, note corrections, the
ledger's agency filter, consent before an agency joins a team."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.models import CouncilRole
from agencies.tests.factories import AgencyFactory
from cases import services
from cases.tests.factories import open_case


def test_an_inactive_agency_sees_nothing_and_the_office_sees_its_cases(client, personas, case):
    agency = personas.agency_a
    agency.is_active = False
    agency.save(update_fields=["is_active"])
    client.force_login(personas.practitioner_a)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert (
        b"".join(client.get(reverse("cases:ledger-export", args=["csv"])).streaming_content).count(
            b"\n"
        )
        == 1
    )
    client.force_login(personas.coordinator)
    page = client.get(reverse("cases:inactive-teams")).text
    assert case.number in page and "主担当" in page


def test_only_the_authors_agency_or_the_office_corrects_a_note(client, personas, case):
    services.team_member_add(case=case, agency=personas.agency_b, by=personas.coordinator)
    note = services.note_add(
        case=case, author=personas.practitioner_a, contact_on=date.today(), kind="phone", text="元"
    )
    url = reverse("cases:note-amend", args=[case.pk, note.pk])
    client.force_login(personas.practitioner_b)  # on the team, another agency
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"contact_on": date.today(), "kind": "phone", "text": "上書き"}
        ).status_code
        == 403
    )
    assert url not in client.get(case.get_absolute_url()).text
    with pytest.raises(PermissionDenied):
        services.note_amend(
            amend_reason="日付の誤り", note=note, author=personas.practitioner_b, text="上書き"
        )
    client.force_login(personas.coordinator)
    assert client.get(url).status_code == 200
    colleague = UserFactory.create(agency=personas.agency_a)
    assert (
        services.note_amend(
            amend_reason="日付の誤り", note=note, author=colleague, text="訂正"
        ).amends
        == note
    )


def test_the_ledger_filter_does_not_reveal_a_team_outside_ones_own(client, personas):
    hospital = AgencyFactory.create(name="みどり市立病院 精神科")
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator, team=(hospital,))
    designated = UserFactory.create(
        agency=AgencyFactory.create(council_role=CouncilRole.DESIGNATED)
    )
    client.force_login(designated)
    unfiltered = client.get(reverse("cases:ledger")).text
    assert case.number in unfiltered  # the designated body sees every open row...
    by_hospital = client.get(reverse("cases:ledger"), {"agency": hospital.pk}).text
    assert case.number not in by_hospital  # ...but cannot learn the hospital is on it
    by_lead = client.get(reverse("cases:ledger"), {"agency": personas.agency_a.pk}).text
    assert case.number in by_lead
    client.force_login(personas.coordinator)
    assert case.number in client.get(reverse("cases:ledger"), {"agency": hospital.pk}).text


def test_an_agency_joins_without_consent_only_with_the_offices_reason(client, personas, case):
    person = case.young_person
    person.consent_to_share = False
    person.save(update_fields=["consent_to_share"])
    with pytest.raises(ValidationError):
        services.team_member_add(case=case, agency=personas.agency_b, by=personas.coordinator)
    with pytest.raises(ValidationError):
        services.team_member_add(
            case=case,
            agency=personas.agency_b,
            by=personas.practitioner_a,
            consent_override_reason="急ぎ",
        )
    client.force_login(personas.coordinator)
    url = reverse("cases:team-add", args=[case.pk])
    response = client.post(url, {"agency": personas.agency_b.pk})
    assert response.status_code == 422
    assert "同意" in response.text
    client.post(url, {"agency": personas.agency_b.pk, "consent_override_reason": "生命の危険"})
    member = case.team.get(agency=personas.agency_b)
    assert (member.consent_override_reason, member.consent_overridden_by) == (
        "生命の危険",
        personas.coordinator,
    )
