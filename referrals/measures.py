"""How well the loop closes, per receiving agency and overall (DOMAIN.md section 6, factor 3).

Over referrals sent in a period: median days to confirm receipt, to answer
(accept or decline), to complete; the share of completed referrals where
the young person got the help (the sender's answer, else the receiver's);
and open referrals without movement for REFERRAL_RULES["stale_days"] or more.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from django.conf import settings
from django.utils import timezone

from referrals.models import OPEN_STATUSES, HelpOutcome, Referral, Status


@dataclass
class Measures:
    sent: int = 0
    to_acknowledge: list[float] = field(default_factory=list)
    to_answer: list[float] = field(default_factory=list)
    to_complete: list[float] = field(default_factory=list)
    completed: int = 0
    got_help: int = 0
    stale: int = 0

    @staticmethod
    def _median(days: list[float]) -> float | None:
        return round(median(days), 1) if days else None

    @property
    def median_acknowledge(self) -> float | None:
        return self._median(self.to_acknowledge)

    @property
    def median_answer(self) -> float | None:
        return self._median(self.to_answer)

    @property
    def median_complete(self) -> float | None:
        return self._median(self.to_complete)

    @property
    def got_help_share(self) -> float | None:
        return round(100 * self.got_help / self.completed) if self.completed else None


def _days(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else (end - start).total_seconds() / 86400


@dataclass
class Report:
    since: date
    until: date
    overall: Measures
    by_agency: dict[int, Measures]


def referral_measures(
    *, since: date, until: date, agency_id: int | None = None, now: datetime | None = None
) -> Report:
    """The measures of referrals sent between `since` and `until` (inclusive), in one query."""
    now = now or timezone.now()
    stale_before = now - timedelta(days=settings.REFERRAL_RULES["stale_days"])
    rows = Referral.objects.filter(
        requested_at__date__gte=since, requested_at__date__lte=until
    ).values_list(
        "to_agency_id",
        "status",
        "requested_at",
        "acknowledged_at",
        "responded_at",
        "completed_at",
        "outcome_got_help",
        "help_answer",
        "last_activity_at",
    )
    if agency_id is not None:
        rows = rows.filter(to_agency_id=agency_id)
    overall = Measures()
    by_agency: defaultdict[int, Measures] = defaultdict(Measures)
    for agency, status, requested, acknowledged, responded, completed, told, answer, moved in rows:
        for m in (overall, by_agency[agency]):
            m.sent += 1
            for days, into in (
                (_days(requested, acknowledged), m.to_acknowledge),
                (_days(requested, responded), m.to_answer),
                (
                    _days(requested, completed) if status == Status.COMPLETED else None,
                    m.to_complete,
                ),
            ):
                if days is not None:
                    into.append(days)
            if status == Status.COMPLETED:
                m.completed += 1
                m.got_help += (answer or told) == HelpOutcome.YES
            if status in OPEN_STATUSES and moved < stale_before:
                m.stale += 1
    return Report(since=since, until=until, overall=overall, by_agency=dict(by_agency))


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months, ending today."""
    today = today or timezone.localdate()
    return today - timedelta(days=365), today
