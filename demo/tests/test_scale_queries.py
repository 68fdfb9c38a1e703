"""Issue 12: the pages that grew with the data run the same SQL at any size.

A council made by seed_scale is measured, grown fivefold with more cases,
notes, referrals and audit rows, and measured again: the number of
statements per page must not change (no N+1, no per-row work in Python).
Not timed; the timings are the benchmark's (manage.py bench).
"""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from cases.models import Case
from demo.scale import ScaleSeeder, Sizes, seed_more_cases

TODAY = date(2026, 11, 27)


def _statements(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _pages() -> dict[str, tuple[str, str]]:
    """(persona, URL) of each page; the case and the name are the first case's."""
    first = Case.objects.select_related("young_person").order_by("pk").first()
    assert first is not None
    name = first.young_person.family_name
    kana = first.young_person.family_name_kana
    return {
        "ledger": ("scale-coordinator", reverse("cases:ledger")),
        "ledger, risk sort": ("scale-coordinator", reverse("cases:ledger") + "?sort=risk"),
        "ledger, labels only": ("scale-designated", reverse("cases:ledger")),
        "case list": ("scale-coordinator", reverse("cases:index")),
        "search by name": ("scale-coordinator", reverse("cases:index") + f"?q={name}"),
        "search by kana": ("scale-coordinator", reverse("cases:index") + f"?q={kana}"),
        "who viewed": ("scale-coordinator", reverse("cases:history", args=[first.pk])),
        "export csv": ("scale-coordinator", reverse("cases:ledger-export", args=["csv"])),
        "export xlsx": ("scale-coordinator", reverse("cases:ledger-export", args=["xlsx"])),
    }


def _measure() -> dict[str, int]:
    clients: dict[str, Client] = {}
    counts = {}
    for page, (username, url) in _pages().items():
        client = clients.setdefault(username, _client(username))
        _statements(client, url)  # the first request fills per-process caches
        counts[page] = _statements(client, url)
    return counts


@pytest.mark.django_db
def test_statements_per_page_do_not_grow_with_the_data(settings):
    settings.LEDGER_EXPORT_BACKGROUND_ROWS = 10_000  # both sizes export in the request
    sizes = Sizes(cases=15, agencies=40, users=160, notes_per_case=3)
    ScaleSeeder(sizes, seed=3, today=TODAY, log=lambda _m: None).run()
    small = _measure()
    seed_more_cases(cases=75, seed=4, today=TODAY)
    assert Case.objects.count() == 90
    large = _measure()
    assert large == small


@pytest.mark.django_db
def test_more_cases_join_the_same_council():
    sizes = Sizes(cases=5, agencies=30, users=90, notes_per_case=1)
    ScaleSeeder(sizes, seed=1, today=TODAY, log=lambda _m: None).run()
    seed_more_cases(cases=5, seed=2, today=TODAY)
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 10
    assert User.objects.filter(username__startswith="scale-").count() == 90
