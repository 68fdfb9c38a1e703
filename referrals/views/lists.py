"""The inbox and outbox of an agency, the coordinators' measures, the service drop-down."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agencies.models import Agency, Service
from cases.access import require_case_role
from core.http import int_param, user_of
from referrals.forms import ListFilterForm, PeriodForm
from referrals.ledger import overdue_referrals
from referrals.measures import default_period, referral_measures
from referrals.selectors import INBOX_TABS, inbox, openable, outbox

PAGE_SIZE = 25
INBOX_TABS_SHOWN = [
    ("open", _("Not finished")),
    ("new", _("New")),
    ("waiting", _("Waiting for my agency")),
    ("progress", _("Being supported")),
    ("closed", _("Finished")),
    ("all", _("All")),
]
OUTBOX_TABS_SHOWN = [("open", _("Not finished")), ("closed", _("Finished")), ("all", _("All"))]


def _listing(request: HttpRequest, *, sent: bool) -> HttpResponse:
    user = user_of(request)
    form = ListFilterForm(request.GET or None)
    urgency = form.cleaned_data.get("urgency", "") if form.is_valid() else ""
    tab = request.GET.get("tab", "open")
    tab = tab if tab in INBOX_TABS else "open"
    rows = (outbox if sent else inbox)(user, tab=tab, urgency=urgency)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    listed = [r.pk for r in page.object_list]
    late = (
        overdue_referrals(timezone.localdate()).filter(pk__in=listed).values_list("pk", flat=True)
    )
    context = {
        "overdue": set(late),
        "page": page,
        "form": form,
        "tab": tab,
        "sent": sent,
        "tabs": OUTBOX_TABS_SHOWN if sent else INBOX_TABS_SHOWN,
        "openable": openable(user, list(page.object_list)),
    }
    return render(request, "referrals/list.html", context)


@require_GET
def inbox_page(request: HttpRequest) -> HttpResponse:
    """Referrals received by my agency: new, waiting for my action, in progress."""
    return _listing(request, sent=False)


@require_GET
def outbox_page(request: HttpRequest) -> HttpResponse:
    """Referrals my agency sent, with their status and days since the last movement."""
    return _listing(request, sent=True)


@require_GET
def measures_page(request: HttpRequest) -> HttpResponse:
    """How the loop closes, per receiving agency and overall (coordinating office)."""
    user = user_of(request)
    if not user.is_coordinator:
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    since, until = default_period()
    if form.is_valid():
        since = form.cleaned_data.get("since") or since
        until = form.cleaned_data.get("until") or until
    report = referral_measures(since=since, until=until)
    agencies = Agency.objects.filter(pk__in=report.by_agency).order_by("name_kana")
    rows = [(agency, report.by_agency[agency.pk]) for agency in agencies]
    context = {
        "form": form,
        "report": report,
        "rows": rows,
        "stale_days": settings.REFERRAL_RULES["stale_days"],
    }
    return render(request, "referrals/measures.html", context)


@require_GET
def service_options(request: HttpRequest) -> HttpResponse:
    """<option>s of an agency's current services, for the referral form (htmx)."""
    require_case_role(user_of(request))
    agency_id = int_param(request.GET.get("to_agency")) or 0
    services = Service.objects.filter(agency_id=agency_id, is_active=True, agency__is_active=True)
    return render(request, "referrals/_service_options.html", {"services": services})
