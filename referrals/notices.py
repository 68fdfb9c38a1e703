"""Telling the other side of a referral at once (notifications.notify).

A notification carries the agency's name, the case's anonymised label and a
link; never the request or any other text about the young person.
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.access import Disclosure, audience, practitioners_of
from cases.models import CaseTeamMember
from notifications.registry import Message, register_kind
from notifications.services import notify
from referrals.models import Referral, ReferralEvent

Kind = ReferralEvent.Kind

RECEIVED = register_kind("referral_received", _("A referral to your agency"))
ANSWERED = register_kind("referral_answered", _("News about a referral you sent"))
NOTE = register_kind("referral_note", _("A follow-up note on a referral"))

TITLES: dict[str, Promise] = {
    Kind.REQUESTED: _("New referral from %(agency)s"),
    Kind.ACKNOWLEDGED: _("%(agency)s confirmed receipt of your referral"),
    Kind.ACCEPTED: _("%(agency)s accepted your referral"),
    Kind.DECLINED: _("%(agency)s declined your referral"),
    Kind.STARTED: _("%(agency)s started the support you asked for"),
    Kind.COMPLETED: _("%(agency)s completed your referral"),
    Kind.CANCELLED: _("%(agency)s cancelled its referral"),
    Kind.NOTE: _("Follow-up note on a referral from %(agency)s"),
    Kind.HELP_ANSWERED: _("%(agency)s recorded whether the young person got the help"),
}


def receiving_staff(referrals: list[Referral]) -> dict[int, list[int]]:
    """Per referral: the receiving practitioners named on the case, else all of them."""
    named = _named_on_team(referrals, lambda r: r.to_agency_id)
    staff = practitioners_of(r.to_agency_id for r in referrals)
    return {r.pk: named.get(r.pk) or staff.get(r.to_agency_id, []) for r in referrals}


def sending_staff(referrals: list[Referral]) -> dict[int, list[int]]:
    """Per referral: the person who referred and the sender's practitioners named on the case."""
    named = _named_on_team(referrals, lambda r: r.from_agency_id)
    return {r.pk: [r.from_user_id, *named.get(r.pk, [])] for r in referrals}


def _named_on_team(
    referrals: list[Referral], agency_of: Callable[[Referral], int]
) -> dict[int, list[int]]:
    through = CaseTeamMember.practitioners.through
    slots: dict[tuple[int, int], list[int]] = {}
    for case_id, agency_id, user_id in through.objects.filter(
        caseteammember__case_id__in={r.case_id for r in referrals},
        caseteammember__removed_at__isnull=True,
    ).values_list("caseteammember__case_id", "caseteammember__agency_id", "user_id"):
        slots.setdefault((case_id, agency_id), []).append(user_id)
    return {r.pk: slots.get((r.case_id, agency_of(r)), []) for r in referrals}


def allowed(referrals: list[Referral], candidates: dict[int, list[int]]) -> dict[int, list[int]]:
    """Keep the candidates who may see the referral's case now (its grant counts)."""
    by_pk = {r.pk: r for r in referrals}
    pairs = {
        (user, by_pk[pk].case_id, by_pk[pk].scope)
        for pk, users in candidates.items()
        for user in users
    }
    ok = audience(pairs, need=Disclosure.LABEL)
    return {
        pk: list(dict.fromkeys(u for u in users if (u, by_pk[pk].case_id, by_pk[pk].scope) in ok))
        for pk, users in candidates.items()
    }


def _message(referral: Referral, kind: str, agency: str, url: str) -> Message:
    return Message(
        title=str(TITLES[kind]) % {"agency": agency},
        label=referral.case.anonymised_label,
        url=url,
    )


def tell_receiver(referral: Referral, kind: str, *, by: User) -> int:
    """Tell the receiving agency (the referral's grant lets it hear before accepting)."""
    recipients = allowed([referral], receiving_staff([referral]))[referral.pk]
    url = reverse("referrals:inbox") if kind == Kind.CANCELLED else referral.get_absolute_url()
    notification_kind = NOTE if kind == Kind.NOTE else RECEIVED
    return notify(
        recipients=recipients,
        kind=notification_kind,
        message=lambda: _message(referral, kind, referral.from_agency.name, url),
        idempotency_key=f"referral:{referral.pk}:{kind}:{referral.last_activity_at.timestamp()}",
        exclude=by,
    )


def tell_sender(referral: Referral, kind: str, *, by: User) -> int:
    """Tell the referring side what happened: the loop closes here."""
    recipients = allowed([referral], sending_staff([referral]))[referral.pk]
    notification_kind = NOTE if kind == Kind.NOTE else ANSWERED
    return notify(
        recipients=recipients,
        kind=notification_kind,
        message=lambda: _message(
            referral, kind, referral.to_agency.name, referral.get_absolute_url()
        ),
        idempotency_key=f"referral:{referral.pk}:{kind}:{referral.last_activity_at.timestamp()}",
        exclude=by,
    )
