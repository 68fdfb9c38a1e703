"""The directory finds agencies by what they do and by the short names people use."""

import pytest

from agencies.models import Approach, SearchSynonym, Service
from agencies.selectors import directory_search
from agencies.tests.factories import AgencyFactory


@pytest.fixture
def registry(db):
    saposute = AgencyFactory.create(
        name="みどり地域若者サポートステーション",
        name_kana="ミドリチイキワカモノサポートステーション",
    )
    hokenjo = AgencyFactory.create(name="みどり保健所", name_kana="ミドリホケンジョ")
    Service.objects.create(
        agency=hokenjo,
        name="家族教室",
        approach=Approach.FAMILY,
        description="ひきこもりの子をもつ家族のための学習会",
    )
    npo = AgencyFactory.create(
        name="NPO法人みどりネット",
        name_kana="エヌピーオーホウジンミドリネット",
        roles_description="引きこもりの若者への訪問支援（アウトリーチ）",
    )
    school = AgencyFactory.create(name="みどり中学校", name_kana="ミドリチュウガッコウ")
    return {"saposute": saposute, "hokenjo": hokenjo, "npo": npo, "school": school}


def _found(query):
    return set(directory_search(query=query))


def test_a_service_or_a_role_finds_its_agency(registry):
    assert _found("家族教室") == {registry["hokenjo"]}
    assert _found("アウトリーチ") == {registry["npo"]}


def test_withdrawal_finds_the_agencies_that_support_it_whatever_the_spelling(registry):
    # the migration's synonyms: ひきこもり、引きこもり…
    assert _found("ひきこもり") == {registry["hokenjo"], registry["npo"]}
    assert _found("ヒキコモリ") == {registry["hokenjo"], registry["npo"]}


def test_a_short_name_finds_what_it_stands_for(registry):
    assert _found("サポステ") == {registry["saposute"]}
    SearchSynonym.objects.create(words="みど中、みどり中学校")  # the office adds a local one
    assert _found("みど中") == {registry["school"]}


def test_name_matches_come_first(registry):
    registry["school"].roles_description = "保健所と連携した健康相談"
    registry["school"].save()
    assert list(directory_search(query="保健所")) == [registry["hokenjo"], registry["school"]]


def test_a_service_change_updates_what_is_found(registry):
    service = registry["hokenjo"].services.get()
    service.is_active = False
    service.save()
    assert _found("家族教室") == set()
