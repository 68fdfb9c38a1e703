from django.conf import settings
from django.http import HttpRequest

from accounts.models import User
from accounts.policy import can_use_admin, can_watch_delivery
from cases.access import works_with_cases
from notifications.selectors import unread_count
from reports.policy import can_see_statistics


def site(request: HttpRequest) -> dict[str, object]:
    """What every page's navigation needs: council name, links the user may follow,
    the current section and the unread notifications."""
    user = getattr(request, "user", None)
    signed_in = user if isinstance(user, User) else None  # AnonymousUser otherwise
    match = getattr(request, "resolver_match", None)  # None on 404 pages
    return {
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "AXES_FAILURE_LIMIT": settings.AXES_FAILURE_LIMIT,
        "nav_section": (match.namespace or match.url_name) if match else "",
        "unread_notifications": unread_count(signed_in) if signed_in else 0,
        "show_admin_link": bool(signed_in and can_use_admin(signed_in)),
        "works_with_cases": bool(signed_in and works_with_cases(signed_in)),
        "show_delivery_link": bool(signed_in and can_watch_delivery(signed_in)),
        "show_reports_link": bool(signed_in and can_see_statistics(signed_in)),
    }
