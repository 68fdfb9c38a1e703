"""The permission matrix of every report URL, and what representatives may see.

The figures are anonymised: every council role reads them. Collaboration
health names practitioners and their load: the coordinating office only. The
register of missing resources is read by all; recording from a case needs the
case, moving a need along is the office's.
"""

import pytest
from django.urls import reverse

from cases.tests.factories import open_case
from reports import services
from reports.models import UnmetNeed

PERSONAS = ["anonymous", "coordinator", "practitioner_a", "practitioner_b", "representative"]
OK, LOGIN, DENIED, UNKNOWN, NOT_ALLOWED = 200, 302, 403, 404, 405


def _row(default: int, **statuses: int) -> dict[str, int]:
    return {p: statuses.get(p, default) for p in PERSONAS} | {"anonymous": LOGIN}


EVERYONE = _row(OK)
OFFICE = _row(DENIED, coordinator=OK)

REPORT_MATRIX = [
    ("reports:statistics", None, EVERYONE),
    ("reports:annual", None, EVERYONE),
    ("reports:annual-xlsx", None, EVERYONE),
    ("reports:health", None, OFFICE),
    ("reports:needs", None, EVERYONE),
    ("reports:needs-csv", None, OFFICE),
    # the case is agency A's: B does not know it exists, a representative has no cases
    ("reports:need-add", "case", _row(OK, practitioner_b=UNKNOWN, representative=DENIED)),
    ("reports:need-move", "need", _row(NOT_ALLOWED)),
    ("reports:need-agenda", "need", _row(NOT_ALLOWED)),
]


@pytest.fixture
def report_world(personas):
    case = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    need = services.unmet_need_record(
        by=personas.practitioner_a, text="北地区に居場所がない", case=case
    )
    return {"case": case, "need": need}


def _url(name, kwarg, world):
    if kwarg == "case":
        return reverse(name, args=[world["case"].pk])
    if kwarg == "need":
        return reverse(name, args=[world["need"].pk])
    return reverse(name)


@pytest.mark.parametrize(
    ("url_name", "kwarg", "persona", "expected"),
    [
        pytest.param(name, kwarg, persona, statuses[persona], id=f"{name}-{persona}")
        for name, kwarg, statuses in REPORT_MATRIX
        for persona in PERSONAS
    ],
)
def test_report_permission_matrix(
    client, personas, report_world, url_name, kwarg, persona, expected
):
    user = personas.by_name(persona)
    if user is not None:
        client.force_login(user)
    assert client.get(_url(url_name, kwarg, report_world)).status_code == expected


@pytest.mark.parametrize("persona", ["practitioner_a", "practitioner_b", "representative"])
def test_only_the_office_moves_a_need_along(client, personas, report_world, persona):
    client.force_login(personas.by_name(persona))
    need = report_world["need"]
    response = client.post(reverse("reports:need-move", args=[need.pk]), {"status": "created"})
    assert response.status_code == DENIED
    need.refresh_from_db()
    assert need.status == UnmetNeed.Status.OPEN


def test_outsiders_cannot_record_a_need_on_a_case_they_do_not_know(client, personas, report_world):
    client.force_login(personas.practitioner_b)
    url = reverse("reports:need-add", args=[report_world["case"].pk])
    assert client.post(url, {"text": "夜間の相談窓口がない"}).status_code == UNKNOWN
    assert UnmetNeed.objects.count() == 1


def test_the_office_moves_a_need_and_the_register_shows_it(client, personas, report_world):
    client.force_login(personas.coordinator)
    need = report_world["need"]
    client.post(
        reverse("reports:need-move", args=[need.pk]),
        {"status": "created", "outcome": "社協が居場所を開設"},
    )
    need.refresh_from_db()
    assert (need.status, need.outcome) == ("created", "社協が居場所を開設")
    assert "社協が居場所を開設" in client.get(reverse("reports:needs")).text


def test_a_need_naming_the_young_person_is_refused(client, personas, report_world):
    case = report_world["case"]
    client.force_login(personas.practitioner_a)
    text = f"{case.young_person.family_name}さんの通える居場所がない"
    response = client.post(reverse("reports:need-add", args=[case.pk]), {"text": text})
    assert response.status_code == 422
    assert "本人の名前を書かずに" in response.text
    assert UnmetNeed.objects.count() == 1


def test_the_representative_sees_no_personal_data_on_any_report(client, personas, report_world):
    case = report_world["case"]
    client.force_login(personas.representative)
    person = case.young_person
    for name in ("reports:statistics", "reports:annual", "reports:needs"):
        page = client.get(reverse(name)).text
        for secret in (person.family_name, person.given_name, case.number):
            assert secret not in page, (name, secret)
        assert case.get_absolute_url() not in page


def test_the_reports_are_reached_from_the_navigation_by_role(client, personas):
    client.force_login(personas.representative)
    page = client.get(reverse("reports:statistics")).text
    assert f'href="{reverse("reports:statistics")}"' in page  # the navbar's 統計
    assert reverse("reports:needs") in page and reverse("reports:annual") in page
    assert reverse("reports:health") not in page  # the office's page only
    client.force_login(personas.coordinator)
    assert reverse("reports:health") in client.get(reverse("reports:needs")).text
