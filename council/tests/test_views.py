from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse


def test_unknown_page_gets_the_japanese_404(client, personas):
    client.force_login(personas.practitioner_a)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text


def test_language_switcher_changes_to_english_and_back(client, personas):
    client.force_login(personas.practitioner_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Directory" in client.get(reverse("home")).text
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    assert "機関ディレクトリ" in client.get(reverse("home")).text


def test_admin_link_only_for_registry_keepers(client, personas):
    client.force_login(personas.practitioner_a)
    assert reverse("admin:index") not in client.get(reverse("home")).text
    client.force_login(personas.coordinator)
    assert reverse("admin:index") in client.get(reverse("home")).text


def test_dates_read_the_japanese_way(client, personas):
    # force_login stamps last_login with "now": freeze it, or the date shown
    # depends on the hour the suite runs (UTC evening is the next day in Tokyo).
    moment = datetime(2026, 11, 28, 9, 5, tzinfo=ZoneInfo("Asia/Tokyo"))
    with time_machine.travel(moment, tick=False):
        client.force_login(personas.practitioner_a)
        assert "2026年11月28日" in client.get(reverse("accounts:profile")).text


def test_signed_in_pages_are_never_cached(client, personas):
    client.force_login(personas.practitioner_a)
    response = client.get(reverse("agencies:directory"))
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert "no-store" not in client.get(reverse("health")).get("Cache-Control", "")
