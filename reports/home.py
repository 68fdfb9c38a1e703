"""What reports put on the home page: the figures for representatives, the
collaboration health for the coordinating office."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.home import HomeItem, HomeRow, first_rows, register_home_source
from reports.models import UnmetNeed


def report_home_items(user: User, today: date) -> list[HomeItem]:
    if not user.is_active:
        return []
    if user.is_representative:
        waiting = UnmetNeed.objects.filter(status=UnmetNeed.Status.OPEN).count()
        return [
            HomeItem(
                key="reports-links",
                title=_("The council's figures"),
                count=None,
                rows=[
                    HomeRow(
                        _("Statistics for the representatives' meeting"),
                        reverse("reports:statistics"),
                    ),
                    HomeRow(_("Annual report"), reverse("reports:annual")),
                    HomeRow(
                        _("Missing local resources (%(n)s newly recorded)") % {"n": waiting},
                        reverse("reports:needs"),
                    ),
                ],
                order=55,
            )
        ]
    if user.is_coordinator:
        open_needs = UnmetNeed.objects.filter(status=UnmetNeed.Status.OPEN)
        needs, count = first_rows(open_needs.order_by("-created_at"))
        return [
            HomeItem(
                key="reports-needs",
                title=_("Missing local resources to discuss"),
                count=count,
                rows=[
                    HomeRow(
                        n.text,
                        n.get_absolute_url(),
                        when=timezone.localdate(n.created_at),  # the day in Japan
                        detail=n.area,
                    )
                    for n in needs
                ],
                more_url=reverse("reports:needs"),
                empty=_("No newly recorded need."),
                order=70,
            )
        ]
    return []


register_home_source("reports", report_home_items)
