from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_GET

from agencies.models import Agency
from cases.audit import log_export
from core.home import home_items
from core.http import client_address, user_of
from council.celery import app as celery_app
from notifications.selectors import delivery_status


def home(request: HttpRequest) -> HttpResponse:
    """A to-do list for the user's role: each app adds its items (core.home)."""
    user = user_of(request)
    items = home_items(user, timezone.localdate())
    # Rows that name a young person are reads, like the case list's.
    shown = {case.pk: case for item in items for case in item.shown}
    if shown:
        log_export(cases=shown.values(), by=user, what="home", remote_addr=client_address(request))
    context = {"items": items, "agency_count": Agency.objects.active().count()}
    return render(request, "council/home.html", context)


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return False
    return True


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: database, broker, and how late the oldest due reminder is.

    503 when the database or the broker is down. A reminder overdue by more
    than a few minutes means no worker or no beat is running.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        oldest = delivery_status().oldest_due_age_seconds
        database = "ok"
    except DatabaseError:
        database, oldest = "down", None
    broker = "ok" if _broker_ok() else "down"
    body = {
        "database": database,
        "broker": broker,
        "oldest_due_reminder_age_seconds": oldest,
    }
    healthy = database == "ok" and broker == "ok"
    return JsonResponse(body, status=200 if healthy else 503)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
