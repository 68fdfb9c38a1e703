"""The demo referrals (demo/data/referrals.toml): every state, some overdue.

Made through the referral services as users would, then dated back, so the
timeline, the follow-ups and the ledger's overdue column read as a real
council's would. Idempotent: nothing is created once any referral exists.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from cases.models import Case
from demo.files import read
from notifications.models import Notification
from notifications.scheduling import reminders_sync
from referrals import services
from referrals.models import Referral, ReferralEvent


def _candidates(story: dict[str, Any], sender: User, to: Agency) -> Any:
    open_cases = Case.objects.exclude(status=Case.Status.CLOSED).exclude(
        Q(team__agency=to, team__removed_at__isnull=True)
    )
    if story["case"] == "no_consent":
        return open_cases.filter(young_person__consent_to_share=False)
    on_team = open_cases.filter(team__agency=sender.agency, team__removed_at__isnull=True)
    on_team = on_team.filter(young_person__consent_to_share=True)
    if story["case"] == "led":
        return on_team.filter(lead_agency=sender.agency)
    return on_team.exclude(lead_agency=sender.agency)


def _pick_case(story: dict[str, Any], sender: User, to: Agency, used: set[int]) -> Case | None:
    for case in _candidates(story, sender, to).order_by("fiscal_year", "sequence").distinct():
        if case.pk not in used:
            return case
    return None


def _moves(texts: dict[str, Any]) -> dict[str, Callable[[Referral, User, User, int], Any]]:
    notes = iter(texts["note"] * 10)
    return {
        "acknowledge": lambda r, s, a, _n: services.referral_acknowledge(
            referral_id=r.pk, by=a, comment=texts["acknowledge"]
        ),
        "accept": lambda r, s, a, _n: services.referral_accept(
            referral_id=r.pk, by=a, agreed_role=texts["accept_role"]
        ),
        "decline": lambda r, s, a, _n: services.referral_decline(
            referral_id=r.pk, by=a, reason=texts["decline_reason"], text=texts["decline"]
        ),
        "start": lambda r, s, a, _n: services.referral_start(
            referral_id=r.pk, by=a, comment=texts["start"]
        ),
        "note": lambda r, s, a, n: services.referral_add_note(
            referral_id=r.pk, by=a if n % 2 == 0 else s, comment=next(notes)
        ),
        "complete": lambda r, s, a, _n: services.referral_complete(
            referral_id=r.pk, by=a, provided=texts["complete"], got_help=texts["got_help"]
        ),
        "help": lambda r, s, a, _n: services.referral_answer_help(
            referral_id=r.pk, by=s, answer=texts["got_help"], note=texts["help"]
        ),
    }


# Which timestamp each move leaves on the referral (dated back with its event).
STAMPS = {
    "acknowledge": ["acknowledged_at"],
    "accept": ["acknowledged_at", "responded_at"],
    "decline": ["acknowledged_at", "responded_at"],
    "start": ["started_at"],
    "complete": ["completed_at"],
    "help": ["help_answered_at"],
    "cancel": ["cancelled_at"],
}


def _date_back(referral: Referral, moments: list[tuple[str, Any]]) -> None:
    """Put the referral's events and timestamps at the days the story says."""
    events = list(referral.events.order_by("pk"))
    fields: dict[str, Any] = {"requested_at": moments[0][1]}
    for event, (move, when) in zip(events, moments, strict=True):
        ReferralEvent.objects.filter(pk=event.pk).update(at=when)
        for name in STAMPS.get(move, []):
            fields.setdefault(name, when)
    fields["last_activity_at"] = moments[-1][1]
    Referral.objects.filter(pk=referral.pk).update(**fields)
    # Old news is read; the last week's is waiting for its readers.
    recent = moments[-1][1] > timezone.now() - timedelta(days=7)
    Notification.objects.filter(idempotency_key__startswith=f"referral:{referral.pk}:").update(
        created_at=moments[-1][1], read_at=None if recent else timezone.now()
    )
    referral.refresh_from_db()
    reminders_sync(source=referral)


def seed_referrals(agencies: dict[str, Agency], users: list[User]) -> int:
    """Create the demo referrals (once); returns how many there are."""
    if Referral.objects.exists():
        return Referral.objects.count()
    data = read("referrals")
    moves = _moves(data["texts"])
    logins = {u.username: u for u in users}
    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    used: set[int] = set()
    for story in data["referrals"]:
        sender, answerer = logins[story["from"]], logins[story["answer"]]
        to = agencies[story["to"]]
        case = _pick_case(story, sender, to, used)
        if case is None:
            continue
        used.add(case.pk)
        notes = list(case.notes.filter(amends__isnull=True).order_by("-contact_on")[:2])
        referral = services.referral_create(
            case=case,
            to_agency=to,
            by=sender,
            request=story["request"],
            reason=story["reason"],
            urgency=story["urgency"],
            share_summary="summary" in story["share"],
            share_plan="plan" in story["share"],
            shared_notes=notes if "notes" in story["share"] else [],
            documents=story["documents"],
            consent_override_reason=story.get("consent_override", ""),
            follow_up_on=(now - timedelta(days=story["days_ago"] - 30)).date(),
        )
        moments = [("request", now - timedelta(days=story["days_ago"]))]
        for n, step in enumerate(story["steps"]):
            move, days_ago = step.split(":")
            moves[move](referral, sender, answerer, n)
            moments.append((move, now - timedelta(days=int(days_ago))))
        if "cancel" in story:
            services.referral_cancel(referral_id=referral.pk, by=sender, reason=story["cancel"])
            moments.append(("cancel", now - timedelta(days=story["days_ago"] - 1)))
        _date_back(referral, moments)
    return Referral.objects.count()
