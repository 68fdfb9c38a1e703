from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import can_watch_delivery
from core.http import HtmxHttpRequest, user_of
from notifications.email import email_retry
from notifications.forms import PreferencesForm
from notifications.models import Notification, Preference
from notifications.selectors import (
    delivery_status,
    dropped_reminders,
    failed_account_emails,
    notifications_of,
    preferences_of,
)


def index(request: HtmxHttpRequest) -> HttpResponse:
    """The notification centre: newest first, unread ones marked."""
    notifications = notifications_of(user_of(request))
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/index.html", {"page": page})


@require_POST
def open_notification(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and go where it points."""
    notification = get_object_or_404(notifications_of(user_of(request)), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:index"
    return redirect(target)


@require_POST
def mark_read(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(notifications_of(user_of(request)), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if request.htmx:
        return render(request, "notifications/_item.html", {"n": notification})
    return redirect("notifications:index")


@require_POST
def mark_all_read(request: HtmxHttpRequest) -> HttpResponse:
    unread = notifications_of(user_of(request)).filter(read_at__isnull=True)
    count = unread.update(read_at=timezone.now())
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:index")


def preferences(request: HtmxHttpRequest) -> HttpResponse:
    user = user_of(request)
    form = PreferencesForm(request.POST or None, current=preferences_of(user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind, delivery in form.cleaned_data.items():
                Preference.objects.update_or_create(
                    user=user, kind=kind, defaults={"delivery": delivery}
                )
        messages.success(request, _("Notification settings saved."))
        return redirect("notifications:preferences")
    context = {"form": form, "digest_time": settings.NOTIFICATION_DIGEST_TIME}
    return render(request, "notifications/preferences.html", context)


def delivery(request: HtmxHttpRequest) -> HttpResponse:
    """What waits to go out and what failed (the coordinating office watches this)."""
    if not can_watch_delivery(user_of(request)):
        raise PermissionDenied
    failed = Notification.objects.filter(email_status=Notification.Email.FAILED).select_related(
        "recipient"
    )
    page = Paginator(failed.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    context = {
        "status": delivery_status(),
        "page": page,
        "dropped": dropped_reminders(),
        "account_emails": failed_account_emails(),
        "dropped_days": settings.DELIVERY_DROPPED_DAYS,
    }
    return render(request, "notifications/delivery.html", context)


@require_POST
def retry(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not can_watch_delivery(user_of(request)):
        raise PermissionDenied
    notification = get_object_or_404(Notification, pk=pk, email_status=Notification.Email.FAILED)
    email_retry(notification=notification)
    messages.success(request, _("The email will be sent again within a minute."))
    return redirect("notifications:delivery")
