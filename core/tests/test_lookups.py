"""`any_of`: a list of ids as one array parameter, the same rows as `in`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from agencies.tests.factories import AgencyFactory
from cases.models import Case
from cases.tests.factories import open_case
from core.lookups import IdArray

pytestmark = pytest.mark.django_db


def test_the_same_rows_as_in_with_one_parameter():
    agencies = AgencyFactory.create_batch(4)
    ids = [a.pk for a in agencies[:3]]
    with CaptureQueriesContext(connection) as queries:
        found = set(Agency.objects.filter(pk__any_of=ids).values_list("pk", flat=True))
    assert found == set(ids) == set(Agency.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert "= ANY(" in queries[0]["sql"]


def test_an_empty_list_matches_nothing():
    AgencyFactory.create()
    assert not Agency.objects.filter(pk__any_of=[]).exists()
    assert Agency.objects.exclude(pk__any_of=[]).exists()


def test_a_foreign_key_is_filtered_on_its_own_column(personas):
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    other = open_case(lead_agency=personas.agency_b, by=personas.coordinator)
    found = Case.objects.filter(lead_agency_id__any_of=[personas.agency_a.pk])
    assert list(found) == [case]
    assert other not in found
    assert "JOIN" not in str(found.query)


def test_a_subquery_is_read_first_as_an_array():
    kept, other, _third = AgencyFactory.create_batch(3)
    union = (
        Agency.objects.filter(pk=kept.pk)
        .values("pk")
        .union(Agency.objects.filter(pk=other.pk).values("pk"))
    )
    found = Agency.objects.filter(pk__any_of=union)
    assert set(found) == {kept, other}
    assert "= ANY(ARRAY(" in str(found.query)


def test_an_id_array_is_one_value_with_the_rows_of_its_list():
    agencies = AgencyFactory.create_batch(4)
    ids = IdArray(a.pk for a in agencies[:3])
    with CaptureQueriesContext(connection) as queries:
        found = set(Agency.objects.filter(pk__any_of=ids).values_list("pk", flat=True))
    assert found == {a.pk for a in agencies[:3]}
    # the array travels as one literal: "{1,2,3}", not a quoted element each
    assert ids.literal() == "{" + ",".join(str(a.pk) for a in agencies[:3]) + "}"
    assert ids.literal() in queries[0]["sql"]
    assert set(Agency.objects.exclude(pk__any_of=ids)) == {agencies[3]}
    assert not Agency.objects.filter(pk__any_of=IdArray([])).exists()


def test_id_arrays_compare_and_hash_by_their_ids():
    assert IdArray([3, 1]) == IdArray(IdArray([3, 1]))
    assert hash(IdArray([3, 1])) == hash(IdArray([3, 1]))
    assert IdArray([1, 3]) != IdArray([3, 1])
    assert len(IdArray([7, 8])) == 2 and list(IdArray([7, 8])) == [7, 8]
