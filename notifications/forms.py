from typing import Any

from django import forms

from notifications.models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice of delivery per kind of notification."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current.get(kind.value, Delivery.IMMEDIATE),
                widget=forms.RadioSelect,
            )
