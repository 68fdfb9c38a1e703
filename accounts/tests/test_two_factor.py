"""The second factor: required for coordinators and administrators, optional for others."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.tests.factories import PASSWORD
from accounts.tests.test_auth import sign_in
from conftest import totp_now, verified_device


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(client, personas):
    client.force_login_without_second_factor(personas.coordinator)
    for url in (reverse("home"), reverse("cases:index"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("two_factor:setup")
    assert client.get(reverse("two_factor:setup")).status_code == 200


def test_a_practitioner_may_work_without_one(client, personas):
    client.force_login_without_second_factor(personas.practitioner_a)
    assert client.get(reverse("cases:index")).status_code == 200


def test_a_setting_requires_it_of_everyone(client, personas, settings):
    settings.TWO_FACTOR_FOR_EVERYONE = True
    client.force_login_without_second_factor(personas.practitioner_a)
    assert client.get(reverse("cases:index")).url == reverse("two_factor:setup")


def test_a_session_that_skipped_an_existing_device_must_sign_in_again(client, personas):
    verified_device(personas.coordinator)
    client.force_login_without_second_factor(personas.coordinator)
    response = client.get(reverse("cases:index"))
    assert response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("two_factor:profile")).status_code == 302  # signed out


def test_signing_in_asks_for_the_code_after_the_password(client, personas):
    device = verified_device(personas.coordinator)
    response = client.post(reverse("accounts:login"), sign_in("coordinator", PASSWORD))
    assert "認証アプリに表示される" in response.text
    wrong = client.post(
        reverse("accounts:login"),
        {"login_view-current_step": "token", "token-otp_token": "000000"},
    )
    assert wrong.status_code == 200
    assert client.get(reverse("cases:index")).status_code == 302  # not signed in yet
    # django-otp slows guessing down: the next try is allowed a few seconds later
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        device.refresh_from_db()
        client.post(
            reverse("accounts:login"),
            {"login_view-current_step": "token", "token-otp_token": totp_now(device)},
        )
        assert client.get(reverse("cases:index")).status_code == 200


def test_a_backup_code_works_once(client, personas):
    verified_device(personas.coordinator)
    backup = StaticDevice.objects.create(user=personas.coordinator, name="backup")
    backup.token_set.create(token="abcd1234")

    def sign_in_with_backup():
        client.post(reverse("accounts:login"), sign_in("coordinator", PASSWORD))
        client.post(
            reverse("accounts:login"),
            {"login_view-current_step": "backup", "backup-otp_token": "abcd1234"},
        )
        return client.get(reverse("cases:index")).status_code

    assert sign_in_with_backup() == 200
    client.logout()
    assert sign_in_with_backup() == 302


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_the_admin_site_requires_the_second_factor(client, personas, who):
    user = personas.coordinator
    if who == "superuser":
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    client.force_login_without_second_factor(user)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(user)  # with its second factor
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_login_is_the_sites_sign_in(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
