"""The disclosure policy: one level per user and case, the same in Python and in SQL."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from agencies.models import CouncilRole
from agencies.tests.factories import AgencyFactory
from cases import services
from cases.access import (
    Disclosure,
    audience,
    case_for,
    cases_visible_to,
    disclosure,
    ledger_cases_for,
    open_case_ids_visible_to,
    opens_every_ledger_row,
    works_with_cases,
)
from cases.models import Case
from cases.tests.factories import open_case


@pytest.fixture
def people(personas, case):
    """Beyond the personas: a team member, a removed one, a designated body, edge cases."""
    coordinator = personas.coordinator
    member_agency, removed_agency = AgencyFactory.create(), AgencyFactory.create()
    services.team_member_add(case=case, agency=member_agency, by=coordinator)
    removed = services.team_member_add(case=case, agency=removed_agency, by=coordinator)
    services.team_member_remove(member=removed, by=coordinator)
    designated = AgencyFactory.create(council_role=CouncilRole.DESIGNATED)
    closed_agency = AgencyFactory.create(is_active=False)
    services.team_member_add(case=case, agency=closed_agency, by=coordinator)
    return {
        "coordinator": coordinator,
        "lead": personas.practitioner_a,
        "member": UserFactory.create(agency=member_agency),
        "removed": UserFactory.create(agency=removed_agency),
        "outsider": personas.practitioner_b,
        "designated": UserFactory.create(agency=designated),
        "inactive_agency": UserFactory.create(agency=closed_agency),
        "inactive_user": UserFactory.create(agency=member_agency, is_active=False),
        "representative": personas.representative,
        "lead_representative": UserFactory.create(
            agency=personas.agency_a, role=Role.REPRESENTATIVE
        ),
    }


EXPECTED = {
    "coordinator": Disclosure.MANAGE,
    "lead": Disclosure.MANAGE,
    "member": Disclosure.PERSONAL,
    "removed": Disclosure.NONE,
    "outsider": Disclosure.NONE,
    "designated": Disclosure.LABEL,  # the whole ledger, anonymised
    "inactive_agency": Disclosure.NONE,
    "inactive_user": Disclosure.NONE,
    "representative": Disclosure.NONE,
    "lead_representative": Disclosure.NONE,  # the role decides, not the agency
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_person_gets_one_level(people, case, who):
    assert disclosure(people[who], case) == EXPECTED[who]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_the_query_forms_agree_with_the_rule(people, case, who):
    user = people[who]
    level = disclosure(user, case)
    assert cases_visible_to(user).filter(pk=case.pk).exists() == (level >= Disclosure.PERSONAL)
    if works_with_cases(user):  # others get 403 from the ledger before any query
        in_ledger = ledger_cases_for(user).filter(pk=case.pk).exists()
        assert in_ledger == (level >= Disclosure.LABEL)
        # the ledger skips asking which rows open for those whose every row does
        if in_ledger and opens_every_ledger_row(user):
            assert level >= Disclosure.PERSONAL
    pairs = audience({(user.pk, case.pk)}, need=Disclosure.PERSONAL)
    assert bool(pairs) == (level >= Disclosure.PERSONAL)
    # the ids read first for a practitioner's home and tasks say the same
    ids = open_case_ids_visible_to(user)
    listed = case.pk in ids if ids is not None else user.is_coordinator
    assert listed == (level >= Disclosure.PERSONAL)


def test_the_ids_read_first_leave_out_closed_cases(people, case, personas):
    lead = people["lead"]
    assert open_case_ids_visible_to(lead) == [case.pk]
    services.case_close(case=case, reason=Case.ClosureReason.GOAL_REACHED, by=personas.coordinator)
    assert open_case_ids_visible_to(lead) == []
    assert open_case_ids_visible_to(people["coordinator"]) is None  # every case


@pytest.mark.parametrize(
    ("who", "need", "outcome"),
    [
        ("lead", Disclosure.MANAGE, "ok"),
        ("member", Disclosure.PERSONAL, "ok"),
        ("member", Disclosure.MANAGE, PermissionDenied),
        ("designated", Disclosure.LABEL, "ok"),
        ("designated", Disclosure.PERSONAL, PermissionDenied),  # knows it exists: 403
        ("removed", Disclosure.LABEL, Http404),  # may not know it exists: 404
        ("representative", Disclosure.LABEL, PermissionDenied),  # no case work at all
    ],
)
def test_case_for_answers_404_below_label_and_403_below_need(people, case, who, need, outcome):
    if outcome == "ok":
        loaded = case_for(people[who], case.pk, need=need)
        assert loaded.disclosure == disclosure(people[who], case)
    else:
        with pytest.raises(outcome):
            case_for(people[who], case.pk, need=need)


def test_a_closed_case_leaves_the_designated_bodys_ledger(people, case, personas):
    closed = services.case_close(case=case, reason="moved_away", by=personas.coordinator)
    assert disclosure(people["designated"], closed) == Disclosure.NONE


def test_a_practitioner_moved_to_another_agency_loses_the_case_at_once(people, case):
    member = people["member"]
    member.agency = AgencyFactory.create()
    member.save(update_fields=["agency"])
    assert disclosure(member, case) == Disclosure.NONE
    assert not audience({(member.pk, case.pk)})


def test_a_grant_counts_only_within_its_scope_and_until_it_ends(personas, case):
    outsider = personas.practitioner_b
    services.grant_open(
        case=case,
        scope="referral:1",
        level=Disclosure.LABEL,
        agency=personas.agency_b,
        by=personas.practitioner_a,
    )
    assert case_for(outsider, case.pk, need=Disclosure.LABEL, within="referral:1")
    with pytest.raises(PermissionDenied):  # a LABEL grant shows no personal data
        case_for(outsider, case.pk, need=Disclosure.PERSONAL, within="referral:1")
    with pytest.raises(Http404):  # outside its scope the grant does not exist
        case_for(outsider, case.pk, need=Disclosure.LABEL)
    with pytest.raises(Http404):
        case_for(outsider, case.pk, need=Disclosure.LABEL, within="referral:2")
    assert not cases_visible_to(outsider).filter(pk=case.pk).exists()
    assert services.grants_end(scope="referral:1", by=personas.practitioner_a) == 1
    with pytest.raises(Http404):
        case_for(outsider, case.pk, need=Disclosure.LABEL, within="referral:1")


def test_an_expired_grant_counts_no_more(personas, case):
    invitee = UserFactory.create(agency=AgencyFactory.create())
    services.grant_open(
        case=case,
        scope="meeting:5",
        level=Disclosure.PERSONAL,
        user=invitee,
        by=personas.coordinator,
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    assert case_for(invitee, case.pk, need=Disclosure.PERSONAL, within="meeting:5")
    case.grants.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Http404):
        case_for(invitee, case.pk, need=Disclosure.PERSONAL, within="meeting:5")


def test_a_grant_is_for_one_agency_or_one_person(personas, case):
    with pytest.raises(ValueError, match="one agency or one person"):
        services.grant_open(case=case, scope="x:1", level=Disclosure.LABEL, by=personas.coordinator)
    with pytest.raises(ValueError, match="LABEL or PERSONAL"):
        services.grant_open(
            case=case,
            scope="x:1",
            level=Disclosure.MANAGE,
            agency=personas.agency_b,
            by=personas.coordinator,
        )


def test_a_malformed_id_is_404_not_500(personas):
    with pytest.raises(Http404):
        case_for(personas.coordinator, "abc", need=Disclosure.LABEL)


def test_audience_answers_for_many_pairs_in_a_fixed_number_of_queries(
    personas, django_assert_num_queries
):
    cases = [open_case(lead_agency=personas.agency_a, by=personas.coordinator) for _ in range(5)]
    pairs = {
        (u.pk, c.pk) for c in cases for u in (personas.practitioner_a, personas.practitioner_b)
    }
    with django_assert_num_queries(3):
        allowed = audience(pairs)
    assert allowed == {(personas.practitioner_a.pk, c.pk) for c in cases}


def test_audience_counts_a_grant_only_within_its_scope(personas, case):
    outsider = personas.practitioner_b
    services.grant_open(
        case=case,
        scope="referral:9",
        level=Disclosure.LABEL,
        agency=personas.agency_b,
        by=personas.practitioner_a,
    )
    asked = {(outsider.pk, case.pk, "referral:9"), (outsider.pk, case.pk, "referral:8")}
    assert audience(asked, need=Disclosure.LABEL) == {(outsider.pk, case.pk, "referral:9")}
    assert not audience({(outsider.pk, case.pk)}, need=Disclosure.LABEL)
    assert not audience(asked, need=Disclosure.PERSONAL)
