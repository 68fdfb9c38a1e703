"""Request helpers every app's views share."""

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:  # core imports no app at run time (import-linter contract)
    from accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for type checking)."""

    htmx: HtmxDetails


def user_of(request: HttpRequest) -> "User":
    """The signed-in user of a view behind the login requirement (narrowed for typing)."""
    user = request.user
    assert isinstance(user, get_user_model())  # noqa: S101 - LoginRequiredMiddleware ensures it
    return user  # type: ignore[return-value]


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, as the server saw it.

    Never a client-supplied header such as X-Forwarded-For: a client could
    write anything there, and the audit log must not be forgeable.
    """
    return request.META.get("REMOTE_ADDR") or None
