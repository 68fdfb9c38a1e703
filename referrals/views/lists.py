"""The inbox and outbox of an agency, the coordinators' measures, the service drop-down."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agencies.models import Agency, Service
from cases.access import require_case_role
from core.dates import day_label
from core.fragments import RowUrl, render_fragment
from core.http import int_param, user_of
from referrals.forms import ListFilterForm, PeriodForm
from referrals.ledger import overdue_referrals
from referrals.measures import default_period, referral_measures
from referrals.models import Referral, Status, Urgency
from referrals.selectors import INBOX_TABS, inbox, list_rows, openable, outbox

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
    referrals = (outbox if sent else inbox)(user, tab=tab, urgency=urgency)
    page = Paginator(list_rows(referrals, sent=sent), PAGE_SIZE).get_page(request.GET.get("page"))
    listed = [r.pk for r in page.object_list]
    late = (
        overdue_referrals(timezone.localdate()).filter(pk__in=listed).values_list("pk", flat=True)
    )
    may_open = openable(user, list(page.object_list))
    overdue = set(late)
    url = RowUrl("referrals:detail")
    rows = [
        _row(r, sent=sent, url=url(r.pk) if r.pk in may_open else "", overdue=r.pk in overdue)
        for r in page.object_list
    ]
    fragment = {"rows": rows, "labels": {"overdue": gettext("Overdue")}}
    context = {
        "page": page,
        "form": form,
        "tab": tab,
        "sent": sent,
        "tabs": OUTBOX_TABS_SHOWN if sent else INBOX_TABS_SHOWN,
        "rows_html": render_fragment("referrals/list_rows.html", fragment, request),
    }
    return render(request, "referrals/list.html", context)


def _row(referral: Referral, *, sent: bool, url: str, overdue: bool) -> dict[str, Any]:
    """What a row shows, worked out in Python: 25 rows of template tags and an
    include each cost more than the page's queries (issue 12)."""
    if sent:
        service = referral.to_service
        agency, detail = referral.to_agency.name, service.name if service else ""
    else:
        agency, detail = referral.from_agency.name, referral.from_user.get_full_name()
    return {
        "url": url,
        "label": referral.case.anonymised_label,
        "agency": agency,
        "detail": detail,
        "status_key": referral.status,
        "status": str(Status(referral.status).label),
        "urgent": str(Urgency.URGENT.label) if referral.urgency == Urgency.URGENT else "",
        "sent_on": day_label(timezone.localdate(referral.requested_at)),
        "overdue": overdue,
        "days": referral.days_since_movement if referral.is_open else "—",
    }


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
