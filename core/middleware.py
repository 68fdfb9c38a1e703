from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from core.http import client_address


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user may hold personal data: never cache them.

    Browsers and proxies would otherwise keep case pages on shared office
    computers; `no-store` keeps them out of every cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware, with the client address from `client_address`.

    auditlog trusts a client's own X-Forwarded-For header; the audit log must
    record an address the client cannot forge.
    """

    def get_extra_data(self, request: HttpRequest) -> dict[str, Any]:
        data: dict[str, Any] = super().get_extra_data(request)
        data["remote_addr"] = client_address(request)
        data["remote_port"] = None
        return data
