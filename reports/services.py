"""Writes of the reports app: the register of missing local resources."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Case, CaseNote
from core.audit import audited_as
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting, Status, Tier
from reports.models import UnmetNeed
from reports.policy import can_manage_unmet_needs


def _names_of(case: Case) -> list[str]:
    person = case.young_person
    return [n for n in (person.family_name, person.given_name) if len(n.strip()) >= 1]


@audited_as("by")
def unmet_need_record(
    *,
    by: User,
    text: str,
    approach: str = "",
    area: str = "",
    case: Case | None = None,
    note: CaseNote | None = None,
    meeting_item: AgendaItem | None = None,
) -> UnmetNeed:
    """Record what the area lacks, from a case or a note. The register is shared with
    representatives, so the text may not carry the young person's name."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what is missing.")})
    if case is not None and any(name in text for name in _names_of(case)):
        raise ValidationError(
            {"text": _("Describe the missing resource without the young person's name.")}
        )
    if by.agency_id is None:
        raise PermissionDenied
    if note is not None and (case is None or note.case_id != case.pk):
        raise ValidationError({"source": _("Choose a note of this case.")})
    if meeting_item is not None and (case is None or meeting_item.case_id != case.pk):
        raise ValidationError({"source": _("Choose a meeting that discussed this case.")})
    return UnmetNeed.objects.create(
        text=text,
        approach=approach,
        area=area.strip(),
        case=case,
        note=note,
        meeting_item=meeting_item,
        agency_id=by.agency_id,
        recorded_by=by,
    )


@audited_as("by")
def unmet_need_move(*, need: UnmetNeed, by: User, status: str, outcome: str = "") -> UnmetNeed:
    """The coordinating office moves a need along (or back): any status to any other."""
    if not can_manage_unmet_needs(by):
        raise PermissionDenied
    if status not in UnmetNeed.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    need.status = status
    need.outcome = outcome.strip()
    need.save(update_fields=["status", "outcome", "updated_at"])
    return need


@audited_as("by")
@transaction.atomic
def unmet_need_to_agenda(*, need: UnmetNeed, meeting: Meeting, by: User) -> AgendaItem:
    """Put a need on a coming representatives' meeting as a topic (the path from case
    work to a new resource) and mark it under discussion. The topic carries the need's
    text, which was checked for names when it was recorded, and nothing about a case."""
    if not can_manage_unmet_needs(by):
        raise PermissionDenied
    need = UnmetNeed.objects.select_for_update().select_related("agency").get(pk=need.pk)
    if meeting.kind.tier != Tier.REPRESENTATIVES or meeting.status != Status.SCHEDULED:
        raise ValidationError(
            {"meeting": _("Choose a representatives' meeting that has not been held yet.")}
        )
    if meeting.items.filter(unmet_needs=need).exists():
        raise ValidationError({"meeting": _("This need is already on that meeting's agenda.")})
    recorded_on = date_format(timezone.localtime(need.created_at).date(), "DATE_FORMAT")
    facts = [_("Recorded by %(agency)s on %(day)s") % {"agency": need.agency, "day": recorded_on}]
    if need.approach:
        approach = need.get_approach_display()
        facts.append(_("Support approach: %(approach)s") % {"approach": approach})
    if need.area:
        facts.append(_("Area: %(area)s") % {"area": need.area})
    item = meeting_services.item_add(
        meeting=meeting,
        by=by,
        kind=AgendaItem.Kind.TOPIC,
        title=Truncator(_("Missing local resource: %(text)s") % {"text": need.text}).chars(200),
        prepared_text="\n".join(facts),
    )
    need.agenda_item = item
    if need.status == UnmetNeed.Status.OPEN:
        need.status = UnmetNeed.Status.DISCUSSING
    need.save(update_fields=["agenda_item", "status", "updated_at"])
    return item
