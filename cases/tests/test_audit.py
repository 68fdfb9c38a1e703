"""Every view, change and export of personal data leaves an audit entry."""

import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from cases import services
from cases.audit import case_history, log_export
from cases.models import Case
from cases.tests.factories import open_case


def _accesses(obj) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(obj.pk)).filter(
            content_type__model=obj._meta.model_name
        )
    )


def test_viewing_a_case_page_is_logged_with_user_and_ip(client, personas, case):
    client.force_login(personas.practitioner_a)
    client.get(case.get_absolute_url(), REMOTE_ADDR="10.1.2.3")
    [entry] = _accesses(case)
    assert entry.actor == personas.practitioner_a
    assert entry.remote_addr == "10.1.2.3"
    assert entry.additional_data == {"case_id": case.pk}


def test_viewing_a_young_person_is_logged(client, personas, case):
    client.force_login(personas.coordinator)
    client.get(reverse("cases:person", args=[case.young_person_id]))
    [entry] = _accesses(case.young_person)
    assert entry.actor == personas.coordinator


def test_refused_views_are_not_logged_as_reads(client, personas, case):
    client.force_login(personas.practitioner_b)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert _accesses(case) == []


def test_changes_to_case_team_plan_and_notes_are_in_the_case_history(client, personas, case):
    client.force_login(personas.coordinator)
    client.post(reverse("cases:team-add", args=[case.pk]), {"agency": personas.agency_b.pk})
    client.post(reverse("cases:plan-edit", args=[case.pk]), {"policy": "焦らず関係づくり"})
    client.post(
        reverse("cases:note-add", args=[case.pk]),
        {"contact_on": date.today().isoformat(), "kind": "phone", "text": "電話"},
    )
    client.post(reverse("cases:transition", args=[case.pk]), {"to": "assessment"})
    models = {
        e.content_type.model for e in case_history(case) if e.action != LogEntry.Action.ACCESS
    }
    assert {"case", "caseteammember", "supportplan", "casenote", "youngperson"} <= models
    status_change = case_history(case).filter(
        content_type__model="case", action=LogEntry.Action.UPDATE, changes__has_key="status"
    )
    assert status_change.get().actor == personas.coordinator


def test_case_history_page_lists_viewers_for_coordinators(client, personas, case):
    client.force_login(personas.practitioner_a)
    client.get(case.get_absolute_url())
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:history", args=[case.pk]))
    assert response.status_code == 200
    assert personas.practitioner_a.get_full_name() in response.text
    assert "閲覧" in response.text


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_is_audited_per_case(client, personas, case, fmt):
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:ledger-export", args=[fmt]), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200
    b"".join(response.streaming_content)  # a streamed export records its read as it is sent
    [entry] = _accesses(case)
    assert entry.additional_data["export"].startswith(f"ledger.{fmt}")
    assert entry.remote_addr == "10.9.9.9"
    assert entry.actor == personas.coordinator


def test_coordinator_export_has_names_practitioner_export_does_not(client, personas, case):
    client.force_login(personas.coordinator)
    sheet = load_workbook(
        io.BytesIO(
            b"".join(client.get(reverse("cases:ledger-export", args=["xlsx"])).streaming_content)
        )
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-3:] == ("氏名", "よみがな", "生年月日")
    assert rows[1][0] == case.anonymised_label
    assert case.young_person.full_name in rows[1]

    client.force_login(personas.practitioner_a)
    response = client.get(reverse("cases:ledger-export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert case.anonymised_label in body
    assert case.young_person.family_name not in body
    assert "氏名" not in body


def test_export_follows_the_ledger_filters(client, personas, case):
    other = open_case(lead_agency=personas.agency_a, by=personas.coordinator, risk_level="high")
    client.force_login(personas.coordinator)
    response = client.get(reverse("cases:ledger-export", args=["csv"]), {"risk": "high"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert other.anonymised_label in body
    assert case.anonymised_label not in body
    assert Case.objects.count() == 2


def test_representative_cannot_export(client, personas, case):
    client.force_login(personas.representative)
    assert client.get(reverse("cases:ledger-export", args=["csv"])).status_code == 403
    assert _accesses(case) == []


def test_service_changes_record_old_and_new_values(personas, case):
    services.case_update(case=case, by=personas.coordinator, risk_level="high")
    entry = LogEntry.objects.filter(
        content_type__model="case", action=LogEntry.Action.UPDATE, changes__has_key="risk_level"
    ).get()
    assert entry.changes["risk_level"] == ["low", "high"]


def test_a_list_records_each_case_it_showed_once_in_one_statement(
    personas, case, django_assert_num_queries
):
    other = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    with django_assert_num_queries(1):
        written = log_export(
            cases=[case, other, case],
            by=personas.practitioner_a,
            what="home",
            remote_addr="10.1.2.3",
        )
    assert written == 2
    for shown in (case, other):
        [entry] = _accesses(shown)
        assert (entry.actor, entry.remote_addr, entry.object_repr) == (
            personas.practitioner_a,
            "10.1.2.3",
            shown.number,
        )
        assert entry.additional_data == {"case_id": shown.pk, "export": "home"}
