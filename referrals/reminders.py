"""The follow-ups that close the loop, as reminder sources (notifications.registry).

- not acknowledged after N business days → the receiving agency's practitioners;
- not acknowledged after M business days → the same, and the coordinating office;
- accepted but no movement for N days → the receiving practitioner, and the
  sender is asked to check in (every note or move restarts the clock);
- at the follow-up date → the sender is asked "did the young person get the help?".

Offsets are settings (REFERRAL_RULES). The acknowledgement clocks count
business days; the no-progress clock and the follow-up date count calendar
days, and like every reminder they fire on the next business day when they
fall on a closed day (notifications.scheduling). Recipients pass the disclosure policy
with the referral's grant when the reminder fires; messages carry the
anonymised label, never the request.
"""

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.access import coordinator_ids
from core.business_days import add_business_days
from notifications.registry import (
    BUSINESS_DAYS,
    CALENDAR_DAYS,
    Message,
    ReminderSource,
    reminder_source,
)
from notifications.scheduling import fire_at
from referrals.models import WAITING_FOR_ANSWER, Referral, Status
from referrals.notices import allowed, receiving_staff, sending_staff


def _rules() -> dict[str, int]:
    return settings.REFERRAL_RULES


class _ReferralSource(ReminderSource):
    model = Referral
    title: Promise

    def load(self, ids: Collection[int]) -> dict[int, Referral]:
        rows = Referral.objects.filter(pk__in=ids).select_related(
            "case__young_person", "from_agency", "to_agency"
        )
        return {r.pk: r for r in rows}

    def live(self) -> QuerySet[Referral]:
        return Referral.objects.exclude(status__in=[Status.DECLINED, Status.CANCELLED])

    def _candidates(self, rows: list[Referral]) -> dict[int, list[int]]:
        return receiving_staff(rows)

    def recipients(self, rows: Mapping[int, Referral]) -> dict[int, list[int]]:
        referrals = list(rows.values())
        return allowed(referrals, self._candidates(referrals))

    def message(self, row: Referral) -> Message:
        agency = row.from_agency.name if self._to_receiver else row.to_agency.name
        return Message(
            title=str(self.title) % {"agency": agency, "day": _day(row)},
            label=row.case.anonymised_label,
            url=row.get_absolute_url(),
        )

    _to_receiver = True


def _day(row: Referral) -> str:
    return date_format(timezone.localdate(row.requested_at), "MONTH_DAY_FORMAT")


class _Unacknowledged(_ReferralSource):
    counts = BUSINESS_DAYS
    days_key: str

    def basis(self, row: Referral) -> str:
        return row.requested_at.isoformat()

    def not_wanted_because(self, row: Referral) -> str:
        return "" if row.status == Status.REQUESTED else "acknowledged"

    def due_at(self, row: Referral) -> datetime:
        return fire_at(add_business_days(row.requested_on, _rules()[self.days_key]))


@reminder_source
class Unacknowledged(_Unacknowledged):
    kind = "referral_unacknowledged"
    label = _("A referral to your agency waits for confirmation of receipt")
    title = _("Please confirm receipt: referral from %(agency)s (sent %(day)s)")
    days_key = "acknowledge_business_days"


@reminder_source
class UnacknowledgedEscalated(_Unacknowledged):
    kind = "referral_unacknowledged_late"
    label = _("A referral has waited days for confirmation of receipt (also to the office)")
    title = _("Still not confirmed: referral from %(agency)s (sent %(day)s)")
    days_key = "escalate_business_days"

    def _candidates(self, rows: list[Referral]) -> dict[int, list[int]]:
        coordinators = coordinator_ids()
        return {pk: [*users, *coordinators] for pk, users in receiving_staff(rows).items()}


class _Stalled(_ReferralSource):
    counts = CALENDAR_DAYS

    def basis(self, row: Referral) -> str:
        return row.last_activity_at.isoformat()

    def not_wanted_because(self, row: Referral) -> str:
        if row.status in WAITING_FOR_ANSWER:
            return "not accepted yet"
        return "" if row.status in (Status.ACCEPTED, Status.IN_PROGRESS) else "referral closed"

    def due_at(self, row: Referral) -> datetime:
        day = timezone.localdate(row.last_activity_at) + timedelta(days=_rules()["progress_days"])
        return fire_at(day)


@reminder_source
class NoProgress(_Stalled):
    kind = "referral_no_progress"
    label = _("An accepted referral has had no news for a while")
    title = _("No news for a while on the referral from %(agency)s: add a progress note")


@reminder_source
class CheckIn(_Stalled):
    kind = "referral_check_in"
    label = _("A referral you sent has had no news for a while")
    title = _("No news from %(agency)s for a while: check in on your referral")
    _to_receiver = False

    def _candidates(self, rows: list[Referral]) -> dict[int, list[int]]:
        return sending_staff(rows)


@reminder_source
class FollowUp(_ReferralSource):
    counts = CALENDAR_DAYS  # a date the sender chose
    kind = "referral_follow_up"
    label = _("The follow-up date of a referral you sent")
    title = _("Did the young person get the help? Follow up your referral to %(agency)s")
    _to_receiver = False

    def basis(self, row: Referral) -> str:
        return row.follow_up_on.isoformat()

    def not_wanted_because(self, row: Referral) -> str:
        if row.status in (Status.DECLINED, Status.CANCELLED):
            return "referral closed"
        return "answered" if row.help_answer else ""

    def due_at(self, row: Referral) -> datetime:
        return fire_at(row.follow_up_on)

    def _candidates(self, rows: list[Referral]) -> dict[int, list[int]]:
        return sending_staff(rows)
