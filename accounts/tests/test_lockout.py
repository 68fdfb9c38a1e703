"""Lockout after repeated failed sign-ins, per account and per address; unlock; audit."""

from auditlog.models import LogEntry
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from accounts.tests.test_auth import sign_in


def _try(client, username, password, addr="10.0.0.1", **headers):
    return client.post(
        reverse("accounts:login"), sign_in(username, password), REMOTE_ADDR=addr, **headers
    )


def _signed_in(client) -> bool:
    return client.get(reverse("cases:index")).status_code == 200


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, personas):
    for _ in range(5):
        _try(client, "practitioner_a", "wrong", addr="10.0.0.1")
    response = _try(client, "practitioner_a", PASSWORD, addr="10.0.0.99")  # another address
    assert response.status_code == 429
    assert "ログインがロックされています" in response.text
    assert not _signed_in(client)
    entries = LogEntry.objects.filter(additional_data__security="locked_out")
    assert {e.additional_data["username"] for e in entries} == {"practitioner_a"}


def test_an_address_trying_many_accounts_is_locked(client, personas):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        _try(client, name, "wrong", addr="10.9.9.9")
    assert _try(client, "practitioner_b", PASSWORD, addr="10.9.9.9").status_code == 429
    assert _try(client, "practitioner_b", PASSWORD, addr="10.0.0.2").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lock(client, personas):
    for n in range(5):
        _try(client, f"x{n}", "wrong", addr="10.9.9.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = _try(
        client, "practitioner_b", PASSWORD, addr="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.77"
    )
    assert response.status_code == 429


def test_a_coordinator_unlocks_and_it_is_recorded(client, personas):
    for _ in range(5):
        _try(client, "practitioner_a", "wrong")
    office = client.__class__()
    office.force_login(personas.coordinator)
    page = office.get(reverse("accounts:lockouts")).text
    assert "practitioner_a" in page
    office.post(reverse("accounts:unlock"), {"username": "practitioner_a"})
    assert _try(client, "practitioner_a", PASSWORD, addr="10.0.0.5").status_code == 302
    entry = LogEntry.objects.filter(additional_data__security="unlock").get()
    assert entry.additional_data["unlocked_by"] == "coordinator"


def test_practitioners_cannot_unlock(client, personas):
    client.force_login(personas.practitioner_a)
    assert client.post(reverse("accounts:unlock"), {"username": "x"}).status_code == 403
