"""The permission matrix of every referral URL, for every persona (DOMAIN.md section 5).

Agency A (practitioner_a) leads the case and refers it to agency B
(practitioner_b), which has not answered yet: it holds the referral's grant
only. Agency C (practitioner_c) has nothing to do with it.
"""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.urls import reverse

from conftest import Parties
from referrals import services
from referrals.models import Referral, ReferralEvent
from tests.test_case_permissions import record_state

PERSONAS = ["anonymous", "coordinator", "sender", "receiver", "third", "representative"]
OK, LOGIN, DENIED, UNKNOWN, NOT_ALLOWED = 200, 302, 403, 404, 405


def _user(parties: Parties, persona: str):
    return {
        "anonymous": None,
        "coordinator": parties.personas.coordinator,
        "sender": parties.sender,
        "receiver": parties.receiver,
        "third": parties.practitioner_c,
        "representative": parties.personas.representative,
    }[persona]


def _row(default: int, **statuses: int) -> dict[str, int]:
    return {p: statuses.get(p, default) for p in PERSONAS} | {"anonymous": LOGIN}


ANY_CASE_WORKER = _row(OK, representative=DENIED)
ON_REFERRAL = _row(OK, third=UNKNOWN, representative=DENIED)
RECEIVER_FORM = _row(DENIED, receiver=OK, third=UNKNOWN)
SENDER_FORM = _row(OK, receiver=DENIED, third=UNKNOWN, representative=DENIED)
POST_ONLY = _row(NOT_ALLOWED)
ON_CASE = _row(OK, receiver=UNKNOWN, third=UNKNOWN, representative=DENIED)

Kwargs = Callable[[Parties], dict[str, int]] | None
REFERRAL: Kwargs = lambda p: {"pk": p.referral.pk}  # noqa: E731

REFERRAL_MATRIX: list[tuple[str, Kwargs, dict[str, int]]] = [
    ("referrals:inbox", None, ANY_CASE_WORKER),
    ("referrals:outbox", None, ANY_CASE_WORKER),
    ("referrals:measures", None, _row(DENIED, coordinator=OK)),
    ("referrals:service-options", None, ANY_CASE_WORKER),
    ("referrals:create", lambda p: {"case_pk": p.case.pk}, ON_CASE),
    ("referrals:detail", REFERRAL, ON_REFERRAL),
    ("referrals:letter", REFERRAL, ON_REFERRAL),
    ("referrals:acknowledge", REFERRAL, POST_ONLY),
    ("referrals:accept", REFERRAL, RECEIVER_FORM),
    ("referrals:decline", REFERRAL, RECEIVER_FORM),
    ("referrals:start", REFERRAL, POST_ONLY),
    ("referrals:complete", REFERRAL, RECEIVER_FORM),
    ("referrals:cancel", REFERRAL, SENDER_FORM),
    ("referrals:note", REFERRAL, POST_ONLY),
    ("referrals:help", REFERRAL, SENDER_FORM),
    ("referrals:follow-up", REFERRAL, POST_ONLY),
]


def _url(name: str, kwargs: Kwargs, parties: Parties) -> str:
    return reverse(name, kwargs=kwargs(parties) if kwargs else None)


@pytest.mark.parametrize(
    ("url_name", "kwargs", "persona", "expected"),
    [
        pytest.param(name, kwargs, persona, statuses[persona], id=f"{name}-{persona}")
        for name, kwargs, statuses in REFERRAL_MATRIX
        for persona in PERSONAS
    ],
)
def test_referral_permission_matrix(client, parties, url_name, kwargs, persona, expected):
    user = _user(parties, persona)
    if user is not None:
        client.force_login(user)
    url = _url(url_name, kwargs, parties)
    assert client.get(url).status_code == expected, f"{persona} GET {url}"


def test_after_accepting_the_receiver_reaches_the_case_and_can_refer_it_on(client, parties):
    services.referral_accept(
        referral_id=parties.referral.pk, by=parties.receiver, agreed_role="相談"
    )
    client.force_login(parties.receiver)
    assert client.get(parties.case.get_absolute_url()).status_code == OK
    assert client.get(reverse("referrals:create", args=[parties.case.pk])).status_code == OK
    client.force_login(parties.practitioner_c)
    assert client.get(parties.referral.get_absolute_url()).status_code == UNKNOWN


FUTURE = (date.today() + timedelta(days=30)).isoformat()
# A payload per writing URL; each outsider's POST must change nothing.
POST_DATA: dict[str, dict[str, object]] = {
    "referrals:create": {
        "to_agency": 0,
        "urgency": "normal",
        "request": "依頼",
        "reason": "理由",
        "follow_up_on": FUTURE,
    },
    "referrals:acknowledge": {},
    "referrals:accept": {"agreed_role": "相談"},
    "referrals:decline": {"reason": "capacity"},
    "referrals:start": {},
    "referrals:complete": {"provided": "面談", "got_help": "yes"},
    "referrals:cancel": {"reason": "取り下げ"},
    "referrals:note": {"comment": "記録"},
    "referrals:help": {"answer": "yes"},
    "referrals:follow-up": {"follow_up_on": FUTURE},
}
OUTSIDERS = {"third": UNKNOWN, "representative": DENIED}


def _writing():
    return [(n, k) for n, k, _s in REFERRAL_MATRIX if n in POST_DATA]


def test_every_writing_referral_url_has_a_payload():
    for name, _kwargs, statuses in REFERRAL_MATRIX:
        if statuses == POST_ONLY or name in ("referrals:accept", "referrals:decline"):
            assert name in POST_DATA, name


@pytest.mark.parametrize(("url_name", "kwargs"), _writing())
@pytest.mark.parametrize("persona", list(OUTSIDERS))
def test_outsiders_cannot_change_a_referral(client, parties, url_name, kwargs, persona):
    data = dict(POST_DATA[url_name])
    if url_name == "referrals:create":
        data["to_agency"] = parties.agency_c.pk
    client.force_login(_user(parties, persona))
    before = (record_state(), list(Referral.objects.values()), ReferralEvent.objects.count())
    response = client.post(_url(url_name, kwargs, parties), data)
    assert response.status_code == OUTSIDERS[persona]
    assert (
        record_state(),
        list(Referral.objects.values()),
        ReferralEvent.objects.count(),
    ) == before


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("referrals:accept", "sender"),
        ("referrals:decline", "coordinator"),
        ("referrals:acknowledge", "sender"),
        ("referrals:cancel", "receiver"),
        ("referrals:help", "receiver"),
        ("referrals:follow-up", "receiver"),
    ],
)
def test_the_wrong_side_cannot_make_the_other_sides_move(client, parties, url_name, persona):
    client.force_login(_user(parties, persona))
    before = list(Referral.objects.values())
    response = client.post(_url(url_name, REFERRAL, parties), POST_DATA[url_name])
    assert response.status_code == DENIED
    assert list(Referral.objects.values()) == before
