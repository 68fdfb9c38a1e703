"""Hostile input to every form field and query parameter of every URL: never a 500,
never markup echoed back unescaped.

The URLs come from the permission matrices (which a test keeps complete
against the URL resolver). For each page the test reads its forms, then sends
each hostile value in every field (GET forms in the query string, POST forms
to their action) and in the common list parameters, as a coordinator and as a
site administrator.
"""

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from conftest import Parties
from referrals.tests.factories import refer
from tests.test_case_permissions import CASE_MATRIX, World
from tests.test_case_permissions import world as world
from tests.test_meeting_permissions import MEETING_MATRIX, build_world
from tests.test_permissions import MATRIX
from tests.test_referral_permissions import REFERRAL_MATRIX

SCRIPT = "<script>alert('x')</script>"
HOSTILE = [
    "A" * 5000,
    "\x00",
    "\x01\x08\x1f",
    "' OR '1'='1",
    "1; DROP TABLE cases_case; --",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "2026-02-30",
    "99999-99-99",
    "-1",
    "99999999999999999999999999",
    "1.5e308",
    "[]",
    '{"a": 1}',
    "😀漢字ｶﾀｶﾅ",
    "",
]
COMMON_PARAMS = ["page", "q", "sort", "status", "agency", "tab", "urgency", "o", "p", "e"]
SKIP = {"accounts:logout", "accounts:logout-everywhere", "set_language", "accounts:login"}


class Forms(HTMLParser):
    """The forms of a page: (method, action, field names)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "form":
            self.forms.append(((attr.get("method") or "get").lower(), attr.get("action") or "", []))
        elif tag in ("input", "select", "textarea") and self.forms and attr.get("name"):
            name = attr["name"] or ""
            if name != "csrfmiddlewaretoken" and attr.get("type") not in ("file", "submit"):
                self.forms[-1][2].append(name)


def _urls(world: World, parties: Parties) -> list[tuple[str, str]]:
    urls = []
    meetings = build_world(world.personas, world.case)
    for matrix, arg in (
        (MATRIX, world.personas),
        (CASE_MATRIX, world),
        (REFERRAL_MATRIX, parties),
        (MEETING_MATRIX, meetings),
    ):
        for name, kwargs, _statuses in matrix:
            if name not in SKIP:
                urls.append((name, reverse(name, kwargs=kwargs(arg) if callable(kwargs) else None)))
    return urls


def _check(response: Any, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if "text/html" in response.get("Content-Type", ""):
        assert SCRIPT not in response.content.decode("utf-8", "replace"), f"{where}: unescaped"


@pytest.fixture
def parties(world: World) -> Parties:
    from agencies.tests.factories import AgencyFactory

    agency_c = AgencyFactory.create(name="機関C")
    return Parties(
        personas=world.personas,
        case=world.case,
        referral=refer(world.case, world.personas.agency_b, world.personas.practitioner_a),
        agency_c=agency_c,
        practitioner_c=UserFactory.create(agency=agency_c),
    )


@pytest.mark.parametrize("who", ["coordinator", "administrator"])
def test_no_server_error_and_no_echoed_markup_anywhere(client, world, parties, who):
    user = world.personas.coordinator
    if who == "administrator":
        user = UserFactory.create(username="siteadmin", is_superuser=True, is_staff=True)
    client.force_login(user)
    posted = set()
    for name, url in _urls(world, parties):
        page = client.get(url)
        _check(page, f"GET {name}")
        forms = Forms()
        if "text/html" in page.get("Content-Type", ""):
            forms.feed(page.content.decode("utf-8", "replace"))
        for value in HOSTILE:
            _check(
                client.get(url, dict.fromkeys(COMMON_PARAMS, value)), f"GET {name} {value!r:.30}"
            )
            for method, action, fields in forms.forms:
                target = urljoin(url, action) if action else url
                if not target.startswith("/") or "logout" in target:
                    continue
                data = dict.fromkeys(fields, value)
                if method == "post":
                    posted.add(name)
                send = client.post if method == "post" else client.get
                _check(send(target, data), f"{method.upper()} {name} -> {target} {value!r:.30}")
        client.force_login(user)  # some pages sign out (lockout, sessions): back in
    # not vacuous: the forms of the writing pages were found and filled
    assert {"cases:intake", "cases:team-add", "cases:note-add", "referrals:create"} <= posted
    assert {
        "meetings:create",
        "meetings:agenda",
        "meetings:attendance",
        "meetings:minutes",
    } <= posted
