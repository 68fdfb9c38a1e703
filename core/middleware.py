from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

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


class AuditDenialsMiddleware:
    """Record refused attempts (403, 404) on personal-data URLs in the audit log.

    A practitioner trying case numbers outside their team is exactly what the
    coordinating office must be able to see. The entry is filed under the user
    who tried, with the URL and, for a case URL, the case id, so that it also
    shows in that case's history.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404):
            self._record(request, response.status_code)
        return response

    @staticmethod
    def _record(request: HttpRequest, status: int) -> None:
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return
        if match.namespace not in settings.AUDIT_DENIALS_IN:
            return
        data: dict[str, Any] = {"denied": status, "url": match.view_name, "method": request.method}
        case_id = match.kwargs.get("case_pk") or (
            match.kwargs.get("pk") if match.namespace == "cases" else None
        )
        if case_id is not None and "people" not in request.path:
            data["case_id"] = case_id
        data.update({k: v for k, v in match.kwargs.items() if k not in data})
        LogEntry.objects.log_create(
            user, action=LogEntry.Action.ACCESS, force_log=True, additional_data=data
        )


class RejectNulMiddleware:
    """A NUL character in a parameter is never legitimate input: answer 400 at once.

    PostgreSQL refuses NUL in text, so letting it through would end in a
    server error wherever the value reaches a query (searches, admin filters).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or self._has_nul(request):
            return HttpResponseBadRequest(
                _("The request contains characters that are not allowed.")
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        params = [request.GET]
        if request.method == "POST" and request.content_type != "multipart/form-data":
            params.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in query.getlist(key))
            for query in params
            for key in query
        )
