from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.policy import can_use_admin


class CouncilAdminSite(admin.AdminSite):
    site_header = _("Tsunagu administration")
    site_title = _("Tsunagu administration")
    index_title = _("Registry and settings")

    def has_permission(self, request: HttpRequest) -> bool:
        # Coordinators keep the agency registry without being Django staff;
        # which models they may touch is decided by each ModelAdmin. Everyone
        # in the admin has signed in with a second factor.
        user = request.user
        return can_use_admin(user) and bool(getattr(user, "is_verified", lambda: False)())

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """One sign-in for the whole site: Tsunagu's, with its second factor and lockout.

        A signed-in user the admin does not admit gets 403 (sending them to sign in
        again would loop).
        """
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
