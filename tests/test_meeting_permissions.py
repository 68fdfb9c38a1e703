"""The permission matrix of every meeting URL, for every persona (DOMAIN.md section 5).

The coordinator organises a practitioners' meeting (held yesterday) to which
agency A is invited; a case of agency A is on its agenda. practitioner_a is
invited through the agency; practitioner_b's agency is not; the
representative belongs to agency A, so the agency invitation reaches them too
(they see labels only: the meeting is anonymised).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from meetings import minutes, services
from meetings.models import ActionItem, AgendaItem, CalendarFeed, Meeting, Tier
from meetings.tests.factories import kind

PERSONAS = ["anonymous", "coordinator", "practitioner_a", "practitioner_b", "representative"]
OK, FOUND, DENIED, UNKNOWN, NOT_ALLOWED = 200, 302, 403, 404, 405
LOGIN = 302


@dataclass
class World:
    personas: Personas
    meeting: Meeting
    item: AgendaItem
    review_item: AgendaItem
    action: ActionItem
    feed: CalendarFeed


@pytest.fixture
def world(personas, case) -> World:
    return build_world(personas, case)


def build_world(personas: Personas, case) -> World:  # type: ignore[no-untyped-def]
    """The meetings of the matrix (also used by the hostile input sweep)."""
    start = timezone.now() - timedelta(days=1)
    coordinator = personas.coordinator
    meeting = services.meeting_schedule(
        by=coordinator,
        kind=kind(Tier.PRACTITIONERS),
        title="定例会議",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="会議室",
        agencies=[personas.agency_a],
    )
    item = services.item_add(meeting=meeting, by=coordinator, kind="case", case=case)
    review = services.meeting_schedule(
        by=coordinator,
        kind=kind(Tier.CASE_REVIEW),
        title="ケース検討",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="会議室",
        agencies=[personas.agency_a],
    )
    review_item = services.item_add(meeting=review, by=coordinator, kind="case", case=case)
    action = minutes.action_add(
        meeting=meeting,
        by=coordinator,
        what="学校と連絡",
        agency=personas.agency_a,
        due_on=date.today() + timedelta(days=7),
    )
    feed = CalendarFeed.objects.create(user=personas.practitioner_a)
    return World(personas, meeting, item, review_item, action, feed)


def _row(default: int, **statuses: int) -> dict[str, int]:
    return {p: statuses.get(p, default) for p in PERSONAS} | {"anonymous": LOGIN}


Kwargs = Callable[[World], dict[str, object]] | None
MEETING: Kwargs = lambda w: {"pk": w.meeting.pk}  # noqa: E731
ITEM: Kwargs = lambda w: {"item_pk": w.item.pk}  # noqa: E731
REVIEW_ITEM: Kwargs = lambda w: {"item_pk": w.review_item.pk}  # noqa: E731

ANYONE = _row(OK)
INVITED = _row(OK, practitioner_b=UNKNOWN)
MANAGER = _row(DENIED, coordinator=OK, practitioner_b=UNKNOWN)
POST_ONLY = _row(NOT_ALLOWED)

MEETING_MATRIX: list[tuple[str, Kwargs, dict[str, int]]] = [
    ("meetings:index", None, ANYONE),
    ("meetings:month", None, ANYONE),
    ("meetings:create", None, _row(DENIED, coordinator=OK)),
    ("meetings:feed-settings", None, ANYONE),
    ("meetings:feed-reset", None, POST_ONLY),
    # the secret in the address is the key: no login, and a wrong token is 404
    ("meetings:feed", lambda w: {"token": w.feed.token}, {p: OK for p in PERSONAS}),
    ("meetings:detail", MEETING, INVITED),
    ("meetings:edit", MEETING, MANAGER),
    ("meetings:cancel", MEETING, MANAGER),
    ("meetings:invite", MEETING, POST_ONLY),
    ("meetings:people", MEETING, MANAGER),
    ("meetings:attendance", MEETING, MANAGER),
    ("meetings:held", MEETING, POST_ONLY),
    ("meetings:ics", MEETING, INVITED),
    ("meetings:agenda", MEETING, MANAGER),
    ("meetings:cases", MEETING, MANAGER),
    ("meetings:build-ledger", MEETING, POST_ONLY),
    ("meetings:build-transition", MEETING, POST_ONLY),
    ("meetings:print-agenda", MEETING, INVITED),
    ("meetings:minutes", MEETING, INVITED),
    ("meetings:print-minutes", MEETING, INVITED),
    ("meetings:confirm", MEETING, POST_ONLY),
    ("meetings:amend", MEETING, POST_ONLY),
    ("meetings:action-add", MEETING, POST_ONLY),
    ("meetings:action-done", lambda w: {"action_pk": w.action.pk}, POST_ONLY),
    ("meetings:item-edit", ITEM, MANAGER),
    ("meetings:item-move", ITEM, POST_ONLY),
    ("meetings:minutes-item", ITEM, POST_ONLY),
    # the case team (and the office) log case-meeting notes; the representative sees no case
    ("meetings:case-note", ITEM, _row(DENIED, coordinator=OK, practitioner_b=UNKNOWN)),
    ("meetings:record", REVIEW_ITEM, MANAGER),
    ("meetings:print-record", REVIEW_ITEM, _row(OK, practitioner_b=UNKNOWN, representative=DENIED)),
]


def _user(world: World, persona: str):
    return world.personas.by_name(persona)


@pytest.mark.parametrize(
    ("url_name", "kwargs", "persona", "expected"),
    [
        pytest.param(name, kwargs, persona, statuses[persona], id=f"{name}-{persona}")
        for name, kwargs, statuses in MEETING_MATRIX
        for persona in PERSONAS
    ],
)
def test_meeting_permission_matrix(client, world, url_name, kwargs, persona, expected):
    user = _user(world, persona)
    if user is not None:
        client.force_login(user)
    url = reverse(url_name, kwargs=kwargs(world) if kwargs else None)
    assert client.get(url).status_code == expected, f"{persona} GET {url}"


def test_the_feed_rejects_a_wrong_token(client, world):
    assert client.get(reverse("meetings:feed", args=["x" * 32])).status_code == UNKNOWN
    assert client.get(reverse("meetings:feed", args=["short"])).status_code == UNKNOWN
    old = world.feed.token
    world.feed.reset()
    assert client.get(reverse("meetings:feed", args=[old])).status_code == UNKNOWN
    assert client.get(reverse("meetings:feed", args=[world.feed.token])).status_code == OK


def test_outsiders_cannot_change_a_meeting(client, world):
    client.force_login(world.personas.practitioner_b)
    for name in ("meetings:confirm", "meetings:held", "meetings:invite", "meetings:build-ledger"):
        response = client.post(reverse(name, kwargs={"pk": world.meeting.pk}), {})
        assert response.status_code == UNKNOWN, name
    client.force_login(world.personas.practitioner_a)  # invited, but not the organiser
    response = client.post(reverse("meetings:confirm", kwargs={"pk": world.meeting.pk}))
    assert response.status_code == DENIED
    response = client.post(reverse("meetings:item-move", kwargs={"item_pk": world.item.pk}))
    assert response.status_code == DENIED
