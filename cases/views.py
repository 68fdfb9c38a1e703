from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Placeholder until case management lands: says so plainly."""
    return render(request, "council/coming_soon.html", {"title": _("Cases")})
