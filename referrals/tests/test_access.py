"""Who sees what of a referral: the receiving agency sees the label, the request and
what was shared until it accepts; then it is on the team; a third agency sees nothing."""

from datetime import date

import pytest
from django.urls import reverse

from cases import services as case_services
from referrals import services
from referrals.tests.factories import refer

SECRET_SUMMARY = "父親からの暴言があり、母親は精神科に通院中"
SECRET_POLICY = "焦らず関係づくりから"
SHARED_NOTE = "共有してよい記録：本人は午後なら話せる"
PRIVATE_NOTE = "共有しない記録：兄が警察に補導された"


@pytest.fixture
def rich_case(personas, case):
    case_services.case_update(case=case, by=personas.coordinator, summary=SECRET_SUMMARY)
    case_services.plan_update(
        plan=case.plan, by=personas.coordinator, policy=SECRET_POLICY, review_on=None
    )
    shared = case_services.note_add(
        case=case,
        author=personas.practitioner_a,
        contact_on=date.today(),
        kind="phone",
        text=SHARED_NOTE,
    )
    case_services.note_add(
        case=case,
        author=personas.practitioner_a,
        contact_on=date.today(),
        kind="phone",
        text=PRIVATE_NOTE,
    )
    type(case.young_person).objects.filter(pk=case.young_person_id).update(address="若葉町3丁目5-8")
    case.refresh_from_db()
    return case, shared


def _page(client, user, referral):
    client.force_login(user)
    return client.get(reverse("referrals:detail", args=[referral.pk]))


def test_before_accepting_the_receiver_sees_only_what_was_shared(client, personas, rich_case):
    case, shared = rich_case
    referral = refer(case, personas.agency_b, personas.practitioner_a, shared_notes=[shared])
    response = _page(client, personas.practitioner_b, referral)
    assert response.status_code == 200
    text = response.text
    assert case.anonymised_label in text
    assert referral.request in text
    assert SHARED_NOTE in text
    for hidden in (
        SECRET_SUMMARY,
        SECRET_POLICY,
        PRIVATE_NOTE,
        case.young_person.family_name,
        case.young_person.given_name,
        "若葉町3丁目5-8",
        case.get_absolute_url(),
    ):
        assert hidden not in text
    assert client.get(case.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(("summary", "plan"), [(True, False), (False, True), (True, True)])
def test_shared_parts_appear_exactly_when_chosen(client, personas, rich_case, summary, plan):
    case, _shared = rich_case
    referral = refer(
        case, personas.agency_b, personas.practitioner_a, share_summary=summary, share_plan=plan
    )
    text = _page(client, personas.practitioner_b, referral).text
    assert (SECRET_SUMMARY in text) == summary
    assert (SECRET_POLICY in text) == plan
    assert PRIVATE_NOTE not in text


def test_after_accepting_the_receiver_is_on_the_team(client, personas, rich_case):
    case, _shared = rich_case
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    services.referral_accept(
        referral_id=referral.pk, by=personas.practitioner_b, agreed_role="相談"
    )
    text = _page(client, personas.practitioner_b, referral).text
    assert case.young_person.family_name in text
    assert client.get(case.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("end", ["decline", "cancel"])
def test_declining_or_cancelling_ends_the_grant(client, personas, rich_case, end):
    case, _shared = rich_case
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    if end == "decline":
        services.referral_decline(
            referral_id=referral.pk, by=personas.practitioner_b, reason="capacity"
        )
    else:
        services.referral_cancel(
            referral_id=referral.pk, by=personas.practitioner_a, reason="取り下げ"
        )
    assert _page(client, personas.practitioner_b, referral).status_code == 404
    assert _page(client, personas.practitioner_a, referral).status_code == 200


def test_a_third_agency_and_a_designated_bodys_ledger_view_see_nothing(client, personas, rich_case):
    from accounts.tests.factories import UserFactory
    from agencies.models import CouncilRole
    from agencies.tests.factories import AgencyFactory

    case, _shared = rich_case
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    third = UserFactory.create(agency=AgencyFactory.create())
    designated = UserFactory.create(
        agency=AgencyFactory.create(council_role=CouncilRole.DESIGNATED)
    )
    for user in (third, designated):
        assert _page(client, user, referral).status_code == 404
        assert _page(client, user, referral).status_code == 404
    assert _page(client, personas.representative, referral).status_code == 403
