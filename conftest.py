"""Fixtures shared by every app's tests: the named personas of the access policy."""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from agencies.models import Agency, CouncilRole
from agencies.tests.factories import AgencyFactory

if TYPE_CHECKING:
    from cases.models import Case
    from referrals.models import Referral


def pytest_configure(config: pytest.Config) -> None:
    # The suite is written for PostgreSQL (row locks, partial constraints,
    # trigram indexes); SQLite would pass some tests for the wrong reasons.
    if connection.vendor != "postgresql":
        raise pytest.UsageError(
            "The test suite runs against PostgreSQL: use the README's test command (make test)."
        )
    # Real hashing costs ~0.3 s a password; the tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def verified_device(user: User):
    """The user's confirmed authenticator (TOTP) device, made if missing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def totp_now(device) -> str:
    """The code the user's authenticator app shows now."""
    from django_otp.oath import totp

    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test client signs in as a user who also gave the second factor, as the
    policy requires of coordinators; the enforcement itself has tests of its own
    (accounts/tests/test_two_factor.py) that sign in without it."""
    from django.test.client import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.policy import requires_second_factor

    real = Client.force_login

    def force_login(self: Client, user: User, backend: str | None = None) -> None:
        real(self, user, backend)
        if requires_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_without_second_factor", real, raising=False)


@dataclass
class Personas:
    """Who is who in a permission test (ARCHITECTURE.md rule 9)."""

    coordinating_body: Agency
    agency_a: Agency
    agency_b: Agency
    coordinator: User
    practitioner_a: User
    practitioner_b: User
    representative: User

    def by_name(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONA_NAMES = ["anonymous", "coordinator", "practitioner_a", "practitioner_b", "representative"]


@pytest.fixture
def personas(db) -> Personas:
    coordinating = AgencyFactory.create(
        name="調整機関テスト課", council_role=CouncilRole.COORDINATING
    )
    agency_a = AgencyFactory.create(name="機関A")
    agency_b = AgencyFactory.create(name="機関B")
    return Personas(
        coordinating_body=coordinating,
        agency_a=agency_a,
        agency_b=agency_b,
        coordinator=UserFactory.create(
            username="coordinator", agency=coordinating, role=Role.COORDINATOR
        ),
        practitioner_a=UserFactory.create(username="practitioner_a", agency=agency_a),
        practitioner_b=UserFactory.create(username="practitioner_b", agency=agency_b),
        representative=UserFactory.create(
            username="representative", agency=agency_a, role=Role.REPRESENTATIVE
        ),
    )


@pytest.fixture
def case(personas: Personas):
    """A case led by agency A (practitioner_a on the team; practitioner_b not)."""
    from cases.tests.factories import open_case

    return open_case(
        lead_agency=personas.agency_a, by=personas.coordinator, key_worker=personas.practitioner_a
    )


def reminders_of(row):
    """The reminder rows that follow `row` (a task, a case...), through the registry."""
    from notifications.models import Reminder
    from notifications.registry import sources_for

    kinds = [source.kind for source in sources_for(type(row))]
    return Reminder.objects.filter(source_id=row.pk, kind__in=kinds)


def make_due(reminders) -> None:
    """Bring reminders' firing time to a minute ago (nothing else changes)."""
    from django.utils import timezone

    reminders.update(due_at=timezone.now() - timedelta(minutes=1))


@pytest.fixture
def task(case, personas):
    """A task of agency A on the case, due in ten days (so reminders are pending)."""
    from cases import services

    return services.task_add(
        plan=case.plan,
        description="本人宅を訪問し、外出の誘いをする",
        agency=personas.agency_a,
        due_on=date.today() + timedelta(days=10),
        by=personas.coordinator,
    )


@pytest.fixture
def due_reminder(task):
    """The task's "due soon" reminder, brought to a minute ago."""
    reminder = reminders_of(task).get(kind="task_due", sent_at=None)
    make_due(reminders_of(task).filter(pk=reminder.pk))
    reminder.refresh_from_db()
    return reminder


@dataclass
class Parties:
    """Agency A (practitioner_a) leads the case and refers it to agency B (practitioner_b);
    agency C (practitioner_c) has nothing to do with it."""

    personas: Personas
    case: "Case"
    referral: "Referral"
    agency_c: Agency
    practitioner_c: User

    @property
    def sender(self) -> User:
        return self.personas.practitioner_a

    @property
    def receiver(self) -> User:
        return self.personas.practitioner_b


@pytest.fixture
def parties(personas, case) -> Parties:
    """Agency A refers the case to agency B (see Parties)."""
    from referrals.tests.factories import refer

    agency_c = AgencyFactory.create(name="機関C")
    return Parties(
        personas=personas,
        case=case,
        referral=refer(case, personas.agency_b, personas.practitioner_a),
        agency_c=agency_c,
        practitioner_c=UserFactory.create(username="practitioner_c", agency=agency_c),
    )


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test counts its own figures (reports cache them between requests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _exports_in_a_temporary_directory(settings: Any, tmp_path: Path) -> None:
    """Prepared ledger exports (cases.tasks) are written where each test can see them."""
    settings.LEDGER_EXPORT_DIR = str(tmp_path / "exports")


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on a free port, and Django's mail pointed at it (1 s timeout)."""
    from core.smtp_sink import SmtpSink

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 1
    with SmtpSink() as server:
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        yield server
