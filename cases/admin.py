from django.contrib import admin

from cases.models import PresentingIssue
from core.admin import RegistryAdminMixin


@admin.register(PresentingIssue)
class PresentingIssueAdmin(RegistryAdminMixin, admin.ModelAdmin):
    """Presenting issues are data: the coordinating office keeps the list."""

    list_display = ("name", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("name",)
