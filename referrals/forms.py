"""Forms of referrals: they say clearly what is wrong; the services check again."""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Service
from cases.forms import DateInput, set_queryset
from cases.models import Case, CaseNote
from core.forms import Form
from referrals.models import DeclineReason, HelpOutcome, Urgency
from referrals.selectors import shareable_notes

SHAREABLE_NOTES = 30  # the newest notes a sender can pick from


def _text(label: Any, required: Any, rows: int = 3, max_length: int = 2000) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        error_messages={"required": required},
    )


def _optional(label: Any, rows: int = 2, max_length: int = 1000) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        required=False,
    )


class NoteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        day = date_format(obj.contact_on, "DATE_FORMAT")
        text = obj.text if len(obj.text) <= 60 else obj.text[:60] + "…"
        return f"{day} {obj.get_kind_display()}（{obj.agency}）{text}"


class ReferralForm(Form):
    to_agency = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Agency.objects.none(),
        error_messages={"required": _("Choose the agency you refer to.")},
    )
    to_service = forms.ModelChoiceField(
        label=_("Service (optional)"), queryset=Service.objects.none(), required=False
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    request = _text(
        _("What do you ask the agency to do?"), _("Write what you ask the agency to do.")
    )
    reason = _text(_("Why this agency, and why now?"), _("Write why you refer the case."))
    share_summary = forms.BooleanField(
        label=_("Share the case summary and presenting issues"), required=False
    )
    share_plan = forms.BooleanField(
        label=_("Share the support plan (policy, goals, tasks)"), required=False
    )
    shared_notes = NoteChoiceField(
        label=_("Share these notes"),
        queryset=CaseNote.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    documents = _optional(_("Documents sent with it (names only)"))
    follow_up_on = forms.DateField(
        label=_("Follow-up date"),
        widget=DateInput(),
        help_text=_("On this date you are asked whether the young person got the help."),
    )
    consent_override_reason = _optional(_("Reason for referring without consent"), rows=2)

    def __init__(self, *args: Any, case: Case, user_agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on_team = case.team.filter(removed_at__isnull=True).values("agency_id")
        agencies = Agency.objects.active().exclude(pk__in=on_team).exclude(pk=user_agency_id)
        set_queryset(self, "to_agency", agencies.select_related("sector"))
        agency_id = self.data.get("to_agency") or self.initial.get("to_agency")
        services = Service.objects.filter(is_active=True, agency_id=_int(agency_id))
        set_queryset(self, "to_service", services)
        notes = shareable_notes(case).values_list("pk", flat=True)[:SHAREABLE_NOTES]
        set_queryset(
            self,
            "shared_notes",
            CaseNote.objects.filter(pk__in=list(notes)).select_related("agency"),
        )
        # Choosing an agency reloads its services into the next drop-down (htmx).
        self.fields["to_agency"].widget.attrs.update(
            {
                "hx-get": reverse("referrals:service-options"),
                "hx-target": "#id_to_service",
                "hx-trigger": "change",
            }
        )
        if case.young_person.consent_to_share:
            del self.fields["consent_override_reason"]
        else:
            self.fields["consent_override_reason"].help_text = _(
                "The young person has not consented to sharing. Only the coordinating office "
                "may refer without consent, and must say why."
            )

    def clean_follow_up_on(self) -> Any:
        day = self.cleaned_data["follow_up_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return day


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class CommentForm(Form):
    comment = _optional(_("Comment (optional)"))


class AcceptForm(Form):
    agreed_role = _text(
        _("Your agency's role on the case team"),
        _("Write the role your agency takes on for this young person."),
        max_length=1000,
    )
    comment = _optional(_("Comment to the referring agency (optional)"))


class DeclineForm(Form):
    reason = forms.ChoiceField(
        label=_("Reason for declining"),
        choices=[("", "---------"), *DeclineReason.choices],
        error_messages={"required": _("Choose a reason for declining.")},
    )
    text = _optional(_("Details for the referring agency"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == DeclineReason.OTHER and not cleaned.get("text", "").strip():
            self.add_error("text", _("Describe the reason when you choose “Other”."))
        return cleaned


class CompleteForm(Form):
    provided = _text(_("What was provided"), _("Describe what was provided."))
    got_help = forms.ChoiceField(
        label=_("Did the young person get the help?"),
        choices=HelpOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the young person got the help.")},
    )
    comment = _optional(_("Comment (optional)"))


class CancelForm(Form):
    reason = _text(
        _("Reason for cancelling"), _("Give the reason for cancelling."), max_length=1000
    )


class NoteForm(Form):
    comment = _text(_("Follow-up note"), _("Write the note."), rows=3)


class HelpForm(Form):
    answer = forms.ChoiceField(
        label=_("Did the young person get the help?"),
        choices=HelpOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the young person got the help.")},
    )
    note = _optional(_("Comment (optional)"))


class FollowUpForm(Form):
    follow_up_on = forms.DateField(label=_("Follow-up date"), widget=DateInput())


class ListFilterForm(Form):
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=[("", _("Any")), *Urgency.choices], required=False
    )


class PeriodForm(Form):
    since = forms.DateField(label=_("Sent from"), widget=DateInput(), required=False)
    until = forms.DateField(label=_("to"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period must not be before its start."))
        return cleaned
