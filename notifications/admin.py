from django.contrib import admin
from django.http import HttpRequest

from notifications.models import Notification, OutgoingEmail, Reminder


class ReadOnlyAdmin(admin.ModelAdmin):
    """For site administrators to look into delivery; rows change only through the sweeps."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("kind", "source_id", "due_at", "sent_at", "dropped_reason")
    list_filter = (
        "kind",
        ("dropped_reason", admin.EmptyFieldListFilter),
        ("sent_at", admin.EmptyFieldListFilter),
    )
    date_hierarchy = "due_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "email_status")
    list_filter = ("kind", "email_status")
    list_select_related = ("recipient",)
    search_fields = ("title", "label", "recipient__username")
    date_hierarchy = "created_at"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    # never the body: it may hold a password-reset link until it is sent
    fields = (
        "kind",
        "to",
        "subject",
        "created_at",
        "email_status",
        "email_attempts",
        "email_error",
    )
    list_display = ("kind", "to", "created_at", "email_status", "email_attempts")
    list_filter = ("kind", "email_status")
    search_fields = ("to",)
    date_hierarchy = "created_at"
