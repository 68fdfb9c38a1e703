import pytest
from django.urls import reverse

from agencies.models import Approach, CouncilRole
from agencies.selectors import directory_search
from agencies.tests.factories import AgencyFactory, SectorFactory, ServiceFactory


@pytest.fixture
def registry(db):
    education = SectorFactory.create(name="教育")
    employment = SectorFactory.create(name="雇用・就労支援")
    midori = AgencyFactory.create(
        name="みどり市教育支援センター",
        name_kana="ミドリシキョウイクシエンセンター",
        sector=education,
    )
    hello = AgencyFactory.create(
        name="ハローワークみどり", name_kana="ハローワークミドリ", sector=employment
    )
    npo = AgencyFactory.create(
        name="ＮＰＯ法人あおば",
        name_kana="アオバ",
        sector=employment,
        council_role=CouncilRole.DESIGNATED,
    )
    AgencyFactory.create(name="閉鎖した機関", name_kana="ヘイサ", is_active=False)
    ServiceFactory.create(agency=midori, approach=Approach.GROUP)
    ServiceFactory.create(agency=hello, approach=Approach.WORK_SCHOOL)
    ServiceFactory.create(agency=npo, approach=Approach.GROUP, is_active=False)
    return {"midori": midori, "hello": hello, "npo": npo, "employment": employment}


@pytest.mark.parametrize("query", ["みどり", "ミドリ", "ﾐﾄﾞﾘ", "みど り"])
def test_search_is_kana_and_width_insensitive(registry, query):
    found = set(directory_search(query=query))
    assert found == {registry["midori"], registry["hello"]}


def test_search_matches_the_kana_reading(registry):
    assert list(directory_search(query="きょういくしえん")) == [registry["midori"]]


def test_search_with_two_terms_needs_both(registry):
    assert list(directory_search(query="みどり　ハローワーク")) == [registry["hello"]]


def test_search_matches_full_width_latin_with_half_width_query(registry):
    assert list(directory_search(query="npo")) == [registry["npo"]]


def test_inactive_agencies_are_not_listed(registry):
    assert not directory_search(query="閉鎖")


def test_filters_by_sector_role_and_approach(registry):
    assert set(directory_search(sector_id=registry["employment"].pk)) == {
        registry["hello"],
        registry["npo"],
    }
    assert list(directory_search(council_role=CouncilRole.DESIGNATED)) == [registry["npo"]]
    # the NPO's group service is inactive, so only the centre offers group work
    assert list(directory_search(approach=Approach.GROUP)) == [registry["midori"]]


def test_directory_page_shows_results_and_empty_state(client, personas, registry):
    client.force_login(personas.practitioner_a)
    response = client.get(reverse("agencies:directory"), {"q": "ﾊﾛｰﾜｰｸ"})
    assert "ハローワークみどり" in response.text
    assert "みどり市教育支援センター" not in response.text
    response = client.get(reverse("agencies:directory"), {"q": "存在しない機関"})
    assert "条件に合う機関はありません" in response.text


def test_directory_htmx_request_gets_only_the_results(client, personas, registry):
    client.force_login(personas.practitioner_a)
    response = client.get(reverse("agencies:directory"), {"q": "みどり"}, HTTP_HX_REQUEST="true")
    assert "ハローワークみどり" in response.text
    assert "<html" not in response.text


def test_directory_paginates(client, personas, settings):
    settings.DIRECTORY_PAGE_SIZE = 5
    AgencyFactory.create_batch(12)
    client.force_login(personas.practitioner_a)
    response = client.get(reverse("agencies:directory"), {"page": 3})
    # 12 + the personas' 3 agencies = 15 agencies: page 3 holds the last 5
    assert len(response.context["page"].object_list) == 5
    assert response.context["page"].number == 3


def test_directory_query_count_does_not_grow(client, personas, django_assert_max_num_queries):
    AgencyFactory.create_batch(30)
    client.force_login(personas.practitioner_a)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("agencies:directory")).status_code == 200


def test_agency_page_lists_services_and_people(client, personas, django_assert_max_num_queries):
    agency = personas.agency_a
    ServiceFactory.create(
        agency=agency, name="訪問支援", approach=Approach.PERSON, access_outreach=True
    )
    ServiceFactory.create(agency=agency, name="終了した事業", is_active=False)
    client.force_login(personas.practitioner_b)
    # + one query per panel the apps above add (referral measures, meeting participation)
    with django_assert_max_num_queries(9):
        response = client.get(agency.get_absolute_url())
    assert "訪問支援" in response.text
    assert "訪問（アウトリーチ）" in response.text
    assert "終了した事業" not in response.text
    assert personas.practitioner_a.get_full_name() in response.text


def test_inactive_agency_page_is_404(client, personas):
    agency = AgencyFactory.create(is_active=False)
    client.force_login(personas.practitioner_a)
    assert client.get(agency.get_absolute_url()).status_code == 404
