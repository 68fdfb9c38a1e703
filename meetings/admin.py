from django.contrib import admin

from core.admin import RegistryAdminMixin
from meetings.models import MeetingKind


@admin.register(MeetingKind)
class MeetingKindAdmin(RegistryAdminMixin, admin.ModelAdmin):
    """Meeting kinds are data: the office adds its local kinds (ケース会議, 検証会議) here,
    choosing what their case items show (anonymised labels or personal data)."""

    list_display = ("name", "tier", "privacy", "takes_case_items", "is_active", "sort_order")
    list_editable = ("sort_order",)
    list_filter = ("tier", "privacy", "is_active")
    search_fields = ("name",)
