"""Forms of the cases app: they validate input and give Japanese messages.

The services enforce the same rules again; a form's job is to say clearly
what is wrong before anything is written.
"""

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from agencies.models import Agency
from agencies.selectors import active_agency_options
from cases.models import Case, CaseNote, PlanGoal, PlanTask, PresentingIssue, YoungPerson
from core.forms import FastSelect, Form, ModelForm
from core.text import is_kana, to_katakana


def set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Narrow a model choice field to the rows that make sense for this form."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - a programming error
    field.queryset = queryset


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def people_of(agencies: QuerySet[Agency] | list[int]) -> QuerySet[User]:
    """Who may be named on a case: active practitioners and coordinators, never
    representatives (they see no personal data)."""
    return User.objects.filter(
        agency__in=agencies, is_active=True, role__in=[Role.PRACTITIONER, Role.COORDINATOR]
    ).select_related("agency")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name_with_agency()


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name()


class YoungPersonForm(ModelForm):
    class Meta:
        model = YoungPerson
        fields = (
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "date_of_birth",
            "gender",
            "phone",
            "address",
            "daily_status",
            "school_or_workplace",
            "family_situation",
            "consent_to_share",
            "consent_date",
        )
        widgets = {
            "date_of_birth": DateInput(),
            "consent_date": DateInput(),
            "family_situation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_date"].initial = timezone.localdate

    def _kana(self, field: str) -> str:
        value = self.cleaned_data.get(field, "")
        if not is_kana(value):
            raise forms.ValidationError(_("Enter the reading in hiragana or katakana."))
        return to_katakana(value)

    def clean_family_name_kana(self) -> str:
        return self._kana("family_name_kana")

    def clean_given_name_kana(self) -> str:
        return self._kana("given_name_kana")

    def clean_date_of_birth(self) -> date:
        born: date = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if born.year < 1900:
            raise forms.ValidationError(_("Check the year of birth."))
        return born

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("consent_to_share"):
            consent_date = cleaned.get("consent_date")
            if consent_date is None:
                self.add_error("consent_date", _("Enter the date consent was given."))
            elif consent_date > timezone.localdate():
                self.add_error("consent_date", _("The date of consent cannot be in the future."))
        else:
            cleaned["consent_date"] = None
        return cleaned


