"""What meetings put on the home page (core.home): the next meetings of each user
(for representatives, the next representatives' meeting), and open action items."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.home import HOME_ROWS, HomeItem, HomeRow, first_rows, register_home_source
from meetings.models import Tier
from meetings.selectors import meeting_list, open_actions_for


def meeting_home_items(user: User, today: date) -> list[HomeItem]:
    if not user.is_active:
        return []
    upcoming = meeting_list(user, tab="upcoming", now=timezone.now())
    if user.is_representative:
        upcoming = upcoming.filter(kind__tier=Tier.REPRESENTATIVES)
    # Only what a row shows: the home page is read far more often than anything else.
    meetings = list(
        upcoming.select_related(None)
        .select_related("kind")
        .only("title", "starts_at", "place", "kind__name")[:HOME_ROWS]
    )
    items = [
        HomeItem(
            key="meetings-next",
            title=_("Next representatives' meeting")
            if user.is_representative
            else _("My next meetings"),
            count=None,
            rows=[
                HomeRow(
                    text=f"{m.kind}　{m.title}",
                    url=m.get_absolute_url(),
                    when=m.day,
                    detail=f"{timezone.localtime(m.starts_at):%H:%M} {m.place}",
                )
                for m in (meetings[:1] if user.is_representative else meetings)
            ],
            more_url=reverse("meetings:index"),
            empty=_("No meeting scheduled for you."),
            order=40,
        )
    ]
    if user.is_representative:
        return items
    actions = open_actions_for(user).only(
        "what", "due_on", "done_on", "meeting__starts_at", "meeting__kind__name"
    )
    first, count = first_rows(actions)
    items.append(
        HomeItem(
            key="meetings-actions",
            title=_("Open action items from meetings"),
            count=count,
            rows=[
                HomeRow(
                    text=a.what,
                    url=f"{a.meeting.get_absolute_url()}minutes/#action-{a.pk}",
                    detail=f"{a.meeting.kind}（{a.meeting.day:%m/%d}）",
                    when=a.due_on,
                    note=_("Overdue") if a.is_overdue(today) else "",
                    urgent=a.is_overdue(today),
                )
                for a in first
            ],
            more_url=reverse("meetings:index"),
            empty=_("No open action items."),
            urgent=any(a.is_overdue(today) for a in first),
            order=45,
        )
    )
    return items


register_home_source("meetings", meeting_home_items)
