from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Approach, CouncilRole, Sector
from core.forms import FastSelect, Form, ModelForm


class DirectoryFilterForm(Form):
    """The directory's search box and filters (GET)."""

    q = forms.CharField(
        label=_("Name, reading, service or what they do"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. サポステ, ひきこもり, 家族教室")}
        ),
    )
    sector = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    approach = forms.ChoiceField(
        widget=FastSelect,
        label=_("Approach"),
        choices=[("", _("All")), *Approach.choices],
        required=False,
    )
    council_role = forms.ChoiceField(
        widget=FastSelect,
        label=_("Council role"),
        choices=[("", _("All")), *CouncilRole.choices],
        required=False,
    )


class AgencyAdminForm(ModelForm):
    """Guards the one-coordinating-body rule with a message, not a database error."""

    class Meta:
        model = Agency
        fields = (
            "name",
            "name_kana",
            "sector",
            "council_role",
            "is_active",
            "postal_code",
            "address",
            "phone",
            "email",
            "website",
            "roles_description",
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        role = cleaned.get("council_role")
        was_coordinating = (
            self.instance.pk is not None
            and Agency.objects.filter(
                pk=self.instance.pk, council_role=CouncilRole.COORDINATING
            ).exists()
        )
        another_exists = Agency.objects.filter(council_role=CouncilRole.COORDINATING).exists()
        if role == CouncilRole.COORDINATING and not was_coordinating and another_exists:
            self.add_error(
                "council_role",
                _(
                    "There is already a coordinating body. Use the action "
                    "'Make the coordinating body' to hand the role over."
                ),
            )
        if was_coordinating and role != CouncilRole.COORDINATING:
            self.add_error(
                "council_role",
                _("Make another agency the coordinating body first."),
            )
        if was_coordinating and cleaned.get("is_active") is False:
            self.add_error("is_active", _("The coordinating body cannot be deactivated."))
        return cleaned
