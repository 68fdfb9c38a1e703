from typing import Any

from django import forms

from core.forms import Form
from notifications.models import Delivery
from notifications.registry import kinds


class PreferencesForm(Form):
    """One choice of delivery per kind of notification (the kinds the apps registered)."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=str(kind.label),
                choices=Delivery.choices,
                initial=current.get(kind.key, Delivery.IMMEDIATE),
                widget=forms.RadioSelect,
            )
