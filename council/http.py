from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for type checking)."""

    htmx: HtmxDetails


def user_of(request: HttpRequest) -> User:
    """The signed-in user of a view behind login_required (narrowed for type checking)."""
    assert isinstance(request.user, User)  # noqa: S101 - login_required guarantees it
    return request.user
