"""The client address cannot be forged: X-Forwarded-For counts only from a trusted proxy."""

import pytest
from django.test import RequestFactory

from core.http import client_address


@pytest.fixture
def proxied(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "fd00::/8"]


def _request(remote: str, forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


@pytest.mark.usefixtures("proxied")
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.5", "1.2.3.4", "203.0.113.5"),  # a client forging the header directly
        ("10.0.0.2", "198.51.100.7", "198.51.100.7"),  # through our proxy
        ("10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # a forged first hop is skipped
        ("10.0.0.2", "198.51.100.7, 10.0.0.9", "198.51.100.7"),  # two proxies of ours
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", None, "10.0.0.2"),
        ("fd00::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_a_trusted_proxy_names_the_client(remote, forwarded, expected):
    assert client_address(_request(remote, forwarded)) == expected
