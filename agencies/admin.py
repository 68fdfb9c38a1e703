from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from agencies.forms import AgencyAdminForm
from agencies.models import Agency, SearchSynonym, Sector, Service
from agencies.resources import AgencyResource, ServiceResource
from agencies.services import agencies_deactivate, agency_make_coordinating
from core.admin import NamedFieldsExportForm, RegistryAdminMixin
from core.text import search_terms


class ServiceInline(RegistryAdminMixin, admin.TabularInline):
    model = Service
    extra = 0
    fields = (
        "name",
        "approach",
        "age_min",
        "age_max",
        "access_walk_in",
        "access_outreach",
        "access_phone",
        "access_online",
        "is_active",
    )
    show_change_link = True


@admin.register(Agency)
class AgencyAdmin(RegistryAdminMixin, ImportExportModelAdmin):
    export_form_class = NamedFieldsExportForm
    form = AgencyAdminForm
    resource_classes = [AgencyResource]
    inlines = [ServiceInline]
    list_display = ("name", "name_kana", "sector", "council_role", "phone", "is_active")
    list_filter = ("council_role", "sector", "is_active", "services__approach")
    list_select_related = ("sector",)
    search_fields = ("name", "name_kana")
    actions = ["make_coordinating", "deactivate"]
    fieldsets = (
        (None, {"fields": ("name", "name_kana", "sector", "council_role", "is_active")}),
        (_("Contact"), {"fields": ("postal_code", "address", "phone", "email", "website")}),
        (_("Roles and responsibilities"), {"fields": ("roles_description",)}),
    )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Agency], search_term: str
    ) -> tuple[QuerySet[Agency], bool]:
        # The same kana- and width-insensitive match as the directory.
        for term in search_terms(search_term):
            queryset = queryset.filter(search_key__contains=term)
        return queryset, False

    @admin.action(description=_("Make the coordinating body"))
    def make_coordinating(self, request: HttpRequest, queryset: QuerySet[Agency]) -> None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one agency to be the coordinating body."), messages.ERROR
            )
            return
        agency = agency_make_coordinating(agency=queryset.get())
        self.message_user(
            request, _("%(agency)s is now the coordinating body.") % {"agency": agency}
        )

    @admin.action(description=_("Mark as inactive"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Agency]) -> None:
        changed = agencies_deactivate(agencies=queryset)
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("%(count)d agencies marked inactive.") % {"count": changed},
                reverse("cases:inactive-teams"),
                _("See the open cases that still list them."),
            ),
        )


@admin.register(Service)
class ServiceAdmin(RegistryAdminMixin, ImportExportModelAdmin):
    export_form_class = NamedFieldsExportForm
    resource_classes = [ServiceResource]
    list_display = ("name", "agency", "approach", "age_min", "age_max", "is_active")
    list_filter = ("approach", "is_active", "agency__sector", "access_outreach")
    list_select_related = ("agency",)
    search_fields = ("name", "agency__name", "agency__name_kana", "description")
    autocomplete_fields = ("agency",)


@admin.register(Sector)
class SectorAdmin(RegistryAdminMixin, admin.ModelAdmin):
    list_display = ("name", "sort_order", "agency_count")
    list_editable = ("sort_order",)
    search_fields = ("name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Sector]:
        return super().get_queryset(request).annotate(n_agencies=Count("agencies"))

    @admin.display(description=_("agencies"), ordering="n_agencies")
    def agency_count(self, obj: Sector) -> int:
        return obj.n_agencies  # type: ignore[attr-defined]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(RegistryAdminMixin, admin.ModelAdmin):
    """The directory's synonyms: local short names the office adds as people use them."""

    list_display = ("words",)
    search_fields = ("words",)
