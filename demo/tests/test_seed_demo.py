"""seed_demo on PostgreSQL: the council the README describes, and a rerun changes nothing.

Seeding takes seconds (every row goes through the services, with their
audit entries), so the module seeds once and each test works inside it.
"""

import base64
from collections.abc import Iterator
from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.tests.test_auth import sign_in
from agencies.models import Agency, CouncilRole
from cases.models import Case
from conftest import totp_now
from demo.files import read
from demo.users import password
from reports.models import UnmetNeed

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # published in the README

SEEDED_AT = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture(scope="module")
def demo_council(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo seeded once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(SEEDED_AT, tick=False):
            call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model, but for password hashes (salted) and auto_now stamps."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.name != "password" and not getattr(f, "auto_now", False)
        ]
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*fields))
    return rows


def test_seed_demo_creates_the_council_of_the_readme(demo_council: None, db: None) -> None:
    assert Agency.objects.filter(is_active=True).count() == 18
    assert Agency.objects.get(council_role=CouncilRole.COORDINATING).name == (
        "みどり市こども未来部くらし支援課"
    )
    logins = [user["login"] for user in read("users")["users"]]
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(logins)
    assert len(logins) == 10
    assert User.objects.get(username="practitioner").role == Role.PRACTITIONER
    assert User.objects.get(username="representative").role == Role.REPRESENTATIVE
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_opens_45_cases_in_every_status(demo_council: None, db: None) -> None:
    assert Case.objects.count() == 45
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    assert not Case.objects.filter(notes__isnull=True).exists()


def test_demo_users_sign_in_with_the_published_password(demo_council: None, db: None) -> None:
    assert password() == "tsunagu-demo-2026"  # the README and scripts/run print it
    for user in User.objects.all():
        assert user.check_password(password()), user.username


def test_a_demo_coordinator_signs_in_with_the_published_authenticator(
    demo_council: None, db: None, client: Client
) -> None:
    """The README's TOTP secret is the device the login asks a code of."""
    coordinator = User.objects.filter(role=Role.COORDINATOR).first()
    assert coordinator is not None
    response = client.post(reverse("accounts:login"), sign_in(coordinator.username, password()))
    assert "認証アプリに表示される" in response.text
    device = TOTPDevice.objects.get(user=coordinator, name="default")
    assert device.key == base64.b32decode(DEMO_TOTP_SECRET).hex()
    client.post(
        reverse("accounts:login"),
        {"login_view-current_step": "token", "token-otp_token": totp_now(device)},
    )
    assert client.get(reverse("cases:index")).status_code == 200


def test_seed_demo_again_changes_nothing(demo_council: None, db: None) -> None:
    before = _snapshot()
    with time_machine.travel(datetime(2026, 11, 29, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))):
        call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == before


def test_the_demo_referrals_cover_every_state_and_the_named_logins(
    demo_council: None, db: None
) -> None:
    from referrals.models import Referral, Status

    assert set(Referral.objects.values_list("status", flat=True)) == set(Status.values)
    for login in ("practitioner", "outreach", "teacher"):
        agency_id = User.objects.get(username=login).agency_id
        assert Referral.objects.filter(to_agency_id=agency_id).exists(), f"{login} inbox"
        assert Referral.objects.filter(from_agency_id=agency_id).exists(), f"{login} outbox"
    for referral in Referral.objects.select_related("case"):
        assert referral.case.is_open
        assert referral.events.earliest("at").at == referral.requested_at


def test_the_demo_register_has_a_need_on_the_coming_representatives_meeting(
    demo_council: None, db: None
) -> None:
    need = UnmetNeed.objects.get(agenda_item__isnull=False)
    assert need.agenda_item is not None
    meeting = need.agenda_item.meeting
    assert meeting.kind.tier == "representatives" and meeting.starts_at > SEEDED_AT
    assert need.status == UnmetNeed.Status.DISCUSSING
