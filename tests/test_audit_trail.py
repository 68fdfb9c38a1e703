"""Every page that shows personal data leaves a read in the audit log, and every refused
attempt a denial: table-driven over the permission matrices (and so the URL resolver)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.test_case_permissions import CASE_MATRIX, World
from tests.test_case_permissions import world as world

# Case URLs that show no personal data (anonymised rows, staff names, a blank form)
# or that only accept POST; every other case URL must record a read when it renders.
NO_PERSONAL_DATA = {
    "cases:intake",
    "cases:key-worker-options",
    "cases:ledger",
    "cases:inactive-teams",  # case numbers and agencies, for the office
    "cases:ledger-review",
    "cases:ledger-export-file",  # its cases were audited when the file was built
    "cases:transition",
    "cases:reopen",
    "cases:goal-achieved",
    "cases:task-status",
}
# Pages that list only the reader's own work: read as someone who has some.
READER = {"cases:my-tasks": "practitioner_a"}
PAGES = list({name: (name, kwargs) for name, kwargs, _s in CASE_MATRIX}.values())


def _reads(since: int):
    return LogEntry.objects.filter(pk__gt=since, action=LogEntry.Action.ACCESS).exclude(
        additional_data__has_key="denied"
    )


def _last() -> int:
    last = LogEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


@pytest.mark.parametrize(("url_name", "kwargs"), PAGES)
def test_each_personal_data_page_records_a_read(client, world: World, url_name, kwargs):
    reader = getattr(world.personas, READER.get(url_name, "coordinator"))
    client.force_login(reader)
    url = reverse(url_name, kwargs=kwargs(world) if callable(kwargs) else None)
    before = _last()
    response = client.get(url, REMOTE_ADDR="10.1.2.3")
    if response.streaming:  # a streamed export records its read as it is sent
        b"".join(response.streaming_content)
    reads = list(_reads(before))
    if url_name in NO_PERSONAL_DATA or response.status_code == 405:
        return
    assert response.status_code == 200
    assert reads, f"{url_name} shows personal data without recording the read"
    assert all(e.actor == reader for e in reads)
    assert all(e.remote_addr == "10.1.2.3" for e in reads)


NOT_ONE_CASE = {"cases:ledger-export", "cases:ledger-export-file"}
ON_ONE_CASE = [(n, k) for n, k in PAGES if callable(k) and n not in NOT_ONE_CASE]


@pytest.mark.parametrize(("url_name", "kwargs"), ON_ONE_CASE)
def test_each_refused_attempt_on_a_case_url_is_recorded(client, world: World, url_name, kwargs):
    client.force_login(world.personas.practitioner_b)
    url = reverse(url_name, kwargs=kwargs(world))
    before = _last()
    method = client.post if url_name in NO_PERSONAL_DATA else client.get
    response = method(url, REMOTE_ADDR="10.9.9.9")
    assert response.status_code in (403, 404)
    [denial] = LogEntry.objects.filter(pk__gt=before, additional_data__has_key="denied")
    assert denial.actor == world.personas.practitioner_b
    assert denial.remote_addr == "10.9.9.9"
    assert denial.additional_data["denied"] == response.status_code
    assert denial.additional_data["url"] == url_name
    if "person" not in url_name:
        assert denial.additional_data["case_id"] == world.case.pk


def test_a_denial_appears_in_the_case_history(client, world: World):
    from cases.audit import case_history

    client.force_login(world.personas.practitioner_b)
    client.get(world.case.get_absolute_url())
    assert any(e.additional_data.get("denied") for e in case_history(world.case))
