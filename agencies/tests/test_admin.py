"""The admin registry: coordinators keep it; imports are all or nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Agency, CouncilRole, Sector, Service
from core.text import search_normalize

HEADER = "name,name_kana,sector,council_role,phone,email,is_active\n"


def _upload(client, url_name, content: str):
    upload = SimpleUploadedFile("agencies.csv", content.encode("utf-8-sig"), "text/csv")
    return client.post(reverse(url_name), {"import_file": upload, "format": "0"})


@pytest.fixture
def coordinator_client(client, personas):
    Sector.objects.get_or_create(name="保健")
    client.force_login(personas.coordinator)
    return client


def test_import_with_a_bad_row_shows_row_errors_and_imports_nothing(coordinator_client):
    before = Agency.objects.count()
    csv = (
        HEADER
        + "新しい保健センター,シンシイホケンセンター,保健,構成機関,0120-1,a@example.jp,1\n"
        + "名前のある機関,ナマエ,存在しない分野,member,0120-2,b@example.jp,1\n"
        + "第三の機関,ダイサン,保健,調整機関,0120-3,not-an-email,1\n"
    )
    response = _upload(coordinator_client, "admin:agencies_agency_import", csv)
    assert response.status_code == 200
    text = response.text
    assert "存在しない分野" in text  # the unknown sector is named on its row
    assert "有効なメールアドレスを入力してください" in text
    assert 'name="import_file_name"' not in text  # no confirm button is offered
    assert Agency.objects.count() == before


def test_import_of_a_good_file_creates_agencies_after_confirmation(coordinator_client):
    csv = HEADER + "新しい保健センター,シンシイホケンセンター,保健,構成機関,0120-1,a@example.jp,1\n"
    response = _upload(coordinator_client, "admin:agencies_agency_import", csv)
    assert 'name="import_file_name"' in response.text
    assert not Agency.objects.filter(name="新しい保健センター").exists()  # a dry run first
    confirm = response.context["confirm_form"].initial
    response = coordinator_client.post(reverse("admin:agencies_agency_process_import"), confirm)
    assert response.status_code == 302
    agency = Agency.objects.get(name="新しい保健センター")
    assert agency.council_role == CouncilRole.MEMBER
    assert agency.search_key == search_normalize("新しい保健センターシンシイホケンセンター")


def test_import_refuses_a_second_coordinating_body(coordinator_client):
    csv = HEADER + "別の調整機関,ベツ,保健,調整機関,0120-1,a@example.jp,1\n"
    response = _upload(coordinator_client, "admin:agencies_agency_import", csv)
    assert "調整機関は1つだけです" in response.text
    assert not Agency.objects.filter(name="別の調整機関").exists()


def test_service_import_names_an_unknown_agency(coordinator_client, personas):
    csv = "agency,name,approach\n存在しない機関,相談,本人へのアプローチ\n"
    upload = SimpleUploadedFile("services.csv", csv.encode(), "text/csv")
    response = coordinator_client.post(
        reverse("admin:agencies_service_import"), {"import_file": upload, "format": "0"}
    )
    assert "存在しない機関" in response.text
    assert not Service.objects.exists()


def test_export_csv_holds_the_registry(coordinator_client, personas):
    response = coordinator_client.post(
        reverse("admin:agencies_agency_export"),
        {"format": "0", "resource": "0", **{f"agencyresource_{f}": "on" for f in ("name",)}},
    )
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert personas.agency_a.name in body


def test_coordinator_cannot_delete_agencies(coordinator_client, personas):
    url = reverse("admin:agencies_agency_delete", args=[personas.agency_a.pk])
    assert coordinator_client.post(url, {"post": "yes"}).status_code == 403
    assert Agency.objects.filter(pk=personas.agency_a.pk).exists()


def test_admin_search_is_kana_insensitive(coordinator_client, personas):
    Agency.objects.filter(pk=personas.agency_a.pk).update(name_kana="アオバ")
    personas.agency_a.refresh_from_db()
    personas.agency_a.save()
    response = coordinator_client.get(reverse("admin:agencies_agency_changelist"), {"q": "あおば"})
    assert personas.agency_a.name in response.text
    assert personas.agency_b.name not in response.text


@pytest.mark.parametrize("fmt", ["0", "1"])  # CSV, Excel
def test_the_registry_export_never_carries_a_live_formula(coordinator_client, personas, fmt):
    Agency.objects.filter(pk=personas.agency_a.pk).update(name='=HYPERLINK("http://x")')
    Agency.objects.filter(pk=personas.agency_b.pk).update(name="+81-3-0000", phone="@SUM(1)")
    response = coordinator_client.post(
        reverse("admin:agencies_agency_export"),
        {
            "format": fmt,
            "resource": "0",
            **{f"agencyresource_{f}": "on" for f in ("name", "phone")},
        },
    )
    assert response.status_code == 200
    if fmt == "0":
        cells = [
            c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row
        ]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'+81-3-0000" in cells and "'@SUM(1)" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("調整機関テスト課,チョウセイ,保健,構成機関,0120-9,c@example.jp,1", "調整機関"),  # demoted
        ("調整機関テスト課,チョウセイ,保健,調整機関,0120-9,c@example.jp,0", "調整機関"),  # closed
        ("二つ目の調整機関,フタツメ,保健,調整機関,0120-8,d@example.jp,1", "調整機関"),  # a second
    ],
)
def test_the_import_keeps_one_active_coordinating_body(coordinator_client, personas, row, message):
    response = _upload(coordinator_client, "admin:agencies_agency_import", HEADER + row + "\n")
    assert response.status_code == 200
    assert message in response.text
    assert 'name="import_file_name"' not in response.text  # nothing to confirm
    [body] = Agency.objects.filter(council_role=CouncilRole.COORDINATING)
    assert body == personas.coordinating_body and body.is_active
