from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request: HttpRequest) -> HttpResponse:
    """Placeholder until meetings land: says so plainly."""
    return render(request, "council/coming_soon.html", {"title": _("Meetings")})
