"""Admin building blocks shared by the apps' registries."""

from typing import Any

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, FieldDoesNotExist
from django.http import HttpRequest
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from core.exports import safe_row

# Granted by the role backend (accounts.backends) to coordinators; superusers
# hold every permission. A string, so that core imports no app.
KEEP_REGISTRY = "accounts.keep_registry"


class _SafeCells:
    """Export every cell through core.exports.safe_cell: no live formula reaches Excel.

    (django-import-export's own escaping only strips a leading "=".)
    """

    def export_data(self, dataset: Any, **kwargs: Any) -> Any:
        rows = [safe_row(list(row)) for row in dataset]
        del dataset[:]  # the rows, not the headers
        for row in rows:
            dataset.append(row)
        return super().export_data(dataset, **kwargs)  # type: ignore[misc]


class SafeCSV(_SafeCells, base_formats.CSV):
    pass


class SafeXLSX(_SafeCells, base_formats.XLSX):
    pass


class RegistryAdminMixin:
    """For the registry's models (agencies, services, sectors, kinds kept as data).

    Coordinators and site administrators keep the registry. Nothing in it is
    deleted from the admin: an agency or service that stops is marked
    inactive, so that history (cases, referrals) that points at it stays whole.
    Works for ModelAdmin and inline classes alike.
    """

    # CSV (UTF-8, a BOM as Excel writes it is fine) and Excel workbooks.
    formats = [SafeCSV, SafeXLSX]
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

    def get_export_queryset(self, request: HttpRequest) -> Any:
        """The export follows the list's filters; a made-up filter is a bad request (400),
        not a server error (django-import-export builds the list without checking)."""
        try:
            return super().get_export_queryset(request)  # type: ignore[misc]
        except IncorrectLookupParameters as error:
            raise BadRequest(str(error)) from error


class NamedFieldsExportForm(SelectableFieldsExportForm):
    """The export screen lists fields by their Japanese names (the models' verbose
    names), with the column name the file uses beside them."""

    def _get_field_label(self, resource: Any, field_name: str) -> str:
        model = resource._meta.model
        try:
            label = str(model._meta.get_field(field_name).verbose_name)
        except FieldDoesNotExist:
            return super()._get_field_label(resource, field_name)
        return f"{label}（{field_name}）"
