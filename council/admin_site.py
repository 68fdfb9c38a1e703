from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.policy import can_use_admin


class CouncilAdminSite(admin.AdminSite):
    site_header = _("Tsunagu administration")
    site_title = _("Tsunagu administration")
    index_title = _("Registry and settings")

    def has_permission(self, request: HttpRequest) -> bool:
        # Coordinators keep the agency registry without being Django staff;
        # which models they may touch is decided by each ModelAdmin.
        return can_use_admin(request.user)
