from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Approach
from core.forms import Form
from reports.models import UnmetNeed


class UnmetNeedForm(Form):
    text = forms.CharField(
        label=_("What is missing"),
        max_length=300,
        help_text=_("Describe the gap in the area, not the person: e.g. 北地区に居場所がない."),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 夜間に家族が相談できる窓口がない")}),
    )
    approach = forms.ChoiceField(
        label=_("Support approach"), choices=[("", "—"), *Approach.choices], required=False
    )
    area = forms.CharField(label=_("Area"), max_length=60, required=False)
    source = forms.ChoiceField(
        label=_("Seen in"),
        required=False,
        help_text=_("The note or the meeting where the gap showed (optional)."),
    )

    def __init__(self, *args: Any, sources: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("The case in general")), *sources]  # type: ignore[attr-defined]


class UnmetNeedMoveForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=UnmetNeed.Status.choices)
    outcome = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *UnmetNeed.Status.choices], required=False
    )
    approach = forms.ChoiceField(
        label=_("Support approach"), choices=[("", _("All")), *Approach.choices], required=False
    )


class PeriodForm(Form):
    since = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    until = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )


class NeedAgendaForm(Form):
    meeting = forms.TypedChoiceField(label=_("Representatives' meeting"), coerce=int)

    def __init__(self, *args: Any, meetings: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = meetings  # type: ignore[attr-defined]
