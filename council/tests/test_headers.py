"""Every response carries the security headers, signed in or not."""

import pytest
from django.urls import reverse

from tests.test_permissions import MATRIX

HEADERS = {
    "Content-Security-Policy": "script-src 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _assert_secure(response, url):
    for header, value in HEADERS.items():
        assert value in response.get(header, ""), f"{url}: {header}"


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [(name, kwargs) for name, kwargs, _statuses in MATRIX if not name.startswith("admin:")],
)
def test_every_page_carries_the_security_headers(client, personas, url_name, kwargs):
    url = reverse(url_name, kwargs=kwargs(personas) if callable(kwargs) else None)
    _assert_secure(client.get(url), url)  # signed out
    client.force_login(personas.coordinator)
    _assert_secure(client.get(url), url)


def test_the_policy_forbids_inline_scripts_and_framing(client, db):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-inline" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"
