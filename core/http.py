"""Request helpers every app's views share."""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import TYPE_CHECKING

from django.conf import settings
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


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str | None:
    """The client's address, for the audit log and the sign-in lockout.

    X-Forwarded-For counts only when the request came from a configured
    trusted proxy (TRUSTED_PROXIES): then the address is the right-most hop
    that is not itself a trusted proxy. A client that writes the header
    itself, without a proxy, cannot change what is recorded.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not _trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        try:
            ip_address(hop)
        except ValueError:
            return remote  # a malformed chain: keep what the server saw
        if not _trusted(hop):
            return hop
    return remote


def int_param(value: object) -> int | None:
    """A positive database id from a request parameter, or None for anything else."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None
