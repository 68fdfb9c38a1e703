"""/health/: liveness that touches nothing, readiness with hard timeouts, details only
for site administrators and monitoring tokens.

Defect 3: with Redis stopped by SIGSTOP, /health/ waited 30 s and died with
a 500; three concurrent checks made the login page take 37.6 s. The hung
Redis here is a listening socket that accepts and never answers.
"""

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from conftest import make_due
from notifications.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)

DETAILS = {"database", "broker", "oldest_due_reminder_age_seconds"}


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word (a stopped Redis)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


@pytest.fixture
def hung_redis(settings) -> Iterator[None]:
    settings.HEALTH_CHECK_TIMEOUT = 1.0
    with silent_server() as port:
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"
        yield


def test_anonymous_callers_learn_only_up_or_down(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_site_administrators_and_the_token_see_the_details(client, settings):
    settings.HEALTH_TOKEN = "s3cret-monitoring-token"
    body = client.get(reverse("health"), headers={"authorization": "Bearer wrong"}).json()
    assert set(body) == {"status"}
    body = client.get(
        reverse("health"), headers={"authorization": "Bearer s3cret-monitoring-token"}
    ).json()
    assert body["database"] == body["broker"] == "ok"
    assert set(body) >= DETAILS
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    assert set(client.get(reverse("health")).json()) >= DETAILS


def test_a_practitioner_sees_no_details(client, personas):
    client.force_login(personas.practitioner_a)
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_an_empty_token_setting_accepts_no_token(client, settings):
    settings.HEALTH_TOKEN = ""
    response = client.get(reverse("health"), headers={"authorization": "Bearer "})
    assert set(response.json()) == {"status"}


def test_a_hung_redis_makes_readiness_fail_fast(client, hung_redis, settings):
    settings.HEALTH_TOKEN = "t"
    started = time.monotonic()
    response = client.get(reverse("health"), headers={"authorization": "Bearer t"})
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "down"


def test_liveness_never_touches_the_broker(client, hung_redis, django_assert_num_queries):
    started = time.monotonic()
    with django_assert_num_queries(0):
        response = client.get(reverse("health-live"))
    assert time.monotonic() - started < 0.5
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_concurrent_checks_of_a_hung_redis_leave_the_login_page_fast(client, hung_redis):
    def check() -> int:
        from django.test import Client

        return Client().get(reverse("health")).status_code

    with ThreadPoolExecutor(3) as pool:
        checks = [pool.submit(check) for _ in range(3)]
        time.sleep(0.1)
        started = time.monotonic()
        assert client.get(reverse("accounts:login")).status_code == 200
        assert time.monotonic() - started < 1
        assert [c.result(timeout=5) for c in checks] == [503, 503, 503]


def test_a_broker_that_is_down_is_reported(client, settings):
    settings.HEALTH_TOKEN = "t"
    with silent_server() as port:
        pass  # nothing listens there any more
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get(reverse("health"), headers={"authorization": "Bearer t"})
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_the_age_of_the_oldest_due_reminder(client, due_reminder, settings):
    settings.HEALTH_TOKEN = "t"
    make_due(Reminder.objects.filter(pk=due_reminder.pk))
    body = client.get(reverse("health"), headers={"authorization": "Bearer t"}).json()
    assert 55 <= body["oldest_due_reminder_age_seconds"] <= 120
