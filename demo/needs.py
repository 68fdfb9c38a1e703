"""The demo register of missing local resources (demo/data/needs.toml).

Recorded through the reports services from an open case of the recorder's
agency, as a practitioner would; the office's status follows. Idempotent: a
need already in the register (same text) is left alone.
"""

from django.utils import timezone

from accounts.models import User
from cases.models import Case
from demo.files import read
from meetings.models import Tier
from meetings.selectors import coming_of_tier
from reports import services
from reports.models import UnmetNeed


def seed_needs() -> int:
    office = User.objects.filter(role="coordinator", is_active=True).order_by("pk").first()
    made = 0
    for entry in read("needs")["needs"]:
        if UnmetNeed.objects.filter(text=entry["text"]).exists():
            continue
        by = User.objects.get(username=entry["by"])
        case = (
            Case.objects.exclude(status=Case.Status.CLOSED)
            .filter(team__agency=by.agency, team__removed_at__isnull=True)
            .order_by("fiscal_year", "sequence")
            .first()
        )
        need = services.unmet_need_record(
            by=by, text=entry["text"], approach=entry["approach"], area=entry["area"], case=case
        )
        coming = coming_of_tier(Tier.REPRESENTATIVES, timezone.now(), limit=1)
        if entry.get("agenda") and office is not None and coming:
            services.unmet_need_to_agenda(need=need, meeting=coming[0], by=office)
        elif entry["status"] != UnmetNeed.Status.OPEN and office is not None:
            services.unmet_need_move(
                need=need, by=office, status=entry["status"], outcome=entry.get("outcome", "")
            )
        made += 1
    return made
