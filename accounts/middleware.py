"""Session rules: idle sessions end; a second factor where the policy requires one."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp import user_has_device

from accounts.policy import requires_second_factor

LAST_SEEN = "last_seen"
# Writing the session on every request costs a query; a minute's precision is enough.
TOUCH_EVERY_SECONDS = 60


@receiver(user_logged_in)
def _start_the_idle_clock(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    request.session[LAST_SEEN] = int(time.time())


class IdleSessionMiddleware:
    """A signed-in session unused for SESSION_IDLE_SECONDS ends (shared office computers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# Where a user who must enrol a second factor may still go.
ALLOWED_WITHOUT_SECOND_FACTOR = {"two_factor", "set_language", "health", "health-live"}
ALLOWED_URL_NAMES = {"accounts:logout", "accounts:login"}


class SecondFactorRequiredMiddleware:
    """Coordinators and administrators use the app only with a verified second factor.

    Without a device they are sent to enrol one; with a device but an
    unverified session (signed in before enrolling elsewhere) they sign in again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user  # django-otp's middleware adds is_verified()
        if not user.is_authenticated or user.is_verified() or not requires_second_factor(user):
            return None
        match = request.resolver_match
        if match and (
            match.namespace in ALLOWED_WITHOUT_SECOND_FACTOR
            or match.url_name in ALLOWED_WITHOUT_SECOND_FACTOR
            or match.view_name in ALLOWED_URL_NAMES
        ):
            return None
        if user_has_device(user):
            logout(request)
            return redirect_to_login(request.get_full_path())
        messages.warning(
            request,
            _(
                "Your role needs a second factor at sign-in. Set up an authenticator app "
                "to continue."
            ),
        )
        return redirect("two_factor:setup")
