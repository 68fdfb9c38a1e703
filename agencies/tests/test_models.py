import pytest
from django.db import IntegrityError

from agencies.forms import AgencyAdminForm
from agencies.models import Agency, CouncilRole
from agencies.services import agencies_deactivate, agency_make_coordinating
from agencies.tests.factories import AgencyFactory, ServiceFactory


def test_database_refuses_a_second_coordinating_body(personas):
    with pytest.raises(IntegrityError):
        AgencyFactory.create(council_role=CouncilRole.COORDINATING)


def test_handing_over_the_coordinating_role_keeps_exactly_one(personas):
    agency_make_coordinating(agency=personas.agency_a)
    coordinating = Agency.objects.filter(council_role=CouncilRole.COORDINATING)
    assert list(coordinating) == [personas.agency_a]
    personas.coordinating_body.refresh_from_db()
    assert personas.coordinating_body.council_role == CouncilRole.MEMBER


def _form_data(agency: Agency, **changes: object) -> dict[str, object]:
    data = {
        "name": agency.name,
        "name_kana": agency.name_kana,
        "sector": agency.sector_id,
        "council_role": agency.council_role,
        "is_active": "on" if agency.is_active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_form_explains_why_a_second_coordinating_body_is_refused(personas):
    form = AgencyAdminForm(
        _form_data(personas.agency_a, council_role="coordinating"), instance=personas.agency_a
    )
    assert not form.is_valid()
    assert "既に調整機関があります" in form.errors["council_role"][0]


def test_form_refuses_to_leave_the_council_without_a_coordinating_body(personas):
    body = personas.coordinating_body
    form = AgencyAdminForm(_form_data(body, council_role="member"), instance=body)
    assert not form.is_valid()
    form = AgencyAdminForm(_form_data(body, is_active=""), instance=body)
    assert not form.is_valid()
    assert "is_active" in form.errors


def test_deactivating_keeps_the_coordinating_body_and_the_rows(personas):
    changed = agencies_deactivate(agencies=Agency.objects.all())
    assert changed == 2
    assert Agency.objects.count() == 3
    assert Agency.objects.get(pk=personas.coordinating_body.pk).is_active


def test_service_age_range_must_be_ordered(personas):
    with pytest.raises(IntegrityError):
        ServiceFactory.create(age_min=20, age_max=10)


def test_search_key_follows_name_changes(personas):
    agency = personas.agency_a
    agency.name_kana = "あおば"
    agency.save(update_fields=["name_kana"])
    agency.refresh_from_db()
    assert agency.search_key.endswith("アオバ")
