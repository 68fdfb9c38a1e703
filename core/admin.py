"""Admin building blocks shared by the apps' registries."""

from django.http import HttpRequest
from import_export.formats import base_formats

# Granted by the role backend (accounts.backends) to coordinators; superusers
# hold every permission. A string, so that core imports no app.
KEEP_REGISTRY = "accounts.keep_registry"


class RegistryAdminMixin:
    """For the registry's models (agencies, services, sectors, kinds kept as data).

    Coordinators and site administrators keep the registry. Nothing in it is
    deleted from the admin: an agency or service that stops is marked
    inactive, so that history (cases, referrals) that points at it stays whole.
    Works for ModelAdmin and inline classes alike.
    """

    # CSV (UTF-8, a BOM as Excel writes it is fine) and Excel workbooks.
    formats = [base_formats.CSV, base_formats.XLSX]
    from_encoding = "utf-8-sig"

    @staticmethod
    def _keeps_registry(request: HttpRequest) -> bool:
        return request.user.has_perm(KEEP_REGISTRY)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._keeps_registry(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._keeps_registry(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self._keeps_registry(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._keeps_registry(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self._keeps_registry(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self._keeps_registry(request)
