"""Searching the case list: names, readings in any kana, case numbers, one's own cases."""

from django.urls import reverse

from cases.tests.factories import YoungPersonFactory, open_case


def _person(family: str, given: str, family_kana: str, given_kana: str):  # type: ignore[no-untyped-def]
    return YoungPersonFactory.create(
        family_name=family,
        given_name=given,
        family_name_kana=family_kana,
        given_name_kana=given_kana,
    )


def _found(client, query: str) -> set[str]:
    response = client.get(reverse("cases:index"), {"q": query})
    assert response.status_code == 200
    return {case.young_person.full_name for case in response.context["rows"]}


def test_two_characters_of_a_name_find_it_and_only_it(client, personas):
    # two characters: the bigram index on PostgreSQL, checked again with LIKE
    for person in (
        _person("佐藤", "花子", "サトウ", "ハナコ"),
        _person("藤佐", "一郎", "フジサ", "イチロウ"),  # the same two characters, the other way
        _person("佐々木", "健", "ササキ", "ケン"),
    ):
        open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=person)
    client.force_login(personas.coordinator)
    assert _found(client, "佐藤") == {"佐藤 花子"}
    assert _found(client, "さと") == {"佐藤 花子"}
    assert _found(client, "ｻﾄｳ ﾊﾅｺ") == {"佐藤 花子"}
    assert _found(client, "佐") == {"佐藤 花子", "藤佐 一郎", "佐々木 健"}
    assert _found(client, "木健") == {"佐々木 健"}


def test_a_case_number_finds_the_case(client, personas):
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:index"), {"q": case.number})
    assert [c.pk for c in response.context["rows"]] == [case.pk]


def test_a_practitioner_finds_only_cases_of_their_agency(client, personas):
    mine = _person("佐藤", "花子", "サトウ", "ハナコ")
    theirs = _person("佐藤", "次郎", "サトウ", "ジロウ")
    open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=mine)
    open_case(lead_agency=personas.agency_b, by=personas.coordinator, person=theirs)
    client.force_login(personas.practitioner_a)
    assert _found(client, "佐藤") == {"佐藤 花子"}
