"""The weekly summary of unusual access, told to the coordinating office."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.access import coordinator_ids
from council.audit import unusual_access, week_of
from notifications.registry import Message, register_kind
from notifications.services import notify

ACCESS_SUMMARY = register_kind("access_summary", _("The weekly summary of unusual access"))


def tell_office_about_the_week(*, today: date) -> int:
    """Notify the coordinators once per week, with a link to last week's summary."""
    week = week_of(today) - timedelta(days=7)
    report = unusual_access(week)
    url = f"{reverse('audit:summary')}?week={week.isoformat()}"

    def message() -> Message:
        title = (
            gettext("Access summary for the week of %(day)s: please review")
            if report.anything
            else gettext("Access summary for the week of %(day)s: nothing unusual")
        )
        return Message(title=title % {"day": date_format(week, "MONTH_DAY_FORMAT")}, url=url)

    return notify(
        recipients=coordinator_ids(),
        kind=ACCESS_SUMMARY,
        message=message,
        idempotency_key=f"access_summary:{week.isoformat()}",
    )
