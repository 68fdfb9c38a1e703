"""The benchmark's floor (demo only): the cheapest page a signed-in user can get.

Login required (by the middleware, like every page), one query, a tiny
template: every other page's time in the benchmark reads as a ratio to it.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agencies.models import Agency


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    first = Agency.objects.order_by("pk").values_list("name", flat=True).first()
    return render(request, "demo/floor.html", {"agency": first})
