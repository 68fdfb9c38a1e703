"""The reports' own navigation: the pages each user may open, the current one marked."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from reports.policy import can_see_collaboration_health, can_see_statistics

register = template.Library()


@register.inclusion_tag("reports/_nav.html", takes_context=True)
def reports_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    pages: list[tuple[str, str]] = []
    if isinstance(user, User) and can_see_statistics(user):
        pages += [
            ("reports:statistics", _("Statistics")),
            ("reports:annual", _("Annual report")),
            ("reports:needs", _("Missing local resources")),
        ]
    if isinstance(user, User) and can_see_collaboration_health(user):
        pages.append(("reports:health", _("Collaboration health")))
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {"links": [(reverse(name), label, name == current) for name, label in pages]}
