"""A web process connects to the broker as it starts, not on its first task (issue 12)."""

import logging
import time
from typing import Any

import pytest
from celery import Celery
from django.conf import settings

from council.celery import warm_up


def _app(broker: str) -> Celery:
    celery = Celery("warm-up-test", broker=broker, set_as_current=False)
    celery.conf.broker_transport_options = {"socket_connect_timeout": 1}
    return celery


def _connected(celery: Celery) -> bool:
    # The pool hands back the connection warm_up left in it, without connecting.
    connection: Any = celery.pool.acquire(block=False)
    try:
        return bool(connection.connected)
    finally:
        connection.release()


def test_warm_up_leaves_a_connected_producer_in_the_pool() -> None:
    celery = _app(settings.CELERY_BROKER_URL)
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("the test broker is Redis in CI")
    assert not _connected(celery)
    warm_up(celery)
    assert _connected(celery)


def test_a_broker_that_is_down_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Celery prefers the environment's broker to the one an app is given.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    celery = _app("redis://127.0.0.1:1/0")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="council.celery"):
        warm_up(celery)
    assert "broker is not reachable" in caplog.text
    assert time.monotonic() - started < 10
