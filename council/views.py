import hmac
import logging
import threading
import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from agencies.selectors import active_agency_count
from cases.audit import log_export
from core.fragments import render_fragment
from core.home import HomeItem, home_items
from core.http import client_address, user_of
from council.celery import app as celery_app
from notifications.selectors import delivery_status

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """A to-do list for the user's role: each app adds its items (core.home)."""
    user = user_of(request)
    items = home_items(user, timezone.localdate())
    # Rows that name a young person are reads, like the case list's.
    shown = {case.pk: case for item in items for case in item.shown}
    if shown:
        log_export(cases=shown.values(), by=user, what="home", remote_addr=client_address(request))
    context = {
        "items_html": _items_html(request, items) if items else "",
        "agency_count": active_agency_count(),
    }
    return render(request, "council/home.html", context)


def _items_html(request: HttpRequest, items: list[HomeItem]) -> SafeString:
    """The items as cards, rendered with Jinja2 (core.fragments): a dozen cards of
    rows cost more in Django's template language than the items' queries."""
    cards = [
        {
            "item": item,
            "badge": _badge(item),
            "badge_class": (
                ("text-bg-danger" if item.urgent else "text-bg-primary")
                if item.count
                else "text-bg-light border"
            ),
            # an item's own template (the representatives' figures) is a Django one
            "body_html": loader.render_to_string(item.template, {"item": item})
            if item.template
            else "",
        }
        for item in items
    ]
    labels = {"heading": _("What needs doing"), "see_all": _("See all")}
    return render_fragment("core/home_items.html", {"cards": cards, "labels": labels}, request)


def _badge(item: HomeItem) -> str:
    if item.count is None:
        return ""
    counter = {"counter": localize(item.count)}
    if item.at_least:
        return _("%(counter)s+ items") % counter
    return ngettext("%(counter)s item", "%(counter)s items", item.count) % counter


def _database_check() -> dict[str, object]:
    """The database answers a query; and how late the oldest due reminder is."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # the server gives up on its side too, should it be slow rather than gone
            timeout = f"{int(settings.HEALTH_CHECK_TIMEOUT * 1000)}ms"
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [timeout])
            cursor.execute("SELECT 1")
            oldest = delivery_status().oldest_due_age_seconds
    except DatabaseError:
        return {"database": "down"}
    finally:
        connection.close()  # this thread's own connection
    return {"database": "ok", "oldest_due_reminder_age_seconds": oldest}


def _broker_check() -> dict[str, object]:
    """The broker answers: Redis is asked PING with socket timeouts on every step."""
    url = settings.CELERY_BROKER_URL
    timeout = settings.HEALTH_CHECK_TIMEOUT
    try:
        if url.startswith(("redis://", "rediss://")):
            client = redis.Redis.from_url(
                url, socket_timeout=timeout, socket_connect_timeout=timeout
            )
            try:
                client.ping()
            finally:
                client.close()
        else:
            with celery_app.connection_for_write(url) as conn:
                conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception:  # any failure of the broker is "down"; the reason goes to the log
        logger.warning("health check: the broker is down", exc_info=True)
        return {"broker": "down"}
    return {"broker": "ok"}


def _run_checks() -> dict[str, object]:
    """Both checks side by side, each on its own thread, within one deadline.

    The socket timeouts should end a check in time; the deadline is the
    promise that holds whatever a driver does (a database stopped mid-answer
    leaves no client timeout to rely on). A check that overruns counts as
    down and is left to finish on its own thread.
    """
    results: dict[str, object] = {}

    def run(check: Callable[[], dict[str, object]]) -> None:
        results.update(check())

    threads = [
        threading.Thread(target=run, args=(check,), daemon=True)
        for check in (_database_check, _broker_check)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + settings.HEALTH_CHECK_TIMEOUT + 0.5
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    down = {"database": "down", "broker": "down", "oldest_due_reminder_age_seconds": None}
    return {**down, **results}


def _may_see_details(request: HttpRequest) -> bool:
    """A monitoring token, else a signed-in site administrator (token first: it
    needs no database, and the database may be what is down)."""
    token = settings.HEALTH_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and hmac.compare_digest(given.encode(), token.encode()):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    try:
        return bool(request.user.is_superuser)
    except DatabaseError:
        return False


@login_not_required
@require_GET
def health_live(request: HttpRequest) -> JsonResponse:
    """Liveness: this process answers requests. Touches no database and no broker,
    so a broker outage never gets a working web container restarted."""
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Readiness, for monitoring: the database and the broker answer, in bounded time.

    503 when either is down. Anyone learns only "ok" or "down"; site
    administrators and callers with HEALTH_TOKEN also see each dependency and
    how late the oldest due reminder is (more than a few minutes: no worker
    or no beat is running). Each check runs with hard timeouts, so a hung
    Redis or database costs this view at most about HEALTH_CHECK_TIMEOUT
    seconds, the checks running side by side.
    """
    checks = _run_checks()
    healthy = checks["database"] == "ok" and checks["broker"] == "ok"
    body: dict[str, object] = {"status": "ok" if healthy else "down"}
    if _may_see_details(request):
        body.update(checks)
    return JsonResponse(body, status=200 if healthy else 503)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
