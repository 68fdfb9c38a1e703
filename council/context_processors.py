from django.conf import settings
from django.http import HttpRequest

from accounts.policy import can_use_admin
from notifications.selectors import unread_count


def site(request: HttpRequest) -> dict[str, object]:
    """What every page's navigation needs: council name, admin link, current section."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)  # None on 404 pages
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "unread_notifications": unread_count(user) if signed_in else 0,  # type: ignore[arg-type]
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "show_admin_link": bool(user is not None and can_use_admin(user)),
        "works_with_cases": bool(
            user is not None
            and user.is_authenticated
            and (user.is_coordinator or user.is_practitioner)
        ),
        "nav_section": (match.namespace or match.url_name) if match else "",
    }
