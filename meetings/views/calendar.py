"""Calendar files: one meeting's .ics, and the private feed calendar apps subscribe to."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import user_of
from meetings.access import meeting_for, meetings_visible_to
from meetings.ics import calendar_of
from meetings.models import CalendarFeed

FEED_PAST_DAYS = 90  # a feed also shows the last three months, for minutes and follow-up


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def ics(request: HttpRequest, pk: int) -> HttpResponse:
    view = meeting_for(user_of(request), pk)
    return _ics(
        calendar_of([view.meeting], name=view.meeting.kind.name), f"meeting-{view.meeting.pk}.ics"
    )


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of one user's meetings; the secret token is the only key (wrong: 404)."""
    subscription = (
        CalendarFeed.objects.select_related("user", "user__agency").filter(token=token).first()
        if 20 <= len(token) <= 64
        else None
    )
    if subscription is None or not subscription.user.is_active:
        raise Http404
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    meetings = (
        meetings_visible_to(subscription.user)
        .filter(ends_at__gte=since)
        .select_related("kind")
        .order_by("starts_at")[:500]
    )
    return _ics(calendar_of(meetings, name=_("Council meetings")), "meetings.ics")


def _feed_url(request: HttpRequest, subscription: CalendarFeed) -> str:
    return request.build_absolute_uri(
        reverse("meetings:feed", kwargs={"token": subscription.token})
    )


@require_GET
def feed_settings(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    subscription, _created = CalendarFeed.objects.get_or_create(user=user)
    context = {"feed_url": _feed_url(request, subscription), "subscription": subscription}
    return render(request, "meetings/feed.html", context)


@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    """A new secret: the old address stops working at once (a lost phone, a leaked link)."""
    user = user_of(request)
    subscription, _created = CalendarFeed.objects.get_or_create(user=user)
    subscription.reset()
    messages.success(request, _("A new calendar address was made. The old one no longer works."))
    return redirect("meetings:feed-settings")
