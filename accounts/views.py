from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: name, agency, role, links to change password."""
    return render(request, "accounts/profile.html", {"person": request.user})
