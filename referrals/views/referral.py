"""Sending a referral, its page with the timeline, its moves and the printed letter."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from cases.access import Disclosure, case_for
from cases.audit import log_access
from cases.views.common import attach_errors
from core.http import user_of
from referrals import services
from referrals.forms import (
    AcceptForm,
    CancelForm,
    CommentForm,
    CompleteForm,
    DeclineForm,
    FollowUpForm,
    HelpForm,
    NoteForm,
    ReferralForm,
)
from referrals.models import OPEN_STATUSES, Referral, Status
from referrals.selectors import ReferralView, referral_for, shared_information, timeline


def _prefill(case_pk: int, again: str | None) -> dict[str, Any]:
    """ "Refer elsewhere" after a decline: the same request, to another agency."""
    if not again:
        return {"follow_up_on": services.default_follow_up()}
    try:
        old = Referral.objects.get(pk=int(again), case_id=case_pk, status=Status.DECLINED)
    except (Referral.DoesNotExist, ValueError):
        return {"follow_up_on": services.default_follow_up()}
    return {
        "request": old.request,
        "reason": old.reason,
        "urgency": old.urgency,
        "share_summary": old.share_summary,
        "share_plan": old.share_plan,
        "shared_notes": list(old.shared_notes.values_list("pk", flat=True)),
        "documents": old.documents,
        "follow_up_on": services.default_follow_up(),
    }


def create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Refer a case to another agency (the team sends it; the consent rule applies)."""
    user = user_of(request)
    case = case_for(user, case_pk, need=Disclosure.PERSONAL)
    if user.agency_id is None:
        raise PermissionDenied
    initial = _prefill(case.pk, request.GET.get("again"))
    form = ReferralForm(
        request.POST or None, case=case, user_agency_id=user.agency_id, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(case=case, by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Referral sent to %(agency)s. You will be told when they answer.")
                % {"agency": referral.to_agency},
            )
            return redirect(referral)
    status = 422 if request.method == "POST" else 200
    log_access(instance=case, by=user, page="referrals:create")
    context = {"case": case, "form": form, "consent": case.young_person.consent_to_share}
    return render(request, "referrals/create.html", context, status=status)


def _actions(view: ReferralView) -> dict[str, bool]:
    """Which moves this user may make now (the services check again)."""
    status = view.referral.status
    receiver, sender = view.receiver, view.sender
    return {
        "acknowledge": receiver and status == Status.REQUESTED,
        "accept": receiver and status in (Status.REQUESTED, Status.ACKNOWLEDGED),
        "decline": receiver and status in (Status.REQUESTED, Status.ACKNOWLEDGED),
        "start": receiver and status == Status.ACCEPTED,
        "complete": receiver and status in (Status.ACCEPTED, Status.IN_PROGRESS),
        "cancel": sender and status in OPEN_STATUSES,
        "note": receiver or sender,
        "help": sender and status in (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED),
        "follow_up": sender
        and status not in (Status.DECLINED, Status.CANCELLED)
        and not view.referral.help_answer,
        "refer_elsewhere": sender and status == Status.DECLINED and view.case.is_open,
    }


def _detail_context(request: HttpRequest, view: ReferralView, **extra: Any) -> dict[str, Any]:
    return {
        "view": view,
        "referral": view.referral,
        "case": view.case,
        "shared": shared_information(view.referral),
        "events": timeline(view.referral),
        "actions": _actions(view),
        "note_form": extra.pop("note_form", None) or NoteForm(),
        "follow_up_form": FollowUpForm(initial={"follow_up_on": view.referral.follow_up_on}),
        "today": timezone.localdate(),
        **extra,
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral with its full timeline; the receiving agency sees what is shared."""
    user = user_of(request)
    view = referral_for(user, pk)
    log_access(instance=view.case, by=user, referral=view.referral.pk)
    return render(request, "referrals/detail.html", _detail_context(request, view))


@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The request letter (援助依頼書) on A4, for agencies that still need paper."""
    user = user_of(request)
    view = referral_for(user, pk)
    log_access(instance=view.case, by=user, referral=view.referral.pk, printed="letter")
    context = {
        "view": view,
        "referral": view.referral,
        "case": view.case,
        "shared": shared_information(view.referral),
        "today": timezone.localdate(),
    }
    return render(request, "referrals/letter.html", context)


def _run(
    request: HttpRequest,
    view: ReferralView,
    form: forms.Form,
    action: Callable[[], Any],
    success: str,
) -> HttpResponse | None:
    """Call the service and say what happened: done, already done (a double click), or not
    possible from the current state. Bad input stays on the form (None is returned)."""
    try:
        action()
    except services.NothingToDo as error:
        messages.info(request, " ".join(error.messages))
    except services.IllegalTransition as error:
        messages.error(request, " ".join(error.messages))
    except ValidationError as error:
        attach_errors(form, error)
        return None
    else:
        messages.success(request, success)
    return redirect(view.referral)


MoveRunner = Callable[[ReferralView, User, dict[str, Any]], Any]


def _move_page(
    request: HttpRequest,
    pk: int,
    *,
    side: str,
    form_class: type[forms.Form],
    run: MoveRunner,
    title: str,
    submit: str,
    success: str,
    danger: bool = False,
    intro: str = "",
) -> HttpResponse:
    """A move with a form of its own: GET shows it, POST makes the move."""
    user = user_of(request)
    view = referral_for(user, pk)
    if not getattr(view, side):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _run(request, view, form, lambda: run(view, user, data), success)
        if response is not None:
            return response
    status = 422 if request.method == "POST" else 200
    context = {
        "view": view,
        "referral": view.referral,
        "case": view.case,
        "form": form,
        "title": title,
        "submit": submit,
        "danger": danger,
        "intro": intro,
    }
    return render(request, "referrals/move.html", context, status=status)


def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _move_page(
        request,
        pk,
        side="receiver",
        form_class=AcceptForm,
        run=lambda v, u, d: services.referral_accept(referral_id=v.referral.pk, by=u, **d),
        title=_("Accept the referral"),
        submit=_("Accept and join the case team"),
        success=_("Accepted. Your agency is on the case team and can now see the case."),
        intro=_(
            "Your agency joins the case team with the role you write here, and the referring "
            "agency is told at once."
        ),
    )


def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _move_page(
        request,
        pk,
        side="receiver",
        form_class=DeclineForm,
        run=lambda v, u, d: services.referral_decline(referral_id=v.referral.pk, by=u, **d),
        title=_("Decline the referral"),
        submit=_("Decline"),
        success=_("Declined. The referring agency was told and can refer elsewhere."),
        danger=True,
    )


def complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _move_page(
        request,
        pk,
        side="receiver",
        form_class=CompleteForm,
        run=lambda v, u, d: services.referral_complete(referral_id=v.referral.pk, by=u, **d),
        title=_("Complete the referral"),
        submit=_("Complete"),
        success=_("Completed. Your agency stays on the case team."),
    )


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _move_page(
        request,
        pk,
        side="sender",
        form_class=CancelForm,
        run=lambda v, u, d: services.referral_cancel(referral_id=v.referral.pk, by=u, **d),
        title=_("Cancel the referral"),
        submit=_("Cancel the referral"),
        success=_("The referral was cancelled and the receiving agency told."),
        danger=True,
    )


def help_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _move_page(
        request,
        pk,
        side="sender",
        form_class=HelpForm,
        run=lambda v, u, d: services.referral_answer_help(referral_id=v.referral.pk, by=u, **d),
        title=_("Did the young person get the help?"),
        submit=_("Record the answer"),
        success=_("Thank you. The answer closes the loop of this referral."),
    )


def _quick_move(
    request: HttpRequest, pk: int, move: Callable[..., Any], success: str
) -> HttpResponse:
    user = user_of(request)
    view = referral_for(user, pk)
    if not view.receiver:
        raise PermissionDenied
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    response = _run(
        request,
        view,
        form,
        lambda: move(referral_id=view.referral.pk, by=user, comment=comment),
        success,
    )
    return response or redirect(view.referral)


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _quick_move(
        request,
        pk,
        services.referral_acknowledge,
        _("Receipt confirmed. The referring agency was told."),
    )


@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    return _quick_move(
        request,
        pk,
        services.referral_start,
        _("Marked as under way. The referring agency was told."),
    )


@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    """A follow-up note from either side (it restarts the follow-up clocks)."""
    user = user_of(request)
    view = referral_for(user, pk)
    if not (view.receiver or view.sender):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        response = _run(
            request,
            view,
            form,
            lambda: services.referral_add_note(
                referral_id=view.referral.pk, by=user, **form.cleaned_data
            ),
            _("Note added. The other agency was told."),
        )
        if response is not None:
            return response
    context = _detail_context(request, view, note_form=form)
    return render(request, "referrals/detail.html", context, status=422)


@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    view = referral_for(user, pk)
    if not view.sender:
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.referral_set_follow_up(
                referral_id=view.referral.pk, by=user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Follow-up date changed."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect(view.referral)
