from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencies.forms import DirectoryFilterForm
from agencies.panels import agency_panels
from agencies.selectors import agency_for_page, directory_search
from core.http import HtmxHttpRequest, user_of


def directory(request: HtmxHttpRequest) -> HttpResponse:
    """The member directory: every logged-in user may look up who does what."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sector = filters.get("sector")
    agencies = directory_search(
        query=filters.get("q", ""),
        sector_id=sector.pk if sector else None,
        approach=filters.get("approach", ""),
        council_role=filters.get("council_role", ""),
    )
    page = Paginator(agencies, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": any(filters.values())}
    template = "agencies/_results.html" if request.htmx else "agencies/directory.html"
    return render(request, template, context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = agency_for_page(pk)
    context = {"agency": agency, "panels": agency_panels(agency, user_of(request))}
    return render(request, "agencies/detail.html", context)
