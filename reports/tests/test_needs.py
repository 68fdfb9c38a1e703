"""The register's two ends: a need seen at a meeting, and a need the council takes up
at its representatives' meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseNote
from cases.tests.factories import open_case
from meetings import services as meeting_services
from meetings.models import AgendaItem, Tier
from meetings.tests.factories import schedule
from reports import services
from reports.models import UnmetNeed


@pytest.fixture
def case(personas):
    return open_case(lead_agency=personas.agency_a, by=personas.coordinator)


def _coming(personas, tier):
    return schedule(
        by=personas.coordinator,
        tier=tier,
        starts_at=timezone.now() + timedelta(days=10),
        agencies=(personas.agency_a,),
    )


def test_a_need_is_recorded_from_the_meeting_that_discussed_the_case(client, personas, case):
    meeting = _coming(personas, Tier.PRACTITIONERS)
    item = meeting_services.item_add(
        meeting=meeting, by=personas.coordinator, kind=AgendaItem.Kind.CASE, case=case
    )
    client.force_login(personas.practitioner_a)
    url = reverse("reports:need-add", args=[case.pk])
    form = client.get(f"{url}?item={item.pk}").text
    assert f'value="item-{item.pk}" selected' in form  # offered and preselected
    response = client.post(url, {"text": "夜間の家族相談がない", "source": f"item-{item.pk}"})
    assert response.status_code == 302
    need = UnmetNeed.objects.get()
    assert (need.meeting_item, need.note, need.case) == (item, None, case)


def test_a_need_is_recorded_from_a_note(client, personas, case):
    note = case_services.note_add(
        case=case,
        author=personas.practitioner_a,
        contact_on=timezone.localdate(),
        kind=CaseNote.Kind.PHONE,
        text="電話で相談",
    )
    client.force_login(personas.practitioner_a)
    client.post(
        reverse("reports:need-add", args=[case.pk]),
        {"text": "北地区に居場所がない", "source": f"note-{note.pk}"},
    )
    assert UnmetNeed.objects.get().note == note


def test_a_source_from_another_case_is_not_offered_and_refused(client, personas, case):
    other = open_case(lead_agency=personas.agency_a, by=personas.coordinator)
    note = case_services.note_add(
        case=other,
        author=personas.practitioner_a,
        contact_on=timezone.localdate(),
        kind=CaseNote.Kind.PHONE,
        text="別件",
    )
    client.force_login(personas.practitioner_a)
    response = client.post(
        reverse("reports:need-add", args=[case.pk]),
        {"text": "北地区に居場所がない", "source": f"note-{note.pk}"},
    )
    assert response.status_code == 422  # not one of the choices: a form error, no 500
    assert not UnmetNeed.objects.exists()
    with pytest.raises(Exception, match="このケースの記録"):
        services.unmet_need_record(by=personas.practitioner_a, text="x", case=case, note=note)


def test_the_office_puts_a_need_on_the_representatives_agenda(client, personas, case):
    need = services.unmet_need_record(
        by=personas.practitioner_a, text="北地区に居場所がない", case=case, area="北地区"
    )
    meeting = _coming(personas, Tier.REPRESENTATIVES)
    client.force_login(personas.coordinator)
    register = client.get(reverse("reports:needs")).text
    assert f'<option value="{meeting.pk}">' in register
    client.post(reverse("reports:need-agenda", args=[need.pk]), {"meeting": meeting.pk})
    need.refresh_from_db()
    item = need.agenda_item
    assert item is not None
    assert item.meeting == meeting and item.kind == AgendaItem.Kind.TOPIC
    assert "北地区に居場所がない" in item.title and "北地区" in item.prepared_text
    assert case.young_person.family_name not in item.title + item.prepared_text
    assert need.status == UnmetNeed.Status.DISCUSSING
    # twice on the same meeting is refused with a message, not a second item
    response = client.post(
        reverse("reports:need-agenda", args=[need.pk]), {"meeting": meeting.pk}, follow=True
    )
    assert "既にその会議の議題" in response.text
    assert meeting.items.count() == 1


def test_only_a_coming_representatives_meeting_takes_a_need(client, personas, case):
    need = services.unmet_need_record(by=personas.practitioner_a, text="居場所がない", case=case)
    practitioners = _coming(personas, Tier.PRACTITIONERS)
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("reports:need-agenda", args=[need.pk]), {"meeting": practitioners.pk}, follow=True
    )
    assert "代表者会議" in response.text
    assert not practitioners.items.exists()
    client.force_login(personas.practitioner_a)
    meeting = _coming(personas, Tier.REPRESENTATIVES)
    url = reverse("reports:need-agenda", args=[need.pk])
    assert client.post(url, {"meeting": meeting.pk}).status_code == 403
    assert not meeting.items.exists()
