"""The audit log in the admin (site administrators): auditlog's screen, made robust.

auditlog's own admin searches `actor__first_name` (our users have no such
field) and its resource-type filter passes any value to the database; both
answered bad input with a server error. Bad filter values now bring the
admin's own "invalid filter" message instead.
"""

from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import DataError
from django.db.models import QuerySet
from django.http import HttpRequest


class SafeResourceTypeFilter(ResourceTypeFilter):
    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        try:
            return queryset.filter(content_type_id=int(value))
        except (TypeError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class CouncilLogEntryAdmin(LogEntryAdmin):
    search_fields = [
        "object_repr",
        "changes_text",
        "actor__username",
        "actor__family_name",
        "actor__given_name",
        "actor_email",
    ]
    list_filter = ["action", SafeResourceTypeFilter, CIDFilter]

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError, DataError) as error:  # a year out of range...
            raise IncorrectLookupParameters(error) from error


admin.site.unregister(LogEntry)
admin.site.register(LogEntry, CouncilLogEntryAdmin)
