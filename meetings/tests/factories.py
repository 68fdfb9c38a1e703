"""Meetings made through the services, as a coordinator would."""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from accounts.models import User
from agencies.models import Agency
from meetings import services
from meetings.models import Meeting, MeetingKind, Tier

TOKYO = ZoneInfo("Asia/Tokyo")


def kind(tier: str) -> MeetingKind:
    return MeetingKind.objects.get(tier=tier)


def at(year: int, month: int, day: int, hour: int = 14, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def schedule(
    *,
    by: User,
    tier: str = Tier.PRACTITIONERS,
    starts_at: datetime | None = None,
    hours: int = 2,
    agencies: tuple[Agency, ...] = (),
    people: tuple[User, ...] = (),
    **fields: Any,
) -> Meeting:
    start = starts_at or at(2026, 12, 3)
    return services.meeting_schedule(
        by=by,
        kind=kind(tier),
        title=fields.pop("title", "定例会議"),
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        place=fields.pop("place", "市役所 第3会議室"),
        agencies=agencies,
        people=people,
        **fields,
    )
