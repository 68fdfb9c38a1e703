"""The state machine: every legal move, every illegal one refused, double clicks, a race."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from referrals import services
from referrals.models import Referral, ReferralEvent, Status
from referrals.tests.factories import refer

S = Status


def _do(move: str, referral: Referral, parties) -> Referral:
    """Make `move` as the side that is allowed to."""
    receiver, sender = parties.receiver, parties.sender
    pk = referral.pk
    moves = {
        "acknowledge": lambda: services.referral_acknowledge(referral_id=pk, by=receiver),
        "accept": lambda: services.referral_accept(
            referral_id=pk, by=receiver, agreed_role="就労準備の個別相談"
        ),
        "decline": lambda: services.referral_decline(
            referral_id=pk, by=receiver, reason="capacity"
        ),
        "start": lambda: services.referral_start(referral_id=pk, by=receiver),
        "complete": lambda: services.referral_complete(
            referral_id=pk, by=receiver, provided="面談6回", got_help="yes"
        ),
        "cancel": lambda: services.referral_cancel(
            referral_id=pk, by=sender, reason="本人の希望で見合わせ"
        ),
    }
    return moves[move]()


TARGET = {
    "acknowledge": S.ACKNOWLEDGED,
    "accept": S.ACCEPTED,
    "decline": S.DECLINED,
    "start": S.IN_PROGRESS,
    "complete": S.COMPLETED,
    "cancel": S.CANCELLED,
}
# How to bring a fresh referral to each status.
PATH = {
    S.REQUESTED: [],
    S.ACKNOWLEDGED: ["acknowledge"],
    S.ACCEPTED: ["accept"],
    S.DECLINED: ["decline"],
    S.IN_PROGRESS: ["accept", "start"],
    S.COMPLETED: ["accept", "start", "complete"],
    S.CANCELLED: ["cancel"],
}
LEGAL = {
    S.REQUESTED: {"acknowledge", "accept", "decline", "cancel"},
    S.ACKNOWLEDGED: {"accept", "decline", "cancel"},
    S.ACCEPTED: {"start", "complete", "cancel"},
    S.IN_PROGRESS: {"complete", "cancel"},
    S.DECLINED: set(),
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}
CASES = [(status, move) for status in PATH for move in TARGET]


@pytest.mark.parametrize(("status", "move"), CASES)
def test_every_move_from_every_status(parties, status, move):
    referral = parties.referral
    for step in PATH[status]:
        _do(step, referral, parties)
    referral.refresh_from_db()
    assert referral.status == status
    if move in LEGAL[status]:
        moved = _do(move, referral, parties)
        assert moved.status == TARGET[move]
        event = "started" if move == "start" else TARGET[move]
        assert moved.events.latest("pk").kind == event
    else:
        with pytest.raises(services.IllegalTransition):
            _do(move, referral, parties)
        referral.refresh_from_db()
        assert referral.status == status


def test_a_double_click_is_a_no_op(parties):
    _do("accept", parties.referral, parties)
    events = ReferralEvent.objects.count()
    with pytest.raises(services.NothingToDo):
        _do("accept", parties.referral, parties)
    assert ReferralEvent.objects.count() == events
    assert parties.case.team.filter(agency=parties.personas.agency_b).count() == 1


def test_each_move_records_who_when_and_the_comment(parties):
    services.referral_acknowledge(
        referral_id=parties.referral.pk, by=parties.receiver, comment="受け取りました"
    )
    event = parties.referral.events.latest("pk")
    assert (event.kind, event.by, event.agency, event.comment) == (
        "acknowledged",
        parties.receiver,
        parties.personas.agency_b,
        "受け取りました",
    )
    parties.referral.refresh_from_db()
    assert parties.referral.acknowledged_at is not None


def test_accepting_adds_the_agency_to_the_team_with_its_role_and_completing_keeps_it(parties):
    _do("accept", parties.referral, parties)
    member = parties.case.team.get(agency=parties.personas.agency_b, removed_at__isnull=True)
    assert member.role_text == "就労準備の個別相談"
    assert parties.receiver in member.practitioners.all()
    _do("complete", parties.referral, parties)
    assert parties.case.team.filter(
        agency=parties.personas.agency_b, removed_at__isnull=True
    ).exists()


def test_only_the_receiving_agency_answers_and_only_the_sender_cancels(parties):
    with pytest.raises(PermissionDenied):
        services.referral_accept(
            referral_id=parties.referral.pk, by=parties.sender, agreed_role="x"
        )
    with pytest.raises(PermissionDenied):
        services.referral_cancel(
            referral_id=parties.referral.pk, by=parties.practitioner_c, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.referral_cancel(referral_id=parties.referral.pk, by=parties.receiver, reason="x")


def test_decline_needs_a_reason_and_other_needs_words(parties):
    with pytest.raises(ValidationError):
        services.referral_decline(referral_id=parties.referral.pk, by=parties.receiver, reason="")
    with pytest.raises(ValidationError):
        services.referral_decline(
            referral_id=parties.referral.pk, by=parties.receiver, reason="other", text=" "
        )
    parties.referral.refresh_from_db()
    assert parties.referral.status == S.REQUESTED


def test_the_sender_answers_whether_help_was_received(parties):
    _do("accept", parties.referral, parties)
    _do("complete", parties.referral, parties)
    services.referral_answer_help(
        referral_id=parties.referral.pk, by=parties.sender, answer="yes", note="本人から聞いた"
    )
    parties.referral.refresh_from_db()
    assert parties.referral.help_answer == "yes"
    assert parties.referral.events.latest("pk").kind == "help_answered"


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_accept_and_cancel_leave_one_consistent_outcome(personas):
    from cases.tests.factories import open_case

    case = open_case(
        lead_agency=personas.agency_a, by=personas.coordinator, key_worker=personas.practitioner_a
    )
    referral = refer(case, personas.agency_b, personas.practitioner_a)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(move):
        try:
            barrier.wait()
            move()
            outcomes.append("done")
        except services.IllegalTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    accept = lambda: services.referral_accept(  # noqa: E731
        referral_id=referral.pk, by=personas.practitioner_b, agreed_role="相談"
    )
    cancel = lambda: services.referral_cancel(  # noqa: E731
        referral_id=referral.pk, by=personas.practitioner_a, reason="取り下げ"
    )
    threads = [threading.Thread(target=attempt, args=(m,)) for m in (accept, cancel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    referral.refresh_from_db()
    # Cancel is allowed until completion: accept-then-cancel both succeed,
    # cancel-then-accept refuses the accept. Either way the row tells one story.
    kinds = list(referral.events.values_list("kind", flat=True))
    assert referral.status == S.CANCELLED
    assert kinds[0] == "requested" and kinds[-1] == "cancelled"
    accepted = "accepted" in kinds
    assert sorted(outcomes) == (["done", "done"] if accepted else ["done", "refused"])
    assert case.team.filter(agency=personas.agency_b, removed_at__isnull=True).exists() == accepted
    assert not case.grants.filter(scope=referral.scope, ended_at__isnull=True).exists()
