"""Idle sessions end; "sign out on every computer" ends them all."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone


def test_a_session_idle_for_more_than_thirty_minutes_ends(client, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(personas.practitioner_a)
        assert client.get(reverse("cases:index")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(reverse("cases:index")).status_code == 200  # and the clock restarts
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get(reverse("cases:index")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get(reverse("cases:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_signing_out_everywhere_ends_every_session(client, personas):
    other = Client()
    other.force_login(personas.practitioner_a)
    client.force_login(personas.practitioner_a)
    assert other.get(reverse("cases:index")).status_code == 200
    client.post(reverse("accounts:logout-everywhere"))
    assert other.get(reverse("cases:index")).status_code == 302
    assert client.get(reverse("cases:index")).status_code == 302
