"""Writes to referrals: creation and every move of the lifecycle.

requested → acknowledged → accepted | declined → in_progress → completed,
or cancelled by the sender before completion. Each move locks the row,
checks the current state, records who, when and a comment (a timeline
event), reschedules the follow-ups and tells the other side at once.
A move to the state the referral is already in (a double click) changes
nothing and raises `NothingToDo`, so the view can say so.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency, Service
from cases import services as case_services
from cases.models import Case, CaseNote, Disclosure
from core.audit import audited_as
from notifications.scheduling import reminders_sync
from referrals.models import (
    OPEN_STATUSES,
    WAITING_FOR_ANSWER,
    DeclineReason,
    HelpOutcome,
    Referral,
    ReferralEvent,
    Status,
)
from referrals.notices import tell_receiver, tell_sender
from referrals.roles import is_receiver, is_sender

Kind = ReferralEvent.Kind


class IllegalTransition(ValidationError):
    """A move the lifecycle does not allow from the referral's current status."""


class NothingToDo(IllegalTransition):
    """The referral is already where the move would take it (a double click)."""


def default_follow_up(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(
        days=settings.REFERRAL_RULES["follow_up_days"]
    )


def _check_new(
    *,
    case: Case,
    to_agency: Agency,
    by: User,
    to_service: Service | None,
    shared_notes: list[CaseNote],
    consent_override_reason: str,
) -> None:
    errors: dict[str, str] = {}
    if not case.is_open:
        raise ValidationError(_("A closed case cannot be referred. Reopen it first."))
    if by.agency_id is None:
        raise ValidationError(_("Only a member of an agency can refer a case."))
    if not to_agency.is_active:
        errors["to_agency"] = _("This agency is no longer active.")
    elif to_agency.pk == by.agency_id:
        errors["to_agency"] = _("Choose another agency than your own.")
    elif case.team.filter(agency=to_agency, removed_at__isnull=True).exists():
        errors["to_agency"] = _(
            "This agency is already on the case team: agree on its role in the team instead."
        )
    elif Referral.objects.filter(case=case, to_agency=to_agency, status__in=OPEN_STATUSES):
        errors["to_agency"] = _("There is already an open referral of this case to this agency.")
    if to_service is not None and (
        to_service.agency_id != to_agency.pk or not to_service.is_active
    ):
        errors["to_service"] = _("Choose a current service of the receiving agency.")
    if any(note.case_id != case.pk for note in shared_notes):
        errors["shared_notes"] = _("Only notes of this case can be shared.")
    if not case.young_person.consent_to_share:
        if not consent_override_reason.strip():
            errors["consent_override_reason"] = _(
                "The young person has not consented to sharing. Record their consent first, "
                "or (coordinators only) give the reason for referring without it."
            )
        elif not by.is_coordinator:
            errors["consent_override_reason"] = _(
                "Only the coordinating office may refer without the young person's consent."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
@audited_as("by")
def referral_create(
    *,
    case: Case,
    to_agency: Agency,
    by: User,
    request: str,
    reason: str,
    urgency: str,
    share_summary: bool = False,
    share_plan: bool = False,
    shared_notes: Iterable[CaseNote] = (),
    documents: str = "",
    follow_up_on: date | None = None,
    to_service: Service | None = None,
    consent_override_reason: str = "",
) -> Referral:
    """Refer a case to another agency, which sees only what is shared until it accepts."""
    notes = list(shared_notes)
    _check_new(
        case=case,
        to_agency=to_agency,
        by=by,
        to_service=to_service,
        shared_notes=notes,
        consent_override_reason=consent_override_reason,
    )
    override = consent_override_reason.strip() if not case.young_person.consent_to_share else ""
    referral = Referral(
        case=case,
        from_agency_id=by.agency_id or 0,  # _check_new made sure there is one
        from_user=by,
        to_agency=to_agency,
        to_service=to_service,
        request=request.strip(),
        reason=reason.strip(),
        urgency=urgency,
        share_summary=share_summary,
        share_plan=share_plan,
        documents=documents.strip(),
        consent_override_reason=override,
        consent_overridden_by=by if override else None,
        follow_up_on=follow_up_on or default_follow_up(),
    )
    referral.full_clean(exclude=["shared_notes", "from_agency"])
    referral.save()
    referral.shared_notes.set(notes)
    _event(
        referral,
        Kind.REQUESTED,
        by,
        comment=override and _("Referred without consent: ") + override,
    )
    case_services.grant_open(
        case=case, scope=referral.scope, level=Disclosure.LABEL, agency=to_agency, by=by
    )
    reminders_sync(source=referral)
    tell_receiver(referral, Kind.REQUESTED, by=by)
    return referral


def _event(referral: Referral, kind: str, by: User, comment: str = "") -> ReferralEvent:
    now = timezone.now()
    referral.last_activity_at = now
    referral.save(update_fields=["last_activity_at"])
    return ReferralEvent.objects.create(
        referral=referral, kind=kind, by=by, agency_id=by.agency_id, comment=comment.strip(), at=now
    )


def _locked(referral_id: int) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case__young_person", "from_agency", "to_agency")
        .get(pk=referral_id)
    )


def _move(referral: Referral, *, allowed: Iterable[str], to: str) -> None:
    """Refuse a move from the wrong state; a repeat of the last move is a no-op."""
    if referral.status == to:
        raise NothingToDo(
            _("The referral is already “%(status)s”. Nothing was changed.")
            % {"status": Status(to).label}
        )
    if referral.status not in allowed:
        raise IllegalTransition(
            _("A referral that is “%(status)s” cannot become “%(to)s”.")
            % {"status": Status(referral.status).label, "to": Status(to).label}
        )


def _as_receiver(referral: Referral, by: User) -> None:
    if not is_receiver(by, referral):
        raise PermissionDenied


def _as_sender(referral: Referral, by: User) -> None:
    if not is_sender(by, referral):
        raise PermissionDenied


@transaction.atomic
@audited_as("by")
def referral_acknowledge(*, referral_id: int, by: User, comment: str = "") -> Referral:
    """The receiving agency confirms it has the referral (受領確認)."""
    referral = _locked(referral_id)
    _as_receiver(referral, by)
    _move(referral, allowed={Status.REQUESTED}, to=Status.ACKNOWLEDGED)
    referral.status = Status.ACKNOWLEDGED
    referral.acknowledged_at = timezone.now()
    referral.save(update_fields=["status", "acknowledged_at"])
    _event(referral, Kind.ACKNOWLEDGED, by, comment)
    reminders_sync(source=referral)
    tell_sender(referral, Kind.ACKNOWLEDGED, by=by)
    return referral


@transaction.atomic
@audited_as("by")
def referral_accept(*, referral_id: int, by: User, agreed_role: str, comment: str = "") -> Referral:
    """Accept: the receiving agency joins the case team with its agreed role."""
    referral = _locked(referral_id)
    _as_receiver(referral, by)
    _move(referral, allowed=WAITING_FOR_ANSWER, to=Status.ACCEPTED)
    if not referral.case.is_open:
        raise IllegalTransition(_("The case was closed: the referral cannot be accepted."))
    now = timezone.now()
    referral.status = Status.ACCEPTED
    referral.acknowledged_at = referral.acknowledged_at or now
    referral.responded_at = now
    referral.agreed_role = agreed_role.strip()
    referral.save(update_fields=["status", "acknowledged_at", "responded_at", "agreed_role"])
    _event(referral, Kind.ACCEPTED, by, comment)
    on_team = referral.case.team.filter(agency=referral.to_agency, removed_at__isnull=True).first()
    if on_team is None:
        case_services.team_member_add(
            case=referral.case,
            agency=referral.to_agency,
            by=by,
            role_text=referral.agreed_role,
            practitioners=[by],
            consent_override_reason=referral.consent_override_reason,
            override_by=referral.consent_overridden_by,
        )
    case_services.grants_end(scope=referral.scope, by=by, case=referral.case)
    reminders_sync(source=referral)
    tell_sender(referral, Kind.ACCEPTED, by=by)
    return referral


@transaction.atomic
@audited_as("by")
def referral_decline(*, referral_id: int, by: User, reason: str, text: str = "") -> Referral:
    """Decline with a reason from the list; the grant ends; the sender may refer elsewhere."""
    referral = _locked(referral_id)
    _as_receiver(referral, by)
    _move(referral, allowed=WAITING_FOR_ANSWER, to=Status.DECLINED)
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose a reason for declining.")})
    if reason == DeclineReason.OTHER and not text.strip():
        raise ValidationError({"text": _("Describe the reason when you choose “Other”.")})
    now = timezone.now()
    referral.status = Status.DECLINED
    referral.acknowledged_at = referral.acknowledged_at or now
    referral.responded_at = now
    referral.decline_reason = reason
    referral.decline_text = text.strip()
    referral.save(
        update_fields=[
            "status",
            "acknowledged_at",
            "responded_at",
            "decline_reason",
            "decline_text",
        ]
    )
    _event(referral, Kind.DECLINED, by, text)
    case_services.grants_end(scope=referral.scope, by=by, case=referral.case)
    reminders_sync(source=referral)
    tell_sender(referral, Kind.DECLINED, by=by)
    return referral


@transaction.atomic
@audited_as("by")
def referral_start(*, referral_id: int, by: User, comment: str = "") -> Referral:
    referral = _locked(referral_id)
    _as_receiver(referral, by)
    _move(referral, allowed={Status.ACCEPTED}, to=Status.IN_PROGRESS)
    referral.status = Status.IN_PROGRESS
    referral.started_at = timezone.now()
    referral.save(update_fields=["status", "started_at"])
    _event(referral, Kind.STARTED, by, comment)
    reminders_sync(source=referral)
    tell_sender(referral, Kind.STARTED, by=by)
    return referral


@transaction.atomic
@audited_as("by")
def referral_complete(
    *, referral_id: int, by: User, provided: str, got_help: str, comment: str = ""
) -> Referral:
    """Complete with the outcome; the agency stays on the team."""
    referral = _locked(referral_id)
    _as_receiver(referral, by)
    _move(referral, allowed={Status.ACCEPTED, Status.IN_PROGRESS}, to=Status.COMPLETED)
    errors = {}
    if not provided.strip():
        errors["provided"] = _("Describe what was provided.")
    if got_help not in HelpOutcome.values:
        errors["got_help"] = _("Say whether the young person got the help.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    referral.status = Status.COMPLETED
    referral.started_at = referral.started_at or now
    referral.completed_at = now
    referral.outcome_provided = provided.strip()
    referral.outcome_got_help = got_help
    referral.save(
        update_fields=[
            "status",
            "started_at",
            "completed_at",
            "outcome_provided",
            "outcome_got_help",
        ]
    )
    _event(referral, Kind.COMPLETED, by, comment)
    reminders_sync(source=referral)
    tell_sender(referral, Kind.COMPLETED, by=by)
    return referral


@transaction.atomic
@audited_as("by")
def referral_cancel(*, referral_id: int, by: User, reason: str) -> Referral:
    """The sender withdraws the referral before it is completed; the grant ends."""
    referral = _locked(referral_id)
    _as_sender(referral, by)
    _move(referral, allowed=OPEN_STATUSES, to=Status.CANCELLED)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    referral.status = Status.CANCELLED
    referral.cancelled_at = timezone.now()
    referral.cancel_reason = reason.strip()
    referral.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    _event(referral, Kind.CANCELLED, by, reason)
    tell_receiver(referral, Kind.CANCELLED, by=by)  # while they may still hear of it
    case_services.grants_end(scope=referral.scope, by=by, case=referral.case)
    reminders_sync(source=referral)
    return referral


@transaction.atomic
@audited_as("by")
def referral_add_note(*, referral_id: int, by: User, comment: str) -> ReferralEvent:
    """A follow-up note from either side; it restarts the follow-up clocks."""
    referral = _locked(referral_id)
    sender, receiver = is_sender(by, referral), is_receiver(by, referral)
    if not (sender or receiver):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": _("Write the note.")})
    event = _event(referral, Kind.NOTE, by, comment)
    reminders_sync(source=referral)
    if receiver:
        tell_sender(referral, Kind.NOTE, by=by)
    else:
        tell_receiver(referral, Kind.NOTE, by=by)
    return event


@transaction.atomic
@audited_as("by")
def referral_answer_help(*, referral_id: int, by: User, answer: str, note: str = "") -> Referral:
    """The sender records whether the young person got the help: the loop is closed."""
    referral = _locked(referral_id)
    _as_sender(referral, by)
    if referral.status not in (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED):
        raise IllegalTransition(
            _("You can answer once the receiving agency has accepted the referral.")
        )
    if answer not in HelpOutcome.values:
        raise ValidationError({"answer": _("Say whether the young person got the help.")})
    referral.help_answer = answer
    referral.help_note = note.strip()
    referral.help_answered_at = timezone.now()
    referral.save(update_fields=["help_answer", "help_note", "help_answered_at"])
    _event(
        referral,
        Kind.HELP_ANSWERED,
        by,
        f"{HelpOutcome(answer).label}{'：' + note.strip() if note.strip() else ''}",
    )
    reminders_sync(source=referral)
    tell_receiver(referral, Kind.HELP_ANSWERED, by=by)
    return referral


@transaction.atomic
@audited_as("by")
def referral_set_follow_up(*, referral_id: int, by: User, follow_up_on: date) -> Referral:
    referral = _locked(referral_id)
    _as_sender(referral, by)
    if follow_up_on < timezone.localdate():
        raise ValidationError({"follow_up_on": _("Choose today or a later date.")})
    referral.follow_up_on = follow_up_on
    referral.save(update_fields=["follow_up_on"])
    reminders_sync(source=referral)
    return referral
