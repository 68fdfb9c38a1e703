"""The permission matrix: every URL, every persona (DOMAIN.md section 5).

Each row names a URL and the status each persona gets. A final test walks
the URL configuration so that a new URL without a row fails the suite.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONA_NAMES, Personas

LOGIN = 302  # anonymous visitors are sent to the login page
ADMIN_LOGIN = 302  # the admin sends users it does not admit to its own login

# (url name, kwargs factory, {persona: status}); personas not named get `default`.
MATRIX: list[tuple[str, object, dict[str, int]]] = [
    ("home", None, {"anonymous": LOGIN, "default": 200}),
    ("health", None, {"default": 200}),
    ("demo:floor", None, {"anonymous": LOGIN, "default": 200}),  # the benchmark's floor
    ("health-live", None, {"default": 200}),
    ("accounts:login", None, {"anonymous": 200, "default": 302}),
    ("accounts:logout", None, {"anonymous": LOGIN, "default": 405}),  # POST only
    ("accounts:profile", None, {"anonymous": LOGIN, "default": 200}),
    ("accounts:logout-everywhere", None, {"anonymous": LOGIN, "default": 405}),  # POST only
    ("audit:log", None, {"anonymous": LOGIN, "coordinator": 200, "default": 403}),
    ("audit:export", None, {"anonymous": LOGIN, "coordinator": 200, "default": 403}),
    ("audit:summary", None, {"anonymous": LOGIN, "coordinator": 200, "default": 403}),
    ("accounts:lockouts", None, {"anonymous": LOGIN, "coordinator": 200, "default": 403}),
    ("accounts:unlock", None, {"anonymous": LOGIN, "default": 405}),  # POST only
    # The second factor's pages (django-two-factor-auth): a user who has one
    # (the coordinator here) sees its codes; the others may set one up.
    ("two_factor:setup", None, {"anonymous": LOGIN, "coordinator": 302, "default": 200}),
    ("two_factor:qr", None, {"anonymous": LOGIN, "default": 404}),  # only during set-up
    ("two_factor:setup_complete", None, {"anonymous": LOGIN, "coordinator": 200, "default": 302}),
    ("two_factor:backup_tokens", None, {"anonymous": LOGIN, "coordinator": 200, "default": 302}),
    ("two_factor:profile", None, {"anonymous": LOGIN, "default": 200}),
    ("two_factor:disable", None, {"anonymous": LOGIN, "coordinator": 200, "default": 302}),
    ("accounts:password-change", None, {"anonymous": LOGIN, "default": 200}),
    ("accounts:password-change-done", None, {"anonymous": LOGIN, "default": 200}),
    ("accounts:password-reset", None, {"default": 200}),
    ("accounts:password-reset-done", None, {"default": 200}),
    (
        "accounts:password-reset-confirm",
        lambda p: {"uidb64": "MQ", "token": "bad-token"},
        {"default": 200},  # renders "this link has expired"
    ),
    ("accounts:password-reset-complete", None, {"default": 200}),
    ("agencies:directory", None, {"anonymous": LOGIN, "default": 200}),
    ("agencies:detail", lambda p: {"pk": p.agency_a.pk}, {"anonymous": LOGIN, "default": 200}),
    ("notifications:index", None, {"anonymous": LOGIN, "default": 200}),
    ("notifications:preferences", None, {"anonymous": LOGIN, "default": 200}),
    ("notifications:delivery", None, {"anonymous": LOGIN, "coordinator": 200, "default": 403}),
    # POST only: GET answers 405 before anything is looked up
    ("notifications:open", lambda p: {"pk": 1}, {"anonymous": LOGIN, "default": 405}),
    ("notifications:mark-read", lambda p: {"pk": 1}, {"anonymous": LOGIN, "default": 405}),
    ("notifications:mark-all-read", None, {"anonymous": LOGIN, "default": 405}),
    ("notifications:retry", lambda p: {"pk": 1}, {"anonymous": LOGIN, "default": 405}),
    ("set_language", None, {"default": 302}),
    ("admin:index", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:agencies_agency_changelist", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:agencies_agency_add", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    (
        "admin:agencies_agency_change",
        lambda p: {"object_id": p.agency_a.pk},
        {"coordinator": 200, "default": ADMIN_LOGIN},
    ),
    (
        "admin:agencies_agency_delete",
        lambda p: {"object_id": p.agency_a.pk},
        {"coordinator": 403, "default": ADMIN_LOGIN},  # nothing is hard-deleted
    ),
    ("admin:agencies_agency_import", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:agencies_agency_export", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:agencies_service_changelist", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:agencies_service_import", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:agencies_sector_changelist", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:cases_presentingissue_changelist", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:meetings_meetingkind_changelist", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    ("admin:meetings_meetingkind_add", None, {"coordinator": 200, "default": ADMIN_LOGIN}),
    # Users and the audit log belong to site administrators only.
    ("admin:accounts_user_changelist", None, {"coordinator": 403, "default": ADMIN_LOGIN}),
    ("admin:auditlog_logentry_changelist", None, {"coordinator": 403, "default": ADMIN_LOGIN}),
]

CASES = [
    pytest.param(
        name,
        kwargs,
        persona,
        statuses.get(persona, statuses.get("default")),
        id=f"{name}-{persona}",
    )
    for name, kwargs, statuses in MATRIX
    for persona in PERSONA_NAMES
]


@pytest.mark.parametrize(("url_name", "kwargs", "persona", "expected"), CASES)
def test_permission_matrix(client, personas: Personas, url_name, kwargs, persona, expected):
    user = personas.by_name(persona)
    if user is not None:
        client.force_login(user)
    url = reverse(url_name, kwargs=kwargs(personas) if callable(kwargs) else None)
    response = client.get(url)
    assert response.status_code == expected, f"{persona} GET {url}"
    if persona == "anonymous" and expected == LOGIN and not url_name.startswith(("admin:", "set_")):
        assert response.url.startswith(reverse("accounts:login"))


def test_site_administrator_reaches_user_admin(client, personas):
    personas.coordinator.is_superuser = True
    personas.coordinator.save(update_fields=["is_superuser"])
    client.force_login(personas.coordinator)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def _named_urls(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin's own URLs are covered by the rows above
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _named_urls(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names


def test_every_named_url_has_a_row_in_a_matrix():
    from tests.test_case_permissions import CASE_MATRIX
    from tests.test_meeting_permissions import MEETING_MATRIX
    from tests.test_referral_permissions import REFERRAL_MATRIX
    from tests.test_report_permissions import REPORT_MATRIX

    matrices = [*MATRIX, *CASE_MATRIX, *MEETING_MATRIX, *REFERRAL_MATRIX, *REPORT_MATRIX]
    covered = {name for name, _kwargs, _statuses in matrices}
    missing = _named_urls(get_resolver()) - covered
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"
