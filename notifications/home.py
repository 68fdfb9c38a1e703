"""What notifications put on the home page (core.home): failed emails, for
the people who watch delivery (the coordinating office)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import can_watch_delivery
from core.home import HomeItem, register_home_source
from notifications.models import Notification, OutgoingEmail


def delivery_home_items(user: User, today: date) -> list[HomeItem]:
    if not can_watch_delivery(user):
        return []
    # notifications' emails and the outbox's own (password reset mail) alike
    # one statement for both tables; unordered, as SQLite (the demo) requires of a UNION
    failed = (
        Notification.objects.filter(email_status=Notification.Email.FAILED)
        .order_by()
        .values("pk")
        .union(
            OutgoingEmail.objects.filter(email_status=Notification.Email.FAILED)
            .order_by()
            .values("pk"),
            all=True,
        )
        .count()
    )
    return [
        HomeItem(
            key="notifications-failed",
            title=_("Emails that could not be sent"),
            count=failed,
            more_url=reverse("notifications:delivery"),
            empty=_("Every email went out."),
            urgent=failed > 0,
            order=60,
        )
    ]


register_home_source("notifications", delivery_home_items)