class CaseIntakeForm(Form):
    """The case half of the intake flow."""

    presenting_issues = forms.ModelMultipleChoiceField(
        label=_("Presenting issues"),
        queryset=PresentingIssue.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    referral_source = forms.ChoiceField(
        label=_("Referral source"),
        choices=[("", "---------"), *Case.ReferralSource.choices],  # no silent default
        error_messages={"required": _("Choose how the consultation came in.")},
    )
    referral_source_agency = forms.ModelChoiceField(
        label=_("Referring agency"), queryset=Agency.objects.active(), required=False
    )
    referral_source_note = forms.CharField(
        label=_("Referral details"), max_length=200, required=False
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=Case.Risk, initial=Case.Risk.LOW)
    summary = forms.CharField(
        label=_("Situation and problems confirmed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        required=False,
    )
    lead_agency = forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=Agency.objects.active(),
        error_messages={"required": _("Choose the lead agency: every case needs one.")},
    )
    key_worker = UserChoiceField(
        label=_("Key worker"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A person of the lead agency."),
    )
    lead_role_text = forms.CharField(
        label=_("Role of the lead agency"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
    next_review_on = forms.DateField(label=_("Next review"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "key_worker", people_of(Agency.objects.active()))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lead, worker = cleaned.get("lead_agency"), cleaned.get("key_worker")
        if lead and worker and worker.agency_id != lead.pk:
            self.add_error("key_worker", _("The key worker must belong to the lead agency."))
        if cleaned.get("referral_source") == Case.ReferralSource.AGENCY and not cleaned.get(
            "referral_source_agency"
        ):
            self.add_error("referral_source_agency", _("Choose the agency that referred the case."))
        next_review = cleaned.get("next_review_on")
        if next_review and next_review < timezone.localdate():
            self.add_error("next_review_on", _("The next review cannot be in the past."))
        return cleaned


class CaseEditForm(ModelForm):
    class Meta:
        model = Case
        fields = (
            "presenting_issues",
            "referral_source",
            "referral_source_agency",
            "referral_source_note",
            "risk_level",
            "summary",
            "next_review_on",
        )
        widgets = {
            "presenting_issues": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "next_review_on": DateInput(),
        }


class LeadForm(Form):
    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none())
    key_worker = UserChoiceField(
        label=_("Key worker"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = case.team.filter(removed_at__isnull=True).values("agency_id")
        set_queryset(self, "lead_agency", Agency.objects.filter(pk__in=team))
        set_queryset(self, "key_worker", people_of(list(team.values_list("agency_id", flat=True))))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lead, worker = cleaned.get("lead_agency"), cleaned.get("key_worker")
        if lead and worker and worker.agency_id != lead.pk:
            self.add_error("key_worker", _("The key worker must belong to the lead agency."))
        return cleaned


class TeamAddForm(Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    role_text = forms.CharField(
        label=_("Agreed role"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("What this agency does for the young person, in words the team agreed."),
    )
    consent_override_reason = forms.CharField(
        label=_("Reason for adding an agency without consent"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        help_text=_(
            "The young person has not consented to sharing. Only the coordinating office may "
            "add an agency without consent, and must say why."
        ),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on_team = case.team.filter(removed_at__isnull=True).values("agency_id")
        set_queryset(self, "agency", Agency.objects.active().exclude(pk__in=on_team))
        if case.young_person.consent_to_share:
            del self.fields["consent_override_reason"]


class TeamMemberForm(Form):
    role_text = TeamAddForm.base_fields["role_text"]
    practitioners = UserMultipleChoiceField(
        label=_("Named practitioners"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "practitioners", people_of([agency.pk]))


class CloseForm(Form):
    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "---------"), *Case.ClosureReason.choices],
        error_messages={"required": _("Choose a reason for closing the case.")},
    )
    note = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("reason") == Case.ClosureReason.OTHER
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Describe the reason when you choose “Other”."))
        return cleaned


class PlanForm(Form):
    policy = forms.CharField(
        label=_("Support policy"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )
    review_on = forms.DateField(label=_("Plan review date"), widget=DateInput(), required=False)

    def clean_review_on(self) -> date | None:
        # A stale date the user did not touch may stay; a new one must lie ahead.
        day = self.cleaned_data["review_on"]
        return refuse_past(day) if "review_on" in self.changed_data else day


class GoalForm(ModelForm):
    class Meta:
        model = PlanGoal
        fields = ("text",)


class TaskForm(ModelForm):
    class Meta:
        model = PlanTask
        fields = ("description", "goal", "agency", "assignee", "due_on")
        widgets = {"due_on": DateInput()}
        field_classes = {"assignee": UserChoiceField}

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        team = list(case.team.filter(removed_at__isnull=True).values_list("agency_id", flat=True))
        set_queryset(self, "agency", Agency.objects.filter(pk__in=team))
        set_queryset(self, "assignee", people_of(team))
        set_queryset(self, "goal", PlanGoal.objects.filter(plan__case=case))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        agency, assignee, due = (cleaned.get(k) for k in ("agency", "assignee", "due_on"))
        if agency and assignee and assignee.agency_id != agency.pk:
            self.add_error("assignee", _("The person must belong to the assigned agency."))
        if due and due < self.case.opened_on:
            self.add_error(
                "due_on",
                _("A task cannot be due before the case was opened (%(day)s).")
                % {"day": date_format(self.case.opened_on, "DATE_FORMAT")},
            )
        return cleaned


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.description}（{obj.agency}、{date_format(obj.due_on, 'MONTH_DAY_FORMAT')}）"


class NoteForm(ModelForm):
    """A contact record (経過記録): what happened, and for a visit when, where and who was met."""

    complete_task = TaskChoiceField(
        label=_("Mark this task done"),
        queryset=PlanTask.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("The task is marked done with this note, and its reminders stop."),
    )

    class Meta:
        model = CaseNote
        fields: tuple[str, ...] = (
            "contact_on",
            "contact_time",
            "duration_minutes",
            "kind",
            "met",
            "place",
            "text",
            "next_contact_on",
        )
        widgets = {
            "contact_on": DateInput(),
            "contact_time": TimeInput(),
            "next_contact_on": DateInput(),
            "duration_minutes": forms.NumberInput(
                attrs={"min": 1, "max": 1440, "inputmode": "numeric"}
            ),
            "text": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "text": {
                "required": _("Write what happened."),
                "max_length": _(
                    "A note can hold at most %(limit_value)d characters (it has %(show_value)d). "
                    "Split it into two notes."
                ),
            }
        }

    def __init__(self, *args: Any, tasks: QuerySet[PlanTask] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_on"].initial = timezone.localdate
        self.fields["duration_minutes"].validators.append(MaxValueValidator(24 * 60))
        if tasks is None:
            del self.fields["complete_task"]
        else:
            set_queryset(self, "complete_task", tasks)

    def clean_contact_on(self) -> date:
        day: date = self.cleaned_data["contact_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of contact cannot be in the future."))
        return day

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write what happened."))
        return text


class NoteCorrectionForm(NoteForm):
    amend_reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=200,
        error_messages={"required": _("Say why the note is corrected.")},
        help_text=_("For example: the date of contact was wrong."),
    )

    class Meta(NoteForm.Meta):
        fields = (*NoteForm.Meta.fields, "amend_reason")


def refuse_past(day: date | None) -> date | None:
    """A review date is planned work: a day already gone is a typing mistake."""
    if day and day < timezone.localdate():
        raise forms.ValidationError(_("The next review cannot be in the past."))
    return day


class ReviewForm(Form):
    next_review_on = forms.DateField(label=_("Next review"), widget=DateInput(), required=False)
    reviewed_today = forms.BooleanField(label=_("Reviewed today"), required=False)

    def clean_next_review_on(self) -> date | None:
        return refuse_past(self.cleaned_data["next_review_on"])


class LedgerFilterForm(Form):
    # Ids and names only, kept a minute (agencies.selectors) and rendered
    # without a template per option: a prefecture has a thousand agencies.
    agency = forms.IntegerField(
        label=_("Agency on the team"), min_value=1, required=False, widget=FastSelect
    )
    status = forms.ChoiceField(
        widget=FastSelect,
        label=_("Status"),
        choices=[("", _("All open")), *[c for c in Case.Status.choices if c[0] != "closed"]],
        required=False,
    )
    risk = forms.ChoiceField(
        widget=FastSelect,
        label=_("Risk level"),
        choices=[("", _("All")), *Case.Risk.choices],
        required=False,
    )
    due_by = forms.DateField(label=_("Review due by"), widget=DateInput(), required=False)
    sort = forms.ChoiceField(
        widget=FastSelect,
        label=_("Sort by"),
        choices=[
            ("next_review", _("Next review (soonest first)")),
            ("-next_review", _("Next review (latest first)")),
            ("number", _("Case number")),
            ("-number", _("Case number (newest first)")),
            ("overdue", _("Overdue tasks")),
            ("risk", _("Risk level")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].widget.pairs = active_agency_options  # type: ignore[attr-defined]


class CaseListFilterForm(Form):
    q = forms.CharField(label=_("Name, reading or case number"), max_length=100, required=False)
    status = forms.ChoiceField(
        widget=FastSelect,
        label=_("Status"),
        choices=[("open", _("All open")), ("", _("All")), *Case.Status.choices],
        required=False,
    )
    mine = forms.BooleanField(label=_("Only cases where I am the key worker"), required=False)


class MyTasksFilterForm(Form):
    due = forms.ChoiceField(
        widget=FastSelect,
        label=_("Due"),
        required=False,
        choices=[
            ("all", _("Any date")),
            ("overdue", _("Overdue")),
            ("week", _("Within a week")),
            ("month", _("Within a month")),
        ],
    )
    status = forms.ChoiceField(
        widget=FastSelect,
        label=_("Status"),
        required=False,
        choices=[("open", _("Not done yet")), ("done", _("Done")), ("all", _("All"))],
    )
